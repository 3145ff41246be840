"""Step 5, learn: a measure's learning log (hypothesis, what was learned, evidence, next step), which may set its next
review date, and the way back to step 1: a new proposal started from a learning entry, registered and submitted
through the intake services and the workflow like any other. Every write is audited in its transaction."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import access, audit

from ..choices import Origin
from ..models import LearningEntry, Measure, Proposal
from . import intake


@transaction.atomic
def learning_add(
    *,
    measure: Measure,
    hypothesis: str,
    learned: str,
    evidence: str = "",
    next_step: str = "",
    next_review_date: datetime.date | None = None,
    by,
) -> LearningEntry:
    """A learning-log entry (hypothesis, learned, evidence, next step); it may set the next review date."""
    access.require(by, "learn", measure)
    errors = {}
    if not (hypothesis or "").strip():
        errors["hypothesis"] = _("Give the hypothesis.")
    if not (learned or "").strip():
        errors["learned"] = _("Say what was learned.")
    if next_review_date and next_review_date < timezone.localdate():
        errors["next_review_date"] = _("The review date cannot be in the past.")
    if errors:
        raise ValidationError(errors)
    entry = LearningEntry.objects.create(
        measure=measure,
        hypothesis=hypothesis.strip(),
        learned=learned.strip(),
        evidence=(evidence or "").strip(),
        next_step=(next_step or "").strip(),
        author=by,
    )
    changes = {"hypothesis": entry.hypothesis}
    if next_review_date:
        changes["next_review_date"] = [measure.next_review_date, next_review_date]
        measure.next_review_date = next_review_date
        measure.save(update_fields=["next_review_date", "updated_at"])
    audit.record(actor=by, action="portfolio.learningentry.created", obj=measure, changes=changes)
    return entry


@transaction.atomic
def learning_start_proposal(*, entry: LearningEntry, by) -> Proposal:
    """Back to step 1: a new proposal from a learning entry, linked both ways (entry.spawned_proposal). It is
    registered through the intake services (audited, for the user's organisation or, from the office, the
    measure's owner) and submitted through the workflow when complete (the transition, the office's e-mail);
    otherwise it stays a draft that its organisation completes and submits."""
    measure = entry.measure
    access.require(by, "learn", measure)
    entry = LearningEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.spawned_proposal_id:
        raise ValidationError(_("This learning entry has already started a proposal."))
    data = {
        "title": str(_("Follow-up: %(title)s") % {"title": measure.title})[:200],
        "need": entry.next_step or entry.learned,
        "solution": entry.learned,
        "organisation": by.organisation if by.organisation_id else measure.owner,
        "life_events": list(measure.life_events.all()),
        "missions": list(measure.missions.all()),
        "origin": Origin.LEARNING,  # recorded when the office registers it: what it sought out in the learning log
    }
    proposal = intake.proposal_create(data=data, by=by)
    proposal.related_measure = measure
    proposal.save(update_fields=["related_measure", "updated_at"])
    entry.spawned_proposal = proposal
    entry.save(update_fields=["spawned_proposal"])
    audit.record(
        actor=by,
        action="portfolio.proposal.created_from_learning",
        obj=proposal,
        changes={"measure": measure.pk, "learning_entry": entry.pk},
    )
    if not intake.submit_problems(intake.proposal_values(proposal)):
        proposal = intake.proposal_submit(proposal=proposal, by=by)
    return proposal
