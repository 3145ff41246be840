"""The office's quality check of a mission (issue 22): a form with the five criteria of Digdir's case and the
scope; saved through the audited service, then back to the mission's page, which shows the latest review and the
history (portfolio/queries/mission_reviews.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import access
from core.forms import add_service_errors
from core.htmx import is_partial, redirect_to

from ..forms.mission_reviews import MissionReviewForm
from ..models import Mission, MissionReview
from ..services import mission_reviews as services

FORM = "portfolio/benefits/mission_review_form.html"


@require_http_methods(["GET", "POST"])
def mission_review_add(request: HttpRequest, pk: int) -> HttpResponse:
    mission = access.get_for_user(request.user, Mission, pk)
    access.require_now(request.user, "create", MissionReview)
    form = MissionReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.mission_review_create(mission=mission, data=form.cleaned_data, by=request.user)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The review of the mission was saved."))
            return redirect_to(request, mission.get_absolute_url() + "#mission-review")
    template = FORM + ("#mission-review-form" if is_partial(request) else "")
    status = 422 if request.method == "POST" else 200
    return render(request, template, {"form": form, "mission": mission}, status=status)
