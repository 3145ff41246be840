"""Saved views: a user saves the current filter of a list under a name and finds it again as a link on that list.
The writes (audited) and the read of a list's saved views; who may is `core.rules` ("core.savedview")."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from . import access, audit
from .forms import CleanTextMixin
from .models import SavedView

NOT_SAVED = frozenset({"page", "export", "csrfmiddlewaretoken"})  # what a saved view never keeps


class SavedViewForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("Save this view as"), max_length=80)
    list_name = forms.CharField(widget=forms.HiddenInput, max_length=100)
    query = forms.CharField(widget=forms.HiddenInput, max_length=2000, required=False)


def list_url(list_name: str, query: str = "") -> str:
    """The list page with the saved filter (ValidationError for a list that does not exist)."""
    try:
        url = reverse(list_name)
    except NoReverseMatch as e:
        raise ValidationError({"list_name": _("This list cannot be saved.")}) from e
    return f"{url}?{query}" if query else url


def clean_query(query: str) -> str:
    return urlencode([(k, v) for k, v in parse_qsl(query.lstrip("?"), keep_blank_values=False) if k not in NOT_SAVED])


@transaction.atomic
def saved_view_save(*, by, list_name: str, name: str, query: str) -> SavedView:
    """Save the list's filter under `name` (the same name on the same list replaces the filter it had)."""
    access.require(by, "create", SavedView)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the view a name.")})
    list_url(list_name)
    query = clean_query(query or "")
    view = SavedView.objects.select_for_update().filter(user=by, list_name=list_name, name=name).first()
    old = view.query if view else None
    if view is None:
        view = SavedView.objects.create(user=by, list_name=list_name, name=name, query=query)
    elif old != query:
        view.query = query
        view.save(update_fields=["query"])
    audit.record(actor=by, action="core.savedview.saved", obj=view, changes={"query": [old, query]})
    return view


@transaction.atomic
def saved_view_delete(*, view: SavedView, by) -> None:
    access.require(by, "delete", view)
    audit.record(actor=by, action="core.savedview.deleted", obj=view, changes={"name": [view.name, None]})
    view.delete()


def saved_views_for(user, list_name: str) -> list[SavedView]:
    """The user's saved views of one list, each with its link (one query)."""
    views = list(SavedView.objects.visible_to(user).filter(list_name=list_name).only("name", "list_name", "query"))
    for view in views:
        view.url = list_url(view.list_name, view.query)
    return views
