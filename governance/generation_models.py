"""Generations: a life event that plans in generations instead of a classic roadmap (as "Starte og drive en frivillig
organisasjon" chose: "Hver generasjon er et helhetlig konsept, fra missions via portefølje til arena, og samarbeid",
Digdir's mission case). Each generation is a whole concept: its missions, the measures and building blocks it
contains, its arena, its state, and what it leaves to the next. Whether a life event plans in generations is its
`planning_mode` (lifeevents). Services: governance/generations.py."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import access
from core.models import PortalModel

from .models import YEAR_VALIDATORS


class GenerationState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class GenerationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A life event's plan is part of its shared frame: every signed-in user reads it (the measures in it are
        shown as far as the user may see them)."""
        return access.restrict(self, user, public=True)


class Generation(PortalModel):
    life_event = models.ForeignKey(
        "lifeevents.LifeEvent", verbose_name=_("life event"), on_delete=models.PROTECT, related_name="generations"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("from (year)"), null=True, blank=True, validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("to (year)"), null=True, blank=True, validators=YEAR_VALIDATORS)
    state = models.CharField(
        _("state"), max_length=12, choices=GenerationState.choices, default=GenerationState.PLANNED
    )
    concept = models.TextField(_("the concept"), blank=True)
    missions = models.ManyToManyField(
        "portfolio.Mission", verbose_name=_("missions"), blank=True, related_name="generations"
    )
    measures = models.ManyToManyField(
        "portfolio.Measure", verbose_name=_("measures"), blank=True, related_name="generations"
    )
    building_blocks = models.TextField(
        _("building blocks"), blank=True, help_text=_("One building block (a need seen from the users) per line.")
    )
    arena = models.TextField(_("arena and collaboration"), blank=True)
    legacy = models.TextField(_("what it leaves to the next generation"), blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=200, blank=True)

    objects = GenerationQuerySet.as_manager()

    class Meta:
        ordering = ["life_event", "number"]
        verbose_name = _("generation")
        verbose_name_plural = _("generations")
        constraints = [
            models.UniqueConstraint(fields=["life_event", "number"], name="generation_unique_number"),
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True)
                | models.Q(start_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year")),
                name="generation_years_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    def clean(self) -> None:
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The last year cannot be before the first.")})

    @property
    def tag_color(self) -> str:
        """Designsystemet's colour of the state tag."""
        colors = {GenerationState.COMPLETED: "success", GenerationState.IN_PROGRESS: "info"}
        return colors.get(self.state, "neutral")

    @property
    def building_block_list(self) -> list[str]:
        return [line.strip() for line in self.building_blocks.splitlines() if line.strip()]
