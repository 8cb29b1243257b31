"""The demo's board paper for its in-progress year: report settings, a narrative and a few risks, as a Prevent
lead would write them (roles, not people; no personal data), so its report reads as a governing-body paper."""

from . import board_paper
from .board_paper import Narrative, RiskInput, Settings

DEMO_SETTINGS = Settings(
    meeting="Council",
    meeting_date="2026-11-25",
    route=(("Prevent working group", "2026-10-07"), ("Audit and risk committee", "2026-11-04")),
    author="Prevent lead (Head of Student Safeguarding)",
    sponsor="University Secretary",
)

DEMO_NARRATIVE = Narrative(
    lead_summary=(
        "This was the first full year under the refreshed Prevent risk assessment. The oversight group met "
        "termly, refreshed the risk assessment in October and took the action plan to the audit and risk "
        "committee twice. Coverage rose in the sections we have completed; four sections are still being "
        "answered and are not yet comparable with last year.\n\n"
        "Council is asked to note that the external speakers procedure is being rewritten to apply a test "
        "that weighs risk against lawful speech, following the sector's reading of the Butt judgment."
    ),
    developments=(
        "A new Prevent lead took up post in January. The free-speech code of practice was revised to "
        "meet the "
        "Higher Education (Freedom of Speech) Act and approved by Council in June. Refresher training moved "
        "online, with a shorter in-person session for staff in student-facing roles."
    ),
    themes=(
        "Concerns raised were few and mostly about students' wellbeing rather than ideology. Two "
        "themes recur: "
        "students exploring extremist material online during periods of isolation, and concerns passed on by "
        "placement providers without enough context to act on. No case is described in a way that could "
        "identify anyone."
    ),
    events_commentary=(
        "External speaker requests rose by about a tenth. Almost all were approved without "
        "conditions; the few "
        "conditions set were about ticketing and chairing, not about what could be said. No event "
        "was refused."
    ),
    horizon=(
        "The Office for Students' new free-speech complaints scheme, the revised Prevent duty guidance and a "
        "planned merger of two faculties will each change who holds which responsibility next year."
    ),
    section_commentary={},
)

DEMO_RISKS = (
    RiskInput(
        "Staff in student-facing roles do not recognise or pass on a concern",
        3,
        4,
        2,
        3,
        "Director of Student Services",
        "falling",
    ),
    RiskInput(
        "The external speakers procedure restricts lawful speech or misses a real risk",
        3,
        4,
        2,
        4,
        "University Secretary",
        "stable",
    ),
    RiskInput(
        "Information shared by partners arrives late or without enough context to act on",
        3,
        3,
        3,
        3,
        "Head of Safeguarding",
        "rising",
    ),
    RiskInput(
        "IT filtering fails to flag access to terrorist material on the university network",
        2,
        4,
        2,
        3,
        "Chief Information Officer",
        "stable",
    ),
)


def add_board_paper(editor, ukprn: str, year: str, framework) -> None:
    """Save the demo settings, narrative (with commentary on the first section) and risks for a draft year."""
    board_paper.save_settings(editor, ukprn, year, DEMO_SETTINGS)
    first = framework.sections[0]
    narrative = Narrative(
        **{
            **DEMO_NARRATIVE.__dict__,
            "section_commentary": {
                first.key: "Council's own review of its Prevent oversight is due in the spring; the "
                "answers here describe the arrangements before that review."
            },
        }
    )
    board_paper.save_narrative(editor, ukprn, year, narrative)
    for risk in DEMO_RISKS:
        board_paper.save_risk(editor, ukprn, year, risk)
