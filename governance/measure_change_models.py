"""A change of a running measure decided in step 4 (issue 23): the decision, the proposal whose insight it follows,
the new scope, deliveries and benefits, and the answer of the measure's owner. On confirmation the change becomes the
next version of the measure's benefit plan (`plan_version`); a disagreement becomes an item in the steering dialogue
(`steering_item`, an escalated decision awaiting the ministries). Rules in governance/measure_change.py."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import access
from core.models import PortalModel


class MeasureChangeStatus(models.TextChoices):
    AWAITING_OWNER = "awaiting", _("Awaiting the owner's confirmation")
    CONFIRMED = "confirmed", _("Confirmed by the owner")
    DISAGREED = "disagreed", _("The owner disagrees: in the steering dialogue")


class MeasureChangeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Seen with its decision."""
        from .models import Decision

        def of_visible(u) -> models.Q:
            return models.Q(decision_id__in=Decision.objects.visible_to(u).values("pk"))

        return access.restrict(self, user, agency=of_visible, ministry=of_visible)


class MeasureChange(PortalModel):
    decision = models.OneToOneField(
        "governance.Decision", verbose_name=_("decision"), on_delete=models.PROTECT, related_name="measure_change"
    )
    measure = models.ForeignKey(
        "portfolio.Measure", verbose_name=_("measure"), on_delete=models.PROTECT, related_name="changes"
    )
    proposal = models.ForeignKey(
        "portfolio.Proposal", verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="measure_changes"
    )
    scope = models.TextField(_("new scope"), blank=True)
    deliveries = models.TextField(_("new deliveries"), blank=True)
    benefits = models.JSONField(_("benefits"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeasureChangeStatus.choices, default=MeasureChangeStatus.AWAITING_OWNER
    )
    comment = models.TextField(_("the owner's comment"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    plan_version = models.OneToOneField(
        "portfolio.BenefitPlanVersion",
        verbose_name=_("plan version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="change",
    )
    steering_item = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("item in the steering dialogue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeasureChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("change of a measure")
        verbose_name_plural = _("changes of measures")

    def __str__(self) -> str:
        return f"{self.measure_id}: {self.decision_id}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("decisions:measure_change", kwargs={"pk": self.pk})
