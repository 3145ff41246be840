"""Step 5 pages: the measure list and a measure's page with its whole history; moves on the ladder and stage,
termination, revival, learning entries and the learning entry that starts a new proposal."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access, export, extensions, listing
from core.htmx import is_partial, redirect_to
from lifeevents.models import LifeEvent

from .. import redaction
from ..choices import BuildingBlockStage, MeasureKind, MeasureStatus
from ..forms.lifecycle import LearningEntryForm, MeasureMoveForm, MeasureTerminateForm, ReasonForm
from ..models import LearningEntry, Measure
from ..queries import board as queries
from ..queries import exports, public_access
from ..queries.measure_page import measure_history, page_measure
from ..services import learning
from ..services import measures as services
from .benefit_plans import plan_context

DETAIL = "portfolio/measure_detail.html"
LABELS = {"kind": MeasureKind, "stage": BuildingBlockStage, "status": MeasureStatus}
PER_PAGE = 50  # the measure list's rows per page


@require_GET
def measure_list(request: HttpRequest) -> HttpResponse:
    status, kind = request.GET.get("status", ""), request.GET.get("kind", "")
    status = status if status in MeasureStatus.values else ""
    kind = kind if kind in MeasureKind.values else ""
    life_events = list(LifeEvent.objects.visible_to(request.user).order_by("sort_order", "name_nb"))
    life_event = next((e for e in life_events if str(e.pk) == request.GET.get("life_event")), None)
    measures = queries.measure_list(request.user, status=status, kind=kind, life_event=life_event and life_event.pk)
    if fmt := export.requested(request):  # the same rows as the page, all of them
        rows = exports.measure_rows(measures, request.user)
        return export.response(rows, exports.MEASURE_COLUMNS, name="tiltak", fmt=fmt)
    page = Paginator(measures, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = queries.measure_list_rows(measures, (page.number - 1) * PER_PAGE, PER_PAGE)

    def options(choices, chosen):  # a filter's options: (value, label, selected), labels translated once
        return [{"value": value, "label": str(label), "selected": value == chosen} for value, label in choices]

    ctx = {
        "page": page,
        "status": status,
        "kind": kind,
        "life_event": life_event,
        "life_events": life_events,
        "statuses": options(MeasureStatus.choices, status),
        "kinds": options(MeasureKind.choices, kind),
        "tools": listing.tools(request, "portfolio:measure_list"),
        "oob_tools": is_partial(request),
    }
    template = "portfolio/measure_list.html" + ("#measure-table" if is_partial(request) else "")
    return render(request, template, ctx)


def _targets(measure: Measure, field: str) -> list[tuple[str, str]]:
    return [(v, LABELS[field](v).label) for v in services.allowed_targets(measure, field)]


def _detail_context(request, measure: Measure, **forms) -> dict:
    user = request.user
    history = measure_history(measure, with_audit=request.GET.get("audit") == "1")
    measure = history["measure"]
    panel = public_access.exemption_panel(user, measure)
    redaction.redact(user, measure, known={measure: panel["exemptions"]})  # exempt parts: the legal basis instead
    redaction.redact_audit(measure, history["audit"] or [])
    can_move, can_terminate, can_revive = (access.can(user, a, measure) for a in ("move", "terminate", "revive"))
    ctx = {
        "measure": measure,
        "history": history,
        "can_move": can_move,
        "can_terminate": can_terminate,
        "can_revive": can_revive,
        "can_learn": access.can(user, "learn", measure),
        "targets": {f: _targets(measure, f) for f in services.MOVABLE_FIELDS} if can_move else {},
        # the forms the page shows to this user only (the learning entry's form is on its own page)
        "terminate_form": forms.get("terminate_form")
        or (MeasureTerminateForm(initial={"version": measure.version}) if can_terminate else None),
        "move_form": forms.get("move_form"),
        "revive_form": forms.get("revive_form") or (ReasonForm() if can_revive else None),
        "plan": plan_context(measure),
        "public_access": panel,
        "sections": extensions.sections("portfolio.measure", measure, user),  # what higher apps add (user panels)
    }
    return ctx


@require_GET
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure = page_measure(Measure.objects.visible_to(request.user), pk)  # as access.get_for_user, with its rows
    return render(request, DETAIL, _detail_context(request, measure))


@require_POST
def measure_move(request: HttpRequest, pk: int) -> HttpResponse:
    measure = access.get_for_user(request.user, Measure, pk, "move")
    field = request.POST.get("field", "")
    targets = _targets(measure, field) if field in services.MOVABLE_FIELDS else []
    form = MeasureMoveForm(request.POST, targets=targets)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.measure_move(
                measure=measure,
                field=d["field"],
                to=d["to"],
                evidence=d["evidence"],
                version=d["version"],
                by=request.user,
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("The move was recorded."))
            return redirect_to(request, measure.get_absolute_url())
    return render(request, DETAIL, _detail_context(request, measure, move_form=form), status=422)


@require_POST
def measure_terminate(request: HttpRequest, pk: int) -> HttpResponse:
    measure = access.get_for_user(request.user, Measure, pk, "terminate")
    form = MeasureTerminateForm(request.POST)
    if form.is_valid():
        try:
            services.measure_terminate(measure=measure, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("The measure was terminated and put on the shelf."))
            return redirect_to(request, measure.get_absolute_url())
    return render(request, DETAIL, _detail_context(request, measure, terminate_form=form), status=422)


@require_POST
def measure_revive(request: HttpRequest, pk: int) -> HttpResponse:
    measure = access.get_for_user(request.user, Measure, pk, "revive")
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.measure_revive(measure=measure, evidence=form.cleaned_data["reason"], by=request.user)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("The measure was taken back from the shelf."))
            return redirect_to(request, measure.get_absolute_url())
    return render(request, DETAIL, _detail_context(request, measure, revive_form=form), status=422)


@require_http_methods(["GET", "POST"])
def learning_add(request: HttpRequest, pk: int) -> HttpResponse:
    measure = access.get_for_user(request.user, Measure, pk, "learn")
    form = LearningEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            learning.learning_add(measure=measure, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("The learning entry was saved."))
            return redirect_to(request, measure.get_absolute_url())
    template = "portfolio/measure_learning.html" + ("#learning-form" if is_partial(request) else "")
    return render(
        request, template, {"measure": measure, "form": form}, status=422 if request.method == "POST" else 200
    )


@require_POST
def learning_start_proposal(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    measure = access.get_for_user(request.user, Measure, pk, "learn")
    entry = get_object_or_404(LearningEntry, pk=entry_pk, measure=measure)
    try:
        proposal = learning.learning_start_proposal(entry=entry, by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return render(request, DETAIL, _detail_context(request, measure), status=422)
    messages.success(request, _("A new proposal was started from the learning entry: %(title)s") % {"title": proposal})
    if access.can(request.user, "submit", proposal):  # a draft to complete and submit
        return redirect_to(request, reverse("portfolio:proposal_edit", kwargs={"pk": proposal.pk}))
    return redirect_to(request, measure.get_absolute_url())
