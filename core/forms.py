"""Form helpers shared by every app."""

import functools
import html
import operator

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _


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


class NamedChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices of a `NamedModelChoiceField`: (pk, label) pairs read with `values_list`, in the queryset's order.

    Django's iterator makes a model instance per option and wraps its key; on the list pages' filters (a select of
    two hundred organisations on every request) that was more than a third of the page's CPU. The options' values and
    labels are the same: the key, and the column that is the model's `__str__`."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", self.field.label_field)


class OptionsSelect(forms.Select):
    """Django's Select for a list of plain options (no groups, no attributes per option), as the list pages' filters
    have on every request (two hundred organisations): the options are written in one pass as `options_html`, the
    same `<option>` markup as Django's select_option.html (tested against Django's own Select), instead of an
    included template and a dict of attributes per option — about a hundred Python calls an option, most of a list
    page's filter panel. Escaped as Django escapes (`django.utils.html.escape` is `html.escape`). Choices with groups
    are written by Django's Select."""

    template_name = "django/forms/widgets/select_options.html"

    def get_context(self, name, value, attrs):
        choices = list(iter(self.choices))  # read once (a model field's options are a query; iter: not also counted)
        if any(isinstance(label, (list, tuple)) for _key, label in choices):
            return super().get_context(name, value, attrs)  # (groups: Django's own, through optgroups)
        context = forms.Widget.get_context(self, name, value, attrs)  # name, attrs and the chosen values as text
        if self.allow_multiple_selected:
            context["widget"]["attrs"]["multiple"] = True  # (as Django's Select.get_context)
        value = context["widget"]["value"]  # a list (Select), or one text (NullBooleanSelect)
        chosen, options = {value} if isinstance(value, str) else set(value), []
        for key, label in choices:
            key = str(key)
            selected = " selected" if key in chosen else ""
            options.append(f'\n  <option value="{html.escape(key)}"{selected}>{html.escape(str(label))}</option>\n')
            if selected and not self.allow_multiple_selected:
                chosen = ()  # one selected option, as Django's Select: the first with the value
        context["widget"]["options_html"] = mark_safe("".join(options))  # noqa: S308 (each part escaped above)
        return context

    def render(self, name, value, attrs=None, renderer=None):
        """The select as its template (select_options.html with Django's attrs.html) writes it, without a template
        per field: a list's filter panel writes a dozen (`{{ field }}` is a template render, a context and an include
        of attrs.html with a loop over the attributes: a hundred calls). An attribute False is left out, True is
        written bare (attrs.html). With groups, Django's Select (through the template)."""
        widget = self.get_context(name, value, attrs)["widget"]
        if "options_html" not in widget:
            return super().render(name, value, attrs, renderer)
        written = "".join(
            f" {html.escape(key)}" if val is True else f' {html.escape(key)}="{html.escape(str(val))}"'
            for key, val in widget["attrs"].items()
            if val is not False
        )
        return mark_safe(f'<select name="{html.escape(widget["name"])}"{written}>{widget["options_html"]}\n</select>')  # noqa: S308


class NullBooleanOptionsSelect(OptionsSelect, forms.NullBooleanSelect):
    """Django's NullBooleanSelect (unknown / yes / no) written as OptionsSelect writes its options."""


class OptionsSelectMultiple(OptionsSelect, forms.SelectMultiple):
    """Django's SelectMultiple written as OptionsSelect writes its options: every chosen option selected."""


class NamedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose options are read as values (`NamedChoiceIterator`) and written by `OptionsSelect`;
    cleaning is Django's (the chosen key must be in the queryset, and the field gives the instance). `label_field` is
    the column the model's `__str__` returns."""

    iterator = NamedChoiceIterator
    widget = OptionsSelect

    def __init__(self, *args, label_field: str = "name", **kwargs):
        self.label_field = label_field
        super().__init__(*args, **kwargs)


class NamedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """`NamedModelChoiceField` for several choices (a ModelMultipleChoiceField): the options read as values and
    written by `OptionsSelectMultiple`; cleaning is Django's (each chosen key must be in the queryset)."""

    iterator = NamedChoiceIterator
    widget = OptionsSelectMultiple

    def __init__(self, *args, label_field: str = "name", **kwargs):
        self.label_field = label_field
        super().__init__(*args, **kwargs)


class SharedOptionsIterator(forms.models.ModelChoiceIterator):
    """Django's options (the same values and labels, `choice(obj)`) from `field.options()`: the field's rows of a
    read that several selects of a form share (`share_options`), in its queryset's order. Django's iterator runs the
    field's query each time the select is written (`queryset.iterator()`), and counts it with another (`len`)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.options():
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.options()) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.options())


def share_options(*fields: forms.ModelChoiceField, rows=None):
    """The options of `fields`, ModelChoiceFields of one model (each with its own queryset, all in one order), read
    in one query when the first of them is written, not one query each: the union of their querysets, each row
    marked with the fields whose queryset has it (`Exists` of that queryset, so no filter is written twice); with
    `rows`, the queryset that every one of `fields` was given (a select on each row of a form), those rows. Each
    field keeps its queryset: cleaning is Django's (the chosen key is looked up in it), and so are the options'
    values and labels. Returns the read (a function: the union's rows, read once), for a page that shows the same
    rows elsewhere. Call it once the form has narrowed its querysets (`ScopedFormMixin`)."""
    marked = rows is None and len(fields) > 1
    union = functools.reduce(operator.or_, (field.queryset for field in fields)) if rows is None else rows
    if marked:
        union = union.annotate(**{f"option_of_{i}": Exists(field.queryset.filter(pk=OuterRef("pk")))
                                  for i, field in enumerate(fields)})  # fmt: skip
    read = functools.cache(lambda: list(union))
    for i, field in enumerate(fields):
        mark = f"option_of_{i}"
        field.options = functools.partial(_marked, read, mark) if marked else read
        field.iterator = SharedOptionsIterator
        field.widget.choices = field.choices  # (the widget keeps the iterator it was given, Django's)
    return read


def _marked(read, mark: str) -> list:
    return [row for row in read() if getattr(row, mark)]


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


TEXT_MAX_LENGTH = 20_000  # a text area without a limit of its own (about eight pages)
LINE_MAX_LENGTH = 500  # a one-line input without a limit of its own


def _one_line(value) -> None:
    if isinstance(value, str) and ("\n" in value or "\r" in value):
        raise ValidationError(_("Write this on one line, without line breaks."), code="line_break")


class CleanTextMixin:
    """Every text field of the form (use it on every form that has text fields:
    `class MyForm(CleanTextMixin, forms.ModelForm)`):

    - control characters are stripped from the input before validation;
    - a field without a length limit gets one (TEXT_MAX_LENGTH in a text area, LINE_MAX_LENGTH on one line), with
      Django's clear message and the `maxlength` attribute;
    - a one-line input refuses line breaks with a clear message (they would end up in e-mail subjects, file names
      and CSV cells)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field, forms.CharField):
                continue
            field.to_python = self._cleaning(field.to_python)
            one_line = isinstance(field.widget, forms.TextInput)
            if field.max_length is None:
                field.max_length = LINE_MAX_LENGTH if one_line else TEXT_MAX_LENGTH
                field.validators.append(validators.MaxLengthValidator(field.max_length))
                if not field.widget.is_hidden:
                    field.widget.attrs.setdefault("maxlength", str(field.max_length))
            if one_line:
                field.validators.append(_one_line)

    @staticmethod
    def _cleaning(to_python):
        def clean(value):
            return to_python(strip_control_characters(value) if isinstance(value, str) else value)

        return clean
