"""Public access (offentleglova, issue 22): exempting a part of a proposal or a measure and lifting the exemption,
and the office's journal of access requests (innsyn) with their answers. Each write checks the policy
(portfolio/rules.py), validates (a ValidationError names the field: a 4xx, nothing saved) and writes its AuditEvent in
the same transaction. An exemption is never deleted: it is lifted, with a reason.

The answer to an access request is a PDF of the record as the public may read it (`portfolio.redaction.redact` with
no user: every exempt part replaced by its legal basis), rendered when the answer is saved (a one-page document) and
kept with the request, so the journal holds exactly what was sent.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import access, audit

from .. import redaction
from ..models import AccessRequest, Attachment, CallAnswer, Exemption, Measure, Proposal
from ..models.public_access import (
    EXEMPTABLE_ANSWERS,
    EXEMPTABLE_FIELDS,
    AccessOutcome,
    LegalBasis,
    answer_key,
    citation,
)

DOCUMENT_TEMPLATE = "portfolio/pdf/access_document.html"


def exemptable_parts(record) -> list[tuple[str, str]]:
    """The parts of `record` that can be exempted: (key, label): its text fields, a proposal's answers to its call's
    own questions (`call_q<question id>`, those it has given) and its attachments (`attachment:<pk>`) that are not
    removed."""
    model = type(record)
    names = EXEMPTABLE_FIELDS[model._meta.label_lower]
    parts = [(name, str(model._meta.get_field(name).verbose_name)) for name in names]
    if model._meta.label_lower in EXEMPTABLE_ANSWERS:
        for answer in _answers(record):
            parts.append((answer_key(answer.question_id), _("Answer: %(question)s") % {"question": answer.question}))
    if isinstance(record, Proposal):
        for a in Attachment.objects.filter(proposal=record, removed_at__isnull=True).order_by("uploaded_at", "pk"):
            parts.append((redaction.attachment_key(a.pk), _("Attachment: %(name)s") % {"name": a.original_name}))
    return parts


def _answers(proposal) -> list[CallAnswer]:
    """The proposal's answers to its call's questions, in the call's order (one query)."""
    return list(
        CallAnswer.objects.filter(proposal=proposal).select_related("question", "attachment")
        .order_by("question__sort_order", "question_id")
    )  # fmt: skip


def _check_basis(basis: str, provision: str, *, basis_field: str, provision_field: str) -> None:
    if basis not in LegalBasis.values:
        raise ValidationError({basis_field: _("Choose the section of offentleglova the exemption rests on.")})
    if basis == LegalBasis.S13 and not provision.strip():
        message = _("Name the provision that gives the duty of confidentiality (e.g. fvl. § 13 første ledd nr. 2).")
        raise ValidationError({provision_field: message})


def exemption_add(*, record: Proposal | Measure, data: Mapping, by) -> Exemption:
    """Exempt one part of `record` (a field or an attachment) from public access, with its legal basis, a reason and
    a review date. 403 for anyone the policy does not allow; a ValidationError naming the field for missing or wrong
    input, or for a part that is already exempt."""
    access.require(by, "exempt", record)
    part = (data.get("part") or "").strip()
    basis, provision = data.get("legal_basis") or "", (data.get("provision") or "").strip()
    reason, review_date = (data.get("reason") or "").strip(), data.get("review_date")
    if part not in dict(exemptable_parts(record)):
        raise ValidationError({"part": _("Choose the field or attachment to exempt.")})
    _check_basis(basis, provision, basis_field="legal_basis", provision_field="provision")
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the exemption.")})
    if not isinstance(review_date, datetime.date) or review_date <= timezone.localdate():
        raise ValidationError({"review_date": _("Give a review date after today.")})
    with transaction.atomic():
        locked = type(record).objects.select_for_update().get(pk=record.pk)
        exemption = Exemption(
            legal_basis=basis, provision=provision, reason=reason,
            review_date=review_date, created_by=by,
        )  # fmt: skip
        if isinstance(locked, Proposal):
            exemption.proposal = locked
        else:
            exemption.measure = locked
        if part.startswith("attachment:"):
            exemption.attachment_id = int(part.split(":", 1)[1])
        else:
            exemption.field = part
        existing = Exemption.objects.active().filter(
            proposal=exemption.proposal, measure=exemption.measure, field=exemption.field,
            attachment_id=exemption.attachment_id,
        )  # fmt: skip
        if existing.exists():
            raise ValidationError({"part": _("This part is already exempt. Lift that exemption first to change it.")})
        exemption.save()
        audit.record(
            actor=by,
            action="portfolio.exemption.created",
            obj=exemption,
            changes={
                "record": str(locked),
                "part": exemption.part_label,
                "legal_basis": exemption.citation,
                "reason": reason,
                "review_date": review_date,
            },
        )
    return exemption


