"""Proportionate scoring of a provider's self-assessment: pure Python, no Flask, no database.

Public API:
    score(framework, profile, answers) -> Scorecard
        profile: profile question key -> value; answers: question key -> Response
    Response(value, not_applicable, na_reason)        one question's answer as the app holds it
    Scorecard / SectionScore / QuestionScore           the figures, per question, section and overall
    CoreShortfall                                      a core expectation not met, which caps the band
    Gap / Strength / LeftOut / WeightChange / GuidanceLink
    Band and the bands ESTABLISHED, DEVELOPING, EARLY_STAGE, NOT_ENOUGH_ANSWERED, NOT_APPLICABLE
    percent_rounded(percent) / percent_text(percent)  display helpers (None -> "not applicable")

The method, with worked examples that run as tests, is in docs/scoring.md. The figures are the provider's
own self-assessment, never a regulator's judgement.
"""

from .bands import (
    ANSWERED_FOR_BAND,
    BANDS,
    DEVELOPING,
    DEVELOPING_FROM,
    EARLY_STAGE,
    ESTABLISHED,
    ESTABLISHED_FROM,
    NOT_APPLICABLE,
    NOT_ENOUGH_ANSWERED,
    Band,
    band_for,
)
from .model import (
    CoreShortfall,
    Gap,
    GuidanceLink,
    LeftOut,
    QuestionScore,
    Response,
    Scorecard,
    SectionScore,
    Strength,
    WeightChange,
    percent_rounded,
    percent_text,
)
from .scorecard import score

__all__ = [
    "ANSWERED_FOR_BAND",
    "BANDS",
    "DEVELOPING",
    "DEVELOPING_FROM",
    "EARLY_STAGE",
    "ESTABLISHED",
    "ESTABLISHED_FROM",
    "NOT_APPLICABLE",
    "NOT_ENOUGH_ANSWERED",
    "Band",
    "CoreShortfall",
    "Gap",
    "GuidanceLink",
    "LeftOut",
    "QuestionScore",
    "Response",
    "Scorecard",
    "SectionScore",
    "Strength",
    "WeightChange",
    "band_for",
    "percent_rounded",
    "percent_text",
    "score",
]
