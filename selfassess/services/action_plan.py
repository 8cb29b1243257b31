"""The draft action plan: gaps accepted as actions (owner, due date, status) or dismissed with a reason."""

from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from ..models import ActionItem, utcnow
from . import assessments, audit
from .errors import NotFound, ValidationFailed
from .results import scorecard_for
from .transaction import writing


@dataclass(frozen=True)
class ActionInput:
    title: str
    owner: str
    due_date: str | None
    status: str  # not_started | in_progress | done


def actions_of(year_access) -> list[ActionItem]:
    return list(
        db.session.scalars(
            select(ActionItem)
            .where(ActionItem.assessment_id == year_access.assessment.id)
            .order_by(ActionItem.due_date, ActionItem.id)
        )
    )


def gap_for(year_access, question_key: str):
    """The scorecard's gap for this question (for the form's defaults); NotFound if it is not a gap."""
    card = scorecard_for(year_access.assessment)
    gap = next((g for g in card.gaps if g.question_key == question_key), None)
    existing = db.session.scalar(
        select(ActionItem).where(
            ActionItem.assessment_id == year_access.assessment.id, ActionItem.question_key == question_key
        )
    )
    if gap is None and existing is None:
        raise NotFound("That question is not a gap in this year's results")
    return gap, existing


def save_action(user, ukprn: str, year: str, question_key: str, given: ActionInput) -> ActionItem:
    """Accept a gap into the action plan, or change an action already in it."""
    year_access = assessments.load_year_for_edit(user, ukprn, year)
    gap_for(year_access, question_key)
    if given.status not in {"not_started", "in_progress", "done"}:
        raise ValidationFailed("Select the action's status")
    with writing():
        year_access.require_edit()
        item = _item(year_access, question_key)
        item.title, item.owner, item.due_date, item.status = (
            given.title,
            given.owner,
            given.due_date,
            given.status,
        )
        item.dismissed_reason = ""
        item.updated_by_id, item.updated_at = user.id, utcnow()
        audit.record(
            "action_saved",
            user=user,
            provider=year_access.provider,
            assessment_id=year_access.assessment.id,
            question=question_key,
            status=given.status,
        )
    return item


def dismiss_gap(user, ukprn: str, year: str, question_key: str, reason: str) -> ActionItem:
    year_access = assessments.load_year_for_edit(user, ukprn, year)
    gap, _ = gap_for(year_access, question_key)
    with writing():
        year_access.require_edit()
        item = _item(year_access, question_key)
        if not item.title:
            item.title = gap.action if gap else question_key
        item.status, item.dismissed_reason = "dismissed", reason
        item.updated_by_id, item.updated_at = user.id, utcnow()
        audit.record(
            "gap_dismissed",
            user=user,
            provider=year_access.provider,
            assessment_id=year_access.assessment.id,
            question=question_key,
        )
    return item


def _item(year_access, question_key: str) -> ActionItem:
    item = db.session.scalar(
        select(ActionItem).where(
            ActionItem.assessment_id == year_access.assessment.id, ActionItem.question_key == question_key
        )
    )
    if item is None:
        item = ActionItem(assessment_id=year_access.assessment.id, question_key=question_key, title="")
        db.session.add(item)
    return item
