"""Forms for the action plan: accept a gap as an action, or dismiss it with a reason."""

from flask_wtf import FlaskForm

from ...services.action_plan import ActionInput
from .fields import ChoiceField, DatePartsField, TextField

ACTION_STATUSES = (("not_started", "Not started"), ("in_progress", "In progress"), ("done", "Done"))


class ActionForm(FlaskForm):
    title = TextField("What will you do?", max_length=500)
    owner = TextField("Who owns this action?", max_length=200)
    due_date = DatePartsField("When is it due?")
    status = ChoiceField("Status", allowed=tuple(value for value, _ in ACTION_STATUSES))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field, message in (
            (self.title, "Enter what you will do"),
            (self.owner, "Enter the role that owns this action, like Head of Student Services"),
            (self.due_date, "Enter the date the action is due"),
            (self.status, "Select the action's status"),
        ):
            if not field.errors and field.data in (None, ""):
                field.errors.append(message)
                valid = False
        return valid

    def action(self) -> ActionInput:
        return ActionInput(self.title.data, self.owner.data, self.due_date.data, self.status.data)


class DismissForm(FlaskForm):
    reason = TextField("Why does this gap not need an action?", max_length=1000)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and not self.reason.data:
            self.reason.errors.append("Enter why this gap does not need an action")
            valid = False
        return valid
