"""E-mail leaves the request: every message of the portal is queued for a Celery worker (`core.tasks.email_send_task`)
when the transaction commits, and the worker sends it, retrying with back-off while the mail server fails, with late
acknowledgement (a worker that dies mid-send hands the message back). A failing or slow mail server never fails or
slows a request.

`send_mail`, `send_mass_mail` and `send_messages` have the shapes of Django's (`django.core.mail`) so that a service
composes its message as before and only imports them from here. Subjects are single lines: a line break in a title
(header injection, Django's BadHeaderError) becomes a space.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial

from django.core.mail import EmailMessage
from django.db import transaction

logger = logging.getLogger(__name__)
SUBJECT_MAX = 250


def clean_header(text) -> str:
    """One line, no control characters, at most SUBJECT_MAX characters: safe as a mail header."""
    return " ".join("".join(c if c.isprintable() else " " for c in str(text)).split())[:SUBJECT_MAX]


def deliver(*, subject: str, body: str, from_email: str | None, to: list[str]) -> None:
    """Send one message now (the worker's part). SMTP and network errors propagate: the task retries them."""
    EmailMessage(clean_header(subject), body, from_email, to).send()


def _publish(message: dict) -> None:
    from .tasks import email_send_task

    try:
        email_send_task.apply_async(kwargs=message)
    except Exception:  # noqa: BLE001 - the broker is down: the request must not fail; send it from here instead
        logger.warning("E-mail could not be queued; sending it directly", exc_info=True)
        try:
            deliver(**message)
        except Exception:  # noqa: BLE001 - neither the broker nor the mail server: logged with the message
            logger.error("E-mail lost (no broker, no mail server): %r to %s", message["subject"], message["to"])


def _queue(subject, body, from_email, to: Iterable[str]) -> int:
    recipients = [address for address in to if address]
    if not recipients:
        return 0
    message = {"subject": clean_header(subject), "body": str(body), "from_email": from_email, "to": recipients}
    transaction.on_commit(partial(_publish, message))
    return 1


def send_mail(subject, message, from_email, recipient_list, **_ignored) -> int:
    """Queue one message (all of `recipient_list` on it) for the worker, after the commit."""
    return _queue(subject, message, from_email, recipient_list)


def send_mass_mail(datatuple) -> int:
    """Queue each (subject, message, from_email, recipient_list) as its own message."""
    return sum(_queue(subject, body, sender, to) for subject, body, sender, to in datatuple)


def send_messages(messages: Iterable[EmailMessage]) -> int:
    """Queue each composed EmailMessage (subject, body, sender and To are kept)."""
    return sum(_queue(m.subject, m.body, m.from_email, m.to) for m in messages)
