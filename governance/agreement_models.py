"""The collaboration agreement (samarbeidsavtale) that closes the phase "Starte sammen" of a life event (DFØ-notat
2021:1, the phase's last step: "inngå en samarbeidsavtale/-erklæring, som tydelig definerer finansiering, rolle- og
ansvarsfordeling, samt styringsstrukturen for fase 2", with the estimate of time, cost and people for the next phase).

An agreement has versions. The office drafts a version; sent for confirmation it is frozen; each party's
representative confirms or declines it (with a reason); when every party has confirmed, the version is in force,
its funding becomes rows of the life event's funding, its governance bodies are the life event's, and the worker
stores it as a tagged PDF (`AgreementDocument`, core/documents.py). Changing a version that was sent makes a new
version, which needs every confirmation again. Services: governance/agreements.py; rules: rules_agreements.py."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import access
from core.document_models import StoredDocument
from core.models import PortalModel
from lifeevents.choices import Phase

from .models import YEAR_VALIDATORS


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Awaiting confirmation")
    IN_FORCE = "in_force", _("In force")
    DECLINED = "declined", _("Declined by a party")
    SUPERSEDED = "superseded", _("Superseded")


PUBLISHED = (AgreementStatus.SENT, AgreementStatus.IN_FORCE, AgreementStatus.DECLINED, AgreementStatus.SUPERSEDED)


class ResponseKind(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")


class AgreementQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A life event's collaboration agreement belongs to its shared frame: every signed-in user reads it (its
        drafts are the office's: `AgreementVersion.objects.visible_to`)."""
        return access.restrict(self, user, public=True)


class CollaborationAgreement(PortalModel):
    life_event = models.ForeignKey(
        "lifeevents.LifeEvent",
        verbose_name=_("life event"),
        on_delete=models.PROTECT,
        related_name="collaboration_agreements",
    )
    phase = models.CharField(_("closes the phase"), max_length=10, choices=Phase.choices, default=Phase.START)
    title = models.CharField(_("title"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["life_event", "phase"]
        verbose_name = _("collaboration agreement")
        verbose_name_plural = _("collaboration agreements")
        constraints = [
            models.UniqueConstraint(fields=["life_event", "phase"], name="collaborationagreement_one_per_phase")
        ]

    def __str__(self) -> str:
        return self.title


def _published(user) -> models.Q:
    return models.Q(status__in=PUBLISHED)


class AgreementVersionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The office: every version. Others: the versions sent for confirmation and later (a draft is the
        office's work in progress)."""
        return access.restrict(self, user, agency=_published, ministry=_published)


class AgreementVersion(PortalModel):
    agreement = models.ForeignKey(CollaborationAgreement, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    purpose = models.TextField(_("purpose and scope"), blank=True)
    governance_structure = models.TextField(_("governance structure for the next phase"), blank=True)
    bodies = models.ManyToManyField(
        "governance.GovernanceBody", verbose_name=_("governance bodies"), blank=True, related_name="agreements"
    )
    next_phase_months = models.PositiveSmallIntegerField(_("next phase: duration (months)"), null=True, blank=True)
    next_phase_cost = models.DecimalField(
        _("next phase: cost (NOK)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    next_phase_person_years = models.DecimalField(
        _("next phase: people (person-years)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    next_phase_note = models.TextField(_("next phase: what it will contain"), blank=True)
    change_note = models.TextField(_("what changed from the version before"), blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(_("sent for confirmation"), null=True, blank=True)
    in_force_at = models.DateTimeField(_("in force from"), null=True, blank=True)

    objects = AgreementVersionQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "-number"]
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="agreementversion_unique_number"),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=models.Q(status="in_force"),
                name="agreementversion_one_in_force",
            ),
            models.CheckConstraint(
                condition=models.Q(next_phase_cost__isnull=True) | models.Q(next_phase_cost__gte=0),
                name="agreementversion_cost_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} – v{self.number}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("governance:agreement_version", kwargs={"pk": self.pk})

    @property
    def is_draft(self) -> bool:
        return self.status == AgreementStatus.DRAFT

    @property
    def is_awaiting(self) -> bool:
        return self.status == AgreementStatus.SENT

    @property
    def is_in_force(self) -> bool:
        return self.status == AgreementStatus.IN_FORCE

    @property
    def tag_color(self) -> str:
        """Designsystemet's colour of the status tag."""
        return {AgreementStatus.IN_FORCE: "success", AgreementStatus.DECLINED: "danger"}.get(self.status, "info")


class AgreementParty(PortalModel):
    """A party to a version, with its roles and responsibilities; its representative answers for it."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("party"), on_delete=models.PROTECT, related_name="agreement_parties"
    )
    roles = models.TextField(_("roles and responsibilities"))
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "sort_order", "pk"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [models.UniqueConstraint(fields=["version", "organisation"], name="agreementparty_unique")]

    def __str__(self) -> str:
        return str(self.organisation)


class AgreementFunding(PortalModel):
    """A party's funding of the next phase in one year. When the version comes into force it is written as a row
    of the life event's funding (`funding`), which the funding figures count; a newer version replaces it."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="funding_lines")
    party = models.ForeignKey(AgreementParty, on_delete=models.CASCADE, related_name="funding_lines")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    amount = models.DecimalField(_("amount (NOK)"), max_digits=14, decimal_places=0, validators=[MinValueValidator(0)])
    funding = models.OneToOneField(
        "governance.Funding", null=True, blank=True, on_delete=models.SET_NULL, related_name="agreement_line"
    )

    class Meta:
        ordering = ["version", "year", "party__sort_order"]
        verbose_name = _("funding commitment")
        verbose_name_plural = _("funding commitments")
        constraints = [
            models.UniqueConstraint(fields=["party", "year"], name="agreementfunding_unique_year"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="agreementfunding_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.party} {self.year}"


class AgreementResponse(PortalModel):
    """A party's answer to a version: confirmed, or declined with the reason. Final for that version."""

    party = models.OneToOneField(AgreementParty, on_delete=models.CASCADE, related_name="response")
    kind = models.CharField(_("answer"), max_length=10, choices=ResponseKind.choices)
    reason = models.TextField(_("reason or comment"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    by_name = models.CharField(_("answered by"), max_length=200, blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("answer to an agreement")
        verbose_name_plural = _("answers to agreements")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="declined") | ~models.Q(reason=""), name="agreementresponse_decline_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.get_kind_display()}"


def _on_published_versions(user) -> models.Q:
    return models.Q(agreement_version__status__in=PUBLISHED)


class AgreementDocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return access.restrict(self, user, agency=_on_published_versions, ministry=_on_published_versions)


class AgreementDocument(StoredDocument):
    """The tagged PDF (PDF/UA-1) of a version in force, made by the worker; a new try after a failure is a new row."""

    agreement_version = models.ForeignKey(AgreementVersion, on_delete=models.PROTECT, related_name="documents")
    version = models.PositiveIntegerField(_("document version"), default=1)
    language = models.CharField(_("language"), max_length=8, default="nb")
    file = models.FileField(_("file"), upload_to="agreements/%Y/", blank=True)

    objects = AgreementDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["agreement_version", "-version"]
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")
        constraints = [
            models.UniqueConstraint(fields=["agreement_version", "version"], name="agreementdocument_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.agreement_version} (PDF {self.version})"

    @property
    def filename(self) -> str:
        v = self.agreement_version
        return f"samarbeidsavtale-{v.agreement_id}-v{v.number}.pdf"
