"""A ministry's brief of all its life events, and the office's workbook with the evaluations' scores.

Scores never reach a ministry (the reveal rule of step 3): the workbook with them is ordered by the office only, is
office-only as a document, and a ministry official gets 404 for it however the URL is reached.
"""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from reports.models import GeneratedReport
from reports.services import report_request
from tests.factories import lifeevents as le
from tests.factories import portfolio as p
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def _outline(pdf: bytes) -> list[str]:
    """The PDF's bookmarks (its h1/h2 headings): the cover, the summary, one per life event section."""

    def walk(items):
        for item in items:
            yield from walk(item) if isinstance(item, list) else [item.title]

    return list(walk(PdfReader(io.BytesIO(pdf)).outline))


@pytest.fixture
def ny_i_norge(portfolio_data, asd):
    """A third life event that ASD takes part in (another ministry owns it): in ASD's brief."""
    event = le.LifeEventFactory(
        slug="ny-i-norge", name_nb="Ny i Norge", name_en="Ny i Norge", owner_ministry=portfolio_data["jd"], sort_order=3
    )
    le.ParticipationFactory(life_event=event, organisation=asd, role="collaborator", involvement="consulted")
    p.MeasureFactory(title="Samlet veiviser", owner=portfolio_data["m2"].owner, budget=400_000, life_events=[event])
    return event


@pytest.fixture
def jd_official(portfolio_data):
    return UserFactory(username="jd", role="ministry_official", organisation=portfolio_data["jd"])


def test_a_ministry_official_orders_the_brief_of_all_its_life_events_from_the_dashboard(
    client, portfolio_data, ministry_official, asd, ny_i_norge, django_capture_on_commit_callbacks
):
    client.force_login(ministry_official)
    dashboard = client.get(reverse("reports:ministry_dashboard")).content.decode()
    assert 'id="ministry-brief"' in dashboard and f'name="ministry" value="{asd.pk}"' in dashboard
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:report_order", args=[portfolio_data["round"].pk]), {"kind": "pdf", "ministry": asd.pk}
        )
    brief = GeneratedReport.objects.get(ministry=asd)
    assert response.status_code == 302 and brief.status == "done", brief.error
    assert brief.is_restricted and brief.life_event is None and not brief.office_only
    outline = _outline(brief.file.read())
    # one section per life event ASD owns or takes part in, and none of the life event it has no part in
    assert "Miste og finne jobb" in outline and "Ny i Norge" in outline
    assert "Dødsfall og arv" not in outline
    assert brief.filename.startswith("runde-32026-asd-")
    dashboard = client.get(reverse("reports:ministry_dashboard")).content.decode()
    assert reverse("reports:document_download", args=[brief.pk]) in dashboard
    assert client.get(reverse("reports:document_download", args=[brief.pk])).status_code == 200


