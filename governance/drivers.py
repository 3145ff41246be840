"""Strategic drivers: the writes (define and change drivers, weigh them directly or by pairwise comparison, score a
proposal or a measure against them) and the reads the pages and the ranking need. Only the office writes; every
change is audited (`governance.driver.*`, `governance.driverweighting.created`, `governance.driverscore.changed`).

A weighting is never changed: each new one is the next version (the ranking says which version it used). Pairwise
comparisons give the weights by the analytic hierarchy process (governance/ahp.py) with their consistency ratio;
an inconsistent set (CR > 0.1) is saved with a warning, because the office may have reasons, and shown as such.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from core import access, audit
from core.services import record_save
from lifeevents import figures
from portfolio.queries.rows import any_key

from . import ahp
from .driver_models import Driver, DriverScore, DriverWeighting, WeightingMethod

DRIVER_FIELDS = ["name", "description", "is_active", "sort_order"]


def driver_create(*, data: Mapping, by) -> Driver:
    return record_save(
        obj=Driver(), data={k: v for k, v in data.items() if k in DRIVER_FIELDS}, by=by, action="governance.driver"
    )


def driver_update(*, driver: Driver, data: Mapping, by) -> Driver:
    return record_save(
        obj=driver, data={k: v for k, v in data.items() if k in DRIVER_FIELDS}, by=by, action="governance.driver"
    )


def _share(rubric_share) -> Decimal:
    share = Decimal(str(rubric_share)).quantize(Decimal("0.001"))
    if not Decimal(0) <= share <= Decimal(1):
        raise ValidationError({"rubric_share": _("The rubric's share must be between 0 and 100 %.")})
    return share


def _save_weighting(*, by, method, share, weights, comparisons, cr, note) -> DriverWeighting:
    version = (DriverWeighting.objects.select_for_update().aggregate(v=Max("version"))["v"] or 0) + 1
    weighting = DriverWeighting.objects.create(
        version=version,
        method=method,
        rubric_share=share,
        weights={str(k): round(w, 6) for k, w in weights.items()},
        comparisons=comparisons,
        consistency_ratio=cr,
        note=note,
        created_by=by,
    )
    audit.record(
        actor=by,
        action="governance.driverweighting.created",
        obj=weighting,
        changes={"version": version, "method": method, "rubric_share": str(share), "weights": weighting.weights,
                 "consistency_ratio": cr},
    )  # fmt: skip
    return weighting


def _active_ids() -> list[int]:
    return list(Driver.objects.filter(is_active=True).values_list("pk", flat=True))


@transaction.atomic
def weights_set_direct(*, weights: Mapping[int, float], rubric_share, by, note: str = "") -> DriverWeighting:
    """A new version of the weights, set directly per driver (any non-negative numbers; scaled to sum to 1)."""
    access.require(by, "weigh", Driver)
    active = _active_ids()
    values = [float(weights.get(pk) or 0) for pk in active]
    if any(v < 0 for v in values):
        raise ValidationError(_("A weight cannot be negative."))
    if active and not any(values):
        raise ValidationError(_("Give at least one driver a weight above zero."))
    normal = dict(zip(active, ahp.normalise(values), strict=True))
    return _save_weighting(
        by=by, method=WeightingMethod.DIRECT, share=_share(rubric_share), weights=normal, comparisons={}, cr=None,
        note=note,
    )  # fmt: skip


@transaction.atomic
def weights_set_pairwise(
    *, comparisons: Mapping[tuple[int, int], float], rubric_share, by, note: str = ""
) -> DriverWeighting:
    """A new version of the weights from pairwise comparisons of the drivers in use: comparisons[(a, b)] says how
    many times more important driver a is than driver b (1/9 … 9). Every pair must be compared."""
    access.require(by, "weigh", Driver)
    active = _active_ids()
    if len(active) < 2:
        raise ValidationError(_("Pairwise comparison needs at least two drivers in use."))
    if len(active) > max(ahp.RANDOM_INDEX):
        raise ValidationError(_("Compare at most ten drivers pairwise; set the weights directly instead."))
    index = {pk: i for i, pk in enumerate(active)}
    pairs = {}
    for (a, b), value in comparisons.items():
        if a not in index or b not in index or a == b or not any(abs(value - s) < 1e-9 for s in ahp.SCALE):
            raise ValidationError(_("A comparison is not one of the choices."))
        i, j = index[a], index[b]
        pairs[(i, j) if i < j else (j, i)] = value if i < j else 1 / value
    if len(pairs) != len(active) * (len(active) - 1) // 2:
        raise ValidationError(_("Compare every pair of drivers."))
    result = ahp.weights_from_pairs(len(active), pairs)
    weights = dict(zip(active, result.weights, strict=True))
    stored = {f"{active[i]}|{active[j]}": round(v, 6) for (i, j), v in sorted(pairs.items())}
    return _save_weighting(
        by=by, method=WeightingMethod.PAIRWISE, share=_share(rubric_share), weights=weights, comparisons=stored,
        cr=round(result.cr, 4), note=note,
    )  # fmt: skip


@transaction.atomic
def driver_scores_set(*, target, scores: Mapping[int, int | None], by) -> dict:
    """Score a proposal or a measure against the drivers (0–5; None removes the score). Audited on the target with
    what changed. Returns {driver id: value} as it now is."""
    access.require(by, "score", Driver)
    field = "measure" if target._meta.model_name == "measure" else "proposal"
    current = {s.driver_id: s for s in DriverScore.objects.select_for_update().filter(**{field: target})}
    known = set(Driver.objects.values_list("pk", flat=True))
    changes = {}
    for driver_id, value in scores.items():
        if driver_id not in known:
            raise ValidationError(_("There is no such driver."))
        if value is not None and not 0 <= int(value) <= 5:
            raise ValidationError(_("A score is from 0 to 5."))
        row = current.get(driver_id)
        before = row.value if row else None
        if before == value:
            continue
        if value is None:
            row.delete()
        elif row is None:
            DriverScore.objects.create(driver_id=driver_id, value=value, by=by, **{field: target})
        else:
            row.value, row.by = value, by
            row.save(update_fields=["value", "by", "updated_at"])
        changes[str(driver_id)] = [before, value]
    if changes:
        audit.record(actor=by, action="governance.driverscore.changed", obj=target, changes=changes)
    return dict(DriverScore.objects.filter(**{field: target}).values_list("driver_id", "value"))


# ---- reads --------------------------------------------------------------------------------------------------------


@dataclass
class Weighting:
    """The weights in force: the drivers in use with their weight, the rubric's share, the version (None: never
    weighed, so the drivers count equally and the rubric half)."""

    drivers: list[Driver]
    weights: dict[int, float]
    rubric_share: float
    version: int | None
    method: str
    consistency_ratio: float | None
    weighting_id: int | None = None  # the DriverWeighting row of `version` (None: never weighed)

    @property
    def has_drivers(self) -> bool:
        return bool(self.drivers)

    @property
    def inconsistent(self) -> bool:
        return self.consistency_ratio is not None and self.consistency_ratio > ahp.CR_LIMIT

    @property
    def rows(self) -> list[tuple[Driver, float]]:
        return [(d, self.weights.get(d.pk, 0.0)) for d in self.drivers]

    @property
    def rubric_percent(self) -> int:
        return round(self.rubric_share * 100)

    def percent(self, driver_id: int) -> float:
        return round(self.weights.get(driver_id, 0.0) * 100, 1)

    def value_of(self, potential, scores: dict):
        """A candidate's priority value under these weights: `lifeevents.figures.priority_value` of its rubric
        potential and its driver score (`scores`: {driver id: 0–5}). The ranking and the budget scenarios both
        ask this, so the value a scenario maximises is the value the priorities show."""
        drivers = figures.driver_score(scores, self.weights)
        return figures.priority_value(potential, drivers, self.rubric_share, has_drivers=self.has_drivers)

    @property
    def unweighed(self) -> list[Driver]:
        """Drivers in use that the version in force does not weigh (added after it)."""
        return [d for d in self.drivers if self.version is not None and d.pk not in self.weights]


def weighting_in_force() -> Weighting:
    """The drivers in use and the newest weighting. Two queries."""
    drivers = list(Driver.objects.filter(is_active=True).only("name", "description", "sort_order"))
    latest = DriverWeighting.objects.order_by("-version").first()
    if latest is None:
        equal = dict(zip([d.pk for d in drivers], ahp.normalise([1.0] * len(drivers)), strict=True))
        return Weighting(drivers, equal, 0.5, None, "", None)
    weights = {int(k): float(v) for k, v in latest.weights.items() if int(k) in {d.pk for d in drivers}}
    return Weighting(
        drivers, weights, float(latest.rubric_share), latest.version, latest.method, latest.consistency_ratio,
        latest.pk,
    )  # fmt: skip


def scores_for(*, measure_ids, proposal_ids) -> dict[str, dict[int, int]]:
    """Driver scores of candidates by ranking key ("T<measure id>", "F<proposal id>"). One query."""
    out: dict[str, dict[int, int]] = {}
    rows = DriverScore.objects.filter(  # (the keys as two array parameters: thousands of them on the priorities)
        Q(any_key("measure_id", list(measure_ids))) | Q(any_key("proposal_id", list(proposal_ids)))
    )
    for measure_id, proposal_id, driver_id, value in rows.values_list(
        "measure_id", "proposal_id", "driver_id", "value"
    ):
        key = f"T{measure_id}" if measure_id else f"F{proposal_id}"
        out.setdefault(key, {})[driver_id] = value
    return out
