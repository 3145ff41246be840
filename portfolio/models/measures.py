"""Measures (tiltak), their benefits, dependencies, ladder moves and learning log."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import access
from core.choices import label_of
from core.models import PortalModel
from lifeevents import figures
from lifeevents.models import ministry_life_events

from ..choices import BuildingBlockStage, DependencyKind, MeasureKind, MeasureStatus


def measure_overlap_document() -> SearchVector:
    """The overlap suggestions of step 2: title and description (the GIN index `measure_overlap_fts`)."""
    return SearchVector("title", "description", config="norwegian")


class MeasureQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Office and administrators: all. Agency staff: their organisation owns or takes part.
        Ministry officials: measures in the life events their ministry owns or takes part in."""
        return access.restrict(self, user, agency=_agency_measures, ministry=_ministry_measures)

    def active(self):
        """The measures in the portfolio: the SQL form of `lifeevents.figures.in_portfolio` (not terminated)."""
        return self.exclude(status__in=figures.NOT_IN_PORTFOLIO)

    def with_portfolio_counts(self):
        """Each row with `measure_total` and `terminated_total` over the whole queryset (window counts, before any
        slice): the SQL forms of `figures.measure_count` and `figures.terminated_count` of its distinct measures, so
        a page lists some rows and counts them all in one query (tested equal)."""
        terminated = models.Q(status__in=figures.NOT_IN_PORTFOLIO)
        return self.annotate(
            measure_total=models.Window(models.Count("pk", filter=~terminated)),
            terminated_total=models.Window(models.Count("pk", filter=terminated)),
        )


def _agency_measures(user) -> models.Q:
    taking_part = Measure.participants.through.objects.filter(organisation_id=user.organisation_id)
    return models.Q(owner_id=user.organisation_id) | models.Q(pk__in=taking_part.values("measure_id"))


def _ministry_measures(user) -> models.QuerySet:
    in_scope = Measure.life_events.through.objects.filter(lifeevent_id__in=ministry_life_events(user))
    return in_scope.values("measure_id")


