"""Benefit reviews of running measures (issue 23, dynamic benefit management: reviews that go looking).

The office sets how often a running measure's benefits are reviewed (`BenefitReviewInterval`: every N months,
portfolio-wide or for the measures of one life event). Each running measure then has one open `BenefitReview` due on
a date; the measure's owner answers it with the facilitator in the portal (is the expected benefit still there, has
new benefit or a new need appeared, should the direction change, should it stop?), which opens the next one. An
answered review can start a change proposal that extends the measure. Rules in
portfolio/services/benefit_reviews.py."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core import access
from core.models import PortalModel


class BenefitStill(models.TextChoices):
    YES = "yes", _("Yes, as planned")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class ReviewDirection(models.TextChoices):
    KEEP = "keep", _("Keep the direction")
    CHANGE = "change", _("Change the direction")
    STOP = "stop", _("Stop the measure")


class BenefitReviewIntervalQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The office's settings: read by everyone signed in."""
        return access.restrict(self, user, public=True)


class BenefitReviewInterval(PortalModel):
    """How often the running measures' benefits are reviewed: portfolio-wide (no life event) or for the measures of
    one life event (the shortest interval of a measure's life events wins, else the portfolio-wide one)."""

    life_event = models.OneToOneField(
        "lifeevents.LifeEvent",
        verbose_name=_("life event"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="benefit_review_interval",
    )
    months = models.PositiveSmallIntegerField(
        _("every (months)"), validators=[MinValueValidator(1), MaxValueValidator(36)]
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = BenefitReviewIntervalQuerySet.as_manager()

    class Meta:
        ordering = ["life_event__name_nb"]
        verbose_name = _("benefit review interval")
        verbose_name_plural = _("benefit review intervals")
        constraints = [
            models.UniqueConstraint(
                Coalesce("life_event", 0),
                name="benefitreviewinterval_one_per_scope",
                violation_error_message=_("The portfolio-wide interval is set once."),
            ),
            models.CheckConstraint(
                condition=models.Q(months__gte=1, months__lte=36), name="benefitreviewinterval_months_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.life_event_id or '*'}: {self.months}"


class BenefitReviewQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A review belongs to its measure: seen with it."""
        from .measures import Measure

        def of_visible(u) -> models.Q:
            return models.Q(measure_id__in=Measure.objects.visible_to(u).values("pk"))

        return access.restrict(self, user, agency=of_visible, ministry=of_visible)

    def open(self):
        return self.filter(answered_at__isnull=True)


class BenefitReview(PortalModel):
    measure = models.ForeignKey(
        "portfolio.Measure", verbose_name=_("measure"), on_delete=models.CASCADE, related_name="benefit_reviews"
    )
    due_date = models.DateField(_("due"))
    benefit_still = models.CharField(
        _("Is the expected benefit still there?"), max_length=10, choices=BenefitStill.choices, blank=True
    )
    new_insight = models.TextField(_("New benefit or new need that has appeared"), blank=True)
    direction = models.CharField(
        _("Should the direction change, or the measure stop?"), max_length=10, choices=ReviewDirection.choices,
        blank=True,
    )  # fmt: skip
    notes = models.TextField(_("notes"), blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    proposal = models.OneToOneField(
        "portfolio.Proposal",
        verbose_name=_("change proposal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="benefit_review",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BenefitReviewQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("benefit review")
        verbose_name_plural = _("benefit reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["measure"], condition=models.Q(answered_at__isnull=True), name="benefitreview_one_open"
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_date"], condition=models.Q(answered_at__isnull=True), name="benefitreview_open_due"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure} ({self.due_date.isoformat()})"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("portfolio:benefit_review_detail", kwargs={"pk": self.pk})
