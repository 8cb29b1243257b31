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
# What to do about a file that is not as this service exported it (the people who import are not developers).
AGAIN = "Export it again from this service and import that file, without editing it."

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
        raise ValidationFailed(f"The file is too large: a file exported from this service is at most "
                               f"{MAX_BYTES // (1024 * 1024)} MB. Check you chose the right file.")
    if not payload.strip():
        raise ValidationFailed("The file is empty. Choose the file you exported from this service.")
    try:
        text = payload.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed("The file is not one exported from this service: it is not a text file. "
                               "Choose the file you exported (it ends in .json).") from None
    try:
        data = json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_no_duplicates)
    except _DuplicateKey as exc:
        raise ValidationFailed(f"The file has been changed since it was exported: ‘{exc.args[0]}’ appears "
                               f"twice. {AGAIN}") from None
    except json.JSONDecodeError as exc:
        raise ValidationFailed(f"The file cannot be read: it is damaged or not one exported from this "
                               f"service (the problem is on line {exc.lineno}, character {exc.colno}). "
                               f"{AGAIN}") from None
    except (ValueError, RecursionError):
        raise ValidationFailed(f"The file cannot be read: it is damaged or not one exported from this "
                               f"service. {AGAIN}") from None
    if not isinstance(data, dict):
        raise ValidationFailed(f"The file is not a self-assessment exported from this service. {AGAIN}")
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
        summary = (f"The file was not imported: {count} problem{plural} found, and nothing was saved. "
                   "Correct the file or export it again, then import it again")
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
        problems.append(f"The file contains a part this service does not recognise (‘{key}’). {AGAIN}")
    for key in REQUIRED:
        if key not in data:
            problems.append(f"The file is missing its {PART_NAMES.get(key, key)}. {AGAIN}")
    if "schema_version" in data and (data["schema_version"] != SCHEMA_VERSION
                                     or isinstance(data["schema_version"], bool)):
        problems.append(f"The file comes from a different version of this service (format "
                        f"{data['schema_version']}; this service reads format {SCHEMA_VERSION}). {AGAIN}")
    if "framework_id" in data and data["framework_id"] != framework.id:
        problems.append(f"The file answers the {data['framework_id']} questions, but this year uses the "
                        f"{framework.id} questions. Import it into the year it was exported from.")
    if "provider" in data:
        given = data["provider"]
        ukprn = given.get("ukprn") if isinstance(given, dict) else None
        if ukprn != provider.ukprn:
            problems.append(f"The file belongs to another provider (UKPRN {ukprn}), not to {provider.name} "
                        f"({provider.ukprn}). Choose {provider.name}’s own export.")
    profile = _check_profile(data.get("profile", {}), framework, problems)
    answers = _check_answers(data.get("answers", {}), framework, problems)
    task_status = _check_tasks(data.get("task_status", {}), framework, problems)
    data_return = _check_data_return(data.get("data_return", {}), framework, problems)
    actions = _check_actions(data.get("action_items", []), framework, problems)
    registers = register_json.check(data.get("registers"), framework, problems)
    return _Valid(profile, answers, task_status, data_return, actions, registers), problems


