"""The one place where a proposal changes status: the allowed moves between the steps, who made each and why.

Every status change (submit, triage, qualify, merge, withdraw, decide, revive, …) calls `proposal_transition`
inside its own service's transaction. It refuses a move that is not in `ALLOWED` (the
moves of `portfolio.workflow`), writes the `Transition` row
(the timeline and the board's ageing read it) and the audit row, and e-mails the person who registered the
proposal when the transaction commits.
"""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import audit, recipients
from core.notifications import NotificationKind, notify

from ..choices import ProposalStatus as S
from ..models import Proposal, Transition
from ..workflow import ALLOWED, REASON_REQUIRED  # the moves, and those that need a reason the submitter reads


def locked(proposal: Proposal) -> Proposal:
    """The proposal's row, locked until the calling transaction ends (read it fresh before checking a rule)."""
    return Proposal.objects.select_for_update().select_related("organisation").get(pk=proposal.pk)


def allowed_moves(proposal: Proposal) -> list[str]:
    return sorted(ALLOWED.get(proposal.status, ()))


def proposal_transition(*, proposal: Proposal, to: str, by, reason: str = "", notify: bool = True) -> Transition:
    """Move `proposal` (locked by the caller, or locked here) to status `to`. Call it inside a transaction.

    `notify=False` when the caller sends its own, fuller message (a decision tells its outcome and rationale).

    Access is the caller's business (each service checks its own action); this function enforces the workflow.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("proposal_transition must run inside the calling service's transaction")
    reason = (reason or "").strip()
    if to not in ALLOWED.get(proposal.status, ()):
        raise ValidationError(
            _("A proposal cannot go from “%(frm)s” to “%(to)s”."),
            code="invalid_transition",
            params={"frm": S(proposal.status).label, "to": S(to).label},
        )
    if to in REASON_REQUIRED and not reason:
        raise ValidationError({"reason": _("Give a reason: the submitter will see it.")}, code="reason_required")
    old = proposal.status
    now = timezone.now()
    proposal.status, proposal.status_changed_at = to, now
    fields = ["status", "status_changed_at", "updated_at"]
    if to == S.SUBMITTED and proposal.submitted_at is None:
        proposal.submitted_at = now
        fields.append("submitted_at")
    proposal.save(update_fields=fields)
    step = Transition.objects.create(proposal=proposal, from_status=old, to_status=to, by=by, reason=reason)
    audit.record(
        actor=by, action="portfolio.proposal.transitioned", obj=proposal, changes={"status": [old, to]}, note=reason
    )
    if notify and old != S.DRAFT:  # from a draft, the submitter made that move themself
        transaction.on_commit(partial(send_step_mail, step.pk))
    return step


def send_step_mail(transition_pk: int) -> None:
    """Tell the person who registered the proposal that it changed step (in the site's language): a notification,
    and the e-mail their setting asks for."""
    step = Transition.objects.select_related("proposal__created_by", "by").get(pk=transition_pk)
    proposal = step.proposal
    to = recipients.submitter_of(proposal, exclude=step.by)  # not who made the move themself
    if not to:
        return
    path = reverse("portfolio:proposal_detail", kwargs={"pk": proposal.pk})
    url = settings.SITE_URL + path
    with translation.override(settings.LANGUAGE_CODE):
        params = {"title": proposal.title, "status": S(step.to_status).label, "url": url}
        subject = gettext("“%(title)s” is now: %(status)s") % params
        body = gettext("Your proposal “%(title)s” has moved to: %(status)s.") % params
        if step.reason:
            body += "\n\n" + step.reason
        body += "\n\n" + gettext("See the proposal: %(url)s") % params
    notify(users=to, kind=NotificationKind.STEP, subject=subject, body=body, url=path)
