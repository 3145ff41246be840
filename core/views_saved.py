"""Saving a list's filter as a named view, and deleting one (core/saved_views.py). Both end on the list page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import access
from . import saved_views as services
from .forms import add_service_errors
from .models import SavedView


@require_POST
def saved_view_save(request: HttpRequest) -> HttpResponse:
    form = services.SavedViewForm(request.POST)
    if form.is_valid():
        try:
            view = services.saved_view_save(by=request.user, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The view “%(name)s” is saved.") % {"name": view.name})
            return redirect(services.list_url(view.list_name, view.query))
    return render(request, "core/saved_view_form.html", {"form": form}, status=422)


@require_POST
def saved_view_delete(request: HttpRequest, pk: int) -> HttpResponse:
    view = access.get_for_user(request.user, SavedView, pk, "delete")
    services.saved_view_delete(view=view, by=request.user)
    messages.success(request, _("The view “%(name)s” is deleted.") % {"name": view.name})
    return redirect(services.list_url(view.list_name))
