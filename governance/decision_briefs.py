"""The decision brief as a stored, versioned document, made in the Celery worker (never in the request), like the
reports' documents (reports/services/documents.py): the row is the durable order and the message only a wake-up;
a worker holds a PostgreSQL advisory lock while it builds a brief, so a brief left RUNNING by a worker that died is
found by the sweeper (`briefs_sweep`, beat) and queued again, or failed after REPORT_MAX_ATTEMPTS.

Each version of a decision orders a new version of its brief (`brief_order`): when an escalated decision is
recorded, when a named ministry answers it (the brief lists the answers) and when a newer decision supersedes it."""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import audit
from core.pdf import render_pdf

from .brief_models import BriefStatus, DecisionBrief
from .choices import DecisionOutcome
from .models import Decision
from .queries import current_responses
from .tasks import decision_brief_task

log = logging.getLogger(__name__)
_LOCK_SPACE = 190002  # the first key of the decision briefs' advisory locks (the reports' documents use 190001)


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
    transaction.on_commit(partial(_queue, brief.pk))
    return brief


def latest(decision: Decision) -> tuple[DecisionBrief | None, DecisionBrief | None]:
    """The newest version (its state is shown) and the newest ready one (it is downloaded), in one query."""
    newest = ready = None
    for brief in DecisionBrief.objects.filter(decision=decision).order_by("-version")[:20]:
        newest = newest or brief
        if brief.status == BriefStatus.DONE:
            ready = brief
            break
    return newest, ready


def _queue(brief_id: int) -> None:
    try:
        decision_brief_task.delay(brief_id)
    except Exception:  # kombu raises the transport's own errors; the sweeper queues it again
        log.warning(
            "Decision brief %s could not be queued now; the sweeper will queue it again", brief_id, exc_info=True
        )


def render(decision: Decision) -> bytes:
    """The one-page brief of the decision for the steering dialogue (with the ministries' answers so far)."""
    decision = (
        Decision.objects.select_related("proposal__organisation", "body", "acting_agency", "funding_source", "measure")
        .prefetch_related("ministries", "proposal__life_events")
        .get(pk=decision.pk)
    )
    context = {"decision": decision, "proposal": decision.proposal, "responses": current_responses(decision)}
    return render_pdf("governance/pdf/decision_brief.html", context)


def brief_generate(brief: DecisionBrief) -> DecisionBrief:
    """Build the brief. Idempotent: a ready brief, or one another worker holds, is returned as is; one left RUNNING
    by a worker that died is built again, at most REPORT_MAX_ATTEMPTS times. DONE only with a complete file."""
    brief = DecisionBrief.objects.select_related("decision").get(pk=brief.pk)
    if brief.status == BriefStatus.DONE or not _try_lock(brief.pk):
        return brief
    try:
        brief.refresh_from_db()
        if brief.status == BriefStatus.DONE:
            return brief
        if brief.status == BriefStatus.RUNNING and brief.attempts >= settings.REPORT_MAX_ATTEMPTS:
            _give_up(brief)
            return brief
        return _build(brief)
    finally:
        _unlock(brief.pk)


def _set(brief: DecisionBrief, **fields) -> None:
    for key, value in fields.items():
        setattr(brief, key, value)
    DecisionBrief.objects.filter(pk=brief.pk).update(**fields)


def _build(brief: DecisionBrief) -> DecisionBrief:
    _set(brief, status=BriefStatus.RUNNING, started_at=timezone.now(), attempts=brief.attempts + 1, error="")
    try:
        with translation.override(brief.language or settings.LANGUAGE_CODE):
            content = render(brief.decision)
        digest = hashlib.sha256(content).hexdigest()
        name = f"decision-briefs/{brief.decision_id}/{digest}.pdf"
        if not default_storage.exists(name):
            name = default_storage.save(name, ContentFile(content))
    except (OperationalError, InterfaceError):
        raise  # transient: the task retries with backoff
    except Exception as exc:
        log.exception("Decision brief %s failed", brief.pk)
        _set(brief, status=BriefStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now())
        return brief
    with transaction.atomic():
        _set(
            brief,
            file=name,
            size=len(content),
            sha256=digest,
            status=BriefStatus.DONE,
            finished_at=timezone.now(),
        )
        audit.record(actor=None, action="governance.brief.generated", obj=brief, changes={"sha256": digest})
    return brief


def _try_lock(brief_id: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [_LOCK_SPACE, brief_id % 2**31])
        return bool(cursor.fetchone()[0])


def _unlock(brief_id: int) -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [_LOCK_SPACE, brief_id % 2**31])
    except Exception:  # the connection is gone, and the lock with it
        log.warning("Could not release the lock of decision brief %s", brief_id, exc_info=True)


def _orphaned(brief: DecisionBrief) -> bool:
    """RUNNING, but no worker holds it."""
    if brief.status != BriefStatus.RUNNING or not _try_lock(brief.pk):
        return False
    _unlock(brief.pk)
    return True


def _give_up(brief: DecisionBrief) -> None:
    with translation.override(brief.language or settings.LANGUAGE_CODE):
        error = _("The report service stopped %(n)s times while making this document. Order it again later.") % {
            "n": brief.attempts
        }
    _set(brief, status=BriefStatus.FAILED, error=error, finished_at=timezone.now())


def briefs_sweep() -> dict[str, list[int]]:
    """Beat: a brief whose worker died is queued again (or failed after REPORT_MAX_ATTEMPTS), and one queued longer
    than REPORT_QUEUED_STALE (its message lost) is queued again. A second message does no harm (see above)."""
    requeued, failed = [], []
    for brief in DecisionBrief.objects.filter(status=BriefStatus.RUNNING):
        if not _orphaned(brief):
            continue
        if brief.attempts >= settings.REPORT_MAX_ATTEMPTS:
            _give_up(brief)
            failed.append(brief.pk)
        else:
            _set(brief, status=BriefStatus.QUEUED)
            requeued.append(brief.pk)
    stale = timezone.now() - timedelta(seconds=settings.REPORT_QUEUED_STALE)
    lost = DecisionBrief.objects.filter(status=BriefStatus.QUEUED, requested_at__lt=stale).exclude(
        started_at__gte=stale
    )
    requeued += [pk for pk in lost.values_list("pk", flat=True) if pk not in requeued]
    for pk in requeued:
        _queue(pk)
    if requeued or failed:
        log.warning("Decision briefs sweep: queued again %s, failed %s", requeued, failed)
    return {"requeued": requeued, "failed": failed}
