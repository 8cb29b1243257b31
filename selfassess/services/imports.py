"""Filling a draft year from an exported JSON file: everything checked first, then all of it or nothing.

    import_year(user, ukprn, year, payload) -> ImportResult       for an editor or approver of the provider
    operator_import_year(ukprn, year, payload) -> ImportResult    the same for the CLI (no signed-in user)

Every problem in the file is collected (ValidationFailed.problems lists them all, the first line being a
summary) and nothing is saved when there is any. A valid file replaces the draft's context, answers, data
return, task progress and action plan; it never changes the year's status or sign-off. The rules are those
of the pages: the same option sets, number ranges, real dates, text limits and http/https links.
"""

import json
import re
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select

from ..extensions import db
from ..framework import Framework, get_framework
from ..framework.model import DEFAULT_MAX_LENGTH, DEFAULT_NUMBER_MAX, DEFAULT_NUMBER_MIN, NOT_KNOWN
from ..models import (
    ACTION_STATUSES,
    CONTEXT_KEY,
    DATA_RETURN_KEY,
    TASK_STATUSES,
    ActionItem,
    Answer,
    Assessment,
    Provider,
    TaskState,
    User,
    utcnow,
)
from . import assessments, audit, progress, signoff_checks
from .answers import MAX_LINKS
from .assessments import operator_year
from .errors import Locked, ValidationFailed
from .exports import SCHEMA_VERSION
from .registers import json_io as register_json
from .transaction import writing

MAX_BYTES = 2 * 1024 * 1024
# The same limits as the pages' forms (web/forms/questions.py, data_return.py, action_plan.py, fields.py).
EVIDENCE_NOTE_MAX = 2000
NA_REASON_MAX = 1000
LINK_MAX = 500
LINK_PATTERN = re.compile(r"https?://[^\s/$.?#][^\s<>\"]*", re.IGNORECASE)
PROFILE_NUMBER_MAX = 10_000_000
DATA_NUMBER_MAX = 1_000_000
ACTION_TITLE_MAX, ACTION_OWNER_MAX, ACTION_REASON_MAX = 500, 200, 1000
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

TOP_LEVEL = {"schema_version", "framework_id", "provider", "year", "status", "profile", "answers",
             "task_status", "data_return", "action_items", "sign_off", "registers", "exported_at"}
REQUIRED = ("schema_version", "framework_id", "provider", "profile", "answers", "task_status", "data_return",
            "action_items")
ANSWER_FIELDS = {"value", "not_applicable", "na_reason", "evidence_note", "evidence_links", "carried_forward"}
ACTION_FIELDS = {"question_key", "title", "owner", "due_date", "status", "dismissed_reason"}


@dataclass(frozen=True)
class ImportResult:
    year: str
    answers: int
    data_fields: int
    action_items: int


@dataclass(frozen=True)
class _Valid:
    profile: dict
    answers: dict[str, dict]
    task_status: dict[str, str]
    data_return: dict
    action_items: list[dict]
    registers: dict | None = None  # None: the file has no registers, so the year's are left as they are


def import_year(user: User, ukprn: str, year: str, payload: bytes | str | dict) -> ImportResult:
    year_access = assessments.load_year_for_edit(user, ukprn, year)
    return _import(year_access.provider, year_access.assessment, year_access.framework, payload, user,
                   recheck=year_access.require_edit)


def operator_import_year(ukprn: str, year: str, payload: bytes | str | dict) -> ImportResult:
    """For `flask import`: the provider and year by UKPRN; the same checks, and only a draft can be filled."""
    provider, assessment = operator_year(ukprn, year)

    def recheck():
        if assessment.status != "draft":
            label = assessments.STATUS_LABELS[assessment.status].lower()
            raise Locked(f"The {assessment.year} self-assessment is {label} and cannot be changed.")

    recheck()
    framework = get_framework(assessment.framework_id)
    return _import(provider, assessment, framework, payload, None, recheck=recheck)


