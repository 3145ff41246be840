"""The one function that hides the parts of a record exempt from public access (offentleglova) from whoever may not
see them: `redact(user, *records)`. Pages, the CSV/Excel downloads, the API's serializers and every PDF call it on the
records they are about to show; a user the policy lets see exempt values (`can(user, "see_exempt", record)`: the
office and the record's own agency) gets the record untouched, everyone else gets, in place of each exempt value,
«Unntatt offentlighet (offl. § 13 jf. fvl. § 13 første ledd nr. 2)». `redact(None, …)` is the public's view: the
document made for an access request.

The records are changed in memory only (their exempt attributes replaced): they are read models, never saved
afterwards (services lock and read their own row). Each record gets two dicts: `exempt_parts` (every active exemption,
field or `attachment:<pk>` → citation, for the tags the owner sees) and `withheld` (the same parts when they were
hidden from this user). `hidden_proposals(user)` is the SQL form of the same rule, for the search.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import QuerySet
from django.utils.translation import gettext

from core import access

from .models import Exemption, Measure, Proposal
from .models.public_access import EXEMPTABLE_FIELDS


def withheld_text(citation: str) -> str:
    """What is printed in place of an exempt value."""
    return gettext("Exempt from public access (%(basis)s)") % {"basis": citation}


def attachment_key(attachment_id: int) -> str:
    return f"attachment:{attachment_id}"


def _key(record) -> tuple[str, int]:
    return (record._meta.label_lower, record.pk)


def active_exemptions(records, known=None) -> dict[tuple[str, int], list[Exemption]]:
    """The active exemptions of `records` (proposals and measures), by (model label, pk): one query per kind, none
    for a record in `known` ({record: its exemptions}, e.g. read already for its page's list of exemptions)."""
    found: dict[tuple[str, int], list[Exemption]] = defaultdict(list)
    for record, rows in (known or {}).items():
        found[_key(record)] = [e for e in rows if e.lifted_at is None]
    for model, column in ((Proposal, "proposal_id"), (Measure, "measure_id")):
        ids = [r.pk for r in records if isinstance(r, model) and r.pk and _key(r) not in found]
        if not ids:
            continue
        rows = Exemption.objects.active().filter(**{f"{column}__in": ids}).only(
            "proposal_id", "measure_id", "field", "attachment_id", "legal_basis", "provision"
        )
        for exemption in rows:
            found[(model._meta.label_lower, getattr(exemption, column))].append(exemption)
    return found


def may_see_exempt(user, record) -> bool:
    return user is not None and access.can(user, "see_exempt", record)


def redact(user, *records, known=None, mark=True):
    """`records` as `user` may read them (see the module's docstring); `user=None`: as the public may. Returns the
    records (a list), changed in place. `known`: {record: its exemptions} already read (no query for those);
    `mark=False`: the caller does not show which parts are exempt, so the records the user may read whole are not
    looked up at all (the office's overlap hints: no query)."""
    records = [r for r in records if r is not None]
    looked_up = records if mark else [r for r in records if not may_see_exempt(user, r)]
    exemptions = active_exemptions(looked_up, known)
    for record in records:
        label = record._meta.label_lower
        parts = {}
        for exemption in exemptions.get((label, record.pk), []):
            key = attachment_key(exemption.attachment_id) if exemption.attachment_id else exemption.field
            parts[key] = exemption.citation
        record.exempt_parts = parts
        record.withheld = {} if not parts or may_see_exempt(user, record) else parts
        for key, citation in record.withheld.items():
            if key in EXEMPTABLE_FIELDS.get(label, ()):
                setattr(record, key, withheld_text(citation))
    return records


def is_withheld(record, attachment) -> bool:
    return attachment_key(attachment.pk) in getattr(record, "withheld", {})


def hidden_proposals(user, fields=("need", "solution")) -> QuerySet:
    """The proposals with an active exemption on one of `fields` that `user` may not see (the SQL form of the
    "see_exempt" rule in portfolio/rules.py: the office sees all, agency staff their organisation's)."""
    exempt = Exemption.objects.active().filter(proposal__isnull=False, field__in=fields)
    if access.is_office(user):
        return exempt.none().values("proposal_id")
    if access.is_agency_staff(user):
        exempt = exempt.exclude(proposal__organisation_id=user.organisation_id)
    return exempt.values("proposal_id")


def redact_audit(record, events) -> None:
    """The changes an audit trail shows (`event.change_list`: (label, before, after), core.audit.readable_changes)
    with the values of the parts withheld from this user replaced as on the record itself."""
    from core.audit import field_label

    withheld = getattr(record, "withheld", {})
    labels = {field_label(type(record), k): withheld_text(c) for k, c in withheld.items() if ":" not in k}
    if not labels:
        return
    for event in events:
        rows = getattr(event, "change_list", None) or []
        event.change_list = [
            (label, None if before is None else labels[label], labels[label]) if label in labels else
            (label, before, after)
            for label, before, after in rows
        ]  # fmt: skip


def exempt_summary(record) -> str:
    """The exempt parts of a redacted record in one line (a download's column): «Behovet …: offl. § 13 jf. …»."""
    out = []
    for key, citation in getattr(record, "exempt_parts", {}).items():
        label = gettext("Attachment") if ":" in key else str(type(record)._meta.get_field(key).verbose_name)
        out.append(f"{label}: {citation}")
    return "; ".join(out)
