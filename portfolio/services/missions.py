"""Missions (oppdrag) and their measurable targets, kept by the office; every change is audited
(`portfolio.mission.*`, `portfolio.missiontarget.*`), the admin saves through these too. A mission is never
deleted (calls, measures and proposals refer to it)."""

from __future__ import annotations

from collections.abc import Mapping

from core.services import record_delete, record_save

from ..models import Mission, MissionTarget, TargetMeasurement

MISSION_FIELDS = [
    "title",
    "life_events",
    "statement",
    "narrative",
    "deadline",
    "portfolio_start",
    "portfolio_end",
    "is_illustrative",
    "source",
]
TARGET_FIELDS = [
    "mission",
    "indicator",
    "unit",
    "baseline",
    "baseline_date",
    "target_value",
    "target_date",
    "is_illustrative",
]
MEASUREMENT_FIELDS = ["target", "date", "value", "note"]


def _only(data: Mapping, fields: list[str]) -> dict:
    return {k: v for k, v in data.items() if k in fields}


def mission_create(*, data: Mapping, by) -> Mission:
    return record_save(obj=Mission(), data=_only(data, MISSION_FIELDS), by=by, action="portfolio.mission")


def mission_update(*, mission: Mission, data: Mapping, by) -> Mission:
    return record_save(obj=mission, data=_only(data, MISSION_FIELDS), by=by, action="portfolio.mission")


def mission_target_create(*, data: Mapping, by) -> MissionTarget:
    return record_save(obj=MissionTarget(), data=_only(data, TARGET_FIELDS), by=by, action="portfolio.missiontarget")


def mission_target_update(*, target: MissionTarget, data: Mapping, by) -> MissionTarget:
    return record_save(obj=target, data=_only(data, TARGET_FIELDS), by=by, action="portfolio.missiontarget")


def mission_target_delete(*, target: MissionTarget, by) -> None:
    record_delete(obj=target, by=by, action="portfolio.missiontarget")


def target_measurement_create(*, data: Mapping, by) -> TargetMeasurement:
    obj = TargetMeasurement()
    return record_save(obj=obj, data=_only(data, MEASUREMENT_FIELDS), by=by, action="portfolio.targetmeasurement")


def target_measurement_update(*, measurement: TargetMeasurement, data: Mapping, by) -> TargetMeasurement:
    data = _only(data, MEASUREMENT_FIELDS)
    return record_save(obj=measurement, data=data, by=by, action="portfolio.targetmeasurement")


def target_measurement_delete(*, measurement: TargetMeasurement, by) -> None:
    record_delete(obj=measurement, by=by, action="portfolio.targetmeasurement")