def parse(payload: bytes | str | dict) -> dict:
    """The file as a JSON object, or ValidationFailed with one clear reason."""
    if isinstance(payload, dict):
        return payload
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    if len(payload) > MAX_BYTES:
        raise ValidationFailed(f"The file is too large: an export is at most {MAX_BYTES // (1024 * 1024)} MB")
    if not payload.strip():
        raise ValidationFailed("The file is empty")
    try:
        text = payload.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed("The file is not a JSON export: it is not UTF-8 text") from None
    try:
        data = json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_no_duplicates)
    except _DuplicateKey as exc:
        raise ValidationFailed(f"The file is not valid: the name {exc.args[0]!r} appears twice") from None
    except json.JSONDecodeError as exc:
        raise ValidationFailed(f"The file is not valid JSON (line {exc.lineno}, column {exc.colno}: "
                               f"{exc.msg})") from None
    except (ValueError, RecursionError):
        raise ValidationFailed("The file is not valid JSON") from None
    if not isinstance(data, dict):
        raise ValidationFailed("The file is not a self-assessment export: it must be a JSON object")
    return data


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _refuse_constant(name):
    raise ValueError(f"{name} is not allowed")


def _import(provider: Provider, assessment: Assessment, framework: Framework, payload, user: User | None, *,
            recheck) -> ImportResult:
    data = parse(payload)
    valid, problems = check(data, framework, provider)
    if problems:
        count = len(problems)
        plural = "s" if count != 1 else ""
        summary = f"The file was not imported: {count} problem{plural} found, and nothing was saved"
        raise ValidationFailed([summary, *problems])
    with writing():
        db.session.refresh(assessment)  # the status as it is now, inside the write transaction
        recheck()
        _replace(assessment, framework, valid, user)
        audit.record("year_imported", user=user, provider=provider, assessment_id=assessment.id,
                     year=assessment.year, answers=len(valid.answers), action_items=len(valid.action_items),
                     by_operator=user is None)
    figures = sum(v is not None for v in valid.data_return.values())
    return ImportResult(assessment.year, len(valid.answers), figures, len(valid.action_items))


# ---- checking the file ------------------------------------------------------------------------------------

def check(data: dict, framework: Framework, provider: Provider) -> tuple[_Valid, list[str]]:
    """Every problem with the file for this provider and framework, and the cleaned content."""
    problems: list[str] = []
    for key in sorted(set(data) - TOP_LEVEL):
        problems.append(f"Unknown field {key!r} at the top level of the file")
    for key in REQUIRED:
        if key not in data:
            problems.append(f"The file has no {key!r}")
    if "schema_version" in data and (data["schema_version"] != SCHEMA_VERSION
                                     or isinstance(data["schema_version"], bool)):
        problems.append(f"schema_version must be {SCHEMA_VERSION}, not {data['schema_version']!r}")
    if "framework_id" in data and data["framework_id"] != framework.id:
        problems.append(f"The file is for the {data['framework_id']!r} framework, but this year uses "
                        f"{framework.id!r}")
    if "provider" in data:
        given = data["provider"]
        ukprn = given.get("ukprn") if isinstance(given, dict) else None
        if ukprn != provider.ukprn:
            problems.append(f"The file belongs to UKPRN {ukprn!r}, not to {provider.name} ({provider.ukprn})")
    profile = _check_profile(data.get("profile", {}), framework, problems)
    answers = _check_answers(data.get("answers", {}), framework, problems)
    task_status = _check_tasks(data.get("task_status", {}), framework, problems)
    data_return = _check_data_return(data.get("data_return", {}), framework, problems)
    actions = _check_actions(data.get("action_items", []), framework, problems)
    registers = register_json.check(data.get("registers"), framework, problems)
    return _Valid(profile, answers, task_status, data_return, actions, registers), problems


def _check_profile(given: Any, framework: Framework, problems: list[str]) -> dict:
    if not isinstance(given, dict):
        problems.append("profile must be an object of context answers")
        return {}
    known = {q.key: q for q in framework.profile}
    profile = {}
    for key, value in given.items():
        question = known.get(key)
        where = f"profile.{key}"
        if question is None:
            problems.append(f"{where}: not a context question in the {framework.id} framework")
            continue
        if value is None:
            profile[key] = None
        elif question.type in ("yes_no", "single_choice"):
            if _choice_ok(value, question.option_values, where, problems):
                profile[key] = value
        elif question.type == "multiple_choice":
            exclusive = tuple(o.value for o in question.options if o.exclusive)
            if _choices_ok(value, question.option_values, exclusive, where, problems):
                profile[key] = value
        else:
            low = question.min if question.min is not None else 0
            high = question.max if question.max is not None else PROFILE_NUMBER_MAX
            if _number_ok(value, low, high, where, problems):
                profile[key] = value
    return profile


