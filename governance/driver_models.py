"""Strategic drivers (strategiske drivere): what the office weighs beside the rubric when it ranks the candidates.

The office defines the drivers (mission alignment, cross-sector reach, urgency, …), weighs them directly or by
pairwise comparison (governance/ahp.py), and scores proposals and measures against them (0–5). Each change of the
weights is a new `DriverWeighting` version (the older ones stay, so a ranking can say which weights it used).
Imported by governance/models.py; the writes are governance/drivers.py.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import access
from core.models import PortalModel

SCORE_MAX = 5


class DriverQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The drivers and their weights are the office's published reasons for the ranking: every signed-in user."""
        return access.restrict(self, user, public=True)


class Driver(PortalModel):
    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DriverQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("strategic driver")
        verbose_name_plural = _("strategic drivers")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:driver_edit", kwargs={"pk": self.pk})


class WeightingMethod(models.TextChoices):
    DIRECT = "direct", _("Set directly")
    PAIRWISE = "pairwise", _("Pairwise comparison")


class DriverWeighting(PortalModel):
    """One version of the drivers' weights (they sum to 1) and the rubric's share of the priority value."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    method = models.CharField(_("method"), max_length=10, choices=WeightingMethod.choices)
    rubric_share = models.DecimalField(
        _("the rubric's share"),
        max_digits=4,
        decimal_places=3,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("How much of the priority value comes from the rubric's innovation potential (0–1)."),
    )
    weights = models.JSONField(_("weights"), default=dict)  # {"<driver id>": 0.42}
    comparisons = models.JSONField(_("comparisons"), default=dict)  # {"<id a>|<id b>": 3.0} a is 3× as important
    consistency_ratio = models.FloatField(_("consistency ratio"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("driver weighting")
        verbose_name_plural = _("driver weightings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rubric_share__gte=0) & models.Q(rubric_share__lte=1),
                name="driverweighting_rubric_share_0_1",
            )
        ]

    def __str__(self) -> str:
        return f"v{self.version}"


class DriverScore(PortalModel):
    """How well a proposal or a measure serves a driver (0–5), set by the office."""

    driver = models.ForeignKey(Driver, on_delete=models.CASCADE, related_name="scores")
    proposal = models.ForeignKey(
        "portfolio.Proposal", null=True, blank=True, on_delete=models.CASCADE, related_name="driver_scores"
    )
    measure = models.ForeignKey(
        "portfolio.Measure", null=True, blank=True, on_delete=models.CASCADE, related_name="driver_scores"
    )
    value = models.PositiveSmallIntegerField(_("score"), validators=[MaxValueValidator(SCORE_MAX)])
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("driver score")
        verbose_name_plural = _("driver scores")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(proposal__isnull=True, measure__isnull=False)
                | models.Q(proposal__isnull=False, measure__isnull=True),
                name="driverscore_one_target",
            ),
            models.CheckConstraint(condition=models.Q(value__lte=SCORE_MAX), name="driverscore_value_max"),
            models.UniqueConstraint(
                fields=["driver", "proposal"], condition=models.Q(proposal__isnull=False), name="driverscore_proposal"
            ),
            models.UniqueConstraint(
                fields=["driver", "measure"], condition=models.Q(measure__isnull=False), name="driverscore_measure"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.driver}: {self.value}"
