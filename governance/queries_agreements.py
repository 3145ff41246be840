"""Reads of the collaboration agreement's pages: a version with its parties and their answers, its funding as a table
of parties × years (with the sums), its bodies, the agreement's other versions and the PDF's state. A fixed number of
queries whatever the number of parties."""

from __future__ import annotations

from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils.translation import gettext as _

from core import access, documents
from core.dashboard import Task, register_tasks

from . import rules_agreements
from .agreement_models import AgreementDocument, AgreementParty, AgreementStatus, AgreementVersion


def edit_url(version: AgreementVersion) -> str:
    return reverse("governance:agreement_edit", kwargs={"pk": version.pk})


def missing_for_sending(version: AgreementVersion) -> list[str]:
    """What the draft still lacks before it can be sent: the content the phase's agreement must define."""
    missing = []
    if version.parties.count() < 2:
        missing.append(_("at least two parties"))
    if not version.funding_lines.exists():
        missing.append(_("the funding per party and year"))
    if not version.governance_structure.strip():
        missing.append(_("the governance structure"))
    if version.next_phase_months is None or version.next_phase_cost is None or version.next_phase_person_years is None:
        missing.append(_("the estimate for the next phase (months, cost and person-years)"))
    return missing


def funding_table(parties: list, lines: list) -> dict:
    """Parties × years: each party's amount per year and its total, each year's total and the grand total."""
    years = sorted({line.year for line in lines})
    amounts = {(line.party_id, line.year): line.amount for line in lines}
    rows = [
        {
            "party": party,
            "amounts": [amounts.get((party.pk, year)) for year in years],
            "total": sum(amounts.get((party.pk, year)) or 0 for year in years),
        }
        for party in parties
    ]
    totals = [sum(amounts.get((party.pk, year)) or 0 for party in parties) for year in years]
    return {"years": years, "rows": rows, "year_totals": totals, "total": sum(totals)}


def version_page(version: AgreementVersion, user) -> dict:
    """`version` as the view fetched it (with its agreement and life event); its parties are read once, with their
    answers, and the policy's questions about them are answered from that list."""
    with_answers = AgreementParty.objects.select_related("organisation", "response").order_by("sort_order", "pk")
    prefetch_related_objects([version], Prefetch("parties", queryset=with_answers))
    parties = list(version.parties.all())
    lines = list(version.funding_lines.all())
    newest, ready = documents.newest_and_ready(AgreementDocument.objects.filter(agreement_version=version))
    can = {action: access.can(user, action, version) for action in ("change", "send", "revise", "respond")}
    can["order_pdf"] = access.can(user, "order_pdf", version) and (
        newest is None or documents.needs_another_try(newest)
    )
    return {
        "version": version,
        "agreement": version.agreement,
        "event": version.agreement.life_event,
        "parties": parties,
        "funding": funding_table(parties, lines),
        "bodies": list(version.bodies.order_by("name")),
        "versions": list(
            AgreementVersion.objects.visible_to(user)
            .filter(agreement_id=version.agreement_id)
            .order_by("-number")
            .only("number", "status", "in_force_at", "sent_at")
        ),
        "document": newest,
        "ready": ready,
        "can": can,
        "missing": missing_for_sending(version) if can["send"] else [],
        "my_party": rules_agreements.representative_party(user, version) if can["respond"] else None,
    }


@register_tasks(35)
def agreement_tasks(user) -> list[Task]:
    """A party's representative: each agreement version awaiting their organisation's answer (one query)."""
    if not access.can(user, "respond", AgreementVersion) or not user.organisation_id:
        return []
    waiting = (
        AgreementVersion.objects.visible_to(user)
        .filter(
            status=AgreementStatus.SENT,
            parties__organisation_id=user.organisation_id,
            parties__response__isnull=True,
        )
        .select_related("agreement")
        .only("number", "agreement__title")
        .order_by("sent_at", "pk")
    )
    text = _("collaboration agreement to answer for your organisation: «%(title)s», version %(n)s")
    return [
        Task("agreement_answer", text % {"n": v.number, "title": v.agreement.title}, 1, v.get_absolute_url())
        for v in waiting
    ]
