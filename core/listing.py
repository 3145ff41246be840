"""What every list page shares: the state of its collapsible filter panel, read from the URL (the filters are the
query string, so a list's state is always its URL: shareable, restored by Back, kept by a reload)."""

from __future__ import annotations

from .export import query_without
from .saved_views import saved_views_for
from .templatetags.core import described

OPEN_PARAM = "filters"  # ?filters=open keeps the panel open without a filter set (portal.js writes it on toggle)
NOT_FILTERS = frozenset({"q", "sort", "page", OPEN_PARAM})
GROUPS = ("radioselect", "checkboxselectmultiple", "checkbox")  # the widgets components/_field.html writes apart
EMPTY = (None, "", False, [], ())


def filter_panel(request, form, *, outside: tuple[str, ...] = ("q",)) -> dict:
    """How many of the panel's filters are set in the URL, and whether the panel starts open (a filter is set, or
    the user left it open).

    A folded panel is `deferred`: its fields are not written into the page (a list's filters are a dozen selects,
    one of two hundred organisations: as much as the rows to render, on every page and every page of results,
    for controls nobody sees until they open the panel). Opening it fetches them (`open_query`: this URL with the
    panel open; components/_filter_panel.html), and without JavaScript the panel holds a link to that URL. What a
    folded panel's fields hold in the URL (a sort order, an "unknown") is `kept` as hidden inputs until then, so
    the search field still sends it."""
    names = [name for name in form.fields if name not in NOT_FILTERS and name not in outside]
    if form.is_bound and form.is_valid():  # what the filter means: "unknown" of a yes/no select is no filter
        active = sum(1 for name in names if form.cleaned_data.get(name) not in EMPTY)
    else:
        active = sum(1 for name in names if any(v not in ("", "unknown") for v in request.GET.getlist(name)))
    is_open = bool(active) or request.GET.get(OPEN_PARAM) == "open"
    panel = {"active": active, "open": is_open, "param": OPEN_PARAM, "deferred": not is_open}
    if is_open:
        panel["fields"] = panel_fields(form, outside)
    else:
        query = request.GET.copy()
        query[OPEN_PARAM] = "open"
        in_panel = [name for name in form.fields if name not in outside]
        panel["kept"] = [(name, value) for name in in_panel for value in request.GET.getlist(name) if value]
        panel["open_query"] = query.urlencode()
    return panel


def panel_fields(form, outside: tuple[str, ...] = ()) -> list[dict]:
    """The panel's fields (not those `outside` it), each as components/_filter_panel.html writes it: a select or a
    text field as what components/_field.html writes of it (its label and id, whether it is optional, its help text,
    errors and control, tied to them by `described`), read once from the bound field rather than by a template per
    field; a group of options or a checkbox (`field`) through components/_field.html."""
    fields = []
    for name in form.fields:
        if name in outside:
            continue
        field = form[name]
        if field.widget_type in GROUPS:
            fields.append({"field": field})
            continue
        fields.append({"id": field.id_for_label, "auto_id": field.auto_id, "label": field.label,
                       "optional": not field.field.required, "help_text": field.help_text, "errors": field.errors,
                       "control": described(field)})  # fmt: skip
    return fields


def tools(request, list_name: str) -> dict:
    """The list's tools: the current filter as a query string (for the download links and saving it), and the
    user's saved views of this list."""
    query = query_without(request, OPEN_PARAM)
    return {"list_name": list_name, "query": query, "views": saved_views_for(request.user, list_name)}
