"""The trail in words: the change log and the maturity ladder's history read in the user's language, with field
labels and choice labels, never raw field names, stored values or checksums."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from core import audit
from portfolio.models import Measure, Proposal
from portfolio.services import intake, measures
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import PDF_BYTES, MeasureFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_readable_changes_use_labels_in_the_active_language():
    changes = {
        "status": ["draft", "submitted"],
        "life_events": ["Få barn", "Dødsfall og arv"],
        "sha256": "ab" * 32,
        "version": [1, 2],
        "estimated_cost": [None, "250000"],
    }
    with translation.override("nb"):
        rows = audit.readable_changes(Proposal, changes)
    assert rows == [
        ("Status", "Utkast", "1 Mottatt"),
        ("Livshendelser", None, "Få barn, Dødsfall og arv"),
        ("Anslått kostnad (kr)", "—", "250000"),
    ]
    with translation.override("en"):
        assert audit.readable_changes(Proposal, {"status": ["draft", "submitted"]}) == [
            ("Status", "Draft", "1 Received")
        ]


def test_the_proposal_page_shows_the_trail_in_words(client, agency_staff, asd):
    life_event = LifeEventFactory(owner_ministry=asd)
    data = {
        "title": "Felles søknad",
        "need": "Foreldre må søke tre steder.",
        "solution": "Én søknad.",
        "expected_benefits": "Spart tid.",
        "beneficiaries": "Foreldre.",
        "life_events": [life_event],
    }
    proposal = intake.proposal_create(data=data, by=agency_staff)
    intake.attachment_add(
        proposal=proposal, upload=SimpleUploadedFile("notat.pdf", PDF_BYTES, "application/pdf"), by=agency_staff
    )
    intake.proposal_submit(proposal=proposal, by=agency_staff)
    client.force_login(agency_staff)
    page = client.get(proposal.get_absolute_url(), headers={"Accept-Language": "nb"}).content.decode()
    trail = page[page.index('data-testid="audit-trail"') :]
    assert "Status: Utkast → 1 Mottatt" in trail
    assert f"Livshendelser: {life_event.name_nb}" in trail
    for raw in ("status:", "life_events", "sha256", "draft → submitted", "['"):
        assert raw not in trail


def test_the_ladder_history_shows_labels(client, portfolio_office):
    measure = MeasureFactory(kind="experiment")
    measures.measure_move(measure=measure, field="kind", to="demonstrator", evidence="Testet.", by=portfolio_office)
    client.force_login(portfolio_office)
    url = reverse("portfolio:measure_detail", args=[measure.pk]) + "?audit=1"
    page = client.get(url, headers={"Accept-Language": "nb"}).content.decode()
    assert "Type: Eksperiment → Demonstrator" in page
    assert "experiment → demonstrator" not in page and "kind:" not in page
    assert Measure.objects.get(pk=measure.pk).kind == "demonstrator"
