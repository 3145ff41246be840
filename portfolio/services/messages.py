"""Questions, answers and internal notes on a proposal (step 2 onwards): the office asks the submitter, the
proposing organisation answers, and the office keeps notes the submitter never sees. Each message is audited and
its e-mail leaves when the transaction commits.
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

from core import access, audit, recipients
from core.notifications import NotificationKind, notify

from ..choices import MessageKind
from ..models import Message, Proposal

MESSAGE_ACTIONS = {MessageKind.QUESTION: "ask", MessageKind.ANSWER: "answer", MessageKind.INTERNAL: "note"}


@transaction.atomic
def message_post(*, proposal: Proposal, kind: str, body: str, by, parent: Message | None = None) -> Message:
    """The office asks the submitter (e-mail to who registered it) and keeps internal notes (never shown to
    others); the proposing organisation's staff answer (e-mail to the facilitator, or the office)."""
    if kind not in MESSAGE_ACTIONS:
        raise ValidationError({"kind": _("Choose what kind of message this is.")})
    access.require(by, MESSAGE_ACTIONS[kind], proposal)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write the message.")})
    if parent is not None:
        if parent.proposal_id != proposal.pk:
            raise ValidationError({"parent": _("You can only reply to a message on this proposal.")})
        if (parent.kind == MessageKind.INTERNAL) != (kind == MessageKind.INTERNAL):
            raise ValidationError({"parent": _("Internal notes and the thread with the submitter are kept apart.")})
    message = Message.objects.create(proposal=proposal, parent=parent, kind=kind, body=body, author=by)
    action = {"question": "asked", "answer": "answered", "internal": "noted"}[kind]
    changes = {"message": [None, message.pk], **_waiting_for_answer(proposal, kind)}
    audit.record(actor=by, action=f"portfolio.proposal.{action}", obj=proposal, changes=changes)
    if kind != MessageKind.INTERNAL:
        transaction.on_commit(partial(send_message_mail, message.pk))
    return message


def _waiting_for_answer(proposal: Proposal, kind: str) -> dict:
    """A question puts the proposal in the state "waiting for the submitter's answer" (from the first unanswered
    question); an answer ends it. Both sides see the state; the office's board filters by it."""
    if kind == MessageKind.INTERNAL:
        return {}
    current = Proposal.objects.select_for_update().only("awaiting_answer_since").get(pk=proposal.pk)
    old = current.awaiting_answer_since
    new = (old or timezone.now()) if kind == MessageKind.QUESTION else None
    if old == new:
        return {}
    current.awaiting_answer_since = proposal.awaiting_answer_since = new
    current.save(update_fields=["awaiting_answer_since"])
    return {"awaiting_answer_since": [old, new]}


def _recipients(message: Message) -> list:
    if message.kind == MessageKind.QUESTION:
        return recipients.submitter_of(message.proposal, exclude=message.author)
    return recipients.facilitator_or_office(message.proposal, exclude=message.author)


def send_message_mail(message_pk: int) -> None:
    """A question goes to who registered the proposal; an answer to the facilitator (or the whole office)."""
    message = Message.objects.select_related("proposal__created_by", "proposal__facilitator", "author").get(
        pk=message_pk
    )
    to = _recipients(message)
    if not to:
        return
    path = reverse("portfolio:proposal_detail", kwargs={"pk": message.proposal_id})
    url = settings.SITE_URL + path
    with translation.override(settings.LANGUAGE_CODE):
        params = {"title": message.proposal.title, "author": message.author, "url": url}
        if message.kind == MessageKind.QUESTION:
            subject = gettext("A question about your proposal “%(title)s”") % params
            intro = gettext("The portfolio office (%(author)s) asks about “%(title)s”:") % params
        else:
            subject = gettext("An answer about the proposal “%(title)s”") % params
            intro = gettext("%(author)s answered about “%(title)s”:") % params
        body = f"{intro}\n\n{message.body}\n\n" + gettext("Answer or read the thread here: %(url)s") % params
    notify(users=to, kind=NotificationKind.QUESTION, subject=subject, body=body, url=path)
