"""The form factory: a WTForms form for one section, built from the framework's questions.

Field names are `<part>__<question key>`, for example `answer__lg_prevent_lead`. The factory knows the
small closed set of answer types and nothing else; what applies and what counts as answered comes from
services.progress, so the form and the service agree.
"""

from typing import Any

from ...framework import Framework, Question
from ...framework.model import DEFAULT_MAX_LENGTH, PROPORTIONATE
from ...services import progress
from ...services.answers import AnswerInput
from .fields import (
    ChoiceField,
    DatePartsField,
    LinksField,
    MultiChoiceField,
    TextField,
    WholeNumberField,
    naming,
    shortened,
)
from .versioned import VersionedForm

NOT_APPLICABLE = "not_applicable"
RADIO_TYPES = frozenset({"yes_partly_no", "single_choice"})
EVIDENCE_NOTE_MAX = 2000
NA_REASON_MAX = 1000

REQUIRED_MESSAGES = {
    "yes_partly_no": "Select yes, partly or no",
    "single_choice": "Select an answer",
    "multiple_choice": "Select at least one option",
    "number": "Enter a number",
    "date": "Enter a date",
    "short_text": "Enter an answer",
    "long_text": "Enter an answer",
}


def field_name(part: str, key: str) -> str:
    return f"{part}__{key}"


def _answer_field(question: Question):
    label = question.text
    if question.type in RADIO_TYPES:
        allowed = list(question.option_values) + ([NOT_APPLICABLE] if question.allow_not_applicable else [])
        return ChoiceField(label, allowed=allowed)
    if question.type == "multiple_choice":
        return MultiChoiceField(label, allowed=question.option_values, exclusive=question.exclusive_values)
    if question.type == "number":
        return WholeNumberField(
            label,
            minimum=question.min if question.min is not None else 0,
            maximum=question.max if question.max is not None else 100000,
            allow_not_known=question.allow_not_known,
        )
    if question.type == "date":
        return DatePartsField(label)
    max_length = question.max_length or DEFAULT_MAX_LENGTH[question.type]
    return TextField(label, max_length=max_length)


class SectionForm(VersionedForm):
    """Base class; the factory adds the question fields. Holds the framework context for validation."""

    completed = ChoiceField("Have you completed this section?", allowed=("yes", "no"))

    framework: Framework
    questions: tuple[Question, ...]

    def answer(self, question: Question):
        return self[field_name("answer", question.key)]

    def part(self, name: str, question: Question):
        return self[field_name(name, question.key)]

    def inputs(self) -> dict[str, AnswerInput]:
        """The submitted answers as the service takes them (call after validate)."""
        result = {}
        for question in self.questions:
            value = self.answer(question).data
            if value in ("", []):
                value = None  # an empty answer is no answer, whatever its type
            not_applicable = False
            if question.allow_not_applicable:
                if question.type in RADIO_TYPES:
                    not_applicable = value == NOT_APPLICABLE
                else:
                    not_applicable = self.part("na", question).data == "yes"
                if not_applicable:
                    value = None
            result[question.key] = AnswerInput(
                value=value,
                not_applicable=not_applicable,
                na_reason=self.part("na_reason", question).data
                if not_applicable and question.allow_not_applicable
                else "",
                evidence_note=self.part("evidence", question).data,
                evidence_links=tuple(self.part("links", question).data),
            )
        return result

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid:
            inputs = self.inputs()
            for question in self.questions:
                given = inputs[question.key]
                if given.not_applicable and not given.na_reason:
                    self.part("na_reason", question).errors.append(
                        f"Enter why ‘{shortened(question.text)}’ does not apply to your provider"
                    )
                    valid = False
                if given.value == PROPORTIONATE and not (given.evidence_note or "").strip():
                    # "Met in a proportionate way" earns full marks, so it must say how (docs/scoring.md §3).
                    self.part("evidence", question).errors.append(
                        "Describe in the evidence note how you meet this in a proportionate way"
                    )
                    valid = False
            if valid and self.completed.data == "yes":
                for question in progress.unanswered(self.framework, list(self.questions), inputs):
                    field = self.answer(question)
                    field.errors.append(
                        f"{naming(REQUIRED_MESSAGES[question.type], field)}, or say you have not completed "
                        "this section yet"
                    )
                    valid = False
        return valid

    QUESTION_PARTS = ("answer__", "na__", "na_reason__", "evidence__", "links__")

    def unexpected_names(self, formdata) -> list[str]:
        """Question fields in the submission that are not on this page: a tampered or stale form."""
        known = set(self._fields)
        for name in list(known):
            known.update({f"{name}-day", f"{name}-month", f"{name}-year"})
        return sorted(name for name in formdata if name.startswith(self.QUESTION_PARTS) and name not in known)

    def mark_missing(self, keys: list[str]) -> None:
        """Show the service's 'not answered' verdict on the questions concerned."""
        for question in self.questions:
            if question.key in keys:
                self.answer(question).errors.append(naming(REQUIRED_MESSAGES[question.type],
                                                           self.answer(question)))


_form_classes: dict[tuple[str, str, tuple[str, ...]], type[SectionForm]] = {}


def section_form_class(framework: Framework, questions: list[Question]) -> type[SectionForm]:
    """A form class for these questions; cached, since a section and a context give the same class."""
    cache_key = (
        framework.id,
        "|".join(q.section_key for q in questions[:1]),
        tuple(q.key for q in questions),
    )
    cls = _form_classes.get(cache_key)
    if cls is None:
        attrs: dict[str, Any] = {"framework": framework, "questions": tuple(questions)}
        for question in questions:
            attrs[field_name("answer", question.key)] = _answer_field(question)
            if question.allow_not_applicable:
                if question.type not in RADIO_TYPES:
                    attrs[field_name("na", question.key)] = ChoiceField("Not applicable", allowed=("yes",))
                attrs[field_name("na_reason", question.key)] = TextField(
                    "Why does this not apply to you?", max_length=NA_REASON_MAX
                )
            attrs[field_name("evidence", question.key)] = TextField(
                "Evidence note", max_length=EVIDENCE_NOTE_MAX
            )
            attrs[field_name("links", question.key)] = LinksField("Evidence links", max_length=2600)
        cls = type("SectionForm", (SectionForm,), attrs)
        _form_classes[cache_key] = cls
    return cls


def initial_data(
    questions: list[Question], stored: dict[str, AnswerInput], version: int, completed: bool
) -> dict[str, Any]:
    """Keyword data to fill a form from what is saved."""
    data: dict[str, Any] = {"version": str(version), "completed": "yes" if completed else None}
    for question in questions:
        answer = stored.get(question.key, AnswerInput())
        value = answer.value
        if answer.not_applicable:
            if question.type in RADIO_TYPES:
                value = NOT_APPLICABLE
            else:
                data[field_name("na", question.key)] = "yes"
        data[field_name("answer", question.key)] = value
        if question.allow_not_applicable:
            data[field_name("na_reason", question.key)] = answer.na_reason
        data[field_name("evidence", question.key)] = answer.evidence_note
        data[field_name("links", question.key)] = list(answer.evidence_links)
    return data


def build_section_form(
    framework: Framework, questions: list[Question], *, stored=None, version=0, completed=False, formdata=None
) -> SectionForm:
    cls = section_form_class(framework, questions)
    if formdata is not None:
        return cls(formdata=formdata)
    return cls(formdata=None, data=initial_data(questions, stored or {}, version, completed))
