"""Bands: a word for a coverage figure, in the provider's own voice (never a regulator's judgement).

Thresholds (docs/scoring.md explains the choice):
    Established          coverage >= 80 %
    Developing           coverage >= 50 %
    Early stage          coverage <  50 %
    Not enough answered  completeness < 80 %, whatever the coverage
    Not applicable       nothing scored applies (coverage is None)
Core expectations then cap the overall band (`capped_by_core`): one not met, at most Developing; two or
more, Early stage.
"""

from __future__ import annotations

from dataclasses import dataclass

ESTABLISHED_FROM = 80.0
DEVELOPING_FROM = 50.0
# Unanswered questions count as 0, so with a fifth of them open the figure could still move by about
# 20 points: more than the gap between most answers and the next band. Below this, no band is given.
ANSWERED_FOR_BAND = 80.0
# Coverage is exact arithmetic on weights like 1.5 x 0.75; a hair below a threshold is float noise.
_TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True)
class Band:
    key: str
    label: str
    description: str


ESTABLISHED = Band(
    "established",
    "Established",
    "By your own assessment, arrangements are in place for most of what the duty asks of a provider "
    "like yours (80% or more of the available points).",
)
DEVELOPING = Band(
    "developing",
    "Developing",
    "By your own assessment, many arrangements are in place, with clear gaps still to work on "
    "(50% to just under 80% of the available points).",
)
EARLY_STAGE = Band(
    "early_stage",
    "Early stage",
    "By your own assessment, fewer than half of the arrangements that apply to you are in place yet "
    "(under 50% of the available points).",
)
NOT_ENOUGH_ANSWERED = Band(
    "not_enough_answered",
    "Not enough answered",
    "Fewer than 80% of the questions that apply have been answered, so a band would describe the blank "
    "answers rather than your arrangements.",
)
NOT_APPLICABLE = Band(
    "not_applicable",
    "Not applicable",
    "No scored questions apply to your provider here.",
)

BANDS = (ESTABLISHED, DEVELOPING, EARLY_STAGE, NOT_ENOUGH_ANSWERED, NOT_APPLICABLE)


def band_for(coverage: float | None, completeness: float | None, *, applies: bool = True) -> Band:
    """The band for a section or the whole assessment."""
    if not applies or completeness is None:
        return NOT_APPLICABLE
    if completeness < ANSWERED_FOR_BAND - _TOLERANCE:
        return NOT_ENOUGH_ANSWERED
    if coverage is None:
        return NOT_APPLICABLE
    if coverage >= ESTABLISHED_FROM - _TOLERANCE:
        return ESTABLISHED
    if coverage >= DEVELOPING_FROM - _TOLERANCE:
        return DEVELOPING
    return EARLY_STAGE


# How many core expectations not met take the overall band down to each level (docs/scoring.md section 5).
CORE_UNMET_FOR_DEVELOPING = 1
CORE_UNMET_FOR_EARLY_STAGE = 2
_RANK = {ESTABLISHED.key: 2, DEVELOPING.key: 1, EARLY_STAGE.key: 0}


def capped_by_core(band: Band, core_unmet: int) -> Band:
    """The overall band once core expectations not met have capped it. Bands that are not a stage
    ("Not enough answered", "Not applicable") are never changed: there is nothing yet to cap."""
    if band.key not in _RANK or core_unmet < CORE_UNMET_FOR_DEVELOPING:
        return band
    ceiling = EARLY_STAGE if core_unmet >= CORE_UNMET_FOR_EARLY_STAGE else DEVELOPING
    return ceiling if _RANK[ceiling.key] < _RANK[band.key] else band


def coverage_colour(coverage: float | None) -> str:
    """The bar colour of a coverage figure in charts: green from Established, blue from Developing, red
    below, grey when nothing applies."""
    if coverage is None:
        return "#b1b4b6"
    if coverage >= ESTABLISHED_FROM:
        return "#00703c"
    return "#1d70b8" if coverage >= DEVELOPING_FROM else "#d4351c"
