"""Public access (offentleglova, issue 22): every record is public by default; a field or an attachment of a proposal
or a measure can be exempted with its legal basis, a reason and a review date (`Exemption`), and the office logs the
access requests (innsyn) it receives and answers (`AccessRequest`), each answer with the redacted document it sent.

Exemptions are never deleted: an exemption that no longer applies is lifted, with who, when and why. Which parts of
a record may be exempted is `EXEMPTABLE_FIELDS`; who sees exempt values and who may exempt is `portfolio/rules.py`;
the one function that hides exempt values from everyone else is `portfolio/redaction.py`.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import label_of
from core.models import PortalModel

# The parts of a record that can be exempted (free text written by the agencies). Titles, organisations, life
# events and statuses are the record's journal entry and stay public. Besides these fields, a proposal's answer to
# one of its call's own questions (text, choice, number or file) can be exempted: its key names the question,
# `answer_key(question_id)` = "call_q<id>" (the question's field in the intake form, `CallQuestion.field_name`), and
# is stored in `Exemption.field` like a field's name. `portfolio/redaction.py` reads only these two lists.
EXEMPTABLE_FIELDS = {
    "portfolio.proposal": ("need", "solution", "expected_benefits", "beneficiaries"),
    "portfolio.measure": ("description", "termination_reason"),
}
EXEMPTABLE_ANSWERS = ("portfolio.proposal",)  # the records whose call answers can be exempted
ANSWER_PREFIX = "call_q"


def answer_key(question_id: int) -> str:
    """The key (and `Exemption.field`) of the answer to a call's question."""
    return f"{ANSWER_PREFIX}{question_id}"


def answer_question_id(key: str) -> int | None:
    """The question of an answer's key; None for any other key (a field, an attachment)."""
    rest = key[len(ANSWER_PREFIX) :] if key.startswith(ANSWER_PREFIX) else ""
    return int(rest) if rest.isdigit() else None


WORKING_DAYS_TO_ANSWER = 5  # offentleglova § 29 («uten ugrunnet opphold»): the usual practice is five working days


class LegalBasis(models.TextChoices):
    """The sections of offentleglova an exemption rests on, with their Norwegian headings."""

    S13 = "13", _("§ 13 Information subject to a duty of confidentiality")
    S14 = "14", _("§ 14 Documents prepared for the body's own internal handling of a case")
    S15 = "15", _("§ 15 Documents obtained from outside for the internal handling of a case")
    S23 = "23", _("§ 23 The public's negotiating position and similar considerations")
    S24 = "24", _("§ 24 Control and regulation measures, breaches of the law and similar")


def citation(basis: str, provision: str = "") -> str:
    """The legal basis as it is printed in place of an exempt part: «offl. § 13 jf. fvl. § 13 første ledd nr. 2»."""
    text = f"offl. § {basis}"
    return f"{text} jf. {provision}" if provision else text


class ExemptionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(lifted_at__isnull=True)

    def visible_to(self, user):
        """An exemption is read by whoever may see its record (the record's page lists it, its value hidden)."""
        from .measures import Measure
        from .proposals import Proposal

        return self.filter(
            models.Q(proposal__in=Proposal.objects.visible_to(user).values("pk"))
            | models.Q(measure__in=Measure.objects.visible_to(user).values("pk"))
        )


