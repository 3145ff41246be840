"""Who pays, who gains: per organisation, the yearly cost it bears, the benefits that land on it and the
dis-benefits it carries (counted once), from the benefits of the measures the user may see, optionally of one life
event. Every sum is `lifeevents.figures.benefit_flows` (the figure the report and the life-event pages use); this
module only selects the rows and lists which benefits make up an organisation's figure. Two queries a page."""

from __future__ import annotations

from lifeevents import figures
from portfolio.models import Benefit, Measure

COLUMNS = (
    "id", "indicator", "description", "is_disbenefit", "annual_value_nok", "annual_cost_nok", "measure_id",
    "measure__title", "owner_id", "owner__name", "cost_bearer_id", "cost_bearer__name",
)  # fmt: skip


def benefits_for(user, *, life_event_id: int | None = None) -> list[dict]:
    measures = Measure.objects.visible_to(user)
    if life_event_id:
        measures = measures.filter(
            pk__in=Measure.life_events.through.objects.filter(lifeevent_id=life_event_id).values("measure_id")
        )
    return list(
        Benefit.objects.filter(measure__in=measures.values("pk")).values(*COLUMNS).order_by("measure__title", "pk")
    )


def flows(user, *, life_event_id: int | None = None) -> tuple[list[dict], dict]:
    """Each organisation's row of `figures.benefit_flows` (with its id for the link), and the totals."""
    rows = benefits_for(user, life_event_id=life_event_id)
    ids = {b["owner__name"]: b["owner_id"] for b in rows} | {
        b["cost_bearer__name"]: b["cost_bearer_id"] for b in rows if b["cost_bearer_id"]
    }
    table = [{**r, "id": ids.get(r["organisation"])} for r in figures.benefit_flows(rows)]
    totals = {k: sum(r[k] for r in table) for k in ("gain", "loss", "cost")}
    totals["net"] = figures.net_benefit(rows)
    return table, totals


def organisation_flows(user, organisation, *, life_event_id: int | None = None) -> dict:
    """One organisation's figure (its row of `figures.benefit_flows`) and the benefits behind it: what it gains,
    the dis-benefits it carries, the costs it bears, and to or from whom the money moves (cost borne by one,
    benefit landing on another)."""
    rows = benefits_for(user, life_event_id=life_event_id)
    mine = [b for b in rows if organisation.pk in (b["owner_id"], b["cost_bearer_id"])]
    row = next((r for r in figures.benefit_flows(mine) if r["organisation"] == organisation.name), None)
    gains = [b for b in mine if b["owner_id"] == organisation.pk and not b["is_disbenefit"]]
    losses = [b for b in mine if b["owner_id"] == organisation.pk and b["is_disbenefit"]]
    costs = [b for b in mine if b["cost_bearer_id"] == organisation.pk and not b["is_disbenefit"]]
    for b in losses:
        b["loss"] = figures.benefit_loss(b)
    pays_for = [b for b in costs if b["owner_id"] != organisation.pk]
    paid_by = [b for b in gains if b["cost_bearer_id"] and b["cost_bearer_id"] != organisation.pk]
    return {"row": row, "gains": gains, "losses": losses, "costs": costs, "pays_for": pays_for, "paid_by": paid_by}
