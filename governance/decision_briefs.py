"""The decision brief as a stored, versioned document, made in the Celery worker (never in the request), like the
reports' documents: core.documents holds the worker's part (the advisory lock, the retries, the sweeper that queues
again a brief whose worker died or fails it after REPORT_MAX_ATTEMPTS); this module registers the kind and orders it.

Each version of a decision orders a new version of its brief (`brief_order`): when an escalated decision is
recorded, when a named ministry answers it (the brief lists the answers) and when a newer decision supersedes it."""

from __future__ import annotations

from django.conf import settings

from core import audit, documents
from core.pdf import render_pdf
from portfolio.models import CallAnswer
from portfolio.redaction import redact, redact_answers

from .brief_models import DecisionBrief
from .choices import DecisionOutcome
from .models import Decision
from .queries import current_responses

_LOCK_SPACE = 190002  # the decision briefs' advisory locks (core.documents; the reports' documents use 190001)


def has_brief(decision: Decision) -> bool:
    """Only an escalated decision goes to the steering dialogue, and so has a brief."""
    return decision.outcome == DecisionOutcome.ESCALATE


def brief_order(*, decision: Decision, reason: str, by=None) -> DecisionBrief | None:
    """A new version of the decision's brief, queued for the worker after the commit (inside the caller's
    transaction: the decision's change and its brief's order commit together). None for a decision without one."""
    if not has_brief(decision):
        return None
    last = DecisionBrief.objects.select_for_update().filter(decision=decision).order_by("-version").first()
    brief = DecisionBrief.objects.create(
        decision=decision,
        version=(last.version + 1) if last else 1,
        reason=reason,
        language=settings.LANGUAGE_CODE,
    )
    audit.record(
        actor=by, action="governance.brief.ordered", obj=brief, changes={"version": brief.version, "reason": reason}
    )
    documents.queue_on_commit(brief)
    return brief


def latest(decision: Decision) -> tuple[DecisionBrief | None, DecisionBrief | None]:
    """The newest version (its state is shown) and the newest ready one (it is downloaded), in one query."""
    return documents.newest_and_ready(DecisionBrief.objects.filter(decision=decision))


def render(decision: Decision) -> bytes:
    """The one-page brief of the decision for the steering dialogue (with the ministries' answers so far)."""
    decision = (
        Decision.objects.select_related("proposal__organisation", "body", "acting_agency", "funding_source", "measure")
        .prefetch_related("ministries", "proposal__life_events")
        .get(pk=decision.pk)
    )
    # The brief goes to the ministries: the proposal as the public may read it (portfolio/redaction.py)
    proposal = redact(None, decision.proposal)[0] if decision.proposal else None
    answers = []  # its answers to its call's own questions, an exempt one by its legal basis
    if proposal is not None and proposal.call_id:
        found = CallAnswer.objects.filter(proposal=proposal).select_related("question", "attachment")
        answers = redact_answers(proposal, list(found.order_by("question__sort_order", "question_id")))
    context = {"decision": decision, "proposal": proposal, "responses": current_responses(decision),
               "answers": answers}  # fmt: skip
    return render_pdf("governance/pdf/decision_brief.html", context)


def _build(brief: DecisionBrief, step) -> documents.Built:
    return documents.Built(render(brief.decision), "pdf")


KIND = documents.register(
    model=DecisionBrief,
    build=_build,
    folder=lambda brief: f"decision-briefs/{brief.decision_id}",
    generated_action="governance.brief.generated",
    lock_space=_LOCK_SPACE,
    language=lambda brief: brief.language,
    select_related=("decision",),
)


def brief_generate(brief: DecisionBrief) -> DecisionBrief:
    """Build the brief (in the worker; core.documents.generate: idempotent, at most REPORT_MAX_ATTEMPTS tries)."""
    return documents.generate(brief)


def briefs_sweep() -> dict[str, list[int]]:
    """Briefs whose worker died are queued again (or failed); lost messages are sent again (the beat task
    `core.documents_sweep` sweeps every kind)."""
    return documents.sweep(KIND)