class Exemption(PortalModel):
    proposal = models.ForeignKey(
        "portfolio.Proposal", verbose_name=_("proposal"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="exemptions",
    )  # fmt: skip
    measure = models.ForeignKey(
        "portfolio.Measure", verbose_name=_("measure"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="exemptions",
    )  # fmt: skip
    field = models.CharField(_("field"), max_length=40, blank=True)
    attachment = models.ForeignKey(
        "portfolio.Attachment", verbose_name=_("attachment"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="exemptions",
    )  # fmt: skip
    legal_basis = models.CharField(_("legal basis"), max_length=4, choices=LegalBasis.choices)
    provision = models.CharField(
        _("provision that gives the duty of confidentiality"),
        max_length=200,
        blank=True,
        help_text=_("Required with § 13, e.g. «fvl. § 13 første ledd nr. 2»."),
    )
    reason = models.TextField(_("reason"))
    review_date = models.DateField(_("review date"), help_text=_("When the exemption is to be considered again."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lift_reason = models.TextField(_("reason for lifting"), blank=True)

    objects = ExemptionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("exemption from public access")
        verbose_name_plural = _("exemptions from public access")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(proposal__isnull=True) ^ models.Q(measure__isnull=True),
                name="exemption_one_record",
            ),
            models.CheckConstraint(
                condition=models.Q(field="") ^ models.Q(attachment__isnull=True), name="exemption_field_or_attachment"
            ),
            models.CheckConstraint(
                condition=models.Q(attachment__isnull=True) | models.Q(proposal__isnull=False),
                name="exemption_attachment_of_proposal",
            ),
            models.CheckConstraint(condition=~models.Q(reason=""), name="exemption_has_reason"),
            models.CheckConstraint(
                condition=~models.Q(legal_basis="13") | ~models.Q(provision=""), name="exemption_13_names_provision"
            ),
            models.UniqueConstraint(
                fields=["proposal", "field"],
                condition=models.Q(lifted_at__isnull=True, proposal__isnull=False, attachment__isnull=True),
                name="exemption_one_active_per_proposal_field",
            ),
            models.UniqueConstraint(
                fields=["measure", "field"],
                condition=models.Q(lifted_at__isnull=True, measure__isnull=False),
                name="exemption_one_active_per_measure_field",
            ),
            models.UniqueConstraint(
                fields=["attachment"],
                condition=models.Q(lifted_at__isnull=True, attachment__isnull=False),
                name="exemption_one_active_per_attachment",
            ),
        ]
        indexes = [models.Index(fields=["review_date"], name="exemption_review", condition=models.Q(lifted_at=None))]

    def __str__(self) -> str:
        return f"{self.part_label}: {self.citation}"

    @property
    def record(self):
        return self.proposal if self.proposal_id else self.measure

    @property
    def citation(self) -> str:
        return citation(self.legal_basis, self.provision)

    @property
    def question_id(self) -> int | None:
        """The call's question whose answer is exempt (None for a field or an attachment)."""
        return answer_question_id(self.field)

    @property
    def part_label(self) -> str:
        if self.attachment_id:
            return str(self.attachment)
        if self.question_id is not None:  # the question's label (`question_label` when the caller read it already)
            label = getattr(self, "question_label", None)
            if label is None:
                from .call_intake import CallQuestion

                label = CallQuestion.objects.filter(pk=self.question_id).values_list("label", flat=True).first()
            return str(_("Answer: %(question)s") % {"question": label or self.field})
        model = type(self.record) if self.record is not None else None
        if model is None:
            return self.field
        return str(model._meta.get_field(self.field).verbose_name)

    def get_legal_basis_display(self):
        return label_of(LegalBasis, self.legal_basis)


class AccessOutcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    PARTLY = "partly", _("Partly granted")
    REFUSED = "refused", _("Refused")


class AccessRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The office's journal of access requests: the office only."""
        from core import access

        return access.restrict(self, user)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """`start` plus `days` working days (Monday–Friday; public holidays are not counted out)."""
    current = start
    while days > 0:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def access_document_path(instance, filename: str) -> str:
    import uuid

    return f"innsyn/{uuid.uuid4().hex}.pdf"


class AccessRequest(PortalModel):
    """An access request (innsynskrav) for a proposal or a measure, logged by the office, and its answer."""

    requester_name = models.CharField(_("requester's name"), max_length=200, blank=True)
    requester_email = models.EmailField(_("requester's e-mail"), blank=True)
    proposal = models.ForeignKey(
        "portfolio.Proposal", verbose_name=_("proposal"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="access_requests",
    )  # fmt: skip
    measure = models.ForeignKey(
        "portfolio.Measure", verbose_name=_("measure"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="access_requests",
    )  # fmt: skip
    received_on = models.DateField(_("received"))
    note = models.TextField(_("what was asked for"), blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(_("answer"), max_length=10, choices=AccessOutcome.choices, blank=True)
    refusal_basis = models.CharField(_("legal basis"), max_length=4, choices=LegalBasis.choices, blank=True)
    refusal_provision = models.CharField(_("provision that gives the duty of confidentiality"), max_length=200,
                                         blank=True)  # fmt: skip
    answer_text = models.TextField(_("answer to the requester"), blank=True)
    answered_on = models.DateField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withheld = models.JSONField(_("exempt parts when answered"), default=list, blank=True, editable=False)
    document = models.FileField(upload_to=access_document_path, max_length=300, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)

    objects = AccessRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(proposal__isnull=True) ^ models.Q(measure__isnull=True),
                name="accessrequest_one_record",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome="") | models.Q(answered_on__isnull=False), name="accessrequest_answer_dated"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Access request no. %(n)s") % {"n": self.pk})

    @property
    def record(self):
        return self.proposal if self.proposal_id else self.measure

    @property
    def refusal_citation(self) -> str:
        """The legal basis of a refusal as cited (`citation`), "" when nothing was refused."""
        return citation(self.refusal_basis, self.refusal_provision) if self.refusal_basis else ""

    @property
    def due_on(self) -> datetime.date:
        return add_working_days(self.received_on, WORKING_DAYS_TO_ANSWER)

    def is_late(self, today: datetime.date | None = None) -> bool:
        """Not answered within five working days (or answered later than that)."""
        from django.utils import timezone

        if self.answered_on:
            return self.answered_on > self.due_on
        return (today or timezone.localdate()) > self.due_on

    def get_outcome_display(self):
        return label_of(AccessOutcome, self.outcome)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("portfolio:access_request_detail", kwargs={"pk": self.pk})
