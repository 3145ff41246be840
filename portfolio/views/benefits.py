"""The benefit register (step 5): every benefit the user may see with its owner, baseline, target, indicator and
latest realisation; a benefit's page with its realisations over time. The office records realisations and edits a
benefit through the audited services; everyone else reads within their scope."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access
from core.forms import add_service_errors
from core.htmx import is_partial, redirect_to

from ..forms.benefits import BenefitForm, RealisationForm
from ..models import Benefit, BenefitRealisation
from ..queries import benefits as queries
from ..services import benefits as services

DETAIL = "portfolio/benefits/benefit_detail.html"


def _number(value) -> int | None:
    return int(value) if value and str(value).isdigit() and len(str(value)) < 10 else None


@require_GET
def benefit_list(request: HttpRequest) -> HttpResponse:
    get = request.GET
    filters = queries.RegisterFilters(
        life_event=_number(get.get("life_event")), mission=_number(get.get("mission")), owner=_number(get.get("owner"))
    )
    benefits = queries.benefit_register(request.user, filters)
    page = Paginator(benefits, queries.REGISTER_ROWS).get_page(get.get("page"))
    query = urlencode({k: v for k, v in vars(filters).items() if v})  # the filters, kept on the other pages
    ctx = {"benefits": page.object_list, "page": page, "query": query, "filters": filters}
    if not is_partial(request):
        ctx.update(queries.register_choices(request.user))
    template = "portfolio/benefits/benefit_list.html"
    return render(request, template + "#benefit-table" if is_partial(request) else template, ctx)


def _detail(request, benefit: Benefit, *, form=None, status=200) -> HttpResponse:
    benefit, realisations = queries.benefit_with_realisations(benefit)
    may_record = access.can(request.user, "create", BenefitRealisation)
    top = max([abs(r.value) for r in realisations] + [abs(benefit.expected_value or 0), 1])
    for r in realisations:  # the bar beside each value, as a share of the largest (the table holds the numbers)
        r.share = round(abs(r.value) * 100 / top)
    ctx = {
        "benefit": benefit,
        "realisations": realisations,
        "form": form or (RealisationForm() if may_record else None),
        "may_edit": access.can(request.user, "change", benefit),
        "targets": queries.targets_of(benefit),
    }
    return render(request, DETAIL + "#realisation-form" if is_partial(request) else DETAIL, ctx, status=status)


@require_GET
def benefit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, access.get_for_user(request.user, Benefit, pk))


@require_POST
def realisation_add(request: HttpRequest, pk: int) -> HttpResponse:
    benefit = access.get_for_user(request.user, Benefit, pk)
    access.require_now(request.user, "create", BenefitRealisation)
    form = RealisationForm(request.POST)
    if form.is_valid():
        try:
            services.benefit_realisation_create(data={**form.cleaned_data, "benefit": benefit}, by=request.user)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The realisation was recorded."))
            return redirect_to(request, benefit.get_absolute_url() + "#realisations")
    return _detail(request, benefit, form=form, status=422)


@require_http_methods(["GET", "POST"])
def benefit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    benefit = access.get_for_user(request.user, Benefit, pk, "change")
    form = BenefitForm(request.POST if request.method == "POST" else None, instance=benefit, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.benefit_update(benefit=Benefit.objects.get(pk=benefit.pk), data=data, by=request.user)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The benefit was saved."))
            return redirect_to(request, benefit.get_absolute_url())
    template = "portfolio/benefits/benefit_form.html" + ("#benefit-form" if is_partial(request) else "")
    status = 422 if request.method == "POST" else 200
    return render(request, template, {"form": form, "benefit": benefit}, status=status)
