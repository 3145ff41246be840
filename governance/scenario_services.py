"""Writes of the budget scenarios: set up and change (office), solve in the Celery worker with progress, share with
ministries, turn into a recommendation for the steering dialogue. Every change is audited
(`governance.scenario.*`); the solve is queued on commit and runs `scenario_run` (governance/tasks.py)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import access, audit, recipients
from core.notifications import NotificationKind, notify

from . import optimise
from .choices import DecisionOutcome, DecisionStatus
from .models import Decision
from .scenario_models import Scenario, ScenarioStatus
from .scenario_queries import problem_for
from .tasks import scenario_solve_task

FIELDS = ["name", "description", "budgets", "source_budgets", "exclusions", "life_event_limits"]


def _apply(scenario: Scenario, data: Mapping) -> dict:
    changes = {}
    for name in FIELDS:
        if name in data and getattr(scenario, name) != data[name]:
            changes[name] = data[name]
            setattr(scenario, name, data[name])
    if not scenario.budgets:
        raise ValidationError({"budgets": _("Give the money for at least one year.")})
    return changes


def _queue(scenario: Scenario) -> None:
    scenario.status, scenario.progress, scenario.result, scenario.solved_at = ScenarioStatus.QUEUED, 0, None, None
    scenario.save(update_fields=["status", "progress", "result", "solved_at", "updated_at"])
    transaction.on_commit(partial(scenario_solve_task.delay, scenario.pk))


@transaction.atomic
def scenario_create(*, data: Mapping, by) -> Scenario:
    """A new named scenario, queued for solving at once."""
    access.require(by, "create", Scenario)
    scenario = Scenario(created_by=by)
    changes = _apply(scenario, data)
    scenario.save()
    scenario.mandatory.set(data.get("mandatory", []))
    changes["mandatory"] = sorted(m.pk for m in data.get("mandatory", []))
    audit.record(actor=by, action="governance.scenario.created", obj=scenario, changes=changes)
    _queue(scenario)
    return scenario


@transaction.atomic
def scenario_update(*, scenario: Scenario, data: Mapping, by) -> Scenario:
    """Change a scenario's money, constraints or name; its old result goes and it is solved again."""
    access.require(by, "change", scenario)
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    changes = _apply(scenario, data)
    scenario.save(update_fields=[*FIELDS, "updated_at"])
    if "mandatory" in data:
        before = set(scenario.mandatory.values_list("pk", flat=True))
        after = {m.pk for m in data["mandatory"]}
        if before != after:
            scenario.mandatory.set(data["mandatory"])
            changes["mandatory"] = sorted(after)
    audit.record(actor=by, action="governance.scenario.changed", obj=scenario, changes=changes)
    _queue(scenario)
    return scenario


@transaction.atomic
def scenario_solve(*, scenario: Scenario, by) -> Scenario:
    """Solve again on today's portfolio (the candidates' values and costs may have changed)."""
    access.require(by, "solve", scenario)
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    if not access.in_state("solve", scenario):
        raise ValidationError(_("The scenario is already being solved."))
    audit.record(actor=by, action="governance.scenario.solve_requested", obj=scenario)
    _queue(scenario)
    return scenario


def scenario_run(*, scenario: Scenario) -> Scenario:
    """The solve itself (called by the worker): gather the candidates, solve the frontier's budget steps (the
    scenario's own budget is the step at factor 1), store the result. Progress is written between the steps."""
    Scenario.objects.filter(pk=scenario.pk).update(status=ScenarioStatus.RUNNING, progress=5)
    started = time.monotonic()
    try:
        gathered = problem_for(scenario)

        def progress(done: int, total: int) -> None:
            Scenario.objects.filter(pk=scenario.pk).update(progress=10 + int(85 * done / total))

        steps = optimise.frontier(gathered.problem, progress=progress)
    except Exception:
        Scenario.objects.filter(pk=scenario.pk).update(status=ScenarioStatus.FAILED)
        raise
    result = _result(gathered, steps, seconds=time.monotonic() - started)
    with transaction.atomic():
        scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
        scenario.result, scenario.status, scenario.progress = result, ScenarioStatus.DONE, 100
        scenario.solved_at = timezone.now()
        scenario.driver_weighting_id = gathered.weighting.weighting_id if gathered.weighting else None
        scenario.save(update_fields=["result", "status", "progress", "solved_at", "driver_weighting", "updated_at"])
        audit.record(
            actor=None,
            action="governance.scenario.solved",
            obj=scenario,
            changes={
                "status": result["status"],
                "value": result["value"],
                "chosen": len(result["chosen"]),
                "weights_version": result["weights"]["version"],
            },
        )
    return scenario


