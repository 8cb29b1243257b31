"""The provider-context form, built from the framework's profile questions."""


from ...framework import Framework, ProfileQuestion
from .fields import ChoiceField, MultiChoiceField, WholeNumberField, naming
from .versioned import VersionedForm

MESSAGES = {"yes_no": "Select yes or no", "single_choice": "Select an answer",
            "multiple_choice": "Select at least one option", "number": "Enter a number"}


def _field(question: ProfileQuestion):
    if question.type == "yes_no":
        return ChoiceField(question.text, allowed=("yes", "no"))
    if question.type == "single_choice":
        return ChoiceField(question.text, allowed=question.option_values)
    if question.type == "multiple_choice":
        exclusive = tuple(o.value for o in question.options if o.exclusive)
        return MultiChoiceField(question.text, allowed=question.option_values, exclusive=exclusive)
    return WholeNumberField(question.text, minimum=question.min or 0, maximum=question.max or 10_000_000)


class ContextForm(VersionedForm):
    questions: tuple[ProfileQuestion, ...]

    def field(self, question: ProfileQuestion):
        return self[f"profile__{question.key}"]

    def profile(self) -> dict:
        return {q.key: self.field(q).data for q in self.questions}

    def require_all(self) -> bool:
        """Every context question must be answered before the sections can start."""
        ok = True
        for question in self.questions:
            if self.field(question).data in (None, "", []):
                self.field(question).errors.append(naming(MESSAGES[question.type], self.field(question)))
                ok = False
        return ok


_classes: dict[str, type[ContextForm]] = {}


def build_context_form(framework: Framework, *, profile=None, version=0, formdata=None) -> ContextForm:
    cls = _classes.get(framework.id)
    if cls is None:
        attrs = {"questions": framework.profile}
        attrs.update({f"profile__{q.key}": _field(q) for q in framework.profile})
        cls = _classes[framework.id] = type("ContextForm", (ContextForm,), attrs)
    if formdata is not None:
        return cls(formdata=formdata)
    data = {f"profile__{key}": value for key, value in (profile or {}).items()}
    return cls(formdata=None, data={**data, "version": str(version)})
