"""Allocation letters, funding, governance bodies and decisions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import access
from core.models import PortalModel
from lifeevents.choices import ParticipationRole

from .choices import (
    BodyKind,
    DecisionOutcome,
    DecisionStatus,
    FundingSourceKind,
    FundingStatus,
    MemberRole,
    MentionValue,
    SteeringResponseKind,
)

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class AllocationLetter(PortalModel):
    """The yearly letter (tildelingsbrev) from a ministry to one of its agencies."""

    ministry = models.ForeignKey(
        "core.Organisation", verbose_name=_("ministry"), on_delete=models.PROTECT, related_name="letters_sent"
    )
    agency = models.ForeignKey(
        "core.Organisation", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="letters_received"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    source = models.CharField(_("source"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["year", "sort_order", "ministry__name", "agency__name"]
        verbose_name = _("allocation letter")
        verbose_name_plural = _("allocation letters")
        constraints = [models.UniqueConstraint(fields=["ministry", "agency", "year"], name="allocationletter_unique")]

    def __str__(self) -> str:
        return f"{self.ministry.label} → {self.agency.label} {self.year}"


class AllocationMention(PortalModel):
    letter = models.ForeignKey(AllocationLetter, on_delete=models.CASCADE, related_name="mentions")
    life_event = models.ForeignKey("lifeevents.LifeEvent", on_delete=models.PROTECT, related_name="allocation_mentions")
    value = models.CharField(_("mention"), max_length=12, choices=MentionValue.choices)
    raw_text = models.CharField(_("as printed"), max_length=40, blank=True)
    assignment = models.BooleanField(_("assignment given"), default=False)
    notice = models.BooleanField(_("notice or information about an assignment"), default=False)
    actor_role = models.CharField(
        _("role in the life event"), max_length=20, choices=ParticipationRole.choices, blank=True
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["life_event__sort_order", "sort_order", "letter"]
        verbose_name = _("allocation-letter mention")
        verbose_name_plural = _("allocation-letter mentions")
        constraints = [models.UniqueConstraint(fields=["letter", "life_event"], name="allocationmention_unique")]

    def __str__(self) -> str:
        return f"{self.letter}: {self.life_event} = {self.get_value_display()}"


class FundingSource(PortalModel):
    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=FundingSourceKind.choices)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")

    def __str__(self) -> str:
        return self.name


class FundingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The office: all. Others: a life event's funding (DFØ's table, public) and their measures' funding."""
        return access.restrict(self, user, agency=_funding_in_scope, ministry=_funding_in_scope)


def _funding_in_scope(user) -> models.Q:
    from portfolio.models import Measure  # portfolio's models point to this app's decisions

    return models.Q(measure__isnull=True) | models.Q(measure_id__in=Measure.objects.visible_to(user).values("pk"))


