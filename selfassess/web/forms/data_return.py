"""The annual data return form: one whole-number or date field per framework field."""


from ...framework import DataField, Framework
from .fields import ChoiceField, DatePartsField, WholeNumberField
from .versioned import VersionedForm


class DataReturnForm(VersionedForm):
    completed = ChoiceField("Have you completed the data return?", allowed=("yes", "no"))
    data_fields: tuple[DataField, ...]
    sourced: frozenset = frozenset()  # figures a register produces: shown, not typed

    def field(self, data_field: DataField):
        return self[f"data__{data_field.key}"]

    def values(self) -> dict:
        return {f.key: self.field(f).data for f in self.data_fields}

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and self.completed.data == "yes":
            for data_field in self.data_fields:
                if (data_field.type == "number" and data_field.key not in self.sourced
                        and self.field(data_field).data is None):
                    self.field(data_field).errors.append(
                        "Enter a number (0 if none, or 'not known'), or say you have not completed the data "
                        "return yet"
                    )
                    valid = False
        return valid


_classes: dict[str, type[DataReturnForm]] = {}


def build_data_return_form(
    framework: Framework, *, values=None, version=0, completed=False, formdata=None, sourced=frozenset()
) -> DataReturnForm:
    cls = _classes.get(framework.id)
    if cls is None:
        fields = framework.data_fields()
        attrs = {"data_fields": fields}
        for f in fields:
            attrs[f"data__{f.key}"] = (
                WholeNumberField(f.label, minimum=0, maximum=f.max or 1_000_000, allow_not_known=True)
                if f.type == "number"
                else DatePartsField(f.label)
            )
        cls = _classes[framework.id] = type("DataReturnForm", (DataReturnForm,), attrs)
    if formdata is not None:
        form = cls(formdata=formdata)
    else:
        data = {f"data__{key}": value for key, value in (values or {}).items()}
        form = cls(
            formdata=None, data={**data, "version": str(version), "completed": "yes" if completed else None}
        )
    form.sourced = frozenset(sourced)
    return form
