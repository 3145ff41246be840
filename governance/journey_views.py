"""Pages of shared user journeys (issue 22): a journey (steps, pain points, gaps) and the office's forms for journeys,
steps (added, changed, deleted) and pain points. Writes through governance/panels.py."""

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from core import access

from . import panel_queries as queries
from . import panels as services
from .insight_pages import form_page, save_form
from .models import JourneyStep, PainPoint, UserJourney
from .panel_forms import JourneyStepForm, PainPointForm, UserJourneyForm


@require_http_methods(["GET", "POST"])
def journey_create(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "create", UserJourney)
    form = UserJourneyForm(request.POST or None)
    done = save_form(
        request,
        form,
        lambda d: services.journey_save(data=d, by=request.user),
        _("The user journey was created. Add its steps in the order the user meets them."),
        lambda journey: journey.get_absolute_url(),
    )
    back = (reverse("governance:insight_overview"), _("User insight"))
    return done or form_page(
        request, form, heading=_("New user journey"), action=request.path, submit=_("Create the journey"), back=back
    )


@require_http_methods(["GET", "POST"])
def journey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    journey = access.get_for_user(request.user, UserJourney, pk, "change")
    form = UserJourneyForm(request.POST or None, instance=UserJourney.objects.get(pk=journey.pk))
    done = save_form(
        request,
        form,
        lambda d: services.journey_save(journey=journey, data=d, by=request.user),
        _("The user journey was saved."),
        journey.get_absolute_url(),
    )
    return done or form_page(
        request, form, heading=_("Change the user journey"), action=request.path, submit=_("Save the journey"),
        back=(journey.get_absolute_url(), journey.title),
    )  # fmt: skip


@require_GET
def journey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    journey = access.get_for_user(request.user, UserJourney, pk)
    journey = UserJourney.objects.select_related("life_event").get(pk=journey.pk)
    ctx = queries.journey_page(journey, request.user)
    ctx["may_change"] = access.can(request.user, "change", journey)
    return render(request, "governance/journey_detail.html", ctx)


@require_http_methods(["GET", "POST"])
def step_add(request: HttpRequest, pk: int) -> HttpResponse:
    journey = access.get_for_user(request.user, UserJourney, pk, "change")
    form = JourneyStepForm(request.POST or None)
    done = save_form(
        request,
        form,
        lambda d: services.step_add(journey=journey, data=d, by=request.user),
        _("The step was added."),
        lambda step: journey.get_absolute_url() + f"#step-{step.pk}",
    )
    return done or form_page(
        request,
        form,
        heading=_("New step in “%(journey)s”") % {"journey": journey.title},
        action=request.path,
        submit=_("Add the step"),
        back=(journey.get_absolute_url(), journey.title),
        intro=_("The step is added after the last one."),
    )


def _journey_and_step(request, pk: int, step_pk: int):
    journey = access.get_for_user(request.user, UserJourney, pk, "change")
    step = JourneyStep.objects.filter(journey=journey, pk=step_pk).first()
    if step is None:
        raise Http404
    return journey, step


@require_http_methods(["GET", "POST"])
def step_edit(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    journey, step = _journey_and_step(request, pk, step_pk)
    form = JourneyStepForm(request.POST or None, instance=JourneyStep.objects.get(pk=step.pk))
    done = save_form(
        request,
        form,
        lambda d: services.step_update(journey=journey, step=step, data=d, by=request.user),
        _("The step was saved."),
        journey.get_absolute_url() + f"#step-{step.pk}",
    )
    return done or form_page(
        request,
        form,
        heading=_("Change step %(n)s: %(title)s") % {"n": step.position, "title": step.title},
        action=request.path,
        submit=_("Save the step"),
        back=(journey.get_absolute_url(), journey.title),
    )


@require_http_methods(["GET", "POST"])
def step_delete(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    journey, step = _journey_and_step(request, pk, step_pk)
    form = forms.Form(request.POST if request.method == "POST" else None)  # nothing to fill in: the POST confirms
    done = save_form(
        request,
        form,
        lambda d: services.step_delete(journey=journey, step=step, by=request.user),
        _("The step was deleted, with its pain points."),
        journey.get_absolute_url(),
    )
    points = step.pain_points.count()
    intro = ngettext(
        "Step %(n)s, “%(title)s”, is deleted with its %(count)d pain point, which is unlinked from the proposals and "
        "measures that address it. The later steps move up one place. The deletion is logged.",
        "Step %(n)s, “%(title)s”, is deleted with its %(count)d pain points, which are unlinked from the proposals "
        "and measures that address them. The later steps move up one place. The deletion is logged.",
        points,
    ) % {"n": step.position, "title": step.title, "count": points}
    return done or form_page(
        request,
        form,
        heading=_("Delete the step"),
        action=request.path,
        submit=_("Delete the step"),
        back=(journey.get_absolute_url(), journey.title),
        intro=intro,
        extra={"danger": True},
    )


@require_http_methods(["GET", "POST"])
def pain_point_add(request: HttpRequest, pk: int) -> HttpResponse:
    journey = access.get_for_user(request.user, UserJourney, pk, "change")
    return _pain_point_form(request, journey, None)


@require_http_methods(["GET", "POST"])
def pain_point_edit(request: HttpRequest, pk: int, point_pk: int) -> HttpResponse:
    journey = access.get_for_user(request.user, UserJourney, pk, "change")
    point = PainPoint.objects.select_related("step").filter(step__journey=journey, pk=point_pk).first()
    if point is None:
        raise Http404
    return _pain_point_form(request, journey, point)


def _pain_point_form(request, journey, point):
    form = PainPointForm(request.POST or None, instance=point, journey=journey, user=request.user)
    if point is not None:  # the form's instance is the service's to change, not the form's
        form.instance = PainPoint(pk=point.pk, step=point.step)

    def write(d):
        data = {k: v for k, v in d.items() if k not in ("proposals", "measures")}
        return services.pain_point_save(
            journey=journey,
            pain_point=point,
            data=data,
            proposals=d["proposals"],
            measures=d["measures"],
            by=request.user,
        )

    done = save_form(
        request,
        form,
        write,
        _("The pain point was saved."),
        lambda saved: journey.get_absolute_url() + f"#pain-{saved.pk}",
    )
    return done or form_page(
        request,
        form,
        heading=_("Change the pain point") if point else _("New pain point"),
        action=request.path,
        submit=_("Save the pain point"),
        back=(journey.get_absolute_url(), journey.title),
        intro=_("Link the proposals and measures that address it. A pain point nothing addresses is shown as a gap."),
    )
