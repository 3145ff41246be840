"""The priorities (a ranked list with the reasons and how sure), and the budget scenarios: the list, setting one
up and changing it, its result and frontier, solving again, sharing with ministries, the recommendation to the
steering dialogue, and two side by side."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access
from core.htmx import redirect_to, template_for
from portfolio.models import Measure

from . import priority_queries
from . import scenario_queries as queries
from . import scenario_services as services
from .driver_models import Driver
from .scenario_forms import CompareForm, RecommendForm, ScenarioForm, ShareForm
from .scenario_models import Scenario


@require_GET
def scenario_list(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "list", Scenario)
    scenarios = Scenario.objects.visible_to(request.user).select_related("created_by")
    ctx = {"scenarios": scenarios, "compare": CompareForm(user=request.user)}
    return render(request, "governance/scenario_list.html", ctx)


@require_http_methods(["GET", "POST"])
def scenario_create(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "create", Scenario)
    return _form(request, None)


@require_http_methods(["GET", "POST"])
def scenario_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form(request, access.get_for_user(request.user, Scenario, pk, "change"))


def _form(request: HttpRequest, scenario: Scenario | None) -> HttpResponse:
    initial = ScenarioForm.initial_for(scenario) if scenario else {}
    form = ScenarioForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if scenario is None:
                scenario = services.scenario_create(data=form.cleaned(), by=request.user)
            else:
                scenario = services.scenario_update(scenario=scenario, data=form.cleaned(), by=request.user)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("The scenario was saved and is being solved."))
            return redirect_to(request, scenario.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    template = template_for(request, "governance/scenario_form.html", "scenario-form")
    return render(request, template, {"form": form, "scenario": scenario}, status=status)


@require_GET
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = access.get_for_user(request.user, Scenario, pk)
    ctx = {
        "page": queries.scenario_page(scenario),
        "share": ShareForm(initial={"ministries": list(scenario.shared_with.all())}),
        "recommend": RecommendForm(initial={"recommendation": scenario.recommendation}),
    }
    return render(request, template_for(request, "governance/scenario_detail.html", "scenario-result"), ctx)


@require_POST
def scenario_solve(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = access.get_for_user(request.user, Scenario, pk, "solve")
    try:
        services.scenario_solve(scenario=scenario, by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("The scenario is being solved again."))
    return redirect_to(request, scenario.get_absolute_url())


@require_POST
def scenario_share(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = access.get_for_user(request.user, Scenario, pk, "share")
    form = ShareForm(request.POST)
    if form.is_valid():
        services.scenario_share(scenario=scenario, ministries=form.cleaned_data["ministries"], by=request.user)
        messages.success(request, _("Who the scenario is shared with was saved."))
    else:
        messages.error(request, _("Choose ministries from the list."))
    return redirect_to(request, scenario.get_absolute_url())


@require_POST
def scenario_recommend(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = access.get_for_user(request.user, Scenario, pk, "recommend")
    form = RecommendForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Write the recommendation."))
        services.scenario_recommend(scenario=scenario, text=form.cleaned_data["recommendation"], by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("The scenario is now the office's recommendation to the steering dialogue."))
    return redirect_to(request, scenario.get_absolute_url())


@require_GET
def scenario_compare(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "list", Scenario)
    form = CompareForm(request.GET or None, user=request.user)
    ctx = {"form": form}
    if form.is_valid():
        left, right, ctx["both"] = queries.comparison(form.cleaned_data["a"], form.cleaned_data["b"])
        ctx["sides"] = [left, right]
    return render(
        request, "governance/scenario_compare.html", ctx, status=200 if form.is_valid() or not form.is_bound else 422
    )


@require_GET
def priority_list(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "see_ranks", Measure)
    rows, ranked, weighting = priority_queries.priority_list(request.user)
    may_score = access.can(request.user, "score", Driver)
    ctx = {"rows": rows, "ranked": ranked, "weighting": weighting, "may_score": may_score}
    return render(request, "governance/priority_list.html", ctx)