def _check_profile(given: Any, framework: Framework, problems: list[str]) -> dict:
    if not isinstance(given, dict):
        problems.append(f"The context answers in the file cannot be read. {AGAIN}")
        return {}
    known = {q.key: q for q in framework.profile}
    profile = {}
    for key, value in given.items():
        question = known.get(key)
        where = f"Context: ‘{_short(question.text)}’" if question else ""
        if question is None:
            problems.append(f"Context: the file answers a question (‘{key}’) that is not among the "
                            f"{framework.id} context questions. {AGAIN}")
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
        problems.append(f"The answers in the file cannot be read. {AGAIN}")
        return {}
    answers = {}
    for key, answer in given.items():
        if not framework.has_question(key):
            problems.append(f"The file answers a question (‘{key}’) that is not among the {framework.id} "
                            f"questions. {AGAIN}")
            continue
        section, question = framework.question(key)
        where = f"{section.title}: ‘{_short(question.text)}’"
        if not isinstance(answer, dict):
            problems.append(f"{where}: the answer cannot be read. {AGAIN}")
            continue
        count = len(problems)
        for extra in sorted(set(answer) - ANSWER_FIELDS):
            problems.append(f"{where}: the answer has a part this service does not recognise (‘{extra}’)")
        value = answer.get("value")
        not_applicable = _bool(answer.get("not_applicable", False), f"{where}: whether it applies", problems)
        carried = _bool(answer.get("carried_forward", False), f"{where}: whether it was carried forward",
                        problems)
        na_reason = _text(answer.get("na_reason", ""), NA_REASON_MAX,
                          f"{where}: the reason it does not apply", problems)
        note = _text(answer.get("evidence_note", ""), EVIDENCE_NOTE_MAX, f"{where}: the evidence note",
                     problems)
        links = _links(answer.get("evidence_links", []), f"{where}: the evidence links", problems)
        if not_applicable:
            if not question.allow_not_applicable:
                problems.append(f"{where}: this question cannot be marked as not applying. Give an answer.")
            if value is not None:
                problems.append(f"{where}: it is marked as not applying but also has an answer. Keep one.")
            if not na_reason:
                problems.append(f"{where}: it is marked as not applying, so give the reason why")
        elif na_reason:
            problems.append(f"{where}: it has a reason for not applying but is not marked as not applying")
        value = _answer_value(value, question, f"{where}: the answer", problems)
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
        problems.append(f"The progress of the tasks in the file cannot be read. {AGAIN}")
        return {}
    known = {CONTEXT_KEY, DATA_RETURN_KEY, *(s.key for s in framework.sections)}
    result = {}
    for key, status in given.items():
        if key not in known:
            problems.append(f"Progress: the file gives progress for a task (‘{key}’) that the {framework.id} "
                            f"questions do not have. {AGAIN}")
        elif status not in TASK_STATUSES:
            problems.append(f"Progress of ‘{_task_name(framework, key)}’: ‘{status}’ is not a progress this "
                            f"service knows (not started, in progress or completed)")
        else:
            result[key] = status
    return result


def _check_data_return(given: Any, framework: Framework, problems: list[str]) -> dict:
    if not isinstance(given, dict):
        problems.append(f"The data return figures in the file cannot be read. {AGAIN}")
        return {}
    fields = {f.key: f for f in framework.data_fields()}
    totals = {t.key for t in framework.data_totals()}
    result = {}
    for key, value in given.items():
        field = fields.get(key)
        if field is None:
            if key in totals:
                problems.append(f"Data return: the file gives a total (‘{key}’) that this service adds up "
                                f"itself. {AGAIN}")
            else:
                problems.append(f"Data return: the file gives a figure (‘{key}’) that the {framework.id} "
                                f"data return does not ask for. {AGAIN}")
            continue
        where = f"Data return: ‘{_short(field.label)}’"
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
        problems.append(f"The action plan in the file cannot be read. {AGAIN}")
        return []
    result, seen = [], set()
    for n, item in enumerate(given, start=1):
        where = f"Action plan, action {n}"
        if not isinstance(item, dict):
            problems.append(f"{where}: the action cannot be read. {AGAIN}")
            continue
        count = len(problems)
        for extra in sorted(set(item) - ACTION_FIELDS):
            problems.append(f"{where}: the action has a part this service does not recognise (‘{extra}’)")
        key = item.get("question_key")
        if not isinstance(key, str) or not framework.has_question(key):
            problems.append(f"{where}: it is for a question (‘{key}’) that is not among the {framework.id} "
                            f"questions")
        elif key in seen:
            problems.append(f"{where}: a second action for the same question "
                            f"(‘{_short(framework.question(key)[1].text)}’). Keep one.")
        seen.add(key)
        title = _text(item.get("title", ""), ACTION_TITLE_MAX, f"{where}: what will be done", problems)
        if not title:
            problems.append(f"{where}: say what will be done")
        owner = _text(item.get("owner", ""), ACTION_OWNER_MAX, f"{where}: who owns it", problems)
        due = item.get("due_date")
        if due is not None:
            _date_ok(due, f"{where}: the due date", problems)
        status = item.get("status")
        if status not in ACTION_STATUSES:
            problems.append(f"{where}: its status ‘{status}’ is not one this service knows (not started, in "
                            "progress, done or dismissed)")
        reason = _text(item.get("dismissed_reason", ""), ACTION_REASON_MAX,
                       f"{where}: the reason it was dismissed", problems)
        if status == "dismissed" and not reason:
            problems.append(f"{where}: it is dismissed, so give the reason why")
        if len(problems) == count:
            result.append({"question_key": key, "title": title, "owner": owner, "due_date": due,
                           "status": status, "dismissed_reason": reason})
    return result


# ---- how problems name things: the question, section or field as the pages show it -------------------

