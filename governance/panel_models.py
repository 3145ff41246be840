"""People who are not agencies (issue 22): a user panel per life event with its members and their consent, the
panel's consultations linked to the proposals and measures they inform, and the shared user journey of a life event
(its steps as the user meets them, each step's pain points linked to the proposals and measures that address them).

Personal data is kept to the minimum and in one place: a member's name and contact details live only in the
`PanelMember` row (the history triggers snapshot none of them, history/models.py; audit rows never hold them,
governance/panels.py), and withdrawing consent blanks the contact details for good (a check constraint says a member
whose consent is withdrawn has none). What users said is recorded per consultation and attributed to the panel, never
to a named member. Rules in governance/rules_panels.py, writes in governance/panels.py."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import access
from core.models import PortalModel
from lifeevents.models import Participation, ministry_life_events
from portfolio.models import Measure, Proposal


def _life_events_of_agency(user):
    return Participation.objects.filter(organisation_id=user.organisation_id).values("life_event_id")


class UserPanelQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The office all; agency staff the panels of the life events their organisation takes part in and those it
        coordinates; ministry officials the panels of their life events."""
        return access.restrict(
            self,
            user,
            agency=lambda u: (
                models.Q(life_event_id__in=_life_events_of_agency(u)) | models.Q(coordinator_id=u.organisation_id)
            ),
            ministry=lambda u: models.Q(life_event_id__in=ministry_life_events(u)),
        )


class UserPanel(PortalModel):
    life_event = models.ForeignKey(
        "lifeevents.LifeEvent", verbose_name=_("life event"), on_delete=models.PROTECT, related_name="user_panels"
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("Who the panel speaks for, e.g. bereaved relatives.")
    )
    description = models.TextField(_("description"), blank=True)
    coordinator = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("coordinating organisation"),
        on_delete=models.PROTECT,
        related_name="coordinated_panels",
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UserPanelQuerySet.as_manager()

    class Meta:
        ordering = ["life_event__sort_order", "name", "pk"]
        verbose_name = _("user panel")
        verbose_name_plural = _("user panels")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("governance:panel_detail", kwargs={"pk": self.pk})


class PanelMemberQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Members (and so their contact details) only to the office and the panel's coordinating organisation."""
        return access.restrict(self, user, agency=lambda u: models.Q(panel__coordinator_id=u.organisation_id))


class PanelMember(PortalModel):
    panel = models.ForeignKey(UserPanel, verbose_name=_("user panel"), on_delete=models.PROTECT, related_name="members")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    consent_given_on = models.DateField(_("consent given"))
    consent_purpose = models.TextField(
        _("purpose of the consent"), help_text=_("What the member agreed to, as they were told it.")
    )
    consent_withdrawn_on = models.DateField(_("consent withdrawn"), null=True, blank=True)
    recruited_by = models.ForeignKey(
        "core.Organisation", verbose_name=_("recruited by"), on_delete=models.PROTECT, related_name="+"
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PanelMemberQuerySet.as_manager()

    class Meta:
        ordering = ["panel", "consent_withdrawn_on", "name", "pk"]
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consent_withdrawn_on__isnull=True) | models.Q(email="", phone=""),
                name="panelmember_withdrawn_has_no_contact",
            )
        ]

    def __str__(self) -> str:
        # No personal data: this is what an audit row keeps as the object's name (core.audit.record)
        return str(_("Panel member no. %(n)s")) % {"n": self.pk}

    @property
    def has_consent(self) -> bool:
        return self.consent_withdrawn_on is None


class ConsultationMethod(models.TextChoices):
    INTERVIEW = "interview", _("Interview")
    WORKSHOP = "workshop", _("Workshop")
    SURVEY = "survey", _("Survey")
    USER_TEST = "user_test", _("User test")


class ConsultationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What users said is seen wherever the proposal or measure it informs is seen, and by the panel's
        coordinating organisation; the office sees every consultation."""

        def informs_visible(u) -> models.Q:
            through_proposals = Consultation.proposals.through.objects.filter(
                proposal_id__in=Proposal.objects.visible_to(u).values("pk")
            ).values("consultation_id")
            through_measures = Consultation.measures.through.objects.filter(
                measure_id__in=Measure.objects.visible_to(u).values("pk")
            ).values("consultation_id")
            return models.Q(pk__in=through_proposals) | models.Q(pk__in=through_measures)

        return access.restrict(
            self,
            user,
            agency=lambda u: informs_visible(u) | models.Q(panel__coordinator_id=u.organisation_id),
            ministry=informs_visible,
        )


class Consultation(PortalModel):
    panel = models.ForeignKey(
        UserPanel, verbose_name=_("user panel"), on_delete=models.PROTECT, related_name="consultations"
    )
    date = models.DateField(_("date"))
    method = models.CharField(_("method"), max_length=12, choices=ConsultationMethod.choices)
    topic = models.CharField(_("topic"), max_length=200)
    participants = models.PositiveSmallIntegerField(_("number of participants"), null=True, blank=True)
    findings = models.TextField(
        _("what the users said"), help_text=_("The panel's findings, attributed to the panel, never to a named member.")
    )
    proposals = models.ManyToManyField(
        "portfolio.Proposal", verbose_name=_("proposals"), blank=True, related_name="consultations"
    )
    measures = models.ManyToManyField(
        "portfolio.Measure", verbose_name=_("measures"), blank=True, related_name="consultations"
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self) -> str:
        return f"{self.topic} ({self.date.isoformat()})"


# ---- shared user journeys ---------------------------------------------------------------------------------------


def _journeys_of_agency(user):
    return JourneyStep.objects.filter(agency_id=user.organisation_id).values("journey_id")


class UserJourneyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The office all; agency staff the journeys of the life events their organisation takes part in and those
        with a step it is responsible for; ministry officials the journeys of their life events."""
        return access.restrict(
            self,
            user,
            agency=lambda u: (
                models.Q(life_event_id__in=_life_events_of_agency(u)) | models.Q(pk__in=_journeys_of_agency(u))
            ),
            ministry=lambda u: models.Q(life_event_id__in=ministry_life_events(u)),
        )


class UserJourney(PortalModel):
    life_event = models.ForeignKey(
        "lifeevents.LifeEvent", verbose_name=_("life event"), on_delete=models.PROTECT, related_name="user_journeys"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UserJourneyQuerySet.as_manager()

    class Meta:
        ordering = ["life_event__sort_order", "title", "pk"]
        verbose_name = _("user journey")
        verbose_name_plural = _("user journeys")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("governance:journey_detail", kwargs={"pk": self.pk})


class JourneyStep(PortalModel):
    journey = models.ForeignKey(
        UserJourney, verbose_name=_("user journey"), on_delete=models.CASCADE, related_name="steps"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what the user does"), blank=True)
    agency = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("responsible agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["journey", "position", "pk"]
        verbose_name = _("step of a user journey")
        verbose_name_plural = _("steps of user journeys")
        constraints = [models.UniqueConstraint(fields=["journey", "position"], name="journeystep_position_unique")]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class PainPoint(PortalModel):
    step = models.ForeignKey(JourneyStep, verbose_name=_("step"), on_delete=models.CASCADE, related_name="pain_points")
    description = models.TextField(_("pain point"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    proposals = models.ManyToManyField(
        "portfolio.Proposal", verbose_name=_("proposals that address it"), blank=True, related_name="pain_points"
    )
    measures = models.ManyToManyField(
        "portfolio.Measure", verbose_name=_("measures that address it"), blank=True, related_name="pain_points"
    )

    class Meta:
        ordering = ["step", "pk"]
        verbose_name = _("pain point")
        verbose_name_plural = _("pain points")

    def __str__(self) -> str:
        return self.description[:80]