class Funding(PortalModel):
    """Funding of a measure or a life event from one source in one year: an amount, a status, or both."""

    source = models.ForeignKey(
        FundingSource, verbose_name=_("source"), on_delete=models.PROTECT, related_name="fundings"
    )
    measure = models.ForeignKey(
        "portfolio.Measure",
        verbose_name=_("measure"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="fundings",
    )
    life_event = models.ForeignKey(
        "lifeevents.LifeEvent",
        verbose_name=_("life event"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="fundings",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    amount = models.DecimalField(
        _("amount (NOK)"), max_digits=14, decimal_places=0, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    status = models.CharField(_("status"), max_length=10, choices=FundingStatus.choices, blank=True)
    raw_text = models.TextField(_("as described in the source"), blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source_document = models.CharField(_("source document"), max_length=200, blank=True)

    objects = FundingQuerySet.as_manager()

    class Meta:
        ordering = ["year", "source__name"]
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(measure__isnull=False) | models.Q(life_event__isnull=False),
                name="funding_has_target",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0), name="funding_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.year}"

    @property
    def agreement_version(self):
        """The collaboration agreement's version whose commitments wrote this row (governance/agreements.py), or
        None. Such a row is changed only through a new version of the agreement (rules_reference.py)."""
        line = getattr(self, "agreement_line", None)  # the reverse one-to-one raises an AttributeError when none
        return line.version if line is not None else None

    def not_now_reason(self) -> str:
        """Why this row cannot be changed or deleted (the 409 page and the services' message, core.access)."""
        version = self.agreement_version
        if version is None:
            return ""
        return _(
            "This funding was written from the collaboration agreement «%(agreement)s», version %(number)s: change it "
            "through a new version of the agreement."
        ) % {"agreement": version.agreement.title, "number": version.number}

    def clean(self) -> None:
        if not self.measure_id and not self.life_event_id:
            raise ValidationError(_("Funding must belong to a measure or a life event."))
        if self.amount is None and not self.status:
            raise ValidationError(_("Give an amount, a status, or both."))


class GovernanceBody(PortalModel):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    life_events = models.ManyToManyField(
        "lifeevents.LifeEvent", verbose_name=_("life events"), blank=True, related_name="governance_bodies"
    )
    mandate = models.TextField(_("mandate"), blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("governance body")
        verbose_name_plural = _("governance bodies")

    def __str__(self) -> str:
        return self.name


class BodyMembership(PortalModel):
    body = models.ForeignKey(GovernanceBody, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=12, choices=MemberRole.choices, default=MemberRole.MEMBER)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [models.UniqueConstraint(fields=["body", "organisation", "role"], name="bodymembership_unique")]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()}) – {self.body}"


def _on_visible_work(user) -> models.Q:
    from portfolio.models import Measure, Proposal  # portfolio's models point to this app's decisions

    return models.Q(proposal__in=Proposal.objects.visible_to(user).values("pk")) | models.Q(
        measure__in=Measure.objects.visible_to(user).values("pk")
    )


def _named_or_on_visible_work(user) -> models.Q:
    """A ministry also sees the decisions that name it as one that must act, whoever owns the life event."""
    named = Decision.ministries.through.objects.filter(organisation_id=user.organisation_id).values("decision_id")
    return _on_visible_work(user) | models.Q(pk__in=named)


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The office: all. Others: the decisions on the proposals and measures they may see; a ministry also the
        decisions that name it (its steering dialogue)."""
        return access.restrict(self, user, agency=_on_visible_work, ministry=_named_or_on_visible_work)


class Decision(PortalModel):
    body = models.ForeignKey(
        GovernanceBody,
        verbose_name=_("deciding body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    date = models.DateField(_("date"))
    subject = models.CharField(_("subject"), max_length=300)
    outcome = models.CharField(_("outcome"), max_length=20, choices=DecisionOutcome.choices)
    rationale = models.TextField(_("rationale"))
    status = models.CharField(
        _("status"), max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.IN_FORCE
    )
    proposal = models.ForeignKey(
        "portfolio.Proposal",
        verbose_name=_("proposal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    measure = models.ForeignKey(
        "portfolio.Measure",
        verbose_name=_("measure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    defer_until = models.DateField(_("deferred until"), null=True, blank=True)
    ministries = models.ManyToManyField(
        "core.Organisation", verbose_name=_("ministries that must act"), blank=True, related_name="decisions_to_act_on"
    )
    acting_agency = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("agency that must act"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    allocation_year = models.PositiveSmallIntegerField(
        _("allocation-letter year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    funding_source = models.ForeignKey(
        FundingSource, verbose_name=_("funding source"), null=True, blank=True, on_delete=models.PROTECT
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.date}: {self.subject}"


class SteeringResponse(PortalModel):
    """A ministry's answer to a decision escalated to it: accepted into the allocation letter of a year (with
    funding), declined (with the reason), or more information needed. A newer answer of the same ministry replaces
    the older one as its current answer; the older rows stay as history."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="responses")
    ministry = models.ForeignKey(
        "core.Organisation", verbose_name=_("ministry"), on_delete=models.PROTECT, related_name="steering_responses"
    )
    kind = models.CharField(_("response"), max_length=12, choices=SteeringResponseKind.choices)
    allocation_year = models.PositiveSmallIntegerField(
        _("allocation-letter year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    funding_amount = models.DecimalField(
        _("funding (NOK)"), max_digits=14, decimal_places=0, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    funding_source = models.ForeignKey(
        FundingSource, verbose_name=_("funding source"), null=True, blank=True, on_delete=models.PROTECT
    )
    comment = models.TextField(_("reason or comment"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("steering response")
        verbose_name_plural = _("steering responses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(funding_amount__isnull=True) | models.Q(funding_amount__gte=0),
                name="steeringresponse_funding_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ministry} – {self.get_kind_display()}"


from .agreement_models import (  # noqa: E402, F401 - collaboration agreements (issue 22)
    AgreementDocument,
    AgreementFunding,
    AgreementParty,
    AgreementResponse,
    AgreementVersion,
    CollaborationAgreement,
)
from .brief_models import BriefStatus, DecisionBrief  # noqa: E402, F401 - decision briefs (brief_models.py)
from .driver_models import Driver, DriverScore, DriverWeighting  # noqa: E402, F401 - strategic drivers (driver_models.py)
from .generation_models import Generation  # noqa: E402, F401 - generations (issue 22)
from .measure_change_models import MeasureChange, MeasureChangeStatus  # noqa: E402, F401 - changes of measures (issue 23)
from .panel_models import (  # noqa: E402, F401 - user panels and shared user journeys (issue 22)
    Consultation,
    ConsultationMethod,
    JourneyStep,
    PainPoint,
    PanelMember,
    UserJourney,
    UserPanel,
)
from .scenario_models import Scenario, ScenarioStatus  # noqa: E402, F401 - budget scenarios (governance/scenario_models.py)
