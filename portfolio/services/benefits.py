"""Step 5, benefit realisation: the benefits a measure promises (owner, cost bearer, baseline, expected value and
date, indicator) and their realisations over time. Kept by the office; every change is audited
(`portfolio.benefit.*`, `portfolio.benefitrealisation.*`), the admin saves through these too."""

from __future__ import annotations

from collections.abc import Mapping

from core.services import record_delete, record_save

from ..models import Benefit, BenefitRealisation

BENEFIT_FIELDS = [
    "measure",
    "description",
    "indicator",
    "unit",
    "baseline",
    "expected_value",
    "expected_date",
    "owner",
    "cost_bearer",
    "is_disbenefit",
    "annual_value_nok",
    "annual_cost_nok",
    "targets",
    "is_illustrative",
]
REALISATION_FIELDS = ["benefit", "date", "value", "note"]


def _only(data: Mapping, fields: list[str]) -> dict:
    return {k: v for k, v in data.items() if k in fields}


def benefit_create(*, data: Mapping, by) -> Benefit:
    return record_save(obj=Benefit(), data=_only(data, BENEFIT_FIELDS), by=by, action="portfolio.benefit")


def benefit_update(*, benefit: Benefit, data: Mapping, by) -> Benefit:
    return record_save(obj=benefit, data=_only(data, BENEFIT_FIELDS), by=by, action="portfolio.benefit")


def benefit_delete(*, benefit: Benefit, by) -> None:
    record_delete(obj=benefit, by=by, action="portfolio.benefit")


def benefit_realisation_create(*, data: Mapping, by) -> BenefitRealisation:
    obj = BenefitRealisation()
    return record_save(obj=obj, data=_only(data, REALISATION_FIELDS), by=by, action="portfolio.benefitrealisation")


def benefit_realisation_update(*, realisation: BenefitRealisation, data: Mapping, by) -> BenefitRealisation:
    data = _only(data, REALISATION_FIELDS)
    return record_save(obj=realisation, data=data, by=by, action="portfolio.benefitrealisation")


def benefit_realisation_delete(*, realisation: BenefitRealisation, by) -> None:
    record_delete(obj=realisation, by=by, action="portfolio.benefitrealisation")
