"""Form helpers shared by every app."""

from django import forms
from django.core.exceptions import ValidationError


class ScopedFormMixin:
    """Narrows every ModelChoiceField to the objects the user may see (`Model.objects.visible_to(user)`)."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                qs = field.queryset
                if hasattr(qs, "visible_to"):
                    field.queryset = qs.visible_to(user)


def add_service_errors(form, error: ValidationError) -> None:
    """A service's ValidationError onto the form: field errors on their fields, the rest on top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ConcurrencyFormMixin:
    """Optimistic locking: the form carries the version it was loaded at; the service compares it."""

    def add_version_field(self, version: int) -> None:
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, initial=version)


# ---- bad input (H6): control characters never reach the database, pages, PDFs or spreadsheets -------------------

_CONTROL_CHARACTERS = {c: None for c in (*range(0, 9), 11, 12, *range(14, 32), 127)}  # keeps tab, LF and CR


def strip_control_characters(value: str) -> str:
    """Removes NUL and the other C0 control characters (and DEL), keeping tab and line breaks. PostgreSQL refuses
    NUL in text, openpyxl refuses control characters in cells, and no one types them on purpose."""
    return value.translate(_CONTROL_CHARACTERS)


class CleanTextMixin:
    """Strips control characters from every text field's input before validation (use it on every form that has
    text fields: `class MyForm(CleanTextMixin, forms.ModelForm)`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.to_python = self._cleaning(field.to_python)

    @staticmethod
    def _cleaning(to_python):
        def clean(value):
            return to_python(strip_control_characters(value) if isinstance(value, str) else value)

        return clean