def exemption_lift(*, exemption: Exemption, reason: str, by) -> Exemption:
    """Lift an exemption (the value is public again), with who, when and why; the row stays."""
    access.require(by, "lift", exemption)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"lift_reason": _("Give the reason for lifting the exemption.")})
    with transaction.atomic():
        locked = Exemption.objects.select_for_update().get(pk=exemption.pk)
        access.check_state("lift", locked)
        locked.lifted_at, locked.lifted_by, locked.lift_reason = timezone.now(), by, reason
        locked.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
        audit.record(
            actor=by, action="portfolio.exemption.lifted", obj=locked,
            changes={"part": locked.part_label, "legal_basis": locked.citation, "lift_reason": reason},
        )  # fmt: skip
    return locked


# ---- access requests ------------------------------------------------------------------------------------------


def access_request_create(*, record: Proposal | Measure, data: Mapping, by) -> AccessRequest:
    """Log an access request for `record` (anyone may ask, anonymously too: name and e-mail are optional)."""
    access.require(by, "create", AccessRequest)
    received = data.get("received_on")
    if not isinstance(received, datetime.date) or received > timezone.localdate():
        raise ValidationError({"received_on": _("Give the date the request was received (not in the future).")})
    request = AccessRequest(
        requester_name=(data.get("requester_name") or "").strip(),
        requester_email=(data.get("requester_email") or "").strip(),
        received_on=received,
        note=(data.get("note") or "").strip(),
        registered_by=by,
    )
    if isinstance(record, Proposal):
        request.proposal = record
    else:
        request.measure = record
    with transaction.atomic():
        request.full_clean()
        request.save()
        audit.record(
            actor=by, action="portfolio.accessrequest.created", obj=request,
            changes={"record": str(record), "received_on": received},
        )  # fmt: skip
    return request


