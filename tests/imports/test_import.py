"""The import: templates, upload, dry run and import (through the services and the policy), re-import, bad files."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from core.models import AuditEvent, Organisation
from imports.models import ImportJob
from portfolio.models import Benefit, Measure, Proposal
from tests.factories.core import OrganisationFactory
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import MeasureFactory, ProposalFactory

from .helpers import PROPOSAL_HEADERS, csv_file, xlsx, zip_bomb

pytestmark = pytest.mark.django_db


@pytest.fixture
def life_event(db):
    return LifeEventFactory(slug="fa-barn", name_nb="Få barn", name_en="Having a child")


def _upload(client, kind, upload, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:import_upload"), {"kind": kind, "file": upload})
    return response


def _import(client, job, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:import_run", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    return job


def _p(rows):
    """Proposal rows with the text a submitted proposal needs."""
    return [[*row, "Ett varsel fra alle.", "Mindre tid på skjema.", "Foreldrene."] for row in rows]


def _rows(nav):
    return [
        ["ekst-1", "Ett varsel", "Foreldre får brev fra mange.", nav.orgnr or nav.name, "fa-barn", 100000, "ja"],
        ["ekst-2", "Felles innsyn", "Foreldre ser ikke saken.", "NAV", "Få barn; Having a child", None, "nei"],
        ["ekst-3", "Ukjent", "Behov.", "Finnes ikke AS", "fa-barn", "mange", "nei"],
        ["ekst-4", "Formel", '=HYPERLINK("http://x")', nav.name, "Ukjent livshendelse", None, "nei"],
    ]


def test_dry_run_shows_each_row_then_the_import_saves_the_good_ones_and_again_changes_nothing(
    client, portfolio_office, nav, life_event, django_capture_on_commit_callbacks
):
    client.force_login(portfolio_office)
    content = xlsx(PROPOSAL_HEADERS, _p(_rows(nav))).read()
    response = _upload(
        client, "proposals", SimpleUploadedFile("forslag.xlsx", content), django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == "checked" and job.summary == {"created": 2, "error": 2}
    assert not Proposal.objects.exists()  # the dry run saved nothing

    page = client.get(job.get_absolute_url()).content.decode()
    assert "Kolonne D (organisation): Ukjent organisasjon «Finnes ikke AS»" in page or "Finnes ikke AS" in page
    errors = {r["row"]: r["errors"] for r in job.rows if r["outcome"] == "error"}
    assert {e["column"] for e in errors[4]} == {"D (organisation)", "F (estimated_cost)"}
    assert {e["column"] for e in errors[5]} == {"C (need)", "E (life_events)"}
    assert "Importer 2 rader" in page

    job = _import(client, job, django_capture_on_commit_callbacks)
    assert job.status == "done" and job.summary == {"created": 2, "error": 2}
    first, second = Proposal.objects.get(external_id="ekst-1"), Proposal.objects.get(external_id="ekst-2")
    assert first.status == "submitted" and first.organisation == nav and first.estimated_cost == 100000
    assert second.status == "draft" and list(second.life_events.all()) == [life_event]
    event = AuditEvent.objects.for_object(first).get(action="portfolio.proposal.imported")
    assert event.changes["file"] == "forslag.xlsx" and event.changes["row"] == 2 and event.actor == portfolio_office
    assert AuditEvent.objects.for_object(first).filter(action="portfolio.proposal.created").exists()  # the service's

    # The same file again: the dry run finds every good row unchanged, the import changes nothing
    _upload(client, "proposals", SimpleUploadedFile("forslag.xlsx", content), django_capture_on_commit_callbacks)
    again = ImportJob.objects.order_by("-pk").first()
    assert again.summary == {"unchanged": 2, "error": 2}
    assert "Den samme filen ble importert" in client.get(again.get_absolute_url()).content.decode()
    audit_rows = AuditEvent.objects.count()
    again = _import(client, again, django_capture_on_commit_callbacks)
    assert again.summary == {"unchanged": 2, "error": 2}
    assert Proposal.objects.count() == 2
    new = AuditEvent.objects.filter(
        pk__gt=AuditEvent.objects.order_by("pk").values_list("pk", flat=True)[audit_rows - 1]
    )
    assert sorted(new.values_list("action", flat=True)) == ["imports.import.done", "imports.import.started"]


def test_a_changed_row_updates_through_the_intake_service(
    client, portfolio_office, nav, life_event, django_capture_on_commit_callbacks
):
    client.force_login(portfolio_office)
    rows = [["ekst-1", "Ett varsel", "Behov.", "NAV", "fa-barn", 5, "nei"]]
    _upload(client, "proposals", xlsx(PROPOSAL_HEADERS, _p(rows)), django_capture_on_commit_callbacks)
    _import(client, ImportJob.objects.get(), django_capture_on_commit_callbacks)
    rows[0][1] = "Ett varsel fra alle"
    _upload(client, "proposals", xlsx(PROPOSAL_HEADERS, _p(rows)), django_capture_on_commit_callbacks)
    job = ImportJob.objects.order_by("-pk").first()
    assert job.rows[0]["outcome"] == "changed" and job.rows[0]["fields"] == ["tittel"]
    _import(client, job, django_capture_on_commit_callbacks)
    proposal = Proposal.objects.get(external_id="ekst-1")
    assert proposal.title == "Ett varsel fra alle" and proposal.version == 2
    assert AuditEvent.objects.for_object(proposal).filter(action="portfolio.proposal.changed").exists()


def test_agency_staff_import_only_their_own_organisations_proposals(
    client, agency_staff, nav, other_agency, life_event, django_capture_on_commit_callbacks
):
    client.force_login(agency_staff)
    rows = [
        ["a-1", "Vårt forslag", "Behov.", "", "fa-barn", None, "nei"],
        ["a-2", "Andres forslag", "Behov.", "Skatteetaten", "fa-barn", None, "nei"],
    ]
    _upload(client, "proposals", xlsx(PROPOSAL_HEADERS, _p(rows)), django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    _import(client, job, django_capture_on_commit_callbacks)
    assert list(Proposal.objects.values_list("external_id", "organisation")) == [("a-1", nav.pk)]
    error = next(r for r in job.rows if r["row"] == 3)["errors"][0]
    assert error["column"] == "D (organisation)" and "egen virksomhet" in error["message"]


def test_agency_staff_cannot_import_measures_or_see_others_imports(
    client, agency_staff, other_agency_staff, portfolio_office, nav, life_event
):
    client.force_login(agency_staff)
    assert client.get(reverse("imports:import_template", args=["measures"])).status_code == 403
    upload = xlsx(["external_id", "title", "owner", "life_events"], [["m-1", "Tiltak", "NAV", "fa-barn"]])
    assert client.post(reverse("imports:import_upload"), {"kind": "measures", "file": upload}).status_code == 422
    assert not ImportJob.objects.exists()
    job = ImportJob.objects.create(
        kind="proposals", file="imports/x.csv", filename="x.csv", sha256="0", created_by=other_agency_staff
    )
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.post(reverse("imports:import_run", args=[job.pk])).status_code == 404


def test_the_template_lists_the_columns_and_the_allowed_values(client, portfolio_office, nav, life_event):
    client.force_login(portfolio_office)
    response = client.get(reverse("imports:import_template", args=["measures"]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    data, values, guide = book.worksheets
    assert [c.value for c in data[1]][:3] == ["external_id", "title", "description"]
    allowed = {
        values.cell(row=1, column=i).value: [c.value for c in col[1:] if c.value]
        for i, col in enumerate(values.iter_cols(), 1)
    }
    assert allowed["kind"] == ["experiment", "project", "demonstrator", "national"]
    assert "terminated" not in allowed["status"]
    assert "Få barn" in allowed["life_events"] and nav.name in allowed["owner"]
    assert any("kind" in str(v.sqref) or "D2" in str(v.sqref) for v in data.data_validations.dataValidation)
    assert guide["A1"].value == "Kolonne"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: xlsx(["id", "tittel"], [["1", "x"]]), "Ukjente kolonner: id, tittel."),
        (lambda: zip_bomb(), "zip-bombe"),
        (lambda: csv_file("external_id;title;need;life_events\n", "f.csv"), "ingen rader"),
        (lambda: csv_file("a,b", "f.pdf"), "Last opp en Excel-arbeidsbok"),
        (lambda: csv_file("", "f.xlsx"), "tom"),
        (lambda: csv_file("not a zip", "f.xlsx"), "ikke en Excel-arbeidsbok"),
    ],
)
def test_a_bad_file_is_refused_with_a_message_and_nothing_is_kept(client, portfolio_office, upload, message):
    client.force_login(portfolio_office)
    response = client.post(reverse("imports:import_upload"), {"kind": "proposals", "file": upload()})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_too_many_rows_are_refused(client, portfolio_office, settings):
    settings.IMPORT_MAX_ROWS = 100
    client.force_login(portfolio_office)
    text = "external_id;title;need;life_events\n" + "".join(f"e{i};T;B;fa-barn\n" for i in range(101))
    response = client.post(reverse("imports:import_upload"), {"kind": "proposals", "file": csv_file(text)})
    assert response.status_code == 422
    assert "mer enn 100 rader" in response.content.decode()


def test_csv_cells_that_start_like_formulas_are_refused(
    client, portfolio_office, nav, life_event, django_capture_on_commit_callbacks
):
    client.force_login(portfolio_office)
    text = (
        "external_id;title;need;organisation;life_events\nc-1;+Tittel;@SUM(A1);NAV;fa-barn\nc-2;God;Behov;NAV;fa-barn\n"
    )
    _upload(client, "proposals", csv_file(text), django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert job.summary == {"error": 1, "created": 1}
    assert {e["column"] for e in job.rows[0]["errors"]} == {"B (title)", "C (need)"}


def test_the_import_is_one_transaction(
    client, portfolio_office, nav, life_event, django_capture_on_commit_callbacks, monkeypatch
):
    """A failure the rows do not expect (the worker's database gone) saves nothing of the file."""
    from imports import kinds

    client.force_login(portfolio_office)
    rows = [[f"t-{i}", f"Forslag {i}", "Behov.", "NAV", "fa-barn", None, "nei"] for i in range(3)]
    _upload(client, "proposals", xlsx(PROPOSAL_HEADERS, _p(rows)), django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    original, calls = kinds.ProposalKind.save, []

    def failing(self, row, existing):
        calls.append(row.number)
        if len(calls) == 3:
            raise RuntimeError("the worker lost its database")
        return original(self, row, existing)

    monkeypatch.setattr(kinds.ProposalKind, "save", failing)
    _import(client, job, django_capture_on_commit_callbacks)  # the eager task stores its error; a worker retries
    assert job.status == "failed" and not Proposal.objects.exists()
    assert "ingenting ble lagret" in client.get(job.get_absolute_url()).content.decode()


def test_measures_and_benefits_are_imported_and_moves_need_the_ladder(
    client, portfolio_office, nav, life_event, django_capture_on_commit_callbacks
):
    client.force_login(portfolio_office)
    headers = [
        "external_id",
        "title",
        "kind",
        "status",
        "stage",
        "owner",
        "life_events",
        "budget",
        "start_date",
        "end_date",
    ]
    rows = [
        [
            "m-1",
            "Felles varsel",
            "experiment",
            "ongoing",
            "",
            "NAV",
            "fa-barn",
            "1 200 000",
            "2026-01-01",
            "31.12.2027",
        ],
        ["m-2", "Sluttet", "project", "terminated", "", "NAV", "fa-barn", "", "", ""],
        ["m-3", "Baklengs", "project", "planned", "", "NAV", "fa-barn", "", "2027-01-01", "2026-01-01"],
    ]
    _upload(client, "measures", xlsx(headers, rows), django_capture_on_commit_callbacks)
    job = _import(client, ImportJob.objects.get(), django_capture_on_commit_callbacks)
    assert job.summary == {"created": 1, "error": 2}
    measure = Measure.objects.get(external_id="m-1")
    assert measure.budget == 1_200_000 and measure.kind == "experiment" and measure.status == "ongoing"
    assert AuditEvent.objects.for_object(measure).filter(action="portfolio.measure.imported").exists()

    rows = [
        ["m-1", "Felles varsel", "national", "completed", "", "NAV", "fa-barn", "1200000", "2026-01-01", "2027-12-31"]
    ]
    _upload(client, "measures", xlsx(headers, rows), django_capture_on_commit_callbacks)
    job = ImportJob.objects.order_by("-pk").first()
    assert job.rows[0]["outcome"] == "error"  # experiment → national skips the ladder
    rows[0][2] = "demonstrator"
    _upload(client, "measures", xlsx(headers, rows), django_capture_on_commit_callbacks)
    job = _import(client, ImportJob.objects.order_by("-pk").first(), django_capture_on_commit_callbacks)
    measure.refresh_from_db()
    assert (measure.kind, measure.status) == ("demonstrator", "completed")
    assert measure.moves.count() == 2 and "rad 2" in measure.moves.first().evidence

    benefit_headers = [
        "external_id",
        "measure",
        "description",
        "indicator",
        "owner",
        "baseline",
        "expected_value",
        "is_disbenefit",
    ]
    benefit_rows = [
        ["b-1", "m-1", "Mindre skjema", "Timer spart", "NAV", "1,5", "10", "nei"],
        ["b-2", "finnes-ikke", "X", "Y", "NAV", "", "", "kanskje"],
    ]
    _upload(client, "benefits", xlsx(benefit_headers, benefit_rows), django_capture_on_commit_callbacks)
    job = _import(client, ImportJob.objects.order_by("-pk").first(), django_capture_on_commit_callbacks)
    assert job.summary == {"created": 1, "error": 1}
    benefit = Benefit.objects.get(external_id="b-1")
    assert benefit.measure == measure and str(benefit.baseline) == "1.50"


def test_organisations_are_matched_by_number_or_name_and_get_their_external_id(
    client, portfolio_office, asd, django_capture_on_commit_callbacks
):
    client.force_login(portfolio_office)
    OrganisationFactory(name="Brønnøysundregistrene", kind="agency", orgnr="974760673")
    headers = ["external_id", "name", "kind", "orgnr", "parent"]
    rows = [
        ["o-1", "Brønnøysundregistrene", "agency", "974 760 673", "ASD"],
        ["o-2", "Ny etat", "agency", "", "Arbeids- og sosialdepartementet"],
        ["o-3", "Feil nummer", "agency", "123456789", ""],
        ["o-4", "Feil art", "planet", "", ""],
    ]
    _upload(client, "organisations", xlsx(headers, rows), django_capture_on_commit_callbacks)
    job = _import(client, ImportJob.objects.get(), django_capture_on_commit_callbacks)
    assert job.summary == {"changed": 1, "created": 1, "error": 2}
    registered = Organisation.objects.get(orgnr="974760673")
    assert registered.external_id == "o-1" and registered.parent == asd
    assert Organisation.objects.get(external_id="o-2").parent == asd
    errors = {r["row"]: r["errors"][0]["column"] for r in job.rows if r["outcome"] == "error"}
    assert errors == {4: "D (orgnr)", 5: "C (kind)"}


def test_a_proposal_the_agency_may_no_longer_change_is_an_error_row(
    client, agency_staff, nav, life_event, django_capture_on_commit_callbacks
):
    ProposalFactory(organisation=nav, external_id="s-1", status="harmonising", life_events=[life_event])
    client.force_login(agency_staff)
    rows = [["s-1", "Ny tittel", "Behov.", "", "fa-barn", None, "nei"]]
    _upload(client, "proposals", xlsx(PROPOSAL_HEADERS, _p(rows)), django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert job.rows[0]["outcome"] == "error"
    assert MeasureFactory  # the factories module is shared with the other tests


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(client, portfolio_office, settings):
    settings.IMPORT_MAX_BYTES = 1024
    client.force_login(portfolio_office)
    text = "external_id;title;need;life_events\n" + "e;T;" + "B" * 2000 + ";fa-barn\n"
    response = client.post(reverse("imports:import_upload"), {"kind": "proposals", "file": csv_file(text)})
    assert response.status_code == 422
    assert "Filen er større enn" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_page_polls_its_progress_and_ends_on_the_whole_page(client, portfolio_office, nav, life_event):
    """While the worker checks or imports, htmx fetches the status region every second; once it is done, the poll is
    answered with HX-Location, so the result arrives as a whole page (focus on its heading, portal.js)."""
    from imports.services import set_progress

    job = ImportJob.objects.create(
        kind="proposals", file="imports/x.csv", filename="x.csv", sha256="0" * 64, created_by=portfolio_office
    )
    set_progress(job.pk, 40)
    client.force_login(portfolio_office)
    poll = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "import-status"}
    response = client.get(job.get_absolute_url(), **poll)
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert 'hx-trigger="every 1s"' in body and 'value="40"' in body
    whole = client.get(job.get_absolute_url()).content.decode()
    assert "<html" in whole and "Prøvekjøring pågår" in whole

    ImportJob.objects.filter(pk=job.pk).update(status="checked", summary={"created": 1}, rows=[])
    done = client.get(job.get_absolute_url(), **poll)
    assert done.status_code == 200 and job.get_absolute_url() in done["HX-Location"]


def test_a_file_of_100_000_rows_is_refused_at_the_limit(client, portfolio_office):
    client.force_login(portfolio_office)
    text = "external_id;title;need;life_events\n" + "".join(f"e{i};T;B;fa-barn\n" for i in range(100_000))
    response = client.post(reverse("imports:import_upload"), {"kind": "proposals", "file": csv_file(text)})
    assert response.status_code == 422
    assert "Filen har mer enn 10 000 rader. Del den i filer på høyst 10 000 rader." in response.content.decode()
    assert not ImportJob.objects.exists()