PART_NAMES = {"schema_version": "format number", "framework_id": "year's questions", "provider": "provider",
              "profile": "context answers", "answers": "answers", "task_status": "task progress",
              "data_return": "data return", "action_items": "action plan"}


def _short(text: str, limit: int = 90) -> str:
    """A question's or field's text, cut at a word if long, to name it in a problem."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def _shown(value: Any) -> str:
    """A value from the file as a person reads it: text in quotes, other values as written."""
    return f"‘{value[:80]}’" if isinstance(value, str) else ("nothing" if value is None else str(value))


def _task_name(framework: Framework, key: str) -> str:
    names = {CONTEXT_KEY: "Context", DATA_RETURN_KEY: "Data return"}
    names |= {section.key: section.title for section in framework.sections}
    return names.get(key, key)


# ---- single values, with the pages' rules -----------------------------------------------------------------

def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number_ok(value: Any, low: int, high: int, where: str, problems: list[str]) -> bool:
    if not _is_int(value):
        problems.append(f"{where}: {_shown(value)} is not a whole number. Enter a whole number, like 12.")
        return False
    if value < low:
        problems.append(f"{where}: {value} is less than {low}" + (" (figures cannot be negative)" if low == 0
                                                                   else "") + ". Enter the right figure.")
        return False
    if value > high:
        problems.append(f"{where}: {value:,} is more than the maximum of {high:,}. Enter the right figure.")
        return False
    return True


def _choice_ok(value: Any, allowed: tuple[str, ...], where: str, problems: list[str]) -> bool:
    if not isinstance(value, str) or value not in allowed:
        problems.append(f"{where}: {_shown(value)} is not one of the options ({', '.join(allowed)})")
        return False
    return True


def _choices_ok(value: Any, allowed: tuple[str, ...], exclusive: tuple[str, ...], where: str,
                problems: list[str]) -> bool:
    if not isinstance(value, list):
        problems.append(f"{where}: the options chosen cannot be read. {AGAIN}")
        return False
    bad = [v for v in value if not isinstance(v, str) or v not in allowed]
    if bad:
        listed = ", ".join(_shown(v) for v in bad)
        problems.append(f"{where}: {listed} {'is' if len(bad) == 1 else 'are'} not among the options "
                        f"({', '.join(allowed)})")
        return False
    if len(set(value)) != len(value):
        problems.append(f"{where}: an option is chosen twice. Choose it once.")
        return False
    if len(value) > 1 and any(v in exclusive for v in value):
        problems.append(f"{where}: ‘none’ cannot be chosen with other options. Choose ‘none’ or the others.")
        return False
    return True


def _date_ok(value: Any, where: str, problems: list[str]) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        problems.append(f"{where}: {_shown(value)} is not a date. Dates in the file are written like "
                        "2025-03-27 (year, month, day).")
        return False
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        problems.append(f"{where}: {_shown(value)} is not a real date. Enter a date that exists.")
        return False
    if not 2000 <= parsed.year <= 2100:
        problems.append(f"{where}: {_shown(value)} must be between the years 2000 and 2100")
        return False
    return True


def _bool(value: Any, where: str, problems: list[str]) -> bool:
    if not isinstance(value, bool):
        problems.append(f"{where} cannot be read (it should be yes or no). {AGAIN}")
        return False
    return value


def _text(value: Any, limit: int, where: str, problems: list[str]) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.append(f"{where} cannot be read (it should be text). {AGAIN}")
        return ""
    cleaned = CONTROL_CHARACTERS.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if len(cleaned) > limit:
        problems.append(f"{where} is {len(cleaned):,} characters, more than the limit of {limit:,}. "
                        "Shorten it.")
        return ""
    return cleaned


def _links(value: Any, where: str, problems: list[str]) -> list[str]:
    if not isinstance(value, list):
        problems.append(f"{where} cannot be read (it should be a list of web links). {AGAIN}")
        return []
    if len(value) > MAX_LINKS:
        problems.append(f"{where}: {len(value)} links, more than {MAX_LINKS}. Keep the {MAX_LINKS} that "
                        "matter most.")
        return []
    links = []
    for n, link in enumerate(value, start=1):
        if not isinstance(link, str):
            problems.append(f"{where}, link {n}, cannot be read (it should be a web address). {AGAIN}")
        elif len(link) > LINK_MAX:
            problems.append(f"{where}, link {n}, is longer than {LINK_MAX} characters. Shorten it.")
        elif not LINK_PATTERN.fullmatch(link):
            problems.append(f"{where}, link {n}: ‘{link[:80]}’ is not a web link starting http:// or "
                            "https://. Enter a web address.")
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
