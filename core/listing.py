"""What every list page shares: the state of its collapsible filter panel, read from the URL (the filters are the
query string, so a list's state is always its URL: shareable, restored by Back, kept by a reload)."""

from __future__ import annotations

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from .export import query_without
from .rows import ESCAPES, escape_text
from .saved_views import saved_views_for

OPEN_PARAM = "filters"  # ?filters=open keeps the panel open without a filter set (portal.js writes it on toggle)
NOT_FILTERS = frozenset({"q", "sort", "page", OPEN_PARAM})
EMPTY = (None, "", False, [], ())


def filter_panel(request, form, *, outside: tuple[str, ...] = ("q",)) -> dict:
    """How many of the panel's filters are set in the URL, and whether the panel starts open (a filter is set, or
    the user left it open)."""
    names = [name for name in form.fields if name not in NOT_FILTERS and name not in outside]
    if form.is_bound and form.is_valid():  # what the filter means: "unknown" of a yes/no select is no filter
        active = sum(1 for name in names if form.cleaned_data.get(name) not in EMPTY)
    else:
        active = sum(1 for name in names if any(v not in ("", "unknown") for v in request.GET.getlist(name)))
    fields = fields_html(form, skip=outside)
    return {"active": active, "open": bool(active) or request.GET.get(OPEN_PARAM) == "open", "param": OPEN_PARAM,
            "fields": fields}  # fmt: skip


# ---- the panel's fields, written in Python (the markup of components/_field.html and Django's widget templates) --
#
# Rendered through templates, a filter form costs a template per field and Django's widget templates per field (and
# their option dicts): about a quarter of a list page. A plain field (a <select> or an <input>, without help text
# or errors) is written here with the same markup; any other field goes through components/_field.html.

_INPUT_TEMPLATES = frozenset(f"django/forms/widgets/{name}.html" for name in (
    "input", "text", "search", "number", "email", "url", "date", "checkbox"))  # fmt: skip


def _escape(value) -> str:
    """Django's conditional_escape, in one call for a plain string."""
    if value.__class__ is str:
        return value.translate(ESCAPES)
    return value.__html__() if hasattr(value, "__html__") else escape_text(str(value))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: False left out, True written bare, values escaped."""
    return "".join(
        f" {_escape(name)}" if value is True else f' {_escape(name)}="{_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _widget_attrs(bf, widget) -> dict:
    """What `BoundField.as_widget` with core's `described` filter gives the widget (no help text, no errors)."""
    attrs = {} if widget.attrs.get("class") else {"class": "ds-input"}
    attrs = bf.build_widget_attrs(attrs, widget)
    if bf.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bf.auto_id)
    return attrs


def _select(bf, widget, choices) -> str | None:
    """Django's Select (templates/django/forms/widgets/select.html): the options straight from the choices, the
    first whose value is in the field's value selected, as `ChoiceWidget.optgroups` decides. None for a select with
    option groups (Django's templates write those)."""
    value = widget.format_value(bf.value())
    attrs = widget.build_attrs(widget.attrs, _widget_attrs(bf, widget))
    options, has_selected = [], False
    for option_value, label in choices:
        if label.__class__ is not str and isinstance(label, (list, tuple)):
            return None
        option_value = "" if option_value is None else str(option_value)
        selected = not has_selected and option_value in value
        has_selected |= selected
        mark = " selected" if selected else ""
        label = label.translate(ESCAPES) if label.__class__ is str else _escape(label)
        options.append(f'<option value="{option_value.translate(ESCAPES)}"{mark}>{label}</option>')
    return f'<select name="{_escape(bf.html_name)}"{_attrs(attrs)}>\n' + "\n".join(options) + "\n</select>"


def _input(bf, widget) -> str:
    context = widget.get_context(bf.html_name, bf.value(), _widget_attrs(bf, widget))["widget"]
    value = "" if context["value"] is None else f' value="{_escape(context["value"])}"'
    kind, name = _escape(context["type"]), _escape(context["name"])
    return f'<input type="{kind}" name="{name}"{value}{_attrs(context["attrs"])}>'


def _plain(bf, widget) -> str | None:
    """The widget's markup when it is a plain select or input, else None."""
    if bf.help_text or bf.errors or bf.field.localize:
        return None
    if type(widget) in (forms.Select, forms.NullBooleanSelect) and not widget.allow_multiple_selected:
        choices = [choice for choice in widget.choices]  # one query for a model's options (list() would count them)
        return _select(bf, widget, choices)
    if isinstance(widget, forms.widgets.Input) and widget.template_name in _INPUT_TEMPLATES:
        return _input(bf, widget)
    return None


def field_html(bf, optional: str | None = None) -> SafeString:
    """One form field as components/_field.html writes it (label, the optional mark, the widget)."""
    widget = bf.field.widget
    markup = _plain(bf, widget)
    if markup is None:
        return SafeString(render_to_string("components/_field.html", {"field": bf}))
    label = f'<label class="ds-label" for="{_escape(bf.id_for_label)}">{_escape(bf.label)}'
    if isinstance(widget, forms.CheckboxInput):
        return SafeString(f'<div class="ds-field">\n{markup}\n{label}</label>\n</div>')
    if not bf.field.required:
        optional = gettext("optional") if optional is None else optional
        label += f' <span class="portal-optional">({_escape(optional)})</span>'
    return SafeString(f'<div class="ds-field">\n{label}</label>\n{markup}\n</div>')


def fields_html(form, skip=()) -> SafeString:
    """The form's fields (but those in `skip`), each as `field_html` writes it."""
    optional = gettext("optional")
    return SafeString("\n".join(field_html(form[name], optional) for name in form.fields if name not in skip))


def tools(request, list_name: str) -> dict:
    """The list's tools: the current filter as a query string (for the download links and saving it), and the
    user's saved views of this list."""
    query = query_without(request, OPEN_PARAM)
    return {"list_name": list_name, "query": query, "views": saved_views_for(request.user, list_name)}
