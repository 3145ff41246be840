"""Life events, the actors' roles in them, their phases and supporting activities."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core import access
from core.models import PortalModel

from .choices import FundingCoverage, Involvement, ParticipationRole, Phase, PlanningMode

TABLE_4_ANSWERS = frozenset({"nei", "delvis", "ja"})  # DFØ's Table 4, "Er arbeidet finansiert?"


class LifeEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Life events are the shared frame of the portfolio: every signed-in user may read them.
        return access.restrict(self, user, public=True)

    def of_ministry(self, organisation_id):
        """The life events a ministry owns or takes part in: what its officials follow, and so the one definition
        of the ministry scope that every `visible_to` uses (a subquery of primary keys, no DISTINCT)."""
        taking_part = Participation.objects.filter(organisation_id=organisation_id).values("life_event_id")
        return self.filter(models.Q(owner_ministry_id=organisation_id) | models.Q(pk__in=taking_part))

    def with_actor_count(self):
        """Each life event with `actor_count`: the SQL form of `figures.actor_count` (distinct organisations taking
        part in any role)."""
        return self.annotate(actor_count=models.Count("participations__organisation", distinct=True))


def ministry_life_events(user) -> models.QuerySet | list[int]:
    """The primary keys of the life events in a ministry official's scope (`core.access.ministry_of`), for the
    `visible_to` of everything a ministry sees through its life events: a subquery, or the keys the request has read
    already (`followed_life_events`), the same rows as a short list that each query filters by without repeating the
    subquery."""
    held = getattr(user, "ministry_life_event_ids", None)
    if held is not None:
        return held
    return LifeEvent.objects.of_ministry(access.ministry_of(user)).values("pk")


def followed_life_events(user, life_events: models.QuerySet | None = None) -> list:
    """The life events the user's organisation owns or takes part in (`of_ministry`; `life_events`: the
    `LifeEvent.objects` queryset with the columns and annotations the page reads), read once. For a ministry official
    they are the scope itself: their keys stay on the user object for the rest of the request (as Django's
    ModelBackend keeps a user's permissions on it), and every `visible_to` built from `ministry_life_events` filters
    by them. Who sees what does not change: the list holds the rows the subquery selects."""
    if not user.organisation_id:
        return []
    events = list((LifeEvent.objects.all() if life_events is None else life_events).of_ministry(user.organisation_id))
    if access.ministry_of(user) == user.organisation_id:
        user.ministry_life_event_ids = [event.pk for event in events]
    return events


class LifeEvent(PortalModel):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_nb = models.CharField(_("name (bokmål)"), max_length=120)
    name_nn = models.CharField(_("name (nynorsk)"), max_length=120, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    owner_ministry = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("owner ministry"),
        on_delete=models.PROTECT,
        related_name="owned_life_events",
    )
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.CharField(_("source"), max_length=200, blank=True)
    funding_status = models.CharField(
        _("is the work funded?"), max_length=10, choices=FundingCoverage.choices, blank=True, default=""
    )
    funding_summary = models.CharField(
        _("funding, as described in the source"),
        max_length=300,
        blank=True,
        help_text=_("The answer of DFØ's Table 4, e.g. “Delvis (Medfinansieringsordningen)”."),
    )
    planning_mode = models.CharField(
        _("plans in"),
        max_length=12,
        choices=PlanningMode.choices,
        default=PlanningMode.ROADMAP,
        help_text=_("A classic roadmap, or generations: each a whole concept from missions via the portfolio to the "
                    "arena."),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LifeEventQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name_nb"]
        verbose_name = _("life event")
        verbose_name_plural = _("life events")

    def __str__(self) -> str:
        return self.name

    @property
    def funding_note(self) -> str:
        """Table 4's words on the funding when they say more than the status: its bare answer ("Nei", "Delvis",
        "Ja") is the status itself, so the page does not print "Nei – Nei"."""
        summary = (self.funding_summary or "").strip()
        return "" if summary.rstrip(".").lower() in TABLE_4_ANSWERS else summary

    @property
    def name(self) -> str:
        lang = (get_language() or settings.LANGUAGE_CODE)[:2]
        if lang == "en":
            return self.name_en or self.name_nb
        if lang == "nn":
            return self.name_nn or self.name_nb
        return self.name_nb

    @staticmethod
    def name_expression(prefix: str = "") -> models.Func:
        """`name` as SQL (the same rule, in the active language), for a query that shows only the name:
        `prefix` is the path to the life event (e.g. "lifeevent__")."""
        lang = (get_language() or settings.LANGUAGE_CODE)[:2]
        nb = models.F(f"{prefix}name_nb")
        if lang in ("en", "nn"):
            return Coalesce(NullIf(models.F(f"{prefix}name_{lang}"), models.Value("")), nb)
        return nb

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("lifeevents:lifeevent_detail", kwargs={"slug": self.slug})

    @property
    def plans_in_generations(self) -> bool:
        return self.planning_mode == PlanningMode.GENERATIONS


class LifeEventPhase(PortalModel):
    """A life event can be in several of Digdir's phases at once, each with its own dates."""

    life_event = models.ForeignKey(LifeEvent, on_delete=models.CASCADE, related_name="phases")
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["life_event", "phase"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.UniqueConstraint(fields=["life_event", "phase"], name="lifeevent_phase_unique"),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="lifeevent_phase_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.life_event}: {self.get_phase_display()}"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})


