"""The import pages: templates to download, the upload, the dry run and the import with its progress."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core import access
from core.forms import add_service_errors
from core.htmx import is_partial, redirect_to, template_for

from . import queries, services
from .forms import ImportForm
from .kinds import KINDS
from .models import ImportJob
from .templates_xlsx import template_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _home(request: HttpRequest, form: ImportForm, status: int = 200) -> HttpResponse:
    ctx = {"form": form, "kinds": queries.kinds_for(request.user), "jobs": queries.jobs_for(request.user)}
    return render(request, template_for(request, "imports/import_home.html", "upload-form"), ctx, status=status)


@require_GET
def import_home(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "create", ImportJob)
    return _home(request, ImportForm(user=request.user))


@require_POST
def import_upload(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "create", ImportJob)
    form = ImportForm(request.POST, request.FILES, user=request.user)
    if form.is_valid():
        try:
            job = services.import_upload(
                kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"], by=request.user
            )
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The file was uploaded. The dry run shows what the import will do."))
            return redirect_to(request, job.get_absolute_url())
    return _home(request, form, status=422)


@require_GET
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in KINDS:
        raise Http404
    access.require(request.user, "create", ImportJob(kind=kind, created_by=request.user))
    response = HttpResponse(template_workbook(kind), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="mal-{kind}.xlsx"'
    return response


@require_GET
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = access.get_for_user(request.user, ImportJob, pk)
    if is_partial(request) and not job.is_pending:
        return redirect_to(request, job.get_absolute_url())  # the end state arrives as a whole page
    ctx = {"job": job, "page": queries.job_page(job, request.user)}
    template = "imports/import_detail.html"
    return render(request, f"{template}#import-status" if is_partial(request) else template, ctx)


@require_POST
def import_run(request: HttpRequest, pk: int) -> HttpResponse:
    job = access.get_for_user(request.user, ImportJob, pk, "run")
    try:
        services.import_start(job=job, by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("The import has started."))
    return redirect_to(request, job.get_absolute_url())