def _check_answers(given: Any, framework: Framework, problems: list[str]) -> dict[str, dict]:
    if not isinstance(given, dict):
        problems.append("answers must be an object of question key to answer")
        return {}
    answers = {}
    for key, answer in given.items():
        where = f"answers.{key}"
        if not framework.has_question(key):
            problems.append(f"{where}: not a question in the {framework.id} framework")
            continue
        if not isinstance(answer, dict):
            problems.append(f"{where}: must be an object")
            continue
        _, question = framework.question(key)
        count = len(problems)
        for extra in sorted(set(answer) - ANSWER_FIELDS):
            problems.append(f"{where}: unknown field {extra!r}")
        value = answer.get("value")
        not_applicable = _bool(answer.get("not_applicable", False), f"{where}.not_applicable", problems)
        carried = _bool(answer.get("carried_forward", False), f"{where}.carried_forward", problems)
        na_reason = _text(answer.get("na_reason", ""), NA_REASON_MAX, f"{where}.na_reason", problems)
        note = _text(answer.get("evidence_note", ""), EVIDENCE_NOTE_MAX, f"{where}.evidence_note", problems)
        links = _links(answer.get("evidence_links", []), f"{where}.evidence_links", problems)
        if not_applicable:
            if not question.allow_not_applicable:
                problems.append(f"{where}: this question cannot be marked not applicable")
            if value is not None:
                problems.append(f"{where}: an answer marked not applicable has no value")
            if not na_reason:
                problems.append(f"{where}: an answer marked not applicable needs a reason")
        elif na_reason:
            problems.append(f"{where}.na_reason: only an answer marked not applicable has a reason")
        value = _answer_value(value, question, f"{where}.value", problems)
        if len(problems) == count:
            answers[key] = {"value": value, "not_applicable": not_applicable, "na_reason": na_reason,
                            "evidence_note": note, "evidence_links": links, "carried_forward": carried}
    return answers


def _answer_value(value: Any, question, where: str, problems: list[str]) -> Any:
    if value is None:
        return None
    if question.type in ("yes_partly_no", "single_choice"):
        _choice_ok(value, question.option_values, where, problems)
    elif question.type == "multiple_choice":
        _choices_ok(value, question.option_values, question.exclusive_values, where, problems)
    elif question.type == "number" and not (question.allow_not_known and value == NOT_KNOWN):
        low = question.min if question.min is not None else DEFAULT_NUMBER_MIN
        high = question.max if question.max is not None else DEFAULT_NUMBER_MAX
        _number_ok(value, low, high, where, problems)
    elif question.type == "date":
        _date_ok(value, where, problems)
    else:
        limit = question.max_length or DEFAULT_MAX_LENGTH[question.type]
        value = _text(value, limit, where, problems)
        return value or None
    return value


def _check_tasks(given: Any, framework: Framework, problems: list[str]) -> dict[str, str]:
    if not isinstance(given, dict):
        problems.append("task_status must be an object of task key to status")
        return {}
    known = {CONTEXT_KEY, DATA_RETURN_KEY, *(s.key for s in framework.sections)}
    result = {}
    for key, status in given.items():
        if key not in known:
            problems.append(f"task_status.{key}: not a task of the {framework.id} framework")
        elif status not in TASK_STATUSES:
            problems.append(f"task_status.{key}: {status!r} is not one of {', '.join(TASK_STATUSES)}")
        else:
            result[key] = status
    return result


def _check_data_return(given: Any, framework: Framework, problems: list[str]) -> dict:
    if not isinstance(given, dict):
        problems.append("data_return must be an object of field key to figure")
        return {}
    fields = {f.key: f for f in framework.data_fields()}
    totals = {t.key for t in framework.data_totals()}
    result = {}
    for key, value in given.items():
        where = f"data_return.{key}"
        field = fields.get(key)
        if field is None:
            reason = "a derived total, which is calculated, not imported" if key in totals \
                else f"not a data-return field in the {framework.id} framework"
            problems.append(f"{where}: {reason}")
            continue
        if value is None:
            result[key] = None
        elif field.type == "number":
            if value == NOT_KNOWN or _number_ok(value, 0, field.max or DATA_NUMBER_MAX, where, problems):
                result[key] = value
        elif _date_ok(value, where, problems):
            result[key] = value
    return result


