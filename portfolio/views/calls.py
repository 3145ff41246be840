"""Calls for proposals: the list (open ones first, for everyone signed in) and the office's create, edit and
close. Intake forms point to the open calls."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access
from core.forms import add_service_errors
from core.htmx import is_partial, redirect_to

from ..forms.intake import CallForm
from ..models import CallForProposals
from ..queries.intake import call_list_for
from ..services import intake as services

LIST_PAGE = "portfolio/calls/call_list.html"


def _list_page(request, *, status=200, **extra) -> HttpResponse:
    ctx = {
        "calls": call_list_for(request.user),
        "can_change": access.can(request.user, "create", CallForProposals),
        "can_register": services.may_register(request.user),
    }
    return render(request, LIST_PAGE, {**ctx, **extra}, status=status)


@require_GET
def call_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request)


@require_http_methods(["GET", "POST"])
def call_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    call = access.get_for_user(request.user, CallForProposals, pk, "change") if pk else None
    access.require(request.user, "change", call or CallForProposals)
    form = CallForm(request.POST if request.method == "POST" else None, instance=call, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if call:
                version = form.cleaned_data.get("version")
                services.call_update(call=call, data=form.cleaned_data, by=request.user, version=version)
            else:
                services.call_create(data=form.cleaned_data, by=request.user)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The call for proposals was saved."))
            return redirect_to(request, reverse("portfolio:call_list"))
    template = "portfolio/calls/call_form.html" + ("#call-form" if is_partial(request) else "")
    status = 422 if request.method == "POST" else 200
    return render(request, template, {"form": form, "call": call}, status=status)


@require_POST
def call_close(request: HttpRequest, pk: int) -> HttpResponse:
    call = access.get_for_user(request.user, CallForProposals, pk, "close")
    try:
        services.call_close(call=call, by=request.user)
    except ValidationError as e:
        return _list_page(request, status=422, errors=e.messages)
    messages.success(request, _("The call “%(title)s” was closed. It no longer takes proposals.") % {"title": call})
    return redirect_to(request, reverse("portfolio:call_list"))
