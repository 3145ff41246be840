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

A proposal's answers to its call's own questions are exempted by their question (`call_q<id>`, models/public_access):
`redact` decides for them as for the fields, and `redact_answers(record, answers)` replaces the answers a page, a
download, the API or a PDF read with the legal basis (a withheld file answer's attachment is withheld with it);
`hidden_answers(user)` is the SQL form for the search in the answers.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import QuerySet
from django.utils.translation import gettext

from core import access

from .models import Exemption, Measure, Proposal
from .models.public_access import ANSWER_PREFIX, EXEMPTABLE_FIELDS, answer_key, answer_question_id


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
        rows = (
            Exemption.objects.active()
            .filter(**{f"{column}__in": ids})
            .only("proposal_id", "measure_id", "field", "attachment_id", "legal_basis", "provision")
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
    questions = _question_labels(exemptions)
    for record in records:
        label = record._meta.label_lower
        parts, labels = {}, {}
        for exemption in exemptions.get((label, record.pk), []):
            key = attachment_key(exemption.attachment_id) if exemption.attachment_id else exemption.field
            parts[key] = exemption.citation
            if exemption.question_id is not None:
                labels[key] = questions.get(exemption.question_id, key)
        record.exempt_parts = parts
        record.answer_labels = labels  # an exempt answer's key → its question's label (the downloads, the audit)
        record.withheld = {} if not parts or may_see_exempt(user, record) else dict(parts)  # (redact_answers adds)
        for key, citation in record.withheld.items():
            if key in EXEMPTABLE_FIELDS.get(label, ()):
                setattr(record, key, withheld_text(citation))
    return records


def _question_labels(exemptions) -> dict[int, str]:
    """The labels of the questions whose answers are exempt (one query, none when no answer is exempt)."""
    from .models import CallQuestion

    labels, ids = {}, set()
    for rows in exemptions.values():
        for exemption in rows:
            if exemption.question_id is None:
                continue
            if getattr(exemption, "question_label", None) is not None:
                labels[exemption.question_id] = exemption.question_label
            else:
                ids.add(exemption.question_id)
    if ids - labels.keys():
        labels.update(CallQuestion.objects.filter(pk__in=ids - labels.keys()).values_list("pk", "label"))
    return labels


def redact_answers(record, answers):
    """`answers` (a redacted proposal's `CallAnswer`s) as the reader of `record` may read them: an answer whose
    question is exempt and withheld from this reader gives «Exempt from public access (…)» as its `display` and
    keeps none of its value (text, number or file); a withheld file answer's attachment is withheld with it (the
    attachments list, its download and the access-request document name it by its legal basis only)."""
    withheld = getattr(record, "withheld", {})
    for answer in answers:
        citation = withheld.get(answer_key(answer.question_id))
        answer.withheld = withheld_text(citation) if citation else ""
        if not citation:
            continue
        if answer.attachment_id:
            withheld.setdefault(attachment_key(answer.attachment_id), citation)
        answer.text, answer.number, answer.attachment = "", None, None
    return answers


def is_withheld(record, attachment) -> bool:
    return attachment_key(attachment.pk) in getattr(record, "withheld", {})


def attachment_exempt(attachment) -> bool:
    """Is `attachment` exempt from public access: itself, or as the file answering an exempt question (one query)."""
    from django.db.models import Q

    from .models import CallAnswer

    answers = CallAnswer.objects.filter(attachment=attachment).values_list("question_id", flat=True)
    keys = [answer_key(q) for q in answers]
    return (
        Exemption.objects.active()
        .filter(
            Q(attachment=attachment) | Q(proposal_id=attachment.proposal_id, field__in=keys, attachment__isnull=True)
        )
        .exists()
    )


def hidden_proposals(user, fields=("need", "solution")) -> QuerySet:
    """The proposals with an active exemption on one of `fields` that `user` may not see (the SQL form of the
    "see_exempt" rule in portfolio/rules.py: the office sees all, agency staff their organisation's)."""
    return _hidden_from(user, Exemption.objects.active().filter(proposal__isnull=False, field__in=fields)).values(
        "proposal_id"
    )


def hidden_answers(user) -> QuerySet:
    """The active exemptions of call answers (`Exemption.field` = "call_q<question id>") that `user` may not see:
    the search in the answers leaves those answers out for them (`.filter(proposal_id=…, field=…)` in an Exists)."""
    exempt = Exemption.objects.active().filter(proposal__isnull=False, field__startswith=ANSWER_PREFIX)
    return _hidden_from(user, exempt)


def hides_nothing_from(user) -> bool:
    """Whether no exempt part is withheld from `user` (the office sees all): `hidden_proposals` and `hidden_answers`
    are empty for them, and a query may leave them out."""
    return access.is_office(user)


def _hidden_from(user, exempt: QuerySet) -> QuerySet:
    if hides_nothing_from(user):
        return exempt.none()
    if access.is_agency_staff(user):
        exempt = exempt.exclude(proposal__organisation_id=user.organisation_id)
    return exempt


def redact_audit(record, events, attachments=()) -> None:
    """The changes an audit trail shows (`event.change_list`: (label, before, after), core.audit.readable_changes)
    with the values of the parts withheld from this user replaced as on the record itself: its fields, its answers to
    its call's questions (their rows are labelled by the question) and, of `attachments` (the record's), the name of
    each withheld one where an attachment was added or removed."""
    from core.audit import field_label

    withheld = getattr(record, "withheld", {})
    answers = getattr(record, "answer_labels", {})  # an answer's audit row is keyed by its question's label
    labels = {
        field_label(type(record), answers.get(k, k)): withheld_text(c) for k, c in withheld.items() if ":" not in k
    }
    names = {a.original_name: withheld_text(c) for a in attachments if (c := withheld.get(attachment_key(a.pk)))}
    if not labels and not names:
        return
    attachment_label = field_label(type(record), "attachment")

    def row(label, before, after):
        if label in labels:
            return (label, None if before is None else labels[label], labels[label])
        if label == attachment_label and names:
            return (label, names.get(before, before), names.get(after, after))
        return (label, before, after)

    for event in events:
        event.change_list = [row(*r) for r in getattr(event, "change_list", None) or []]


def exempt_summary(record) -> str:
    """The exempt parts of a redacted record in one line (a download's column): «Behovet …: offl. § 13 jf. …»."""
    out = []
    answers = getattr(record, "answer_labels", {})
    for key, citation in getattr(record, "exempt_parts", {}).items():
        if ":" in key:
            label = gettext("Attachment")
        elif answer_question_id(key) is not None:
            label = gettext("Answer: %(question)s") % {"question": answers.get(key, key)}
        else:
            label = str(type(record)._meta.get_field(key).verbose_name)
        out.append(f"{label}: {citation}")
    return "; ".join(out)
