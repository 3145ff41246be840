"""Reporting rounds, the agencies' status reports, and the generated documents (PDF, Excel, CSV)."""

import functools

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import access
from core.document_models import StoredDocument
from core.models import PortalModel

from .choices import DocumentKind, RoundStatus, StatusReportState, Traffic


class ReportingRoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        # The schedule of rounds is shared; what is inside them is scoped (status reports, documents).
        return access.restrict(self, user, public=True)

    def with_reports_owed(self, organisation_id: int | None = None):
        """Each round with `due` (its measures that owe a status report: the active measures of its life event, or
        all active ones; the SQL form of `queries_pages.round_measures`) and `submitted` (their reports submitted
        in it), counted in the row's own query, so a page lists rounds with what each misses in ONE query:
        `figures.reports_owed(due, submitted)`. That is the sum of `round_completeness`'s `missing` per organisation,
        since a measure has at most one report per round and no organisation's submitted exceeds its due (tested
        equal). With `organisation_id`, of the measures that organisation owns alone: what it still owes in each round
        (`still_owed(owed_by(round, user))` of its staff, tested equal)."""
        return self.annotate(**_reports_owed(organisation_id))


@functools.lru_cache(maxsize=256)
def _reports_owed(organisation_id: int | None = None) -> dict[str, models.Expression]:
    """`due` and `submitted` of `with_reports_owed`: expressions of the round's own columns alone (no user, no date;
    of one organisation's measures, its id), so they are built once per process (and organisation) and each query
    resolves a copy of them (Django copies an expression when a query resolves it, leaving the one built here as it
    was)."""
    from portfolio.models import Measure  # (portfolio's models import nothing of reports: no cycle at run time)

    active = Measure.objects.active().order_by()
    if organisation_id is not None:
        active = active.filter(owner_id=organisation_id)
    of_event = active.filter(life_events=models.OuterRef("life_event_id"))
    submitted = StatusReport.objects.filter(
        round=models.OuterRef("pk"), state=StatusReportState.SUBMITTED, measure__in=active.values("pk")
    ).order_by()
    of_event_submitted = submitted.filter(measure__life_events=models.OuterRef("life_event_id"))
    everyone = models.Q(life_event__isnull=True)
    return {
        "due": models.Case(models.When(everyone, then=_count(active)), default=_count(of_event)),
        "submitted": models.Case(models.When(everyone, then=_count(submitted)), default=_count(of_event_submitted)),
    }


def _count(rows: models.QuerySet) -> models.Subquery:
    """The number of `rows`, as a scalar subquery (COUNT over the subquery's rows, without a GROUP BY)."""
    n = models.Func(models.F("pk"), function="COUNT", output_field=models.IntegerField())
    return models.Subquery(rows.annotate(n=n).values("n"), output_field=models.IntegerField())


