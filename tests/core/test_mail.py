"""E-mail leaves the request (issues 15 and 19): every message is queued for the worker after the commit; a mail
server that fails never fails the request, and the message is retried until the server takes it, once."""

import socket
import threading
import time

import pytest
from aiosmtpd.controller import Controller
from django.core import mail as outbox
from django.urls import reverse

from core import mail
from tests.factories.portfolio import ProposalFactory


class FlakySMTP:
    """An SMTP server's handler that answers 451 (try again later) to the first `refusals` messages, then accepts."""

    def __init__(self, refusals: int):
        self.refusals = refusals
        self.attempts = 0
        self.delivered: list[tuple[str, list[str], bytes]] = []
        self.arrived = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.attempts += 1
        if self.attempts <= self.refusals:
            return "451 4.3.0 Mail server busy, try again later"
        self.delivered.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        self.arrived.set()
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    handler = FlakySMTP(refusals=2)
    with socket.socket() as probe:  # a free loopback port (the controller checks its server by connecting to it)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_TIMEOUT = 5
    yield handler
    controller.stop()


def test_a_line_break_in_a_subject_becomes_a_space(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mail.send_mail("“Tittel”\r\nBcc: attacker@example.com", "Body", None, ["office@example.com"])
    assert [m.subject for m in outbox.outbox] == ["“Tittel” Bcc: attacker@example.com"]
    assert outbox.outbox[0].bcc == [] and outbox.outbox[0].to == ["office@example.com"]


def test_nothing_is_queued_before_the_commit_nor_after_a_rollback(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        mail.send_mail("Subject", "Body", None, ["office@example.com"])
    assert outbox.outbox == [] and len(callbacks) == 1  # waits for the commit


def test_no_recipients_queue_nothing(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert mail.send_mail("Subject", "Body", None, ["", None]) == 0
    assert callbacks == [] and outbox.outbox == []


def test_a_title_with_a_line_break_cannot_fail_a_question(client, portfolio_office, agency_staff, settings):
    """The question is saved and the page answers; the e-mail to the submitter carries a one-line subject."""
    proposal = ProposalFactory(
        organisation=agency_staff.organisation,
        created_by=agency_staff,
        status="harmonising",
        title="Bedre\r\nBcc: x@example.com",
    )
    client.force_login(portfolio_office)
    url = reverse("portfolio:message_post", args=[proposal.pk])
    response = client.post(url, {"kind": "question", "body": "Hvem er brukerne?"})
    assert response.status_code == 302
    assert proposal.messages.filter(kind="question").exists()


@pytest.mark.worker
def test_a_failing_mail_server_does_not_fail_the_request_and_the_message_arrives_once(
    client, smtp_server, celery_worker_real, portfolio_office, agency_staff
):
    """A real SMTP server on a loopback port answers 451 twice, then accepts; a real Celery worker sends. The request
    answers at once; the worker retries with back-off (2 s, 4 s) and the message is delivered once."""
    proposal = ProposalFactory(organisation=agency_staff.organisation, created_by=agency_staff, status="harmonising")
    client.force_login(portfolio_office)

    started = time.monotonic()
    response = client.post(
        reverse("portfolio:message_post", args=[proposal.pk]), {"kind": "question", "body": "Hvem er brukerne?"}
    )
    assert response.status_code == 302  # the question is saved and the page answers: no SMTP in the request
    assert time.monotonic() - started < 2  # far below the first retry: nothing waited for the server
    assert proposal.messages.filter(kind="question").count() == 1

    assert smtp_server.arrived.wait(timeout=45), f"not delivered after {smtp_server.attempts} attempts"
    time.sleep(1)  # a duplicate would arrive now
    assert smtp_server.attempts == 3  # refused, refused, accepted
    assert len(smtp_server.delivered) == 1
    _sender, recipients, content = smtp_server.delivered[0]
    assert recipients == [agency_staff.email]
    assert b"Hvem er brukerne?" in content
