"""Step 2 actions from a proposal's page: take into triage, assign the facilitator, qualify, undo a merge, and
post a question, answer or internal note (htmx: the thread re-renders in place). Invalid posts re-render the page
with 422."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import access
from core.forms import add_service_errors
from core.htmx import is_partial, redirect_to

from ..forms.harmonise import FacilitatorForm, MessageForm, QualifyForm, UnmergeForm
from ..models import Proposal
from ..services import harmonise as services
from ..services import merge
from ..services import messages as conversation
from .proposals import DETAIL, detail_context


def _failed(request: HttpRequest, pk: int, partial: str | None = None, **forms) -> HttpResponse:
    template = f"{DETAIL}#{partial}" if partial and is_partial(request) else DETAIL
    return render(request, template, detail_context(request, pk, **forms), status=422)


@require_POST
def proposal_triage(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access.get_for_user(request.user, Proposal, pk, "triage")
    try:
        proposal, problem = services.proposal_triage(proposal=proposal, by=request.user)
    except ValidationError as e:
        return _failed(request, pk, action_errors=e.messages)
    messages.success(request, _("The proposal is in step 2, harmonise and qualify."))
    if problem:
        messages.warning(request, _("You were not made its facilitator: %(why)s") % {"why": problem})
    else:
        messages.success(request, _("You are its facilitator."))
    return redirect_to(request, proposal.get_absolute_url())


@require_POST
def facilitator_assign(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access.get_for_user(request.user, Proposal, pk, "assign_facilitator")
    form = FacilitatorForm(request.POST, user=request.user, proposal=proposal)
    if form.is_valid():
        try:
            services.facilitator_assign(proposal=proposal, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("%(name)s is the facilitator.") % {"name": form.cleaned_data["facilitator"]})
            return redirect_to(request, proposal.get_absolute_url())
    return _failed(request, pk, "facilitator", facilitator_form=form)


@require_POST
def proposal_qualify(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access.get_for_user(request.user, Proposal, pk, "qualify")
    form, conflict = QualifyForm(request.POST, user=request.user), None
    if form.is_valid():
        try:
            services.proposal_qualify(proposal=proposal, by=request.user, **form.cleaned_data)
        except services.Conflict as e:
            conflict = e.current
            form = QualifyForm({**request.POST.dict(), "version": conflict.version}, user=request.user)
            form.is_valid()
            form.add_error(None, e)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The qualification was recorded."))
            return redirect_to(request, proposal.get_absolute_url())
    return _failed(request, pk, "qualify", qualify_form=form, conflict=conflict)


@require_POST
def proposal_unmerge(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access.get_for_user(request.user, Proposal, pk, "unmerge")
    form = UnmergeForm(request.POST)
    if form.is_valid():
        try:
            merge.proposal_unmerge(proposal=proposal, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The merge was undone: the proposal is back in step 2 on its own."))
            return redirect_to(request, proposal.get_absolute_url())
    return _failed(request, pk, unmerge_form=form)


@require_POST
def message_post(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access.get_for_user(request.user, Proposal, pk)
    kind = request.POST.get("kind", "")
    access.require(request.user, conversation.MESSAGE_ACTIONS.get(kind, "ask"), proposal)
    form = MessageForm(request.POST, proposal=proposal)
    if form.is_valid():
        try:
            conversation.message_post(proposal=proposal, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            if is_partial(request):
                ctx = detail_context(request, pk, posted=kind)
                return render(request, f"{DETAIL}#conversation", ctx)
            messages.success(request, _("Your message was saved."))
            return redirect_to(request, proposal.get_absolute_url() + "#conversation")
    return _failed(request, pk, "conversation", message_form=form, failed_kind=kind)
