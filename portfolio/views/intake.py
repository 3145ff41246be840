"""Step 1 pages: the intake form (register, edit, submit, withdraw), attachments (upload, download, remove) and
the office's calls for proposals. Thin views: access → form → service → response."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access
from core.forms import add_service_errors
from core.htmx import is_partial, redirect_to

from .. import redaction
from ..forms.intake import AttachmentForm, AttachmentRemoveForm, ProposalForm, WithdrawForm
from ..models import Attachment, Proposal
from ..queries.intake import call_from_query, call_list_for, live_attachments
from ..services import attachments
from ..services import intake as services

FORM_PAGE = "portfolio/proposal_form.html"
UPLOAD_OVERHEAD = 64 * 1024  # the multipart envelope and the form's other fields


def _form_page(request, form, proposal=None, *, partial: str | None = None, **extra) -> HttpResponse:
    """The intake page (or one of its regions for htmx): 200 on GET, 422 when a POST was refused."""
    ctx = {"form": form, "proposal": proposal, **extra}
    if proposal is not None:
        ctx.setdefault("attachment_form", AttachmentForm())
        ctx["attachments"] = [
            (a, ctx["remove_form"] if a.pk == extra.get("failed_pk") else remove_form_for(a))
            for a in live_attachments(proposal)
        ]
        ctx["can_withdraw"] = access.can(request.user, "withdraw", proposal)
        ctx["can_submit"] = access.can(request.user, "submit", proposal)
        ctx.setdefault("withdraw_form", WithdrawForm(auto_id="id_withdraw_%s"))
    else:
        ctx.setdefault("open_calls", call_list_for(request.user).open)
    template = f"{FORM_PAGE}#{partial}" if partial else FORM_PAGE
    return render(request, template, ctx, status=422 if request.method == "POST" else 200)


def remove_form_for(attachment: Attachment, data=None) -> AttachmentRemoveForm:
    return AttachmentRemoveForm(data, auto_id=f"id_remove_{attachment.pk}_%s")


def _posted(request) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _files(request):
    """The files sent with the intake form (answers to a call's file questions)."""
    return request.FILES if request.method == "POST" else None


@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest) -> HttpResponse:
    if not services.may_register(request.user):
        raise PermissionDenied
    call = call_from_query(request.user, request.GET.get("call"))
    initial = {"call": call, "life_events": [call.life_event] if call and call.life_event else []}
    initial["missions"] = [call.mission] if call and call.mission else []
    submitting = request.POST.get("action") == "submit"
    form = ProposalForm(
        _posted(request), _files(request), user=request.user, submitting=submitting, creating=True, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(data=form.cleaned_data, by=request.user, submit=submitting)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The proposal was submitted.") if submitting else _("The draft was saved."))
            return redirect_to(request, proposal.get_absolute_url())
    return _form_page(request, form, call=call, partial="proposal-form" if is_partial(request) else None)


@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    # its organisation (the page's heading) and its call (the form's questions and its base), read with it
    with_related = Proposal.objects.select_related("organisation", "call")
    proposal = access.get_for_user(request.user, Proposal, pk, "change", queryset=with_related)
    submitting = request.POST.get("action") == "submit"
    form = ProposalForm(_posted(request), _files(request), instance=proposal, user=request.user, submitting=submitting)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version, base = data.pop("version"), data.pop("base", None)
        try:
            proposal = services.proposal_update(
                proposal=proposal, data=data, version=version, by=request.user, submit=submitting, base=base
            )
        except services.Conflict as e:
            conflict = e
            posted = _merged(request, e)
            form = ProposalForm(posted, instance=e.current, user=request.user, submitting=submitting)
            form.is_valid()
            form.add_error(None, e)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The proposal was submitted.") if submitting else _("Your changes were saved."))
            return redirect_to(request, proposal.get_absolute_url())
    partial = "proposal-form" if is_partial(request) else None
    return _form_page(request, form, proposal, conflict=conflict, partial=partial)


def _merged(request, conflict) -> QueryDict:
    """The form after a conflict: this user's changed fields as they typed them, every other field as saved now,
    and the version and base of the saved proposal, so that saving again reverts nothing of the colleague's."""
    posted = request.POST
    saved = ProposalForm(instance=conflict.current, user=request.user)
    merged = posted.copy()
    for name in saved.fields:
        if name in ("version", "base") or (conflict.mine and name in conflict.mine):
            continue
        if not conflict.mine and name in posted:
            continue  # a plain conflict (no base): the form keeps what the user typed
        value = saved[name].value()
        if isinstance(value, list | tuple):
            merged.setlist(name, [str(v) for v in value])
        elif name in posted or value not in (None, ""):
            merged[name] = "" if value is None else str(value)
    merged["version"] = str(conflict.current.version)
    merged["base"] = saved["base"].value()
    return merged


def _form_with_problems(request, proposal: Proposal, error: ValidationError) -> ProposalForm:
    """The edit form bound to the proposal as saved, showing what stops it from being submitted."""
    unbound = ProposalForm(instance=proposal, user=request.user)
    data = {name: unbound[name].value() for name in unbound.fields}
    form = ProposalForm({k: "" if v is None else v for k, v in data.items()}, instance=proposal, user=request.user)
    if form.is_valid():
        add_service_errors(form, error)
    return form


@require_POST
def proposal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access.get_for_user(request.user, Proposal, pk, "submit")
    try:
        services.proposal_submit(proposal=proposal, by=request.user)
    except ValidationError as e:
        form = _form_with_problems(request, proposal, e)
        return _form_page(request, form, proposal, partial="proposal-form" if is_partial(request) else None)
    messages.success(request, _("The proposal was submitted. The portfolio office has been told."))
    return redirect_to(request, proposal.get_absolute_url())


@require_POST
def proposal_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access.get_for_user(request.user, Proposal, pk, "withdraw")
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_withdraw(proposal=proposal, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The proposal was withdrawn. It stays readable, with the reason."))
            return redirect_to(request, proposal.get_absolute_url())
    return render(request, "portfolio/proposal_withdraw.html", {"form": form, "proposal": proposal}, status=422)


# ---- attachments ----------------------------------------------------------------------------------------------


def _back(request, proposal: Proposal) -> str:
    """Where to go after an attachment action: the page it came from (`next`, same site only) or the proposal."""
    target = request.POST.get("next", "")
    # a path on this site only: `redirect("abc")` would try to reverse "abc" as a URL name (a 500)
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return proposal.get_absolute_url() + "#attachments"


@csrf_exempt  # only so that the size is checked before the body is read; CSRF is checked by _attachment_upload
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """A body far over the size limit is refused (413) before it is read or written to disk."""
    proposal = access.get_for_user(request.user, Proposal, pk, "attach")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > attachments.max_bytes() + UPLOAD_OVERHEAD:
        form = AttachmentForm({}, {})
        form.is_valid()
        limit = attachments.max_bytes() // (1024 * 1024)
        form.errors["file"] = form.error_class(
            [_("The file is too large. The limit is %(limit)s MB.") % {"limit": limit}]
        )
        edit_form = ProposalForm(instance=proposal, user=request.user)
        response = _form_page(request, edit_form, proposal, attachment_form=form)
        response.status_code = 413
        return response
    return _attachment_upload(request, proposal)


@csrf_protect
def _attachment_upload(request: HttpRequest, proposal: Proposal) -> HttpResponse:
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = services.attachment_add(proposal=proposal, upload=form.cleaned_data["file"], by=request.user)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("“%(name)s” was attached.") % {"name": attachment.original_name})
            return redirect_to(request, _back(request, proposal))
    edit_form = ProposalForm(instance=proposal, user=request.user)
    partial = "attachments" if is_partial(request) else None
    return _form_page(request, edit_form, proposal, attachment_form=form, partial=partial)


@require_GET
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    proposal = access.get_for_user(request.user, Proposal, pk)
    attachment = get_object_or_404(Attachment.objects.filter(proposal=proposal), pk=attachment_pk)
    if attachment.removed_at is not None and not access.can(request.user, "see_internal", proposal):
        raise Http404
    if not access.can(request.user, "see_exempt", proposal) and redaction.attachment_exempt(attachment):
        raise PermissionDenied  # exempt from public access (offentleglova), itself or as an exempt call answer's file
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as e:
        raise Http404 from e
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def attachment_remove(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    proposal = access.get_for_user(request.user, Proposal, pk, "attach")
    attachment = get_object_or_404(Attachment.objects.filter(proposal=proposal), pk=attachment_pk)
    form = remove_form_for(attachment, request.POST)
    if form.is_valid():
        try:
            services.attachment_remove(attachment=attachment, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("“%(name)s” was removed from the proposal.") % {"name": attachment})
            return redirect_to(request, _back(request, proposal))
    edit_form = ProposalForm(instance=proposal, user=request.user)
    partial = "attachments" if is_partial(request) else None
    return _form_page(request, edit_form, proposal, remove_form=form, failed_pk=attachment.pk, partial=partial)
