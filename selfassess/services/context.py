"""Saving the provider's context (the profile), and flagging the sections whose questions it changed."""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from ..extensions import db
from ..framework import Framework
from ..models import CONTEXT_KEY, Answer, TaskState, User
from . import assessments, audit, progress, tasks
from .answers import stored_input
from .errors import ValidationFailed
from .transaction import writing


def _applicable_keys(framework: Framework, profile: Mapping[str, Any]) -> dict[str, frozenset[str]]:
    keys = {}
    for section in framework.sections:
        applies, _ = progress.section_applies(framework, section, profile)
        applying, _ = progress.applicable_questions(framework, section, profile)
        keys[section.key] = frozenset(q.key for q in applying) if applies else frozenset()
    return keys


def save_context(
    user: User,
    ukprn: str,
    year: str,
    profile: dict[str, Any],
    *,
    seen_version: int | None,
) -> list[str]:
    """Save the context; returns the titles of sections that now need another look.

    Answers to questions that no longer apply are kept (they count again if the context changes back) but
    are not counted. A completed section that gains unanswered questions goes back to in progress.
    """
    year_access = assessments.load_year_for_edit(user, ukprn, year)
    framework = year_access.framework
    known = {q.key for q in framework.profile}
    if set(profile) - known:
        raise ValidationFailed(f"Unknown context questions: {', '.join(sorted(set(profile) - known))}")
    with writing():
        year_access.require_edit()
        assessment = year_access.assessment
        state = tasks.claim(assessment, CONTEXT_KEY, seen_version, user)
        before_profile = dict(assessment.profile or {})
        after_profile = {**before_profile, **profile}
        before, after = (
            _applicable_keys(framework, before_profile),
            _applicable_keys(framework, after_profile),
        )
        changed_sections = [s for s in framework.sections if before[s.key] != after[s.key]]
        flagged = []
        if changed_sections and progress.profile_answered(framework, before_profile):
            answers = {
                a.question_key: stored_input(a)
                for a in db.session.scalars(select(Answer).where(Answer.assessment_id == assessment.id))
            }
            states = {
                s.task_key: s
                for s in db.session.scalars(select(TaskState).where(TaskState.assessment_id == assessment.id))
            }
            for section in changed_sections:
                section_state = states.get(section.key)
                if section_state is None or section_state.status == "not_started":
                    continue
                section_state.needs_review = True
                applying, _ = progress.applicable_questions(framework, section, after_profile)
                if section_state.status == "completed" and progress.unanswered(framework, applying, answers):
                    section_state.status = "in_progress"
                flagged.append(section.title)
        assessment.profile = after_profile
        status_before = state.status
        state.status = "completed" if progress.profile_answered(framework, after_profile) else "in_progress"
        audit.record(
            "context_saved",
            user=user,
            provider=year_access.provider,
            assessment_id=assessment.id,
            changed=sorted(k for k in after_profile if after_profile.get(k) != before_profile.get(k)),
            status_before=status_before,
            status_after=state.status,
            sections_to_review=flagged,
        )
    return flagged
