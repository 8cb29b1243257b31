"""Forms of the sign-off cycle."""

from flask_wtf import FlaskForm

from ...services.signoff import SignOff
from .fields import ChoiceField, DatePartsField, TextField


class SignOffForm(FlaskForm):
    name = TextField("Name of the person signing off", max_length=200)
    role = TextField("Their role", max_length=200)
    approved_on = DatePartsField("Date the governing body approved the report")
    agreed = ChoiceField("Declaration", allowed=("yes",))

    def details(self, explanations=None) -> SignOff:
        return SignOff(self.name.data or "", self.role.data or "", self.approved_on.data or "",
                       self.agreed.data == "yes", dict(explanations or {}))


class CommentForm(FlaskForm):
    comment = TextField("What needs to change?", max_length=2000)


class ReasonForm(FlaskForm):
    reason = TextField("Why is the submitted year being reopened?", max_length=2000)
