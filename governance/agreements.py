"""Writes of the collaboration agreements (governance/agreement_models.py): drafting, sending for confirmation, the
parties' answers, coming into force, and a new version. Each checks the policy (rules_agreements.py) and the state
on the row it locks, and writes its AuditEvent in the same transaction; the PDF of a version in force is made by
the worker (core/documents.py), queued on commit.

Commitments in the figures: when a version comes into force, each party's funding per year is written as a row of
the life event's own funding (`governance.Funding`, life event, no measure, source = the party), so the one
definition of the funding figures (lifeevents/figures.py, through governance/lifeevent_tables.py) counts it with no
special case; the rows of the version it replaces are deleted. Its governance bodies are linked to the life event,
so the page's governance section shows them. Both are audited like the office's own funding and body changes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, audit, documents, recipients
from core.models import Organisation
from core.notifications import NotificationKind, notify
from core.pdf import render_pdf
from lifeevents.models import LifeEvent

from . import rules_agreements
from .agreement_models import (
    AgreementDocument,
    AgreementFunding,
    AgreementParty,
    AgreementResponse,
    AgreementStatus,
    AgreementVersion,
    CollaborationAgreement,
    ResponseKind,
)
from .choices import FundingSourceKind
from .models import Funding, FundingSource
from .queries_agreements import funding_table, missing_for_sending

VERSION_FIELDS = [
    "purpose",
    "governance_structure",
    "next_phase_months",
    "next_phase_cost",
    "next_phase_person_years",
    "next_phase_note",
    "change_note",
]
TEXT_FIELDS = {"purpose", "governance_structure", "next_phase_note", "change_note"}


@dataclass(frozen=True)
class PartyRow:
    organisation: Organisation
    roles: str


@dataclass(frozen=True)
class FundingRow:
    organisation: Organisation
    year: int
    amount: Decimal


@transaction.atomic
def agreement_create(*, life_event: LifeEvent, by, title: str = "") -> AgreementVersion:
    """A new collaboration agreement closing "Starte sammen" for the life event, with an empty draft version 1."""
    access.require(by, "create", CollaborationAgreement)
    if CollaborationAgreement.objects.filter(life_event=life_event, phase="start").exists():
        raise ValidationError(_("This life event already has a collaboration agreement."), code="exists")
    agreement = CollaborationAgreement.objects.create(
        life_event=life_event,
        title=title or f"Samarbeidsavtale: {life_event.name_nb}",  # stored content, in Norwegian
        created_by=by,
    )
    version = AgreementVersion.objects.create(agreement=agreement, number=1, created_by=by)
    audit.record(actor=by, action="governance.agreement.created", obj=agreement, changes={"title": agreement.title})
    return version


def _locked(version: AgreementVersion) -> AgreementVersion:
    return AgreementVersion.objects.select_for_update(of=("self",)).select_related("agreement").get(pk=version.pk)


def _check_rows(parties: Sequence[PartyRow], funding: Sequence[FundingRow]) -> None:
    errors = []
    orgs = [p.organisation.pk for p in parties]
    if len(set(orgs)) != len(orgs):
        errors.append(ValidationError(_("A party is listed twice."), code="duplicate_party"))
    if any(not p.roles.strip() for p in parties):
        errors.append(ValidationError(_("Give each party its roles and responsibilities."), code="roles"))
    keys = [(f.organisation.pk, f.year) for f in funding]
    if len(set(keys)) != len(keys):
        errors.append(ValidationError(_("A party's funding is given twice for the same year."), code="duplicate"))
    if any(f.organisation.pk not in orgs for f in funding):
        errors.append(ValidationError(_("Funding can only be given by a party to the agreement."), code="not_party"))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def version_save(
    *, version: AgreementVersion, data: dict, parties: Sequence[PartyRow], funding: Sequence[FundingRow], by
) -> AgreementVersion:
    """Save a draft whole: its text, bodies and estimate, its parties and their funding (replacing the draft's)."""
    current = _locked(version)
    access.require(by, "change", current)
    access.check_state("change", current)
    _check_rows(parties, funding)
    before = {**audit.snapshot(current, VERSION_FIELDS), "parties": _parties_text(current)}
    for name in VERSION_FIELDS:
        if name in data:
            value = data[name]
            setattr(current, name, "" if value is None and name in TEXT_FIELDS else value)
    current.full_clean(exclude=["agreement"])
    current.save(update_fields=[*VERSION_FIELDS, "updated_at"])
    if "bodies" in data:
        current.bodies.set(data["bodies"])
    current.parties.all().delete()  # a draft's own rows (cascade: its funding lines); nothing else points to them
    made = {}
    for order, row in enumerate(parties):
        made[row.organisation.pk] = AgreementParty.objects.create(
            version=current, organisation=row.organisation, roles=row.roles.strip(), sort_order=order
        )
    for row in funding:
        AgreementFunding.objects.create(
            version=current, party=made[row.organisation.pk], year=row.year, amount=row.amount
        )
    after = {**audit.snapshot(current, VERSION_FIELDS), "parties": _parties_text(current)}
    changes = audit.diff(before, after)
    changes["funding"] = [f"{f.organisation.label} {f.year}: {f.amount}" for f in funding]
    audit.record(actor=by, action="governance.agreementversion.changed", obj=current, changes=changes)
    return current


def _parties_text(version: AgreementVersion) -> list[str]:
    return [p.organisation.label for p in version.parties.select_related("organisation")]


@transaction.atomic
def version_send(*, version: AgreementVersion, by) -> AgreementVersion:
    """Send a complete draft to the parties for confirmation: from now on it is frozen. Each party's representatives
    get an e-mail (after the commit)."""
    current = _locked(version)
    access.require(by, "send", current)
    access.check_state("send", current)
    missing = missing_for_sending(current)
    if missing:
        raise ValidationError(
            _("The agreement cannot be sent yet. It lacks: %(missing)s.") % {"missing": ", ".join(missing)},
            code="incomplete",
        )
    current.status, current.sent_at = AgreementStatus.SENT, timezone.now()
    current.save(update_fields=["status", "sent_at", "updated_at"])
    audit.record(actor=by, action="governance.agreementversion.sent", obj=current, changes={"status": current.status})
    _tell_representatives(current)
    return current


def _tell_representatives(version: AgreementVersion) -> None:
    """The parties' representatives hear that a version awaits their confirmation: a notification each (kind
    "decisions and steering answers"), e-mailed as each of them chose (core.notifications)."""
    subject = _("Confirm the collaboration agreement: %(title)s") % {"title": version.agreement.title}
    body = _(
        "Version %(n)s of the collaboration agreement «%(title)s» awaits your organisation's confirmation in the "
        "portal: %(path)s"
    ) % {"n": version.number, "title": version.agreement.title, "path": settings.SITE_URL + version.get_absolute_url()}
    notify(
        users=recipients.representatives_of(version), kind=NotificationKind.DECISION, subject=subject, body=body,
        url=version.get_absolute_url(),
    )  # fmt: skip


@transaction.atomic
def version_respond(*, version: AgreementVersion, kind: str, reason: str, by) -> AgreementResponse:
    """The representative's answer for their party: confirmed, or declined with a reason (the version is then
    declined, and the office makes a new one). The last confirmation brings the version into force."""
    current = _locked(version)
    access.require(by, "respond", current)
    access.check_state("respond", current)
    party = rules_agreements.representative_party(by, current)
    if kind not in ResponseKind.values:
        raise ValidationError({"kind": _("Choose whether you confirm or decline.")})
    if kind == ResponseKind.DECLINED and not reason.strip():
        raise ValidationError({"reason": _("Give the reason why your organisation declines.")}, code="reason")
    response = AgreementResponse.objects.create(
        party=party, kind=kind, reason=reason.strip(), by=by, by_name=by.get_full_name() or by.username
    )
    audit.record(
        actor=by,
        action=f"governance.agreementversion.{kind}",
        obj=current,
        changes={"party": party.organisation.label, "reason": response.reason},
    )
    if kind == ResponseKind.DECLINED:
        current.status = AgreementStatus.DECLINED
        current.save(update_fields=["status", "updated_at"])
    elif not current.parties.filter(response__isnull=True).exists():
        _bring_into_force(current, by)
    return response


def _bring_into_force(version: AgreementVersion, by) -> None:
    """Every party confirmed: the version is in force, the one before is superseded (its funding rows removed), the
    commitments become the life event's funding rows, its bodies the life event's, and the PDF is ordered."""
    event = version.agreement.life_event
    for old in AgreementVersion.objects.select_for_update().filter(
        agreement=version.agreement, status=AgreementStatus.IN_FORCE
    ):
        old.status = AgreementStatus.SUPERSEDED
        old.save(update_fields=["status", "updated_at"])
        for line in old.funding_lines.select_related("funding"):
            if line.funding is not None:
                values = {"year": line.funding.year, "amount": line.funding.amount, "source": line.funding.source_id}
                audit.record(actor=by, action="governance.funding.deleted", obj=line.funding, changes=values)
                line.funding.delete()
        audit.record(actor=by, action="governance.agreementversion.superseded", obj=old, changes={"by": version.number})
    version.status, version.in_force_at = AgreementStatus.IN_FORCE, timezone.now()
    version.save(update_fields=["status", "in_force_at", "updated_at"])
    title = version.agreement.title
    for line in version.funding_lines.select_related("party__organisation"):
        organisation = line.party.organisation
        source, _created = FundingSource.objects.get_or_create(
            name=organisation.name[:120], defaults={"kind": FundingSourceKind.OWN_BUDGET}
        )
        row = Funding.objects.create(
            source=source,
            life_event=event,
            year=line.year,
            amount=line.amount,
            raw_text=_("Committed in the collaboration agreement «%(title)s», version %(n)s")
            % {"title": title, "n": version.number},
            is_illustrative=version.is_illustrative,
            source_document=f"{title}, v{version.number}"[:200],
        )
        line.funding = row
        line.save(update_fields=["funding"])
        audit.record(
            actor=by,
            action="governance.funding.created",
            obj=row,
            changes={"source": source.name, "year": row.year, "amount": row.amount, "agreement_version": version.pk},
        )
    for body in version.bodies.all():
        if not body.life_events.filter(pk=event.pk).exists():
            body.life_events.add(event)
            audit.record(
                actor=by,
                action="governance.governancebody.changed",
                obj=body,
                changes={"life_events": [None, event.pk]},
            )
    audit.record(actor=by, action="governance.agreementversion.in_force", obj=version, changes={"status": "in_force"})
    document_order(version)


def document_order(version: AgreementVersion) -> AgreementDocument:
    """A new PDF of the version (in the caller's transaction), built by the worker after the commit."""
    last = AgreementDocument.objects.select_for_update().filter(agreement_version=version).order_by("-version").first()
    document = AgreementDocument.objects.create(
        agreement_version=version, version=(last.version + 1) if last else 1, language="nb"
    )
    documents.queue_on_commit(document)
    return document


@transaction.atomic
def document_reorder(*, version: AgreementVersion, by) -> AgreementDocument:
    """The office has the PDF of a version in force made again, when the last try failed or its worker was lost
    (a ready or still running PDF is not ordered twice)."""
    current = _locked(version)
    access.require(by, "order_pdf", current)
    access.check_state("order_pdf", current)
    newest = AgreementDocument.objects.filter(agreement_version=current).order_by("-version").first()
    if newest is not None and not documents.needs_another_try(newest):
        raise ValidationError(_("The PDF is ready or still being made."), code="not_needed")
    document = document_order(current)
    audit.record(
        actor=by, action="governance.agreementdocument.ordered", obj=document, changes={"version": document.version}
    )
    return document


@transaction.atomic
def version_revise(*, version: AgreementVersion, by) -> AgreementVersion:
    """A new draft version made from one that was sent (its content, parties and funding copied; no answers). A
    version still awaiting confirmation is superseded at once (its confirmations no longer count); one in force
    stays in force until the new one is confirmed by every party."""
    current = _locked(version)
    access.require(by, "revise", current)
    access.check_state("revise", current)
    new = AgreementVersion.objects.create(
        agreement=current.agreement,
        number=current.number + 1,
        created_by=by,
        is_illustrative=False,
        **{name: getattr(current, name) for name in VERSION_FIELDS if name != "change_note"},
    )
    new.bodies.set(current.bodies.all())
    for party in current.parties.all():
        copy = AgreementParty.objects.create(
            version=new, organisation_id=party.organisation_id, roles=party.roles, sort_order=party.sort_order
        )
        for line in party.funding_lines.all():
            AgreementFunding.objects.create(version=new, party=copy, year=line.year, amount=line.amount)
    if current.status == AgreementStatus.SENT:
        current.status = AgreementStatus.SUPERSEDED
        current.save(update_fields=["status", "updated_at"])
    audit.record(actor=by, action="governance.agreementversion.created", obj=new, changes={"from": current.number})
    return new


# ---- the PDF (core/documents.py builds it in the worker) -----------------------------------------------------------


def render(version: AgreementVersion) -> bytes:
    version = (
        AgreementVersion.objects.select_related("agreement__life_event__owner_ministry")
        .prefetch_related("bodies", "parties__organisation", "parties__response", "funding_lines__party__organisation")
        .get(pk=version.pk)
    )
    parties = list(version.parties.all())
    table = funding_table(parties, list(version.funding_lines.all()))
    context = {
        "version": version,
        "agreement": version.agreement,
        "parties": parties,
        "years": table["years"],
        "funding_table": table["rows"],
        "year_totals": table["year_totals"],
        "grand_total": table["total"],
    }
    return render_pdf("governance/pdf/agreement.html", context)


def _build(document: AgreementDocument, step) -> documents.Built:
    step(20)
    return documents.Built(render(document.agreement_version), "pdf")


KIND = documents.register(
    model=AgreementDocument,
    build=_build,
    folder=lambda doc: f"agreements/{doc.agreement_version.agreement_id}/v{doc.agreement_version.number}",
    generated_action="governance.agreementdocument.generated",
    lock_space=190003,
    language=lambda doc: doc.language,
    select_related=("agreement_version",),
)