def _check_actions(given: Any, framework: Framework, problems: list[str]) -> list[dict]:
    if not isinstance(given, list):
        problems.append("action_items must be a list")
        return []
    result, seen = [], set()
    for n, item in enumerate(given, start=1):
        where = f"action_items[{n}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: must be an object")
            continue
        count = len(problems)
        for extra in sorted(set(item) - ACTION_FIELDS):
            problems.append(f"{where}: unknown field {extra!r}")
        key = item.get("question_key")
        if not isinstance(key, str) or not framework.has_question(key):
            problems.append(f"{where}.question_key: {key!r} is not a question in the {framework.id} "
                            "framework")
        elif key in seen:
            problems.append(f"{where}.question_key: a second action for {key}")
        seen.add(key)
        title = _text(item.get("title", ""), ACTION_TITLE_MAX, f"{where}.title", problems)
        if not title:
            problems.append(f"{where}.title: enter what will be done")
        owner = _text(item.get("owner", ""), ACTION_OWNER_MAX, f"{where}.owner", problems)
        due = item.get("due_date")
        if due is not None:
            _date_ok(due, f"{where}.due_date", problems)
        status = item.get("status")
        if status not in ACTION_STATUSES:
            problems.append(f"{where}.status: {status!r} is not one of {', '.join(ACTION_STATUSES)}")
        reason = _text(item.get("dismissed_reason", ""), ACTION_REASON_MAX, f"{where}.dismissed_reason",
                       problems)
        if status == "dismissed" and not reason:
            problems.append(f"{where}.dismissed_reason: a dismissed gap needs a reason")
        if len(problems) == count:
            result.append({"question_key": key, "title": title, "owner": owner, "due_date": due,
                           "status": status, "dismissed_reason": reason})
    return result


# ---- single values, with the pages' rules -----------------------------------------------------------------

def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number_ok(value: Any, low: int, high: int, where: str, problems: list[str]) -> bool:
    if not _is_int(value):
        problems.append(f"{where}: {value!r} is not a whole number")
        return False
    if value < low:
        problems.append(f"{where}: {value} is less than {low}" + (" (figures cannot be negative)" if low == 0
                                                                   else ""))
        return False
    if value > high:
        problems.append(f"{where}: {value} is more than the maximum of {high:,}")
        return False
    return True


def _choice_ok(value: Any, allowed: tuple[str, ...], where: str, problems: list[str]) -> bool:
    if not isinstance(value, str) or value not in allowed:
        problems.append(f"{where}: {value!r} is not one of the options ({', '.join(allowed)})")
        return False
    return True


def _choices_ok(value: Any, allowed: tuple[str, ...], exclusive: tuple[str, ...], where: str,
                problems: list[str]) -> bool:
    if not isinstance(value, list):
        problems.append(f"{where}: must be a list of options")
        return False
    bad = [v for v in value if not isinstance(v, str) or v not in allowed]
    if bad:
        listed = ", ".join(repr(v) for v in bad)
        problems.append(f"{where}: {listed} not among the options ({', '.join(allowed)})")
        return False
    if len(set(value)) != len(value):
        problems.append(f"{where}: an option is given twice")
        return False
    if len(value) > 1 and any(v in exclusive for v in value):
        problems.append(f"{where}: ‘none’ cannot be combined with other options")
        return False
    return True


def _date_ok(value: Any, where: str, problems: list[str]) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        problems.append(f"{where}: {value!r} is not a date like 2025-03-27")
        return False
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        problems.append(f"{where}: {value!r} is not a real date")
        return False
    if not 2000 <= parsed.year <= 2100:
        problems.append(f"{where}: {value!r} must be between 2000 and 2100")
        return False
    return True


def _bool(value: Any, where: str, problems: list[str]) -> bool:
    if not isinstance(value, bool):
        problems.append(f"{where}: must be true or false")
        return False
    return value


def _text(value: Any, limit: int, where: str, problems: list[str]) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.append(f"{where}: must be text")
        return ""
    cleaned = CONTROL_CHARACTERS.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if len(cleaned) > limit:
        problems.append(f"{where}: {len(cleaned):,} characters, more than the limit of {limit:,}")
        return ""
    return cleaned