def _result(gathered, steps: list[optimise.FrontierStep], *, seconds: float) -> dict:
    main = next(s for s in steps if s.factor == 1.0).selection
    by_key = {c.key: c for c in gathered.problem.candidates}
    return {
        "status": main.status,
        "value": round(main.value, 4),
        "gap": main.gap,
        "chosen": list(main.chosen),
        "spend": {str(y): a for y, a in main.spend.items()},
        "conflicts": [
            {
                "kind": c.kind,
                "keys": list(c.keys),
                "year": c.year,
                "source": c.source,
                "amount": c.amount,
                "limit": c.limit,
                "life_event": c.life_event,
                "missing": c.missing,
            }
            for c in main.conflicts
        ],
        "unavailable": list(main.unavailable),
        "unscored": sorted(gathered.unscored),
        "weights": _weights(gathered.weighting),
        "candidates": {k: [gathered.titles[k], gathered.urls[k], c.value, c.total_cost] for k, c in by_key.items()},
        "frontier": [
            {
                "factor": s.factor,
                "budget": s.budget,
                "status": s.selection.status,
                "value": None if not s.selection.feasible else round(s.selection.value, 4),
                "chosen": len(s.selection.chosen),
                "entering": list(s.entering),
                "leaving": list(s.leaving),
            }
            for s in steps
        ],
        "candidate_count": len(by_key),
        "seconds": round(seconds, 2),
    }


def _weights(weighting) -> dict:
    """What the values were computed with: the driver weights' version (None: never weighed), the rubric's share
    in per cent and whether any strategic driver was in use (without, the value is the rubric's potential)."""
    if weighting is None or not weighting.has_drivers:
        return {"version": None, "rubric_percent": 100, "drivers_percent": 0, "drivers": False}
    return {
        "version": weighting.version,
        "rubric_percent": weighting.rubric_percent,
        "drivers_percent": 100 - weighting.rubric_percent,
        "drivers": True,
    }


@transaction.atomic
def scenario_share(*, scenario: Scenario, ministries, by) -> Scenario:
    """Share the scenario with these ministries (and no others): their officials see it and its result."""
    access.require(by, "share", scenario)
    before = set(scenario.shared_with.values_list("pk", flat=True))
    after = {m.pk for m in ministries}
    if before == after:
        return scenario
    scenario.shared_with.set(ministries)
    audit.record(
        actor=by,
        action="governance.scenario.shared",
        obj=scenario,
        changes={"added": sorted(after - before), "removed": sorted(before - after)},
    )
    if after - before:
        transaction.on_commit(partial(_send_shared_mail, scenario.pk, sorted(after - before)))
    return scenario


def _send_shared_mail(scenario_pk: int, ministry_ids: list[int]) -> None:
    """Tell the officials of the ministries a scenario was just shared with (one message each, in the portal's
    language), with the link to it."""
    scenario = Scenario.objects.only("name").get(pk=scenario_pk)
    path = scenario.get_absolute_url()
    url = settings.SITE_URL + path
    with translation.override(settings.LANGUAGE_CODE):
        params = {"name": scenario.name, "url": url}
        subject = _("The portfolio office shared the budget scenario “%(name)s” with your ministry") % params
        body = _("The portfolio office has shared the budget scenario “%(name)s” with your ministry.") % params
        body += "\n\n" + _("Read it here: %(url)s") % params
    to = recipients.officials_of(ministry_ids, about=scenario)
    notify(users=to, kind=NotificationKind.DECISION, subject=subject, body=body, url=path)


@transaction.atomic
def scenario_recommend(*, scenario: Scenario, text: str, by) -> Scenario:
    """Turn a solved scenario into the office's recommendation for the steering dialogue."""
    access.require(by, "recommend", scenario)
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    if not access.in_state("recommend", scenario):
        raise ValidationError(_("Only a solved scenario with a selection can be recommended."))
    if not text.strip():
        raise ValidationError({"recommendation": _("Write the recommendation.")})
    scenario.recommendation, scenario.recommended_at = text.strip(), timezone.now()
    scenario.steering_decision = _steering_item(scenario, by=by)
    scenario.save(update_fields=["recommendation", "recommended_at", "steering_decision", "updated_at"])
    audit.record(
        actor=by,
        action="governance.scenario.recommended",
        obj=scenario,
        changes={"recommendation": scenario.recommendation, "steering_decision": scenario.steering_decision_id},
    )
    return scenario


def _steering_item(scenario: Scenario, *, by) -> Decision:
    """The recommendation as an item in the steering dialogue: an escalated decision awaiting the ministries the
    scenario is shared with (they answer it on the decision's page). A new recommendation supersedes the old item."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Budget scenario “%(name)s”: the office's recommendation") % {"name": scenario.name}
        link = _("The scenario: %(url)s") % {"url": settings.SITE_URL + scenario.get_absolute_url()}
    decision = Decision.objects.create(
        date=timezone.localdate(),
        subject=subject[:300],
        outcome=DecisionOutcome.ESCALATE,
        rationale=f"{scenario.recommendation}\n\n{link}",
        status=DecisionStatus.AWAITING_STEERING,
        decided_by=by,
    )
    decision.ministries.set(scenario.shared_with.all())
    audit.record(
        actor=by,
        action="governance.decision.recorded",
        obj=decision,
        changes={"outcome": decision.outcome, "scenario": scenario.pk},
    )
    old = scenario.steering_decision_id and Decision.objects.select_for_update().get(pk=scenario.steering_decision_id)
    if old and old.superseded_by_id is None:
        old.status, old.superseded_by = DecisionStatus.SUPERSEDED, decision
        old.save(update_fields=["status", "superseded_by"])
        audit.record(actor=by, action="governance.decision.superseded", obj=old, changes={"superseded_by": decision.pk})
    return decision
