"""Pages of the collaboration agreement: a version (its content, the parties' answers, the PDF), drafting it, sending
it, a party's answer, a new version, and the PDF download. Rules: rules_agreements.py; writes: agreements.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access, documents
from core.forms import add_service_errors
from core.htmx import redirect_to
from lifeevents.models import LifeEvent

from . import agreements as services
from . import queries_agreements as queries
from .agreement_forms import AgreementResponseForm, AgreementVersionForm
from .agreement_models import AgreementDocument, AgreementVersion, CollaborationAgreement


@require_POST
def agreement_create(request: HttpRequest, slug: str) -> HttpResponse:
    access.require(request.user, "create", CollaborationAgreement)
    event = get_object_or_404(LifeEvent.objects.visible_to(request.user), slug=slug)
    try:
        version = services.agreement_create(life_event=event, by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect_to(request, event.get_absolute_url())
    messages.success(request, _("A draft of the collaboration agreement was made. Fill it in and send it."))
    return redirect_to(request, queries.edit_url(version))


@require_GET
def agreement_version(request: HttpRequest, pk: int) -> HttpResponse:
    with_agreement = AgreementVersion.objects.select_related("agreement__life_event")
    version = access.get_for_user(request.user, AgreementVersion, pk, queryset=with_agreement)
    return render(request, "governance/agreement_version.html", queries.version_page(version, request.user))


@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    with_agreement = AgreementVersion.objects.select_related("agreement")  # the page's heading names it
    version = access.get_for_user(request.user, AgreementVersion, pk, "change", queryset=with_agreement)
    form = AgreementVersionForm(request.POST or None, instance=version, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.version_save(version=version, data=form.version_data(), parties=form.parties(),
                                  funding=form.funding(), by=request.user)  # fmt: skip
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The draft was saved."))
            return redirect_to(request, version.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    ctx = {"form": form, "version": version, "agreement": version.agreement}
    return render(request, "governance/agreement_edit.html", ctx, status=status)


@require_POST
def agreement_send(request: HttpRequest, pk: int) -> HttpResponse:
    version = access.get_for_user(request.user, AgreementVersion, pk, "send")
    try:
        services.version_send(version=version, by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("The agreement was sent to the parties for confirmation."))
    return redirect_to(request, version.get_absolute_url())


@require_http_methods(["GET", "POST"])
def agreement_respond(request: HttpRequest, pk: int) -> HttpResponse:
    version = access.get_for_user(request.user, AgreementVersion, pk, "respond")
    form = AgreementResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.version_respond(version=version, kind=form.cleaned_data["kind"],
                                     reason=form.cleaned_data["reason"], by=request.user)  # fmt: skip
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("Your organisation's answer was recorded."))
            return redirect_to(request, version.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    ctx = {"form": form, "version": version, "agreement": version.agreement,
           "party": services.rules_agreements.representative_party(request.user, version)}  # fmt: skip
    return render(request, "governance/agreement_respond.html", ctx, status=status)


@require_POST
def agreement_revise(request: HttpRequest, pk: int) -> HttpResponse:
    version = access.get_for_user(request.user, AgreementVersion, pk, "revise")
    new = services.version_revise(version=version, by=request.user)
    messages.success(request, _("Version %(n)s was made as a draft. It needs every party's confirmation again.")
                     % {"n": new.number})  # fmt: skip
    return redirect_to(request, queries.edit_url(new))


@require_POST
def agreement_pdf_order(request: HttpRequest, pk: int) -> HttpResponse:
    version = access.get_for_user(request.user, AgreementVersion, pk, "order_pdf")
    try:
        services.document_reorder(version=version, by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("The PDF is being made again."))
    return redirect_to(request, version.get_absolute_url())


@require_GET
def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    version = access.get_for_user(request.user, AgreementVersion, pk)
    _newest, ready = documents.newest_and_ready(AgreementDocument.objects.filter(agreement_version=version))
    if ready is None or not ready.file:
        raise Http404
    return FileResponse(ready.file.open("rb"), as_attachment=True, filename=ready.filename,
                        content_type="application/pdf")  # fmt: skip
