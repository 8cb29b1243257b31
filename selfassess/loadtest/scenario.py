"""What the load test's people type: a section's complete answers with a new evidence note each time.

Kept apart from the locustfile (which needs locust and gevent) so the test suite can check that these forms
are still what the section page accepts.
"""

from ..framework import get_framework
from ..services import progress
from ..services.demo_answers import demo_answer, demo_profile

YEAR = "2025-26"
PREVIOUS = "2024-25"


def applicable_sections():
    framework = get_framework(YEAR)
    profile = demo_profile(framework)
    return [s for s in framework.sections if progress.section_applies(framework, s, profile)[0]]


def section_fields(section, note: str) -> tuple[dict, str]:
    """The form of a complete save of the section (without csrf_token and version), and the key of the
    question whose evidence note carries `note`, to be checked afterwards."""
    framework = get_framework(YEAR)
    profile = demo_profile(framework)
    questions, _ = progress.applicable_questions(framework, section, profile)
    data = {"completed": "yes", "action": "later"}
    for n, question in enumerate(questions):
        value = demo_answer(question, n).value
        name = f"answer__{question.key}"
        if question.type == "date":
            y, m, d = value.split("-")
            data.update({f"{name}-day": d, f"{name}-month": m, f"{name}-year": y})
        elif isinstance(value, list):
            data[name] = value
        elif value is not None:
            data[name] = str(value)
    data[f"evidence__{questions[0].key}"] = note
    return data, questions[0].key
