"""Building form submissions for the assessment pages from the framework itself, so tests follow the
content without hard-coding it."""

from selfassess.framework import Framework, Question, get_framework
from selfassess.services import progress
from selfassess.services.demo_answers import demo_answer, demo_profile

YEAR = "2025-26"


def framework() -> Framework:
    return get_framework(YEAR)


def context_form(profile: dict, version: int = 0, action: str = "continue") -> dict:
    data = {"version": str(version), "action": action}
    for key, value in profile.items():
        data[f"profile__{key}"] = value if not isinstance(value, int) else str(value)
    return data


def answer_fields(question: Question, value) -> dict:
    name = f"answer__{question.key}"
    if value is None:
        return {}
    if question.type == "date":
        year, month, day = value.split("-")
        return {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}
    if isinstance(value, int):
        return {name: str(value)}
    return {name: value}


def section_form(fw: Framework, section_key: str, profile: dict, *, version: int, completed: str = "yes",
                 action: str = "later", overrides: dict | None = None, skip: set[str] = frozenset()) -> dict:
    """Every applicable question answered with the demo answer, unless overridden or skipped."""
    section = fw.section(section_key)
    questions, _ = progress.applicable_questions(fw, section, profile)
    data = {"version": str(version), "completed": completed, "action": action}
    for n, question in enumerate(questions):
        if question.key in skip:
            continue
        value = demo_answer(question, n).value
        data.update(answer_fields(question, value))
    data.update(overrides or {})
    return data


def start_with_context(client, ukprn: str, profile: dict | None = None) -> dict:
    """Start the current year and complete its context; returns the profile used."""
    profile = profile or demo_profile(framework())
    assert client.post(f"/providers/{ukprn}/years/start").status_code == 302
    response = client.post(f"/providers/{ukprn}/years/{YEAR}/context", data=context_form(profile))
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return profile