class ReportingRound(PortalModel):
    title = models.CharField(_("title"), max_length=200)
    life_event = models.ForeignKey(
        "lifeevents.LifeEvent",
        verbose_name=_("life event"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reporting_rounds",
        help_text=_("Leave empty for a round across all life events."),
    )
    deadline = models.DateField(_("deadline"))
    remind_days_before = models.PositiveSmallIntegerField(
        _("remind days before the deadline"), default=7, validators=[MaxValueValidator(60)]
    )
    status = models.CharField(_("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reminded_at = models.DateTimeField(_("last reminder to the agencies"), null=True, blank=True)
    office_notified_at = models.DateTimeField(_("office reminded"), null=True, blank=True)
    snapshot = models.JSONField(_("snapshot"), null=True, blank=True, encoder=DjangoJSONEncoder, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)  # optimistic locking of edits

    objects = ReportingRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-deadline", "-pk"]
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("reports:round_detail", kwargs={"pk": self.pk})


def _own_measures(user) -> models.Q:
    return models.Q(measure__owner_id=user.organisation_id)


def _visible_measures(user) -> models.Q:
    from portfolio.models import Measure

    return models.Q(measure__in=Measure.objects.visible_to(user).values("pk"))


class StatusReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Office: all. Agency staff: their organisation's measures. Ministry: measures they may see."""
        return access.restrict(self, user, agency=_own_measures, ministry=_visible_measures)

    def latest_submitted(self, measure):
        """The latest submitted report of `measure` (an id or an `OuterRef`) first: the newest submitted, then the
        newest row; slice it to one for a subquery (the partial index `statusreport_latest_submitted` reads it)."""
        return self.filter(measure_id=measure, state=StatusReportState.SUBMITTED).order_by("-submitted_at", "-pk")


class StatusReport(PortalModel):
    """One measure's status in one round. Locked (read-only) when the round closes."""

    round = models.ForeignKey(ReportingRound, on_delete=models.PROTECT, related_name="status_reports")
    measure = models.ForeignKey(
        "portfolio.Measure", verbose_name=_("measure"), on_delete=models.PROTECT, related_name="status_reports"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=StatusReportState.choices, default=StatusReportState.DRAFT
    )
    traffic = models.CharField(_("status"), max_length=10, choices=Traffic.choices, blank=True)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    phase = models.CharField(_("phase"), max_length=10, blank=True)
    spent = models.DecimalField(
        _("spent so far (NOK)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    budget = models.DecimalField(
        _("budget (NOK)"), max_digits=14, decimal_places=0, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    indicator_values = models.JSONField(
        _("current values of the benefit indicators"), default=dict, blank=True, encoder=DjangoJSONEncoder
    )
    risks = models.TextField(_("risks"), blank=True)
    needs_from_ministries = models.TextField(_("what is needed from the ministries"), blank=True)
    comment = models.TextField(_("comment"), blank=True)
    version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = StatusReportQuerySet.as_manager()

    class Meta:
        ordering = ["round", "measure__title"]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        constraints = [
            models.UniqueConstraint(fields=["round", "measure"], name="statusreport_one_per_measure_round"),
            models.CheckConstraint(
                condition=models.Q(progress__isnull=True) | models.Q(progress__lte=100),
                name="statusreport_progress_max",
            ),
        ]
        indexes = [
            # A measure's latest submitted report (the ministry's start page: its traffic light, the attention
            # list): one index probe per measure, newest first, whatever the number of rounds; the traffic light is
            # read from the index itself (an index-only scan, no visit to the table per measure)
            models.Index(
                fields=["measure", "-submitted_at", "-id"],
                condition=models.Q(state=StatusReportState.SUBMITTED),
                include=["traffic"],
                name="statusreport_latest_submitted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.measure}"


def _ministry_documents(user) -> models.Q:
    from lifeevents.models import ministry_life_events

    shared = (
        models.Q(is_restricted=False)
        | models.Q(life_event__in=ministry_life_events(user))
        | models.Q(ministry_id=access.ministry_of(user))
    )
    return shared & models.Q(office_only=False)


class GeneratedReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Office: all. Ministry officials: unrestricted documents, restricted ones of their life events and their
        ministry's brief, never an office-only one (the evaluations' scores: the reveal rule keeps them with the
        office). Agency staff: none (the reports are for the office and the ministries)."""
        return access.restrict(self, user, ministry=_ministry_documents)


class GeneratedReport(StoredDocument):
    """A generated document (core.documents: made by the worker). The same round, kind and parameters give this row
    again, not a new one."""

    round = models.ForeignKey(ReportingRound, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("format"), max_length=5, choices=DocumentKind.choices)
    life_event = models.ForeignKey(
        "lifeevents.LifeEvent",
        verbose_name=_("life event"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ministry = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("ministry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("A brief of all the life events this ministry owns or takes part in."),
    )
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    parameters_hash = models.CharField(max_length=64, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1)
    is_restricted = models.BooleanField(
        _("restricted"), default=False, help_text=_("Only the office and the ministries of the life event may open it.")
    )
    office_only = models.BooleanField(
        _("office only"),
        default=False,
        help_text=_("Holds the evaluations' scores: only the portfolio office may open it, never a ministry."),
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to="reports/%Y/", blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    data_as_of = models.DateTimeField(_("data as of"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = GeneratedReportQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("generated report")
        verbose_name_plural = _("generated reports")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "kind", "parameters_hash", "version"], name="generatedreport_unique_version"
            ),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="generatedreport_progress_max"),
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.get_kind_display()} v{self.version}"

    @property
    def language(self) -> str:
        """The language the document is written in (ordered in the orderer's language; the worker builds it so)."""
        return self.parameters.get("language") or settings.LANGUAGE_CODE
