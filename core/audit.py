"""The only writer of AuditEvent rows. Call it inside the service's transaction."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent

# What each action id means to the people reading an audit trail (an unknown id is shown as it is).
ACTION_LABELS = {
    "core.user.created": _("User created"),
    "core.user.organisation_changed": _("Organisation changed"),
    "core.organisation.synced": _("Updated from Enhetsregisteret"),
    "api.token.issued": _("API token issued"),
    "api.token.revoked": _("API token revoked"),
    "api.webhook.subscribed": _("Webhook subscription created"),
    "api.webhook.paused": _("Webhook paused after repeated failures"),
    "api.webhook.resumed": _("Webhook resumed"),
    "api.webhook.resent": _("Webhook delivery sent again"),
    "core.user.role_changed": _("Role changed"),
    "governance.funding.created": _("Funding added"),
    "governance.funding.changed": _("Funding changed"),
    "governance.funding.deleted": _("Funding removed"),
    "governance.governancebody.created": _("Governance body created"),
    "governance.governancebody.changed": _("Governance body changed"),
    "portfolio.benefit.created": _("Benefit added"),
    "portfolio.benefit.changed": _("Benefit changed"),
    "portfolio.benefit.deleted": _("Benefit removed"),
    "portfolio.benefitrealisation.created": _("Realised benefit recorded"),
    "portfolio.benefitrealisation.changed": _("Realised benefit changed"),
    "portfolio.benefitrealisation.deleted": _("Realised benefit removed"),
    "portfolio.mission.created": _("Mission created"),
    "portfolio.mission.changed": _("Mission changed"),
    "portfolio.missiontarget.created": _("Mission target added"),
    "portfolio.missiontarget.changed": _("Mission target changed"),
    "portfolio.missiontarget.deleted": _("Mission target removed"),
    "governance.decision.recorded": _("Decision recorded"),
    "governance.decision.superseded": _("Decision superseded"),
    "governance.scenario.created": _("Budget scenario created"),
    "governance.scenario.changed": _("Budget scenario changed"),
    "governance.scenario.solve_requested": _("Budget scenario queued for solving"),
    "governance.scenario.solved": _("Budget scenario solved"),
    "governance.scenario.shared": _("Budget scenario shared"),
    "governance.scenario.recommended": _("Budget scenario recommended to the steering dialogue"),
    "portfolio.attachment.added": _("Attachment added"),
    "portfolio.attachment.removed": _("Attachment removed"),
    "portfolio.call.created": _("Call for proposals opened"),
    "portfolio.call.changed": _("Call for proposals changed"),
    "portfolio.call.closed": _("Call for proposals closed"),
    "portfolio.criterion.created": _("Criterion created"),
    "portfolio.criterion.changed": _("Criterion changed"),
    "portfolio.learningentry.created": _("Learning entry added"),
    "portfolio.measure.created": _("Measure created"),
    "portfolio.measure.moved": _("Measure moved"),
    "portfolio.measure.review_scheduled": _("Review scheduled"),
    "portfolio.proposal.created": _("Proposal registered"),
    "portfolio.proposal.created_from_learning": _("Proposal started from a learning entry"),
    "portfolio.proposal.changed": _("Proposal changed"),
    "portfolio.proposal.submitted": _("Proposal submitted"),
    "portfolio.proposal.transitioned": _("Step changed"),
    "portfolio.proposal.status_changed": _("Step changed"),
    "portfolio.proposal.facilitator_assigned": _("Facilitator assigned"),
    "portfolio.proposal.qualified": _("Qualified"),
    "portfolio.proposal.merged_in": _("A proposal was merged into this one"),
    "portfolio.proposal.merged_out": _("A merged proposal was taken out again"),
    "portfolio.proposal.unmerged": _("Merge undone"),
    "portfolio.proposal.revived": _("Revived from the shelf"),
    "portfolio.proposal.asked": _("Question asked"),
    "portfolio.proposal.answered": _("Question answered"),
    "portfolio.proposal.noted": _("Internal note"),
    "portfolio.reviewer.assigned": _("Reviewer assigned"),
    "portfolio.reviewer.reminded": _("Reviewer reminded"),
    "portfolio.reviewer.withdrawn": _("Reviewer withdrawn"),
    "portfolio.score.saved": _("Score saved"),
    "portfolio.review.submitted": _("Assessment submitted"),
    "reports.round.opened": _("Reporting round opened"),
    "reports.round.reminded": _("Reminder sent"),
    "reports.round.closed": _("Reporting round closed"),
    "reports.round.office_notified": _("Portfolio office notified"),
    "reports.statusreport.saved": _("Status report saved"),
    "reports.statusreport.submitted": _("Status report submitted"),
    "reports.document.requested": _("Report requested"),
    "reports.document.generated": _("Report generated"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if hasattr(value, "label") and hasattr(value, "value"):  # a Choices member
        return value.value
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    return {
        k: [_plain(before.get(k)), _plain(after.get(k))] for k in after if _plain(before.get(k)) != _plain(after[k])
    }


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


def record(*, actor, action: str, obj: models.Model, changes: dict | None = None, note: str = "") -> AuditEvent:
    """Append one audit row: who (actor), what (action id "<app>.<noun>.<past-verb>"), on which object."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes={k: _plain(v) for k, v in (changes or {}).items()},
        note=note,
    )