class Participation(PortalModel):
    """An organisation's role in a life event, and its place on the actor map (interest × influence)."""

    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="participations"
    )
    life_event = models.ForeignKey(
        LifeEvent, verbose_name=_("life event"), on_delete=models.CASCADE, related_name="participations"
    )
    role = models.CharField(_("role"), max_length=20, choices=ParticipationRole.choices)
    interest = models.PositiveSmallIntegerField(
        _("interest"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    influence = models.PositiveSmallIntegerField(
        _("influence"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    involvement = models.CharField(
        _("involvement"), max_length=12, choices=Involvement.choices, default=Involvement.CONSULTED
    )
    involvement_note = models.TextField(_("how the actor is involved"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["life_event", "role", "organisation__name"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "life_event", "role"], name="participation_unique"),
            models.CheckConstraint(
                condition=models.Q(interest__gte=1, interest__lte=5), name="participation_interest_1_5"
            ),
            models.CheckConstraint(
                condition=models.Q(influence__gte=1, influence__lte=5), name="participation_influence_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.life_event} ({self.get_role_display()})"


class SupportingActivity(PortalModel):
    """An existing programme or project that contributes to a life event (DFØ's Table 2)."""

    life_event = models.ForeignKey(
        LifeEvent, verbose_name=_("life event"), on_delete=models.CASCADE, related_name="supporting_activities"
    )
    name = models.CharField(_("name"), max_length=300)
    owner = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supporting_activities",
    )
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices, blank=True)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["life_event", "name"]
        verbose_name = _("supporting activity")
        verbose_name_plural = _("supporting activities")

    def __str__(self) -> str:
        return self.name


class MissionApproach(PortalModel):
    """How a life event works with missions: one column of Digdir's comparison of the two Stimulab life events."""

    life_event = models.OneToOneField(
        LifeEvent, verbose_name=_("life event"), on_delete=models.CASCADE, related_name="mission_approach"
    )
    name = models.CharField(_("name"), max_length=120, help_text=_("E.g. “mission platform” or “the rig”."))
    overall_approach = models.TextField(_("overall approach"), blank=True)
    mission_formulation = models.TextField(_("formulating a mission"), blank=True)
    has_concrete_mission = models.BooleanField(_("has a concrete mission"), default=False)
    innovation_portfolio = models.TextField(_("innovation portfolio"), blank=True)
    organisation = models.TextField(_("organisation and governance"), blank=True)
    ecosystem = models.TextField(_("ecosystem"), blank=True)
    private_sector = models.TextField(_("private sector"), blank=True)
    learning = models.TextField(_("development, learning, implementation"), blank=True)
    funding = models.TextField(_("funding"), blank=True)
    funding_min_per_year = models.DecimalField(
        _("proposed funding per year, from (NOK)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    funding_max_per_year = models.DecimalField(
        _("proposed funding per year, to (NOK)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("mission approach")
        verbose_name_plural = _("mission approaches")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(funding_min_per_year__isnull=True)
                | models.Q(funding_max_per_year__isnull=True)
                | models.Q(funding_max_per_year__gte=models.F("funding_min_per_year")),
                name="missionapproach_funding_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.life_event}: {self.name}"

    def clean(self) -> None:
        low, high = self.funding_min_per_year, self.funding_max_per_year
        if low is not None and high is not None and high < low:
            raise ValidationError({"funding_max_per_year": _("The upper amount cannot be below the lower amount.")})
