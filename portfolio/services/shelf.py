"""The shelf: a deferred, rejected or not-qualified proposal taken back into the workflow (decisions themselves are
governance's: `governance.decision_services`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core import access, audit

from ..models import Proposal
from ..workflow import REVIVE_TO, SHELVED
from .transitions import proposal_transition


@transaction.atomic
def proposal_revive(*, proposal: Proposal, reason: str, by) -> Proposal:
    """Take a deferred, rejected or not-qualified proposal back from the shelf, with its history kept."""
    access.require(by, "revive", proposal)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for reviving the proposal.")})
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status not in SHELVED:
        raise ValidationError(_("Only a proposal on the shelf can be revived."))
    to = REVIVE_TO[proposal.status]
    proposal_transition(proposal=proposal, to=to, by=by, reason=reason.strip())
    # Off the shelf: its reason code is history now (kept in the audit row), no longer the current reason.
    old_reason, proposal.shelf_reason = proposal.shelf_reason, ""
    proposal.save(update_fields=["shelf_reason", "updated_at"])
    changes = {"status": to, "shelf_reason": [old_reason, ""]}
    audit.record(actor=by, action="portfolio.proposal.revived", obj=proposal, changes=changes)
    return proposal