def test_another_ministry_neither_orders_nor_opens_a_ministrys_brief(
    client, portfolio_data, asd, ministry_official, jd_official, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        brief = report_request(
            round=portfolio_data["round"], kind="pdf", params={"ministry": asd.pk}, by=ministry_official
        )
    with pytest.raises(PermissionDenied):
        report_request(round=portfolio_data["round"], kind="pdf", params={"ministry": asd.pk}, by=jd_official)
    client.force_login(jd_official)
    assert client.get(reverse("reports:document_detail", args=[brief.pk])).status_code == 404
    assert client.get(reverse("reports:document_download", args=[brief.pk])).status_code == 404
    response = client.post(
        reverse("reports:report_order", args=[portfolio_data["round"].pk]), {"kind": "pdf", "ministry": asd.pk}
    )
    assert response.status_code == 422  # not a choice for this ministry
    assert GeneratedReport.objects.count() == 1


def test_a_life_event_and_a_ministry_together_are_refused(client, portfolio_data, asd, portfolio_office):
    client.force_login(portfolio_office)
    response = client.post(
        reverse("reports:report_order", args=[portfolio_data["round"].pk]),
        {"kind": "pdf", "ministry": asd.pk, "life_event": portfolio_data["job"].pk},
    )
    assert response.status_code == 422
    assert not GeneratedReport.objects.exists()


# ---- the evaluations' scores: the office's workbook only ----------------------------------------------------------


@pytest.fixture
def evaluations(portfolio_data, portfolio_office):
    """One proposal whose two reviewers have both submitted (revealed), one still being assessed (hidden)."""
    potential = p.CriterionFactory(name="Gevinst for brukerne", axis="potential", weight=2)
    complexity = p.CriterionFactory(name="Avhengigheter", axis="complexity", weight=1)
    done = p.ProposalFactory(title="Felles søknad om stønad", life_events=[portfolio_data["job"]], status="assessing")
    for values in ((4, 2), (2, 3)):
        review = p.ReviewAssignmentFactory(proposal=done, submitted_at=timezone.now())
        p.ScoreFactory(assignment=review, criterion=potential, value=values[0])
        p.ScoreFactory(assignment=review, criterion=complexity, value=values[1])
    pending = p.ProposalFactory(title="Halvferdig vurdert", life_events=[portfolio_data["job"]], status="assessing")
    p.ScoreFactory(
        assignment=p.ReviewAssignmentFactory(proposal=pending, submitted_at=timezone.now()), criterion=potential
    )
    p.ReviewAssignmentFactory(proposal=pending)  # not submitted: the scores of this proposal are not revealed yet
    return done


def _sheets(document) -> dict:
    workbook = load_workbook(io.BytesIO(document.file.read()))
    return {s["A1"].value: [list(r) for r in s.iter_rows(min_row=3, values_only=True)] for s in workbook.worksheets[1:]}


def test_the_office_gets_the_evaluations_sheet(
    portfolio_data, portfolio_office, evaluations, django_capture_on_commit_callbacks
):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        document = report_request(
            round=portfolio_data["round"],
            kind="xlsx",
            params={"evaluations": True, "language": "en"},
            by=portfolio_office,
        )
    document.refresh_from_db()
    assert document.status == "done" and document.office_only, document.error
    sheets = _sheets(document)
    header, *rows = sheets["Evaluations of the proposals (office only)"]
    assert [r[header.index("Proposal")] for r in rows] == ["Felles søknad om stønad"]  # not the one still assessed
    row = rows[0]
    assert row[header.index("Reviewers who submitted")] == 2
    assert row[header.index("Innovation potential (weighted, 1–5)")] == 3  # (4 + 2) / 2
    assert row[header.index("Complexity (weighted, 1–5)")] == 2.5  # (2 + 3) / 2
    header, *rows = sheets["Scores per criterion (office only)"]
    assert {(r[header.index("Criterion")], r[header.index("Lowest")], r[header.index("Highest")]) for r in rows} == {
        ("Gevinst for brukerne", 2, 4),
        ("Avhengigheter", 2, 3),
    }
    # the office's workbook is the ordinary one plus the evaluations
    assert any(title.startswith("Miste og finne jobb – ") for title in sheets)


def test_a_ministry_never_gets_the_scores_not_even_by_url(
    client, portfolio_data, portfolio_office, ministry_official, evaluations, django_capture_on_commit_callbacks
):
    round_ = portfolio_data["round"]
    with django_capture_on_commit_callbacks(execute=True):
        office_only = report_request(round=round_, kind="xlsx", params={"evaluations": True}, by=portfolio_office)
    with pytest.raises(PermissionDenied):
        report_request(round=round_, kind="xlsx", params={"evaluations": True}, by=ministry_official)
    client.force_login(ministry_official)
    page = client.get(reverse("reports:report_detail", args=[round_.pk])).content.decode()
    assert 'name="evaluations"' not in page  # not offered
    for name in ("reports:document_detail", "reports:document_download"):
        assert client.get(reverse(name, args=[office_only.pk])).status_code == 404, name
    for name in ("reports:document_list", "reports:ministry_dashboard"):
        page = client.get(reverse(name)).content.decode()
        assert reverse("reports:document_detail", args=[office_only.pk]) not in page, name
    # Asking for the evaluations by hand gives the ministry's own workbook, without a score
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:report_order", args=[round_.pk]), {"kind": "xlsx", "evaluations": "on"})
    own = GeneratedReport.objects.exclude(pk=office_only.pk).get()
    assert not own.office_only and "evaluations" not in own.parameters
    assert client.get(reverse("reports:document_download", args=[own.pk])).status_code == 200
    sheets = _sheets(own)
    assert not [title for title in sheets if "(kun porteføljekontoret)" in title or "(office only)" in title]
    assert "Gevinst for brukerne" not in str(sheets)


def test_the_office_sees_the_evaluations_choice(client, portfolio_data, portfolio_office):
    client.force_login(portfolio_office)
    page = client.get(reverse("reports:report_detail", args=[portfolio_data["round"].pk])).content.decode()
    assert 'name="evaluations"' in page and 'name="ministry"' in page


def test_the_evaluations_are_only_in_the_workbook(portfolio_data, portfolio_office):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        report_request(round=portfolio_data["round"], kind="pdf", params={"evaluations": True}, by=portfolio_office)
