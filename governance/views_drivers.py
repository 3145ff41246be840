"""The strategic drivers: the list with the weights in force and their versions, defining and changing a driver,
weighing them directly or by pairwise comparison, and scoring a proposal or a measure against them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core import access
from core.forms import add_service_errors
from core.htmx import redirect_to, template_for
from portfolio.models import Measure, Proposal

from . import ahp
from . import drivers as services
from .driver_forms import DirectWeightsForm, DriverForm, DriverScoresForm, PairwiseForm
from .driver_models import Driver, DriverWeighting

TARGETS = {"tiltak": Measure, "forslag": Proposal}


@require_GET
def driver_list(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "list", Driver)
    weighting = services.weighting_in_force()
    drivers = Driver.objects.visible_to(request.user).only("name", "description", "is_active", "sort_order")
    ctx = {
        "weighting": weighting,
        "drivers": [(d, weighting.percent(d.pk) if d.is_active else None) for d in drivers],
        "versions": DriverWeighting.objects.select_related("created_by").order_by("-version")[:10],
        "may_change": access.can(request.user, "change", Driver),
    }
    return render(request, "governance/driver_list.html", ctx)


@require_http_methods(["GET", "POST"])
def driver_create(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "create", Driver)
    return _driver_form(request, None)


@require_http_methods(["GET", "POST"])
def driver_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _driver_form(request, access.get_for_user(request.user, Driver, pk, "change"))


def _driver_form(request: HttpRequest, driver: Driver | None) -> HttpResponse:
    form = DriverForm(request.POST or None, initial=DriverForm.initial_for(driver) if driver else None)
    if request.method == "POST" and form.is_valid():
        try:
            if driver is None:
                services.driver_create(data=form.cleaned_data, by=request.user)
            else:
                services.driver_update(driver=driver, data=form.cleaned_data, by=request.user)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The driver was saved. Weigh the drivers again to give it a weight."))
            return redirect_to(request, reverse("governance:driver_list"))
    status = 422 if request.method == "POST" else 200
    template = template_for(request, "governance/driver_form.html", "driver-form")
    return render(request, template, {"form": form, "driver": driver}, status=status)


@require_http_methods(["GET", "POST"])
def driver_weights(request: HttpRequest) -> HttpResponse:
    """Set the weights directly (`?metode=parvis`: by pairwise comparison)."""
    access.require(request.user, "weigh", Driver)
    pairwise = request.GET.get("metode") == "parvis"
    current = services.weighting_in_force()
    latest = DriverWeighting.objects.order_by("-version").only("comparisons").first()
    initial = {"rubric_share": round(current.rubric_share * 100)}
    if pairwise:
        comparisons = latest.comparisons if latest else {}
        form = PairwiseForm(request.POST or None, initial=initial, drivers=current.drivers, comparisons=comparisons)
    else:
        form = DirectWeightsForm(
            request.POST or None, initial=initial, drivers=current.drivers, weights=current.weights
        )
    if request.method == "POST" and form.is_valid():
        share, note = form.cleaned_data["rubric_share"] / 100, form.cleaned_data["note"]
        try:
            if pairwise:
                w = services.weights_set_pairwise(comparisons=form.comparisons(), rubric_share=share, by=request.user,
                                                  note=note)  # fmt: skip
            else:
                w = services.weights_set_direct(weights=form.weights(), rubric_share=share, by=request.user, note=note)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            _weights_message(request, w)
            return redirect_to(request, reverse("governance:driver_list"))
    status = 422 if request.method == "POST" else 200
    ctx = {"form": form, "pairwise": pairwise, "weighting": current}
    return render(request, template_for(request, "governance/driver_weights.html", "weights-form"), ctx, status=status)


def _weights_message(request: HttpRequest, weighting: DriverWeighting) -> None:
    if weighting.consistency_ratio is not None and weighting.consistency_ratio > ahp.CR_LIMIT:
        text = _(
            "Version %(v)s of the weights was saved, but the comparisons are inconsistent (consistency ratio "
            "%(cr)s, above 0.10). Look at them again."
        )
        messages.warning(request, text % {"v": weighting.version, "cr": f"{weighting.consistency_ratio:.2f}"})
    else:
        messages.success(request, _("Version %(v)s of the weights was saved.") % {"v": weighting.version})


@require_http_methods(["GET", "POST"])
def driver_scores(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Score a measure (`tiltak`) or a proposal (`forslag`) against the drivers in use."""
    if kind not in TARGETS:
        raise Http404
    target = access.get_for_user(request.user, TARGETS[kind], pk)
    access.require(request.user, "score", Driver)
    current = services.weighting_in_force()
    field = "measure" if kind == "tiltak" else "proposal"
    scores = dict(target.driver_scores.values_list("driver_id", "value"))
    form = DriverScoresForm(request.POST or None, drivers=current.drivers, scores=scores)
    if request.method == "POST" and form.is_valid():
        try:
            services.driver_scores_set(target=target, scores=form.scores(), by=request.user)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The scores against the drivers were saved."))
            return redirect_to(request, reverse("governance:priority_list"))
    status = 422 if request.method == "POST" else 200
    ctx = {"form": form, "target": target, "kind": kind, "field": field}
    return render(request, template_for(request, "governance/driver_scores.html", "scores-form"), ctx, status=status)