class Measure(PortalModel):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=MeasureKind.choices, default=MeasureKind.EXPERIMENT)
    status = models.CharField(_("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED)
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    stage = models.CharField(
        _("building-block stage"),
        max_length=20,
        choices=BuildingBlockStage.choices,
        default=BuildingBlockStage.COLLECTION,
    )
    owner = models.ForeignKey(
        "core.Organisation", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="owned_measures"
    )
    participants = models.ManyToManyField(
        "core.Organisation", verbose_name=_("participating actors"), blank=True, related_name="measures"
    )
    life_events = models.ManyToManyField("lifeevents.LifeEvent", verbose_name=_("life events"), related_name="measures")
    missions = models.ManyToManyField(
        "portfolio.Mission", verbose_name=_("missions"), blank=True, related_name="measures"
    )
    budget = models.DecimalField(
        _("budget (NOK)"), max_digits=14, decimal_places=0, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    next_review_date = models.DateField(_("next review"), null=True, blank=True, db_index=True)
    origin_proposal = models.ForeignKey(
        "portfolio.Proposal",
        verbose_name=_("from proposal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resulting_measures",
    )
    version = models.PositiveIntegerField(default=1)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=200, blank=True)
    external_id = models.CharField(
        _("external id"),
        max_length=100,
        blank=True,
        editable=False,
        help_text=_("The id in the system it was imported from."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        indexes = [
            GinIndex(measure_overlap_document(), name="measure_overlap_fts"),
            # The board's overdue reviews: the active measures by review date, the first rows in order and their
            # total counted from the index alone (MeasureQuerySet.active: not terminated)
            models.Index(
                fields=["next_review_date", "id"],
                condition=~models.Q(status__in=figures.NOT_IN_PORTFOLIO),
                name="measure_review_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True) | models.Q(budget__gte=0), name="measure_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="measure_dates_ordered",
            ),
            models.UniqueConstraint(
                fields=["external_id"], condition=~models.Q(external_id=""), name="measure_external_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
        if self.status == MeasureStatus.TERMINATED and not self.termination_reason:
            raise ValidationError({"termination_reason": _("Give the reason the measure was terminated.")})

    def get_status_display(self):
        return label_of(MeasureStatus, self.status)

    def get_kind_display(self):
        return label_of(MeasureKind, self.kind)

    def get_stage_display(self):
        return label_of(BuildingBlockStage, self.stage)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("portfolio:measure_detail", kwargs={"pk": self.pk})


class BenefitQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A benefit belongs to its measure: seen with it (the measures' scope, by key)."""
        return access.restrict(self, user, agency=_benefits_of_visible, ministry=_benefits_of_visible)


def _benefits_of_visible(user) -> models.Q:
    return models.Q(measure_id__in=Measure.objects.visible_to(user).values("pk"))


class Benefit(PortalModel):
    """An expected effect (or dis-benefit) of a measure: who gains it, who bears the cost, how it is measured."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="benefits")
    description = models.TextField(_("description"))
    indicator = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    expected_value = models.DecimalField(_("expected value"), max_digits=14, decimal_places=2, null=True, blank=True)
    expected_date = models.DateField(_("expected by"), null=True, blank=True)
    owner = models.ForeignKey(
        "core.Organisation", verbose_name=_("benefit owner"), on_delete=models.PROTECT, related_name="owned_benefits"
    )
    cost_bearer = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("cost-bearing actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="borne_costs",
    )
    is_disbenefit = models.BooleanField(_("dis-benefit"), default=False)
    targets = models.ManyToManyField(
        "portfolio.MissionTarget", verbose_name=_("mission targets it serves"), blank=True, related_name="benefits"
    )
    annual_value_nok = models.DecimalField(
        _("yearly value (NOK)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Estimated yearly value for the benefit owner; for a dis-benefit, the yearly loss."),
    )
    annual_cost_nok = models.DecimalField(
        _("yearly cost (NOK)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Estimated yearly cost for the cost-bearing actor."),
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    external_id = models.CharField(
        _("external id"),
        max_length=100,
        blank=True,
        editable=False,
        help_text=_("The id in the system it was imported from."),
    )

    objects = BenefitQuerySet.as_manager()

    class Meta:
        ordering = ["measure", "pk"]
        verbose_name = _("benefit")
        verbose_name_plural = _("benefits")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"], condition=~models.Q(external_id=""), name="benefit_external_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.indicator

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("portfolio:benefit_detail", kwargs={"pk": self.pk})


class BenefitRealisation(PortalModel):
    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="realisations")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("realised value"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["benefit", "date"]
        verbose_name = _("realised value")
        verbose_name_plural = _("realised values")
        constraints = [models.UniqueConstraint(fields=["benefit", "date"], name="benefitrealisation_unique_date")]

    def __str__(self) -> str:
        return f"{self.date}: {self.value}"


class Dependency(PortalModel):
    """Between measures, across life events too: depends on, constrains (føring), overlaps."""

    from_measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="dependencies"
    )
    to_measure = models.ForeignKey(
        Measure, verbose_name=_("other measure"), on_delete=models.CASCADE, related_name="dependents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DependencyKind.choices)
    note = models.TextField(_("note"), blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        verbose_name = _("dependency")
        verbose_name_plural = _("dependencies")
        constraints = [
            models.UniqueConstraint(fields=["from_measure", "to_measure", "kind"], name="dependency_unique"),
            models.CheckConstraint(
                condition=~models.Q(from_measure=models.F("to_measure")), name="dependency_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_measure} – {self.get_kind_display()} – {self.to_measure}"

    def clean(self) -> None:
        if self.from_measure_id and self.from_measure_id == self.to_measure_id:
            raise ValidationError({"to_measure": _("A measure cannot depend on itself.")})


class MeasureMove(PortalModel):
    """A move on the maturity ladder, the building-block stage or the status, with the evidence for it."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="moves")
    field = models.CharField(_("what moved"), max_length=20)
    from_value = models.CharField(_("from"), max_length=20)
    to_value = models.CharField(_("to"), max_length=20)
    evidence = models.TextField(_("evidence"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("move")
        verbose_name_plural = _("moves")

    def __str__(self) -> str:
        return f"{self.field}: {self.from_value} → {self.to_value}"


class LearningEntry(PortalModel):
    """Step 5: what a measure taught us; an entry can start a new proposal (back to step 1)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="learning_entries")
    hypothesis = models.TextField(_("hypothesis"))
    learned = models.TextField(_("what was learned"))
    evidence = models.TextField(_("evidence"), blank=True)
    next_step = models.TextField(_("next step"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    spawned_proposal = models.ForeignKey(
        "portfolio.Proposal", null=True, blank=True, on_delete=models.PROTECT, related_name="from_learning"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("learning entry")
        verbose_name_plural = _("learning entries")

    def __str__(self) -> str:
        return self.hypothesis[:80]
