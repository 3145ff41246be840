"""Form helpers shared by every app."""

import time

from django import forms
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, ValidationError
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language


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
        fast_selects(self)


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


# ---- speed: a <select> rendered in Python, with the options of shared reference data cached -------------------

# Models whose options may be cached: every signed-in user sees all of them (`visible_to`), and an option's label
# is made of the object's own fields only. A save or delete of one of them starts a new generation (kept in the
# shared cache, so every web process sees it within GENERATION_SECONDS); each process keeps the options it built.
CACHED_CHOICE_MODELS = frozenset({"core.organisation", "lifeevents.lifeevent", "portfolio.mission",
                                  "portfolio.callforproposals"})  # fmt: skip
GENERATION_SECONDS = 1.0
OPTIONS_SECONDS = 600  # rebuilt at least this often: a bulk update() sends no signal
_generations: dict = {"read_at": float("-inf"), "values": {}}
_options: dict[tuple, list[tuple[str, str]]] = {}


def _generation_key(label: str) -> str:
    return f"choices:generation:{label}"


def bump_choices(sender, **kwargs) -> None:
    """post_save/post_delete: the cached options of this model are stale (in this process at once)."""
    label = sender._meta.label_lower
    if label in CACHED_CHOICE_MODELS:
        cache.set(_generation_key(label), time.time_ns(), None)
        _generations["read_at"] = float("-inf")


def forget_choices() -> None:
    """Drop this process's cached options (tests start from nothing)."""
    _options.clear()
    _generations["read_at"] = float("-inf")


def _generation(label: str) -> int:
    now = time.monotonic()
    if now - _generations["read_at"] > GENERATION_SECONDS:
        keys = {model: _generation_key(model) for model in CACHED_CHOICE_MODELS}
        found = cache.get_many(list(keys.values()))
        _generations.update(read_at=now, values={model: found.get(key, 0) for model, key in keys.items()})
    return _generations["values"][label]


def _model_options(iterator: ModelChoiceIterator) -> list[tuple[str, str]] | None:
    """The (value, label) pairs of a model choice field's queryset, escaped, built once per generation; None when
    the model is not cached (the widget then renders Django's way)."""
    queryset = iterator.queryset
    label = queryset.model._meta.label_lower
    if label not in CACHED_CHOICE_MODELS:
        return None
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return []
    period = int(time.monotonic() // OPTIONS_SECONDS)
    key = (label, _generation(label), period, get_language(), sql, params, iterator.field.to_field_name)
    options = _options.get(key)
    if options is None:
        field = iterator.field
        options = [
            (conditional_escape(str(field.prepare_value(obj))), conditional_escape(field.label_from_instance(obj)))
            for obj in queryset
        ]
        if len(_options) > 500:  # old generations
            _options.clear()
        _options[key] = options
    return options


class FastSelect(forms.Select):
    """A `<select>` that renders the same HTML as Django's, in Python rather than one template per option (which
    costs about 0.1 ms an option: 20 ms for the 200 organisations of a filter). The options of the shared reference
    data (`CACHED_CHOICE_MODELS`) are built once per process and generation, so a filter form costs no query per
    select. Use `fast_selects(form)`."""

    def render(self, name, value, attrs=None, renderer=None):
        options = _model_options(self.choices) if isinstance(self.choices, ModelChoiceIterator) else None
        if options is None:
            return self._render_choices(name, value, attrs)
        selected = {str(v) for v in self.format_value(value)}
        parts = []
        empty_label = self.choices.field.empty_label
        if empty_label is not None:
            parts.append(
                format_html('<option value=""{}>{}</option>', " selected" if "" in selected else "", empty_label)
            )
        for option_value, option_label in options:
            mark = " selected" if option_value in selected else ""
            parts.append(f'<option value="{option_value}"{mark}>{option_label}</option>')
        final_attrs = self.build_attrs(self.attrs, attrs)
        html = mark_safe("".join(parts))  # noqa: S308 (each value and label was escaped when cached)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs), html)

    def _render_choices(self, name, value, attrs):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            html = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (("" if o["value"] is None else o["value"], flatatt(o["attrs"]), o["label"]) for o in options),
            )
            groups.append(format_html('<optgroup label="{}">{}</optgroup>', group_name, html) if group_name else html)
        options = format_html_join("", "{}", ((group,) for group in groups))  # each group is escaped already
        return format_html('<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options)


def fast_selects(form) -> None:
    """Swap each plain single-choice `<select>` of the form for `FastSelect` (same HTML, attributes kept)."""
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            fast = FastSelect(attrs=field.widget.attrs)
            fast.choices, fast.is_required = field.widget.choices, field.widget.is_required
            field.widget = fast
