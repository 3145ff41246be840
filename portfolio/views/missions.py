"""Missions and their measurable targets (step 5): every signed-in user reads them, with the benefits that serve each
target; the office records a target's measurement through the audited service (portfolio/services/missions.py) and
edits missions and targets (views/mission_edit.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core import access
from core.forms import add_service_errors
from core.htmx import is_partial, redirect_to

from ..forms.benefits import MeasurementForm
from ..models import Mission, MissionReview, MissionTarget, TargetMeasurement
from ..queries import benefits as queries
from ..queries import mission_reviews
from ..services import missions as services

DETAIL = "portfolio/benefits/mission_detail.html"


@require_GET
def mission_list(request: HttpRequest) -> HttpResponse:
    return render(request, "portfolio/benefits/mission_list.html", {"missions": queries.mission_list(request.user)})


def _detail(request, mission: Mission, *, form=None, status=200) -> HttpResponse:
    mission, targets, measured = queries.mission_with_targets(mission)
    serving = queries.benefits_serving(targets, request.user)
    for target in targets:
        target.measured, target.serving = measured[target.pk], serving[target.pk]
        target.may_edit = access.can(request.user, "change", target)
    may_record = bool(targets) and access.can(request.user, "create", TargetMeasurement)
    form = form or (MeasurementForm(mission=mission) if may_record else None)
    ctx = {"mission": mission, "targets": targets, "form": form}
    ctx["review"], ctx["earlier_reviews"] = mission_reviews.latest_and_history(mission, request.user)
    ctx["may_review"] = access.can(request.user, "create", MissionReview)
    ctx["may_edit"] = access.can(request.user, "change", mission)
    ctx["may_add_target"] = access.can(request.user, "create", MissionTarget)
    return render(request, DETAIL + "#measurement-form" if is_partial(request) else DETAIL, ctx, status=status)


@require_GET
def mission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, access.get_for_user(request.user, Mission, pk))


@require_POST
def measurement_add(request: HttpRequest, pk: int) -> HttpResponse:
    mission = access.get_for_user(request.user, Mission, pk)
    access.require_now(request.user, "create", TargetMeasurement)
    form = MeasurementForm(request.POST, mission=mission)
    if form.is_valid():
        try:
            services.target_measurement_create(data=form.cleaned_data, by=request.user)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The measurement was recorded."))
            return redirect_to(request, mission.get_absolute_url() + "#targets")
    return _detail(request, mission, form=form, status=422)