def _links(value: Any, where: str, problems: list[str]) -> list[str]:
    if not isinstance(value, list):
        problems.append(f"{where}: must be a list of links")
        return []
    if len(value) > MAX_LINKS:
        problems.append(f"{where}: {len(value)} links, more than {MAX_LINKS}")
        return []
    links = []
    for n, link in enumerate(value, start=1):
        if not isinstance(link, str):
            problems.append(f"{where}[{n}]: must be text")
        elif len(link) > LINK_MAX:
            problems.append(f"{where}[{n}]: longer than {LINK_MAX} characters")
        elif not LINK_PATTERN.fullmatch(link):
            problems.append(f"{where}[{n}]: {link[:80]!r} is not a web link starting http:// or https://")
        else:
            links.append(link)
    return links


# ---- task status, re-validated ----------------------------------------------------------------------

def _checked_status(key: str, claimed: str, framework: Framework, valid: _Valid) -> str:
    """A task is "completed" only if what the file stores completes it: a file's say-so is never enough.
    A task claimed complete with something missing is imported as in progress."""
    if claimed != "completed":
        return claimed
    profile = valid.profile
    if key == CONTEXT_KEY:
        return "completed" if progress.profile_answered(framework, profile) else "in_progress"
    if key == DATA_RETURN_KEY:
        return "in_progress" if signoff_checks.required_blank(framework, valid.data_return) else "completed"
    section = framework.section(key)
    questions, _ = progress.applicable_questions(framework, section, profile)
    answers = {k: SimpleNamespace(**given) for k, given in valid.answers.items()}
    return "in_progress" if progress.unanswered(framework, questions, answers) else "completed"


# ---- writing ----------------------------------------------------------------------------------------------

def _replace(assessment: Assessment, framework: Framework, valid: _Valid, user: User | None) -> None:
    now, user_id = utcnow(), getattr(user, "id", None)
    assessment.profile = dict(valid.profile)
    assessment.data_return = dict(valid.data_return)

    existing = {a.question_key: a for a in db.session.scalars(
        select(Answer).where(Answer.assessment_id == assessment.id))}
    for key, row in existing.items():
        if key not in valid.answers:
            db.session.delete(row)
    for key, given in valid.answers.items():
        row = existing.get(key)
        if row is None:
            row = Answer(assessment_id=assessment.id, question_key=key)
            db.session.add(row)
        row.value = given["value"]
        row.not_applicable = given["not_applicable"]
        row.na_reason = given["na_reason"]
        row.evidence_note = given["evidence_note"]
        row.evidence_links = list(given["evidence_links"])
        row.carried_forward = given["carried_forward"]
        row.updated_by_id, row.updated_at = user_id, now

    states = {s.task_key: s for s in db.session.scalars(
        select(TaskState).where(TaskState.assessment_id == assessment.id))}
    for key in (CONTEXT_KEY, *(s.key for s in framework.sections), DATA_RETURN_KEY):
        state = states.get(key)
        if state is None:
            state = states[key] = TaskState(assessment_id=assessment.id, task_key=key, version=0)
            db.session.add(state)
        state.status = _checked_status(key, valid.task_status.get(key, "not_started"), framework, valid)
        state.version = (state.version or 0) + 1  # a page opened before the import sees it as a conflict
        state.needs_review = False
        state.updated_by_id, state.updated_at = user_id, now

    items = {i.question_key: i for i in db.session.scalars(
        select(ActionItem).where(ActionItem.assessment_id == assessment.id))}
    wanted = {given["question_key"] for given in valid.action_items}
    for key, item in items.items():
        if key not in wanted:
            db.session.delete(item)
    for given in valid.action_items:
        item = items.get(given["question_key"])
        if item is None:
            item = ActionItem(assessment_id=assessment.id, question_key=given["question_key"])
            db.session.add(item)
        item.title, item.owner, item.due_date = given["title"], given["owner"], given["due_date"]
        item.status, item.dismissed_reason = given["status"], given["dismissed_reason"]
        item.updated_by_id, item.updated_at = user_id, now
    if valid.registers is not None:
        register_json.replace(assessment, framework, valid.registers)
    assessment.updated_at = now
