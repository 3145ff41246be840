"""The measure's benefit plan (issue 23): its versions on the measure's page (`plan_context`), two versions
compared side by side, and the owner's own change within the limits the office sets (the office sets them on the
benefit reviews' page). Any other change goes through a decision (governance/measure_change.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core import access
from core.forms import add_service_errors
from core.htmx import redirect_to

from ..forms.benefit_plans import PlanOwnerChangeForm
from ..models import Measure
from ..services import benefit_plans, plan_limits


def plan_context(measure: Measure) -> dict:
    """The plan's versions (newest first) and the realised values judged against the version in force (no query for
    a measure read by `queries.measure_page.page_measure` as having no versions)."""
    versions = benefit_plans.plan_history(measure) if getattr(measure, "has_plan_versions", True) else []
    caption = _("The benefits of version %(number)s, in force now") % {"number": versions[0].number} if versions else ""
    judged = benefit_plans.realisations_judged(measure, versions) if versions else []  # no plan: nothing to judge by
    return {"versions": versions, "judged": judged, "caption": caption}


def _number(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@require_GET
def benefit_plan_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Two versions side by side (`?a=1&b=2`; by default the newest and the one before)."""
    measure = access.get_for_user(request.user, Measure, pk)
    versions = benefit_plans.plan_history(measure)
    if not versions:
        raise Http404(_("The measure's benefit plan has no versions yet."))
    by_number = {v.number: v for v in versions}
    newest = versions[0].number
    a = by_number.get(_number(request.GET.get("a"), newest - 1)) or versions[-1]
    b = by_number.get(_number(request.GET.get("b"), newest)) or versions[0]
    ctx = {"measure": measure, "versions": versions, "diff": benefit_plans.plan_compare(a, b)}
    return render(request, "portfolio/benefit_plan_compare.html", ctx)


@require_http_methods(["GET", "POST"])
def benefit_plan_change(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner's own change of the plan: a new version at once when within the limits, else the reasons."""
    measure = access.get_for_user(request.user, Measure, pk, "replan")
    form = PlanOwnerChangeForm(request.POST or None, entries=benefit_plans.current_entries(measure))
    if request.method == "POST" and form.is_valid():
        try:
            plan_limits.plan_owner_change(
                measure=measure, benefits=form.benefits(), reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The plan has a new version, within the limits the office has set."))
            return redirect_to(request, measure.get_absolute_url() + "#plan-heading")
    ctx = {"measure": measure, "form": form, "limits": plan_limits.current_limits()}
    status = 422 if request.method == "POST" else 200
    return render(request, "portfolio/benefit_plan_change.html", ctx, status=status)
