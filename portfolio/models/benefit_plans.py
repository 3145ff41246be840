"""A measure's benefit plan, in versions (issue 23, dynamic benefit management): each version holds the snapshot of
the benefits and dis-benefits the measure aims at (who gains them, indicator, baseline, target and target date,
owner), its scope and deliveries, its date, the reason and the proposal whose insight caused it. A version is never
edited in place: a change is a new version (portfolio/services/benefit_plans.py), audited. The decision behind a
version is the governance side's `MeasureChange.plan_version` (governance/measure_change.py)."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import access
from core.models import PortalModel


class BenefitPlanVersionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A plan belongs to its measure: seen with it."""
        from .measures import Measure

        def of_visible(u) -> models.Q:
            return models.Q(measure_id__in=Measure.objects.visible_to(u).values("pk"))

        return access.restrict(self, user, agency=of_visible, ministry=of_visible)


class BenefitPlanVersion(PortalModel):
    measure = models.ForeignKey(
        "portfolio.Measure", verbose_name=_("measure"), on_delete=models.CASCADE, related_name="plan_versions"
    )
    number = models.PositiveIntegerField(_("version"))
    date = models.DateField(_("in force from"))
    reason = models.TextField(_("reason"))
    scope = models.TextField(_("scope"), blank=True)
    deliveries = models.TextField(_("deliveries"), blank=True)
    # [{key, description, indicator, unit, is_disbenefit, owner_id, owner, baseline, target, target_date}], values as
    # strings (decimals and ISO dates) so that the snapshot reads back exactly as it was written.
    benefits = models.JSONField(_("benefits"), default=list, blank=True)
    proposal = models.ForeignKey(
        "portfolio.Proposal",
        verbose_name=_("the proposal behind it"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_versions",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BenefitPlanVersionQuerySet.as_manager()

    class Meta:
        ordering = ["measure", "number"]
        verbose_name = _("benefit plan version")
        verbose_name_plural = _("benefit plan versions")
        constraints = [
            models.UniqueConstraint(fields=["measure", "number"], name="benefitplanversion_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} v{self.number}"


class PlanChangeLimitsQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The office's setting: read by everyone signed in (an owner sees what it may change on its own)."""
        return access.restrict(self, user, public=True)


class PlanChangeLimits(PortalModel):
    """The limits within which a measure's owner changes its benefit plan without a decision (issue 23): a target
    moved by at most `target_percent` % of the planned target, a target date moved by at most `date_months` months,
    and no benefit dropped that another organisation gains. One row (the office's setting; audited); without it,
    every change of a plan needs a decision."""

    target_percent = models.PositiveSmallIntegerField(
        _("a target may move by at most (%)"), validators=[MaxValueValidator(100)]
    )
    date_months = models.PositiveSmallIntegerField(
        _("a target date may move by at most (months)"), validators=[MaxValueValidator(36)]
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    singleton = models.BooleanField(default=True, editable=False, unique=True)

    objects = PlanChangeLimitsQuerySet.as_manager()

    class Meta:
        verbose_name = _("limits of the owner's changes")
        verbose_name_plural = _("limits of the owner's changes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_percent__lte=100, date_months__lte=36), name="planchangelimits_in_range"
            ),
            models.CheckConstraint(condition=models.Q(singleton=True), name="planchangelimits_one_row"),
        ]

    def __str__(self) -> str:
        return f"±{self.target_percent} %, ±{self.date_months} mnd."
