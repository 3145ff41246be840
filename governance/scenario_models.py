"""Budget scenarios: the office's named what-ifs (money per year, measures that must stay, exclusions, limits per
life event), their solved selection and frontier, shared with ministries and turned into a recommendation for the
steering dialogue. Imported by governance/models.py; the optimisation itself is governance/optimise.py."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import access
from core.models import PortalModel


class ScenarioStatus(models.TextChoices):
    DRAFT = "draft", _("Not solved yet")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Solving")
    DONE = "done", _("Solved")
    FAILED = "failed", _("Failed")


def _shared_with_my_ministry(user) -> models.QuerySet:
    return Scenario.shared_with.through.objects.filter(organisation_id=user.organisation_id).values("scenario_id")


class ScenarioQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The office: all. Ministry officials: the scenarios shared with their ministry. Agency staff: none."""
        return access.restrict(self, user, ministry=_shared_with_my_ministry)


class Scenario(PortalModel):
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    budgets = models.JSONField(_("money per year"), default=dict)  # {"2027": 40000000}
    source_budgets = models.JSONField(_("money per funding source and year"), default=dict)  # {"2027|StimuLab": n}
    mandatory = models.ManyToManyField(
        "portfolio.Measure", verbose_name=_("measures that must stay"), blank=True, related_name="+"
    )
    exclusions = models.JSONField(_("mutual exclusions"), default=list)  # [["T1", "F2"], ...]
    life_event_limits = models.JSONField(_("limits per life event"), default=dict)  # {"<life event id>": n}
    status = models.CharField(_("status"), max_length=10, choices=ScenarioStatus.choices, default=ScenarioStatus.DRAFT)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    result = models.JSONField(_("result"), null=True, blank=True, editable=False)
    solved_at = models.DateTimeField(_("solved"), null=True, blank=True)
    driver_weighting = models.ForeignKey(
        "governance.DriverWeighting",
        verbose_name=_("driver weights used"),
        help_text=_("The version of the strategic drivers' weights the candidates' values were computed with."),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    shared_with = models.ManyToManyField(
        "core.Organisation", verbose_name=_("shared with"), blank=True, related_name="shared_scenarios"
    )
    recommendation = models.TextField(_("recommendation to the steering dialogue"), blank=True)
    recommended_at = models.DateTimeField(_("recommended"), null=True, blank=True)
    steering_decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("item in the steering dialogue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScenarioQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("budget scenario")
        verbose_name_plural = _("budget scenarios")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:scenario_detail", kwargs={"pk": self.pk})

    @property
    def is_pending(self) -> bool:
        return self.status in (ScenarioStatus.QUEUED, ScenarioStatus.RUNNING)

    @property
    def total_budget(self) -> int:
        return sum(int(v) for v in self.budgets.values())
