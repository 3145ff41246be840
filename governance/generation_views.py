"""The generation plan of a life event: its generations as a timeline of whole concepts (missions, measures and
building blocks, arena, state, what each leaves to the next), how the life event plans, and the office's forms.
Rules: rules_agreements.py (generations) and lifeevents/rules.py ("plan"); writes: generations.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access
from core.forms import add_service_errors
from core.htmx import redirect_to
from lifeevents.models import LifeEvent
from portfolio.models import Measure, Mission

from . import generations as services
from .agreement_forms import GenerationForm, PlanningModeForm
from .generation_models import Generation


def _event(request: HttpRequest, slug: str) -> LifeEvent:
    return get_object_or_404(LifeEvent.objects.visible_to(request.user), slug=slug)


def _plan_url(event: LifeEvent) -> str:
    return reverse("governance:generation_plan", kwargs={"slug": event.slug})


@require_GET
def generation_plan(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    measures = Measure.objects.visible_to(request.user).only("title", "stage", "status", "is_illustrative")
    generations = list(
        Generation.objects.visible_to(request.user)
        .filter(life_event=event)
        .prefetch_related(
            Prefetch("missions", queryset=Mission.objects.only("title").order_by("title")),
            Prefetch("measures", queryset=measures.order_by("title")),
        )
        .order_by("number")
    )
    ctx = {
        "event": event,
        "generations": generations,
        "may_plan": access.can(request.user, "plan", event),
        "may_add": access.can(request.user, "create", Generation),
        "mode_form": PlanningModeForm(initial={"planning_mode": event.planning_mode}),
    }
    return render(request, "governance/generation_plan.html", ctx)


@require_POST
def planning_mode(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    access.require_now(request.user, "plan", event)
    form = PlanningModeForm(request.POST)
    if form.is_valid():
        services.planning_mode_set(life_event=event, mode=form.cleaned_data["planning_mode"], by=request.user)
        messages.success(request, _("How the life event plans was saved."))
    else:
        messages.error(request, _("Choose a roadmap or generations."))
    return redirect_to(request, _plan_url(event))


@require_http_methods(["GET", "POST"])
def generation_create(request: HttpRequest, slug: str) -> HttpResponse:
    access.require(request.user, "create", Generation)
    event = _event(request, slug)
    return _form(request, event, None)


@require_http_methods(["GET", "POST"])
def generation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    generation = access.get_for_user(request.user, Generation, pk, "change")
    return _form(request, generation.life_event, generation)


def _form(request: HttpRequest, event: LifeEvent, generation: Generation | None) -> HttpResponse:
    form = GenerationForm(request.POST or None, instance=generation, user=request.user, life_event=event)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form._meta.fields}
        try:
            if generation is None:
                services.generation_create(life_event=event, data=data, by=request.user)
            else:
                services.generation_update(generation=generation, data=data, by=request.user)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The generation was saved."))
            return redirect_to(request, _plan_url(event))
    status = 422 if request.method == "POST" else 200
    ctx = {"form": form, "event": event, "generation": generation}
    return render(request, "governance/generation_form.html", ctx, status=status)
