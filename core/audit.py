"""The only writer of AuditEvent rows. Call it inside the service's transaction."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent

# What each action id means to the people reading an audit trail (an unknown id is shown as it is).
ACTION_LABELS = {
    "core.savedview.saved": _("View saved"),
    "core.savedview.deleted": _("Saved view deleted"),
    "core.notifications.settings_changed": _("Notification settings changed"),
    "core.user.created": _("User created"),
    "core.user.organisation_changed": _("Organisation changed"),
    "core.organisation.synced": _("Updated from Enhetsregisteret"),
    "core.organisation.created": _("Organisation created"),
    "core.organisation.changed": _("Organisation changed"),
    "core.organisation.registered": _("Created from Enhetsregisteret"),
    "core.organisation.deactivated": _("Deleted in Enhetsregisteret: marked inactive"),
    "core.organisation.imported": _("Imported from a file"),
    "portfolio.proposal.imported": _("Imported from a file"),
    "portfolio.measure.imported": _("Imported from a file"),
    "portfolio.measure.changed": _("Measure changed"),
    "portfolio.benefit.imported": _("Imported from a file"),
    "api.token.issued": _("API token issued"),
    "api.token.revoked": _("API token revoked"),
    "api.webhook.subscribed": _("Webhook subscription created"),
    "api.webhook.paused": _("Webhook paused after repeated failures"),
    "api.webhook.resumed": _("Webhook resumed"),
    "api.webhook.resent": _("Webhook delivery sent again"),
    "api.webhook.paused_by_hand": _("Webhook paused"),
    "api.webhook.deleted": _("Webhook subscription deleted"),
    "core.user.role_changed": _("Role changed"),
    "core.user.second_factor_enrolled": _("Sign-in with an app set up"),
    "core.user.backup_codes_renewed": _("New backup codes made"),
    "core.user.second_factor_reset": _("Second factor reset by an administrator"),
    "governance.funding.created": _("Funding added"),
    "governance.funding.changed": _("Funding changed"),
    "governance.funding.deleted": _("Funding removed"),
    "governance.governancebody.created": _("Governance body created"),
    "governance.governancebody.changed": _("Governance body changed"),
    "governance.userpanel.created": _("User panel created"),
    "governance.userpanel.changed": _("User panel changed"),
    "governance.panelmember.added": _("Panel member recorded with consent"),
    "governance.panelmember.consent_withdrawn": _("Consent withdrawn: contact details deleted"),
    "governance.consultation.recorded": _("Consultation of a user panel recorded"),
    "governance.userjourney.created": _("User journey created"),
    "governance.userjourney.changed": _("User journey changed"),
    "governance.userjourney.step_added": _("Step added to the user journey"),
    "governance.userjourney.pain_point_added": _("Pain point added"),
    "governance.userjourney.pain_point_changed": _("Pain point changed"),
    "portfolio.benefit.created": _("Benefit added"),
    "portfolio.benefitplanversion.created": _("New version of the benefit plan"),
    "portfolio.benefitplanversion.owner_changed": _("Benefit plan changed by its owner within the limits"),
    "portfolio.planchangelimits.set": _("Limits of the owners' own plan changes set"),
    "portfolio.benefitreviewinterval.set": _("Benefit review interval set"),
    "portfolio.benefitreview.opened": _("Benefit review opened"),
    "portfolio.benefitreview.redated": _("Benefit review given a new due date"),
    "portfolio.benefitreview.answered": _("Benefit review answered"),
    "portfolio.proposal.created_from_benefit_review": _("Proposal started from a benefit review"),
    "governance.measurechange.decided": _("Change of the measure decided"),
    "governance.measurechange.confirmed": _("Change of the measure confirmed by its owner"),
    "governance.measurechange.disagreed": _("The owner disagrees with the change of the measure"),
    "portfolio.benefit.changed": _("Benefit changed"),
    "portfolio.benefit.deleted": _("Benefit removed"),
    "portfolio.benefitrealisation.created": _("Realised benefit recorded"),
    "portfolio.benefitrealisation.changed": _("Realised benefit changed"),
    "portfolio.benefitrealisation.deleted": _("Realised benefit removed"),
    "portfolio.dependency.created": _("Link between measures added"),
    "portfolio.dependency.changed": _("Link between measures changed"),
    "portfolio.dependency.deleted": _("Link between measures removed"),
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
    "governance.decision.answered": _("Steering answer recorded"),
    "portfolio.proposal.submitted_late": _("Submitted after the deadline of its call"),
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
    "portfolio.measure.revived": _("Measure revived"),
    "portfolio.proposal.shelf_reason_set": _("Reason code for the shelf set"),
    "portfolio.proposal.created": _("Proposal registered"),
    "portfolio.proposal.created_from_learning": _("Proposal started from a learning entry"),
    "portfolio.proposal.changed": _("Proposal changed"),
    "portfolio.proposal.submitted": _("Proposal submitted"),
    "portfolio.proposal.transitioned": _("Step changed"),
    "portfolio.proposal.status_changed": _("Step changed"),
    "portfolio.proposal.facilitator_assigned": _("Facilitator assigned"),
    "portfolio.proposal.facilitator_removed": _("Facilitator taken off: now has a stake"),
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
    "reports.round.changed": _("Reporting round changed"),
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


# Keys of `changes` that are not fields of the object's model, in the reader's words. None: a technical detail
# (a checksum, a version counter, a row id) that a reader of the trail does not need.
EXTRA_LABELS = {
    "version": None,
    "sha256": None,
    "size": None,
    "message": None,
    "learning_entry": None,
    "parameters": None,
    "attachment": _("Attachment"),
    "merged_from": _("Merged proposal"),
    "reviewer": _("Reviewer"),
    "due_date": _("Due date"),
    "hypothesis": _("Hypothesis"),
    "measure": _("Measure"),
    "proposal": _("Proposal"),
    "outcome": _("Outcome"),
    "recipients": _("Recipients"),
    "missing": _("Missing"),
    "file": _("File"),
    "row": _("Row"),
    "outcome_of_row": None,
}


def _field(model, name: str):
    """The model's own field of that name (not a reverse relation such as `merged_from`), or None."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _is_change_pair(field, value) -> bool:
    """`[old, new]`, as `diff` writes it, and not a plain list value (a many-to-many field's names)."""
    if not (isinstance(value, list) and len(value) == 2):
        return False
    if field is not None and field.many_to_many:
        return all(v is None or isinstance(v, list) for v in value)
    return True


