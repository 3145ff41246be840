"""A measure's owner changes its benefit plan within the limits the office sets (issue 23). A plan changes through a
decision (governance/measure_change.py) or, within the limits, by the owner: `plan_owner_change` makes the next
version at once when every difference is within them (`limit_problems`, the one rule); otherwise it is refused with
the reasons, and the change needs a decision (a proposal that extends the measure). The limits are the office's
setting (`plan_limits_set`, audited).

Within the limits: a benefit's target moved by at most the set share of its planned target, its target date moved
by at most the set number of months, a benefit the owner itself gains dropped, a new benefit added. Outside them:
anything else about a kept benefit (its indicator, who gains it, its baseline …), a target set where none was
planned, a benefit dropped that another organisation gains."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core import access, audit

from ..models import BenefitPlanVersion, Measure, PlanChangeLimits
from . import benefit_plans

WITHIN = ("target", "target_date")  # what a kept benefit's entry may change within the limits


def current_limits() -> PlanChangeLimits | None:
    return PlanChangeLimits.objects.first()


@transaction.atomic
def plan_limits_set(*, target_percent: int, date_months: int, by) -> PlanChangeLimits:
    """The office sets the limits (audited with the old and new values)."""
    access.require(by, "set", PlanChangeLimits)
    errors = {}
    if target_percent is None or not 0 <= target_percent <= 100:
        errors["target_percent"] = _("Give a share of 0 to 100 %.")
    if date_months is None or not 0 <= date_months <= 36:
        errors["date_months"] = _("Give 0 to 36 months.")
    if errors:
        raise ValidationError(errors)
    limits = PlanChangeLimits.objects.select_for_update().first()
    old = (limits.target_percent, limits.date_months) if limits else (None, None)
    if limits is None:
        limits = PlanChangeLimits.objects.create(target_percent=target_percent, date_months=date_months, updated_by=by)
    else:
        limits.target_percent, limits.date_months, limits.updated_by = target_percent, date_months, by
        limits.save(update_fields=["target_percent", "date_months", "updated_by", "updated_at"])
    audit.record(
        actor=by,
        action="portfolio.planchangelimits.set",
        obj=limits,
        changes={"target_percent": [old[0], target_percent], "date_months": [old[1], date_months]},
    )
    return limits


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _date(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _months_between(a: datetime.date, b: datetime.date) -> float:
    return abs((b - a).days) / (365.25 / 12)


def limit_problems(measure: Measure, old: Iterable[Mapping], new: Iterable[Mapping], limits) -> list[str]:
    """Why the change from the `old` plan entries to the `new` needs a decision (an empty list: within the limits)."""
    if limits is None:
        return [str(_("The portfolio office has set no limits: every change of the plan needs a decision."))]
    diff = benefit_plans.compare_entries(old, new)
    problems = []
    for entry in diff["removed"]:
        if entry.get("owner_id") != measure.owner_id and not entry.get("is_disbenefit"):
            problems.append(
                str(_("“%(indicator)s” is gained by %(owner)s: only a decision drops it."))
                % {"indicator": entry["indicator"], "owner": entry.get("owner", "")}
            )
    for changed in diff["changed"]:
        was, now, name = changed["old"], changed["new"], {"indicator": changed["new"]["indicator"]}
        if [f for f in changed["fields"] if f not in WITHIN]:
            problems.append(str(_("“%(indicator)s”: only its target and target date change within the limits.")) % name)
        if "target" in changed["fields"]:
            before, after = _decimal(was.get("target")), _decimal(now.get("target"))
            if before is None or after is None or before == 0:
                problems.append(str(_("“%(indicator)s”: a target set or removed needs a decision.")) % name)
            elif abs(after - before) / abs(before) * 100 > limits.target_percent:
                problems.append(
                    str(_("“%(indicator)s”: the target moves by more than %(percent)s %%."))
                    % {**name, "percent": limits.target_percent}
                )
        if "target_date" in changed["fields"]:
            before, after = _date(was.get("target_date")), _date(now.get("target_date"))
            if before is None or after is None:
                problems.append(str(_("“%(indicator)s”: a target date set or removed needs a decision.")) % name)
            elif _months_between(before, after) > limits.date_months:
                problems.append(
                    str(_("“%(indicator)s”: the target date moves by more than %(months)s months."))
                    % {**name, "months": limits.date_months}
                )
    return problems


@transaction.atomic
def plan_owner_change(*, measure: Measure, benefits: Iterable[Mapping], reason: str, by) -> BenefitPlanVersion:
    """The owner's own change of the plan: the next version at once when within the limits (audited as made by the
    owner within them), otherwise refused with the reasons: the change then needs a decision."""
    access.require(by, "replan", measure)
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    access.check_state("replan", measure)
    entries = benefit_plans.clean_entries(list(benefits))
    old = benefit_plans.current_entries(measure)
    problems = limit_problems(measure, old, entries, current_limits())
    if problems:
        raise ValidationError(
            [_("This change is outside the limits the portfolio office has set; it needs a decision."), *problems],
            code="outside_limits",
        )
    diff = benefit_plans.compare_entries(old, entries)
    if not (diff["added"] or diff["removed"] or diff["changed"]):
        raise ValidationError(_("Nothing in the plan changes."))
    version = benefit_plans.plan_new_version(measure=measure, benefits=entries, reason=reason, by=by)
    audit.record(
        actor=by,
        action="portfolio.benefitplanversion.owner_changed",
        obj=version,
        changes={"number": version.number, "within_limits": True},
        note=version.reason,
    )
    return version
