"""The benefits map: missions → their targets → the benefits (and dis-benefits) that serve them → the measures that
bring them, with who owns each benefit and who bears its cost; each target rolled up from the latest realisations of
the benefits that serve it (`lifeevents.figures.target_rollup`), against its baseline and goal, with every date.

Benefits are those of the measures the user may see; missions and their targets are public. Six queries whatever
the number of rows (DISTINCT ON for the latest figure of each target and benefit; names as array annotations)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Q

from lifeevents import figures
from portfolio.models import Benefit, BenefitRealisation, Measure, Mission, MissionTarget, TargetMeasurement

BENEFIT_COLUMNS = (
    "id", "indicator", "description", "unit", "baseline", "expected_value", "expected_date", "is_disbenefit",
    "measure_id", "measure__title", "owner__name", "cost_bearer__name", "annual_value_nok", "annual_cost_nok",
)  # fmt: skip


@dataclass
class MissionMap:
    mission: Mission
    rollups: list[dict] = field(default_factory=list)  # figures.target_rollup, one per target
    unlinked: list[dict] = field(default_factory=list)  # benefits of the mission's measures serving no target

    @property
    def measures(self) -> list[tuple[int, str]]:
        seen = {}
        for r in self.rollups:
            for b in r["benefits"]:
                seen[b["measure_id"]] = b["measure__title"]
        for b in self.unlinked:
            seen[b["measure_id"]] = b["measure__title"]
        return sorted(seen.items(), key=lambda m: m[1])


def _latest(model, key: str, ids) -> dict:
    rows = model.objects.filter(**{f"{key}__in": list(ids)}).order_by(f"{key}_id", "-date").distinct(f"{key}_id")
    return {getattr(r, f"{key}_id"): {"value": r.value, "date": r.date} for r in rows.only(key, "date", "value")}


def benefit_map(user, *, mission_id: int | None = None, life_event_id: int | None = None) -> list[MissionMap]:
    missions_qs = Mission.objects.visible_to(user).only("title", "statement").order_by("title")
    if mission_id:
        missions_qs = missions_qs.filter(pk=mission_id)
    if life_event_id:
        missions_qs = missions_qs.filter(pk__in=Mission.life_events.through.objects.filter(
            lifeevent_id=life_event_id).values("mission_id"))  # fmt: skip
    missions = list(missions_qs)
    if not missions:
        return []
    mission_ids = [m.pk for m in missions]
    targets = list(
        MissionTarget.objects.filter(mission_id__in=mission_ids).values(
            "id", "mission_id", "indicator", "unit", "baseline", "baseline_date", "target_value", "target_date"
        )
    )
    measurements = _latest(TargetMeasurement, "target", [t["id"] for t in targets])
    visible = Measure.objects.visible_to(user).values("pk")
    serving = Benefit.targets.through.objects.filter(missiontarget_id__in=[t["id"] for t in targets])
    of_missions = Measure.missions.through.objects.filter(mission_id__in=mission_ids).values("measure_id")
    benefits = list(
        Benefit.objects.filter(measure__in=visible)
        .filter(Q(pk__in=serving.values("benefit_id")) | Q(measure__in=of_missions))
        .annotate(
            target_ids=ArrayAgg("targets", distinct=True, default=[]),
            mission_ids=ArrayAgg("measure__missions", distinct=True, default=[]),
        )
        .values(*BENEFIT_COLUMNS, "target_ids", "mission_ids")
        .order_by("measure__title", "pk")
    )
    realised = _latest(BenefitRealisation, "benefit", [b["id"] for b in benefits])
    for b in benefits:
        latest = realised.get(b["id"])
        b["realised"], b["realised_date"] = (latest["value"], latest["date"]) if latest else (None, None)
    out = []
    for mission in missions:
        mission_map = MissionMap(mission)
        own = [t for t in targets if t["mission_id"] == mission.pk]
        for t in own:
            serving_t = [b for b in benefits if t["id"] in b["target_ids"]]
            mission_map.rollups.append(figures.target_rollup(t, measurements.get(t["id"]), serving_t))
        own_ids = {t["id"] for t in own}
        mission_map.unlinked = [
            b for b in benefits if mission.pk in b["mission_ids"] and not own_ids.intersection(b["target_ids"])
        ]
        out.append(mission_map)
    return out


# ---- the diagram: four columns (measures, benefits, targets, mission) joined by lines ------------------------------

COLUMNS = (20, 270, 520, 770)
BOX_W, BOX_H, GAP = 210, 44, 14


def diagram(mission_map: MissionMap) -> dict:
    """Boxes and lines of one mission's map, laid out server-side (SVG coordinates)."""
    benefits: dict[int, dict] = {}
    for r in mission_map.rollups:
        for b in r["benefits"]:
            benefits[b["id"]] = b
    for b in mission_map.unlinked:
        benefits[b["id"]] = b
    measures = mission_map.measures
    targets = [r["target"] for r in mission_map.rollups]
    rows = max(len(measures), len(benefits), len(targets), 1)
    height = rows * (BOX_H + GAP) + GAP

    def place(items, column):
        return {key: {"x": COLUMNS[column], "y": GAP + i * (BOX_H + GAP), "label": label, "key": key}
                for i, (key, label) in enumerate(items)}  # fmt: skip

    m_boxes = place([(f"m{pk}", title) for pk, title in measures], 0)
    b_boxes = place([(f"b{pk}", b["indicator"]) for pk, b in benefits.items()], 1)
    t_boxes = place([(f"t{t['id']}", t["indicator"]) for t in targets], 2)
    mission_box = {"x": COLUMNS[3], "y": (height - BOX_H) // 2, "label": mission_map.mission.title, "key": "mission"}
    for pk, b in benefits.items():
        b_boxes[f"b{pk}"]["dis"] = b["is_disbenefit"]
    lines = []

    def join(a, b, dashed=False):
        lines.append({"x1": a["x"] + BOX_W, "y1": a["y"] + BOX_H // 2, "x2": b["x"], "y2": b["y"] + BOX_H // 2,
                      "dashed": dashed})  # fmt: skip

    for pk, b in benefits.items():
        join(m_boxes[f"m{b['measure_id']}"], b_boxes[f"b{pk}"], b["is_disbenefit"])
        for t in b["target_ids"]:
            if f"t{t}" in t_boxes:
                join(b_boxes[f"b{pk}"], t_boxes[f"t{t}"], b["is_disbenefit"])
    for t in t_boxes.values():
        join(t, mission_box)
    boxes = [*m_boxes.values(), *b_boxes.values(), *t_boxes.values(), mission_box]
    for box in boxes:
        box["short"] = box["label"] if len(box["label"]) <= 30 else box["label"][:29] + "…"
    return {"boxes": boxes, "lines": lines, "height": height, "width": COLUMNS[3] + BOX_W + 20, "w": BOX_W, "h": BOX_H}
