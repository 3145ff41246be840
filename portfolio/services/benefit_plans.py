"""A measure's benefit plan in versions (issue 23). Version 1 is the measure's benefits as they stand
(`plan_start`); each later version is made here, never by editing one in place (`plan_new_version`, audited as
`portfolio.benefitplanversion.created`), in practice by a step-4 decision to change the measure that its owner
confirmed (governance/measure_change.py). Two versions are compared benefit by benefit (`plan_compare`); a realised
value is judged against the version in force on its date (`lifeevents.figures.realisation_judged`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit
from core.models import Organisation
from lifeevents import figures

from ..models import Benefit, BenefitPlanVersion, BenefitRealisation, Measure

# What a plan entry holds, and the fields a comparison looks at (the key and the owner's name are not compared).
ENTRY_FIELDS = ("description", "indicator", "unit", "is_disbenefit", "owner_id", "baseline", "target", "target_date")


def _text(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def benefit_entry(benefit: Benefit) -> dict:
    """A benefit as a plan entry (`key` is the benefit's id: a realisation of the benefit is judged by it)."""
    return {
        "key": str(benefit.pk),
        "description": benefit.description,
        "indicator": benefit.indicator,
        "unit": benefit.unit,
        "is_disbenefit": benefit.is_disbenefit,
        "owner_id": benefit.owner_id,
        "owner": benefit.owner.label if benefit.owner_id else "",
        "baseline": _text(benefit.baseline),
        "target": _text(benefit.expected_value),
        "target_date": _text(benefit.expected_date),
    }


def current_entries(measure: Measure) -> list[dict]:
    """The plan entries of the version in force, or of the measure's benefits when it has no plan yet."""
    latest = measure.plan_versions.order_by("-number").first()
    if latest is not None:
        return list(latest.benefits)
    return [benefit_entry(b) for b in measure.benefits.select_related("owner").order_by("pk")]


def clean_entries(entries: Iterable[Mapping]) -> list[dict]:
    """Check new entries: each needs an indicator and an owner that exists; keys are unique (a new benefit gets
    `new-<n>`). Bad input is a ValidationError naming the entry, never a half-made version."""
    cleaned, keys = [], set()
    owners = {o.pk: o.label for o in Organisation.objects.filter(pk__in=[e.get("owner_id") for e in entries])}
    given = {str(e["key"]) for e in entries if e.get("key")}
    for n, entry in enumerate(entries, start=1):
        row = {f: entry.get(f, "") for f in ENTRY_FIELDS}
        row["is_disbenefit"] = bool(entry.get("is_disbenefit"))
        row["key"] = str(entry.get("key") or _new_key(n, given))
        if not str(row["indicator"]).strip():
            raise ValidationError(_("Benefit %(n)s needs an indicator.") % {"n": n})
        if row["owner_id"] not in owners:
            raise ValidationError(_("Benefit %(n)s needs an owner.") % {"n": n})
        if row["key"] in keys:
            raise ValidationError(_("Benefit %(n)s is listed twice.") % {"n": n})
        row["owner"] = owners[row["owner_id"]]
        row["baseline"], row["target"], row["target_date"] = (
            _text(row["baseline"]),
            _text(row["target"]),
            _text(row["target_date"]),
        )
        keys.add(row["key"])
        cleaned.append(row)
    return cleaned


def _new_key(n: int, taken: set[str]) -> str:
    """A key for a new benefit that no other entry of the plan has (a kept benefit may carry `new-<n>` from the
    version that added it)."""
    k = n
    while f"new-{k}" in taken:
        k += 1
    taken.add(f"new-{k}")
    return f"new-{k}"


def _first_date(measure: Measure) -> datetime.date:
    """Version 1 is in force from the measure's start, or its first realised value if earlier, or today."""
    first = BenefitRealisation.objects.filter(benefit__measure=measure).order_by("date").values_list("date", flat=True)
    return min(d for d in (measure.start_date, first.first(), timezone.localdate()) if d is not None)


@transaction.atomic
def plan_start(*, measure: Measure, by, date: datetime.date | None = None) -> BenefitPlanVersion:
    """Version 1 of the measure's plan from its benefits as they stand (a plan that exists is returned as it is)."""
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    first = measure.plan_versions.order_by("number").first()
    if first is not None:
        return first
    version = BenefitPlanVersion.objects.create(
        measure=measure,
        number=1,
        date=date or _first_date(measure),
        reason=str(_("The measure's benefits when the plan was started.")),
        scope=measure.description,
        benefits=[benefit_entry(b) for b in measure.benefits.select_related("owner").order_by("pk")],
        created_by=by,
    )
    audit.record(actor=by, action="portfolio.benefitplanversion.created", obj=version, changes={"number": 1})
    return version


@transaction.atomic
def plan_new_version(
    *,
    measure: Measure,
    benefits: Iterable[Mapping],
    reason: str,
    by,
    proposal=None,
    scope: str | None = None,
    deliveries: str | None = None,
    date: datetime.date | None = None,
) -> BenefitPlanVersion:
    """The next version of the plan (version 1 is made first if the measure has none): the new benefit entries,
    scope and deliveries (unchanged when None), the reason and the proposal whose insight caused it."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the new version of the plan.")})
    entries = clean_entries(list(benefits))
    previous = plan_start(measure=measure, by=by)
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    latest = measure.plan_versions.order_by("-number").first() or previous
    date = date or timezone.localdate()
    if date < latest.date:
        raise ValidationError(_("A new version cannot be in force before the version it replaces."))
    version = BenefitPlanVersion.objects.create(
        measure=measure,
        number=latest.number + 1,
        date=date,
        reason=reason.strip(),
        scope=latest.scope if scope is None else scope.strip(),
        deliveries=latest.deliveries if deliveries is None else deliveries.strip(),
        benefits=entries,
        proposal=proposal,
        created_by=by,
    )
    diff = plan_compare(latest, version)
    audit.record(
        actor=by,
        action="portfolio.benefitplanversion.created",
        obj=version,
        changes={
            "number": version.number,
            "proposal": proposal.pk if proposal else None,
            "added": [e["indicator"] for e in diff["added"]],
            "removed": [e["indicator"] for e in diff["removed"]],
            "changed": [c["new"]["indicator"] for c in diff["changed"]],
        },
        note=version.reason,
    )
    return version


def compare_entries(old: Iterable[Mapping], new: Iterable[Mapping]) -> dict:
    """What the new entries added, removed and changed against the old (by key); `changed` lists each changed
    benefit with the fields that differ, old and new."""
    old_by = {e["key"]: e for e in old}
    new_by = {e["key"]: e for e in new}
    changed = []
    for key in old_by.keys() & new_by.keys():
        fields = [f for f in ENTRY_FIELDS if old_by[key].get(f) != new_by[key].get(f)]
        if fields:
            changed.append({"old": old_by[key], "new": new_by[key], "fields": fields})
    return {
        "added": [e for k, e in new_by.items() if k not in old_by],
        "removed": [e for k, e in old_by.items() if k not in new_by],
        "changed": sorted(changed, key=lambda c: c["new"]["indicator"]),
        "unchanged": [e for k, e in new_by.items() if k in old_by and not any(c["new"] is e for c in changed)],
    }


def plan_compare(old: BenefitPlanVersion, new: BenefitPlanVersion) -> dict:
    """Two versions side by side: their benefits added, removed, changed, and whether scope and deliveries moved."""
    return {
        **compare_entries(old.benefits, new.benefits),
        "old": old,
        "new": new,
        "scope_changed": old.scope != new.scope,
        "deliveries_changed": old.deliveries != new.deliveries,
    }


def dropped_for_others(measure: Measure, entries: Iterable[Mapping]) -> list[dict]:
    """The benefits of the plan in force that `entries` would drop and that another organisation than the
    measure's owner gains (it depends on them): each with the organisation's name, for the warning."""
    removed = compare_entries(current_entries(measure), entries)["removed"]
    return [e for e in removed if e.get("owner_id") and e["owner_id"] != measure.owner_id and not e["is_disbenefit"]]


def dependants(measure: Measure, entries: Iterable[Mapping]) -> dict[str, str]:
    """Of the given plan entries, those another organisation than the measure's owner gains (not dis-benefits): entry
    key -> that organisation's name. Dropping one of them warns before the decision."""
    return {
        e["key"]: e.get("owner", "")
        for e in entries
        if e.get("owner_id") and e["owner_id"] != measure.owner_id and not e.get("is_disbenefit")
    }


# What the measure's page and the compare page read of a version: its number, date, reason, scope, deliveries and
# benefits, the title of the proposal behind it and the date of the decision (portfolio/_benefit_plan.html).
HISTORY_FIELDS = ("number", "date", "reason", "scope", "deliveries", "benefits", "measure_id", "proposal__title",
                  "change__decision__date")  # fmt: skip


def plan_history(measure: Measure) -> list[BenefitPlanVersion]:
    """The versions, newest first, with the proposal and the decision behind each (one query)."""
    versions = measure.plan_versions.select_related("proposal", "change__decision").only(*HISTORY_FIELDS)
    return list(versions.order_by("-number"))


def realisations_judged(measure: Measure, versions: list[BenefitPlanVersion] | None = None) -> list[dict]:
    """Each realised value of the measure's benefits, judged against the plan version in force on its date."""
    versions = versions if versions is not None else plan_history(measure)
    plain = [{"number": v.number, "date": v.date, "benefits": v.benefits} for v in versions]
    rows = (
        BenefitRealisation.objects.filter(benefit__measure=measure)
        .select_related("benefit")
        .only("date", "value", "benefit__indicator")  # what the page prints of each
        .order_by("date")
    )
    return [
        {
            **figures.realisation_judged({"benefit_key": str(r.benefit_id), "date": r.date, "value": r.value}, plain),
            "benefit": r.benefit,
        }
        for r in rows
    ]