def access_request_answer(*, request: AccessRequest, data: Mapping, by) -> AccessRequest:
    """Answer an access request: granted (the whole record; refused if any part is exempt: then it is partly
    granted), partly granted (the record with its exempt parts redacted) or refused (with its legal basis). A granted
    or partly granted answer makes the document sent: the record's PDF as the public may read it."""
    access.require(by, "answer", request)
    outcome = data.get("outcome") or ""
    basis, provision = data.get("refusal_basis") or "", (data.get("refusal_provision") or "").strip()
    answered = data.get("answered_on") or timezone.localdate()
    if outcome not in AccessOutcome.values:
        raise ValidationError({"outcome": _("Choose the answer.")})
    if not isinstance(answered, datetime.date) or answered > timezone.localdate() or answered < request.received_on:
        raise ValidationError({"answered_on": _("The answer date must be between the date received and today.")})
    if outcome == AccessOutcome.REFUSED:
        _check_basis(basis, provision, basis_field="refusal_basis", provision_field="refusal_provision")
    else:
        basis, provision = "", ""
    with transaction.atomic():
        locked = AccessRequest.objects.select_for_update().get(pk=request.pk)
        access.check_state("answer", locked)
        record = locked.record
        with translation.override("nb"):  # the document is in bokmål, whatever the office's language
            [public] = redaction.redact(None, type(record).objects.select_related(*_related(record)).get(pk=record.pk))
        if outcome == AccessOutcome.GRANTED and public.withheld:
            raise ValidationError({"outcome": _("Parts of this record are exempt: the answer is «partly granted».")})
        if outcome == AccessOutcome.PARTLY and not public.withheld:
            raise ValidationError({"outcome": _("No part of this record is exempt: grant the request in full.")})
        locked.outcome, locked.answered_on, locked.answered_by = outcome, answered, by
        locked.refusal_basis, locked.refusal_provision = basis, provision
        locked.answer_text = (data.get("answer_text") or "").strip()
        locked.withheld = sorted(set(public.withheld.values())) if outcome != AccessOutcome.REFUSED else []
        fields = ["outcome", "answered_on", "answered_by", "refusal_basis", "refusal_provision", "answer_text",
                  "withheld"]  # fmt: skip
        if outcome != AccessOutcome.REFUSED:
            pdf = access_document(locked, public)
            locked.document.save(f"innsyn-{locked.pk}.pdf", ContentFile(pdf), save=False)
            locked.document_sha256 = hashlib.sha256(pdf).hexdigest()
            fields += ["document", "document_sha256"]
        locked.save(update_fields=fields)
        audit.record(
            actor=by, action="portfolio.accessrequest.answered", obj=locked,
            changes={"outcome": outcome, "answered_on": answered, "withheld": locked.withheld,
                     "refusal_basis": citation(basis, provision) if basis else ""},
        )  # fmt: skip
    return locked


def _related(record) -> tuple[str, ...]:
    return ("organisation",) if isinstance(record, Proposal) else ("owner",)


def access_document(request: AccessRequest, public) -> bytes:
    """The document sent to the requester (bokmål, the public's view of the record): the journal's heading, the
    record's fields with each exempt part replaced by its legal basis, its attachments (exempt ones named by their
    legal basis only)."""
    from core.pdf import render_pdf

    attachments, answers = [], []
    if isinstance(public, Proposal):
        answers = redaction.redact_answers(public, _answers(public))  # before the attachments: a file answer's too
        for a in Attachment.objects.filter(proposal=public, removed_at__isnull=True).order_by("uploaded_at", "pk"):
            key = redaction.attachment_key(a.pk)
            attachments.append({"name": a.original_name, "withheld": public.withheld.get(key)})
    with translation.override("nb"):
        fields = [
            (
                str(type(public)._meta.get_field(name).verbose_name),
                getattr(public, name),
                name in public.withheld,
            )
            for name in EXEMPTABLE_FIELDS[public._meta.label_lower]
        ] + [(a.question.label, a.display, bool(a.withheld)) for a in answers]  # the answers to the call's questions
        withheld = [redaction.withheld_text(c) for c in sorted(set(public.withheld.values()))]
        context = {"access_request": request, "record": public, "fields": fields, "attachments": attachments,
                   "withheld": withheld, "is_proposal": isinstance(public, Proposal)}  # fmt: skip
        return render_pdf(DOCUMENT_TEMPLATE, context)


def exemptions_carry_over(*, proposal: Proposal, measure: Measure, by) -> list[Exemption]:
    """A measure made from a decided proposal takes the proposal's need as its description: an exemption of the
    need carries over to the description, with the same legal basis, reason and review date (audited), so the value
    stays hidden on the measure too. Called by the decision's service in its transaction."""
    carried = []
    for source in Exemption.objects.active().filter(proposal=proposal, field="need"):
        exemption = Exemption.objects.create(
            measure=measure, field="description", legal_basis=source.legal_basis, provision=source.provision,
            reason=source.reason, review_date=source.review_date, created_by=by,
        )  # fmt: skip
        audit.record(
            actor=by, action="portfolio.exemption.created", obj=exemption,
            changes={"record": str(measure), "part": exemption.part_label, "legal_basis": exemption.citation,
                     "carried_from": proposal.pk},
        )  # fmt: skip
        carried.append(exemption)
    return carried
