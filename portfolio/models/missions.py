"""Missions (samfunnsoppdrag) and their measurable targets."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import access
from core.models import PortalModel


class MissionQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Missions are the shared, published goals of a life event: readable by every signed-in user.
        return access.restrict(self, user, public=True)


class MissionTargetQuerySet(models.QuerySet):
    def visible_to(self, user):
        # A mission's measurable targets are read with it: by every signed-in user.
        return access.restrict(self, user, public=True)


class Mission(PortalModel):
    title = models.CharField(_("title"), max_length=200)
    life_events = models.ManyToManyField("lifeevents.LifeEvent", verbose_name=_("life events"), related_name="missions")
    statement = models.TextField(_("mission statement"))
    narrative = models.TextField(_("mission narrative"), blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    portfolio_start = models.PositiveSmallIntegerField(_("portfolio from year"), null=True, blank=True)
    portfolio_end = models.PositiveSmallIntegerField(_("portfolio to year"), null=True, blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MissionQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("portfolio:mission_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.portfolio_start and self.portfolio_end and self.portfolio_end < self.portfolio_start:
            raise ValidationError({"portfolio_end": _("The portfolio cannot end before it starts.")})


class MissionTarget(PortalModel):
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2)
    target_date = models.DateField(_("target date"))
    is_illustrative = models.BooleanField(_("illustrative"), default=False)

    objects = MissionTargetQuerySet.as_manager()

    class Meta:
        ordering = ["mission", "target_date"]
        verbose_name = _("mission target")
        verbose_name_plural = _("mission targets")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(baseline_date__isnull=True) | models.Q(target_date__gt=models.F("baseline_date")),
                name="missiontarget_target_after_baseline",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.target_value} {self.unit}".strip()

    def clean(self) -> None:
        if self.baseline_date and self.target_date and self.target_date <= self.baseline_date:
            raise ValidationError({"target_date": _("The target date must be after the baseline date.")})


class TargetMeasurement(PortalModel):
    """The current value of a mission target over time."""

    target = models.ForeignKey(MissionTarget, on_delete=models.CASCADE, related_name="measurements")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["target", "date"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [models.UniqueConstraint(fields=["target", "date"], name="targetmeasurement_unique_date")]

    def __str__(self) -> str:
        return f"{self.date}: {self.value}"
