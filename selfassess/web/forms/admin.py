import re

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovPasswordInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, PasswordField, RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, Regexp

from ...models import UKPRN_MESSAGE

ROLE_CHOICES = [
    SelectChoice("editor", "Editor – answers questions and keeps evidence notes"),
    SelectChoice("approver", "Approver – reviews and signs off for the governing body"),
    SelectChoice("viewer", "Viewer – reads only"),
]


class ProviderForm(FlaskForm):
    name = StringField(
        "Provider name",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the provider's name"), Length(max=200)],
    )
    ukprn = StringField(
        "UKPRN",
        description="The 8-digit UK Provider Reference Number, like 10012345",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the UKPRN"),
            Regexp(r"^1[0-9]{7}\Z", flags=re.ASCII, message=UKPRN_MESSAGE),
        ],
    )
    submit = SubmitField("Create provider", widget=GovSubmitInput())


class UserForm(FlaskForm):
    name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the person's name"), Length(max=200)],
    )
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter an email address"), Length(max=254)],
    )
    password = PasswordField(
        "Password",
        description="At least 12 characters. Give it to the person securely; they can change it later.",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter a password"), Length(max=256)],
    )
    # A typed UKPRN, not a list of every provider: a sector-wide service has a thousand of them.
    provider = StringField(
        "Provider's UKPRN (optional)",
        description="The 8-digit UKPRN of the provider this person works for, like 10012345",
        widget=GovTextInput(),
        validators=[Optional(), Regexp(r"^\s*1[0-9]{7}\s*\Z", flags=re.ASCII, message=UKPRN_MESSAGE)],
    )
    role = RadioField(
        "Role at that provider",
        widget=GovRadioInput(),
        choices=ROLE_CHOICES,
        description="Needed when you choose a provider",
        validate_choice=False,
        validators=[Optional()],
    )
    is_admin = BooleanField("Administrator (can manage providers and users)", widget=GovCheckboxInput())
    submit = SubmitField("Create user", widget=GovSubmitInput())


class MembershipForm(FlaskForm):
    provider = StringField(
        "Provider's UKPRN",
        description="The 8-digit UKPRN, like 10012345. Find it in the list of providers.",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the provider's UKPRN"),
            Regexp(r"^\s*1[0-9]{7}\s*\Z", flags=re.ASCII, message=UKPRN_MESSAGE),
        ],
    )
    role = RadioField(
        "Role",
        widget=GovRadioInput(),
        description="Choose ‘No access’ to remove the person from the provider",
        choices=[*ROLE_CHOICES, SelectChoice("none", "No access")],
        validators=[InputRequired(message="Select a role")],
    )
    submit = SubmitField("Save role", widget=GovSubmitInput())


class ConfirmForm(FlaskForm):
    """A button-only form: CSRF protection for actions such as disabling an account."""

    submit = SubmitField("Confirm", widget=GovSubmitInput())


class TemporaryPasswordForm(FlaskForm):
    password = PasswordField(
        "Temporary password",
        description="At least 12 characters. Give it to the person securely; they must choose their own "
                    "password when they next sign in.",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter a temporary password"), Length(max=256)],
    )
    # not `submit`: the membership form on the same page has one, and ids must be unique
    set_password = SubmitField("Set temporary password", widget=GovSubmitInput())
