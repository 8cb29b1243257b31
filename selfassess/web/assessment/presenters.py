"""Turning service results into the parameter dictionaries of the GOV.UK macros."""

from ...services import presenting
from ...services.assessments import Task
from . import bp

_STATUS = {
    "completed": {"text": "Completed"},
    "cannot_start": {"text": "Cannot start yet", "classes": "govuk-task-list__status--cannot-start-yet"},
    "not_applicable": {
        "text": "Does not apply to you",
        "classes": "govuk-task-list__status--cannot-start-yet",
    },
    "in_progress": {"tag": {"text": "In progress", "classes": "govuk-tag--light-blue"}},
    "not_started": {"tag": {"text": "Not yet started", "classes": "govuk-tag--blue"}},
}
_NEEDS_REVIEW = {"tag": {"text": "Check again", "classes": "govuk-tag--yellow"}}


@bp.app_template_global()
def task_item(task: Task, href: str) -> dict:
    """One row of the GOV.UK task list."""
    status = (
        _NEEDS_REVIEW
        if task.needs_review and task.status in ("in_progress", "completed")
        else _STATUS[task.status]
    )
    item = {"title": {"text": task.title}, "hint": {"text": task.summary}, "status": status}
    if task.status not in ("cannot_start", "not_applicable"):
        item["href"] = href
    return item


@bp.app_template_global()
def show_if_attributes(framework, question, parent_number: str | None = None) -> dict | None:
    """For a follow-up question asked only after certain answers to an earlier one: the earlier field's
    name and the answers that reveal it (for progressive enhancement), and a sentence for everyone else.
    Only a simple `{question: …, equals/in: …}` condition is revealed by script; anything richer is
    always shown, with the sentence."""
    condition = question.show_if
    if not condition:
        return None
    parent_key = condition.get("question")
    values = condition.get("in") or ([condition["equals"]] if "equals" in condition else None)
    if not parent_key or not values:
        return {"name": "", "values": [], "text": "Answer this only if it applies, given your answers above."}
    _, parent = framework.question(parent_key)
    target = f"question {parent_number}" if parent_number else f"‘{parent.text}’"
    return {
        "name": f"answer__{parent_key}",
        "values": list(values),
        "text": "Answer this if " + _which_answers(parent, values, target),
    }


def _which_answers(parent, values, target: str) -> str:
    """'you answered ‘Yes’ or ‘Partly’ to question 3', or, when most options reveal it, 'your answer to
    question 3 was not ‘None’', so that the sentence never quotes a whole list of options."""
    def quoted(items):
        labels = [f"‘{parent.option(v).label}’" if parent.option(v) else f"‘{v}’" for v in items]
        return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]

    others = [o.value for o in getattr(parent, "options", ()) or () if o.value not in values]
    if len(values) > 2 and 0 < len(others) < len(values):
        return f"your answer to {target} was not {quoted(others)}."
    return f"you answered {quoted(values)} to {target}."


bp.add_app_template_global(presenting.display_answer, "display_answer")
bp.add_app_template_global(presenting.display_value, "display_value")
bp.add_app_template_global(presenting.format_date, "format_date")
