"""The office keeps the missions in the portal: a mission and its measurable targets created and edited through the
audited services (portfolio/services/missions.py), and the mission targets a benefit serves (benefits.py). Who may
is the policy's (portfolio/rules.py); every page is whole after the action, a form with errors answers 422."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import access
from core.forms import add_service_errors
from core.htmx import is_partial, redirect_to

from ..forms.missions import BenefitTargetsForm, MissionForm, TargetForm
from ..models import Benefit, Mission, MissionTarget
from ..services import benefits as benefit_services
from ..services import missions as services

FORM = "core/record_form.html"


def _posted(request):
    return request.POST if request.method == "POST" else None


def _changed(form) -> dict:
    return {name: form.cleaned_data[name] for name in form.changed_data}


def _save(request, form, save, done: str, page: dict) -> HttpResponse:
    """The form's page; on a valid POST the service's save (its ValidationError onto the form), then the next page."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, done)
            return redirect_to(request, page["next"](saved))
    status = 422 if request.method == "POST" else 200
    template = FORM + ("#record-form" if is_partial(request) else "")
    return render(request, template, {"form": form, **page}, status=status)


@require_http_methods(["GET", "POST"])
def mission_create(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "create", Mission)
    form = MissionForm(_posted(request), user=request.user)
    page = {"title": _("New mission"), "submit": _("Create the mission"),
            "back": (_("Missions"), reverse("portfolio:mission_list")),
            "next": lambda m: m.get_absolute_url()}  # fmt: skip
    return _save(request, form, lambda f: services.mission_create(data=f.cleaned_data, by=request.user),
                 _("The mission was created."), page)  # fmt: skip


@require_http_methods(["GET", "POST"])
def mission_edit(request: HttpRequest, pk: int) -> HttpResponse:
    mission = access.get_for_user(request.user, Mission, pk, "change")
    form = MissionForm(_posted(request), instance=mission, user=request.user)
    page = {"title": _("Edit the mission “%(title)s”") % {"title": mission.title}, "submit": _("Save the mission"),
            "back": (mission.title, mission.get_absolute_url()), "next": lambda m: m.get_absolute_url()}  # fmt: skip
    fresh = Mission.objects.get(pk=mission.pk)  # the form changed its instance while it validated
    return _save(request, form, lambda f: services.mission_update(mission=fresh, data=_changed(f), by=request.user),
                 _("The mission was saved."), page)  # fmt: skip


@require_http_methods(["GET", "POST"])
def target_create(request: HttpRequest, pk: int) -> HttpResponse:
    mission = access.get_for_user(request.user, Mission, pk)
    access.require_now(request.user, "create", MissionTarget)
    form = TargetForm(_posted(request), mission=mission)
    page = {"title": _("New target of “%(title)s”") % {"title": mission.title}, "submit": _("Add the target"),
            "back": (mission.title, mission.get_absolute_url()),
            "next": lambda t: mission.get_absolute_url() + "#targets"}  # fmt: skip
    data = lambda f: {**f.cleaned_data, "mission": mission}  # noqa: E731
    return _save(request, form, lambda f: services.mission_target_create(data=data(f), by=request.user),
                 _("The target was added."), page)  # fmt: skip


@require_http_methods(["GET", "POST"])
def target_edit(request: HttpRequest, pk: int, target: int) -> HttpResponse:
    mission = access.get_for_user(request.user, Mission, pk)
    instance = access.get_for_user(request.user, MissionTarget, target, "change", mission=mission)
    form = TargetForm(_posted(request), instance=instance, mission=mission)
    page = {"title": _("Edit the target “%(indicator)s”") % {"indicator": instance.indicator},
            "submit": _("Save the target"), "back": (mission.title, mission.get_absolute_url()),
            "next": lambda t: mission.get_absolute_url() + "#targets"}  # fmt: skip
    fresh = MissionTarget.objects.get(pk=instance.pk)
    save = lambda f: services.mission_target_update(target=fresh, data=_changed(f), by=request.user)  # noqa: E731
    return _save(request, form, save, _("The target was saved."), page)


@require_http_methods(["GET", "POST"])
def benefit_targets(request: HttpRequest, pk: int) -> HttpResponse:
    benefit = access.get_for_user(request.user, Benefit, pk, "change")
    form = BenefitTargetsForm(_posted(request), instance=benefit)
    page = {"title": _("Mission targets of the benefit “%(indicator)s”") % {"indicator": benefit.indicator},
            "submit": _("Save the targets"), "back": (benefit.indicator, benefit.get_absolute_url()),
            "next": lambda b: b.get_absolute_url() + "#targets"}  # fmt: skip
    fresh = Benefit.objects.get(pk=benefit.pk)
    save = lambda f: benefit_services.benefit_update(benefit=fresh, data=_changed(f), by=request.user)  # noqa: E731
    return _save(request, form, save, _("The benefit's mission targets were saved."), page)