def value_text(field, value) -> str:
    """One stored value as the reader knows it: a choice's label, yes/no, a date in the locale's format, a list
    joined; "—" for nothing."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(value_text(field, v) for v in value)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, str) and isinstance(field, (models.DateTimeField, models.DateField)):
        moment = parse_datetime(value) if isinstance(field, models.DateTimeField) else parse_date(value)
        if moment is not None:
            kind = "SHORT_DATETIME_FORMAT" if isinstance(field, models.DateTimeField) else "SHORT_DATE_FORMAT"
            return formats.date_format(moment, kind)
    return str(value)


def field_label(model, name: str) -> str | None:
    """A changed key's label: the field's verbose name, or the known extra key's; None for a technical key."""
    if name in EXTRA_LABELS and EXTRA_LABELS[name] is None:
        return None
    field = _field(model, name)
    if field is not None and hasattr(field, "verbose_name"):
        return capfirst(str(field.verbose_name))
    return capfirst(str(EXTRA_LABELS.get(name) or name.replace("_", " ")))


def readable_changes(model, changes: dict | None) -> list[tuple[str, str, str | None]]:
    """An audit row's changes as (label, before, after) in the active language; `before` is None when the row
    records a value, not a change. Technical keys are left out."""
    rows = []
    for name, value in (changes or {}).items():
        label = field_label(model, name)
        if label is None:
            continue
        field = _field(model, name)
        if _is_change_pair(field, value):
            rows.append((label, value_text(field, value[0]), value_text(field, value[1])))
        else:
            rows.append((label, None, value_text(field, value)))
    return rows


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
