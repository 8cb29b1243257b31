"""Forms for the board paper: report settings, the narrative and a risk of the risk register summary."""

from flask_wtf import FlaskForm
from wtforms import BooleanField

from ...services.board_paper import NARRATIVE_FIELDS, ROUTE_STAGES, TRENDS, Narrative, RiskInput, Settings
from .fields import ChoiceField, DatePartsField, TextField

RATINGS = tuple(str(n) for n in range(1, 6))


class SettingsForm(FlaskForm):
    meeting = TextField("Which body is asked to approve the report?", max_length=200)
    meeting_date = DatePartsField("Date of the meeting")
    author = TextField("Author", max_length=200)
    sponsor = TextField("Executive sponsor", max_length=200)
    recommendation = TextField("What the meeting is asked to do", max_length=2000)
    confidentiality = TextField("Confidentiality marking", max_length=200)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for number in range(1, ROUTE_STAGES + 1):
            body, when = self[f"route_body_{number}"], self[f"route_date_{number}"]
            if when.data and not body.data and not when.errors:
                body.errors.append(f"Enter which committee met on this date (stage {number})")
                valid = False
        return valid

    def settings(self) -> Settings:
        route = tuple(
            (self[f"route_body_{n}"].data, self[f"route_date_{n}"].data)
            for n in range(1, ROUTE_STAGES + 1)
            if self[f"route_body_{n}"].data
        )
        return Settings(
            self.meeting.data,
            self.meeting_date.data,
            route,
            self.author.data,
            self.sponsor.data,
            self.recommendation.data,
            self.confidentiality.data,
        )

    @staticmethod
    def data_from(settings: Settings) -> dict:
        data = {
            "meeting": settings.meeting,
            "meeting_date": settings.meeting_date,
            "author": settings.author,
            "sponsor": settings.sponsor,
            "recommendation": settings.recommendation,
            "confidentiality": settings.confidentiality,
        }
        for number, (body, when) in enumerate(settings.route, start=1):
            data[f"route_body_{number}"], data[f"route_date_{number}"] = body, when
        return data


for _n in range(1, ROUTE_STAGES + 1):  # the committee route: up to four stages, each a body and a date
    setattr(SettingsForm, f"route_body_{_n}", TextField(f"Committee or group (stage {_n})", max_length=200))
    setattr(SettingsForm, f"route_date_{_n}", DatePartsField(f"Date it considered the report (stage {_n})"))


def narrative_form_class(sections):
    """A narrative form with a commentary field for each section that applies (`sections`: key, title)."""

    class NarrativeForm(FlaskForm):
        confirm_personal_data = BooleanField(
            "I have checked this text: it contains no personal data, or only what is needed and may "
            "be shared "
            "with the governing body"
        )
        section_fields = tuple((f"section_{key}", key, title) for key, title in sections)

        def narrative(self) -> Narrative:
            values = {name: self[name].data for name, _ in NARRATIVE_FIELDS}
            commentary = {key: self[field].data for field, key, _ in self.section_fields if self[field].data}
            return Narrative(**values, section_commentary=commentary)

        @classmethod
        def data_from(cls, narrative: Narrative) -> dict:
            data = {name: getattr(narrative, name) for name, _ in NARRATIVE_FIELDS}
            for field, key, _ in cls.section_fields:
                data[field] = narrative.section_commentary.get(key, "")
            return data

    for name, label in NARRATIVE_FIELDS:
        setattr(NarrativeForm, name, TextField(label, max_length=5000))
    for field, _key, title in NarrativeForm.section_fields:
        setattr(NarrativeForm, field, TextField(f"Commentary on {title}", max_length=5000))
    return NarrativeForm


class RiskForm(FlaskForm):
    risk = TextField("Risk", max_length=500)
    inherent_likelihood = ChoiceField("Likelihood before controls", allowed=RATINGS)
    inherent_impact = ChoiceField("Impact before controls", allowed=RATINGS)
    residual_likelihood = ChoiceField("Likelihood after controls", allowed=RATINGS)
    residual_impact = ChoiceField("Impact after controls", allowed=RATINGS)
    owner = TextField("Owner", max_length=200)
    trend = ChoiceField("Trend", allowed=tuple(value for value, _ in TRENDS))

    RATING_FIELDS = ("inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        required = [
            (self.risk, "Enter the risk"),
            (self.owner, "Enter the role that owns the risk"),
            (self.trend, "Select the risk's trend"),
        ]
        required += [
            (self[name], "Select the " + self[name].label.text.lower() + ", from 1 to 5")  # noqa: S608
            for name in self.RATING_FIELDS
        ]
        for field, message in required:
            if not field.errors and field.data in (None, ""):
                field.errors.append(message)
                valid = False
        return valid

    def risk_input(self) -> RiskInput:
        return RiskInput(
            self.risk.data,
            *(int(self[name].data) for name in self.RATING_FIELDS),
            self.owner.data,
            self.trend.data,
        )

    @staticmethod
    def data_from(row) -> dict:
        return {
            "risk": row.risk,
            "owner": row.owner,
            "trend": row.trend,
            **{name: str(getattr(row, name)) for name in RiskForm.RATING_FIELDS},
        }
