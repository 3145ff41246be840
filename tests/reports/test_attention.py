"""The ministry's dashboard (what needs attention, one brief per life event), the report page's life-event choice,
and reporting rounds that tell each organisation what it still owes."""

import datetime

import pytest
from django.urls import reverse

from portfolio.models.missions import TargetMeasurement
from reports.models import StatusReport
from tests.factories import portfolio as p
from tests.factories import reports as r
from tests.factories.core import OrganisationFactory

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_what_needs_the_ministrys_attention_links_to_each_page(client, ministry_official, portfolio_data):
    job, m1, round_ = portfolio_data["job"], portfolio_data["m1"], portfolio_data["round"]
    StatusReport.objects.filter(round=round_, measure=m1).update(traffic="red", spent=6_000_000, budget=5_000_000)
    late = r.ReportingRoundFactory(
        title="Runde 1/2026", opened_by=round_.opened_by, deadline=datetime.date.today() - datetime.timedelta(days=3)
    )
    p.MeasureFactory(title="Uten rapport", life_events=[job], owner=m1.owner)
    mission = job.missions.get()
    target = mission.targets.get()
    target.baseline_date = datetime.date(2020, 1, 1)
    target.save(update_fields=["baseline_date"])
    TargetMeasurement.objects.create(target=target, date=datetime.date(2025, 1, 1), value=41)  # 5 % of the way, late
    client.force_login(ministry_official)
    page = _page(client.get(reverse("reports:ministry_dashboard")))
    attention = page.split('id="attention-heading"')[1].split("</section>")[0]
    assert reverse("portfolio:measure_detail", args=[m1.pk]) in attention  # red and over budget
    assert "over budsjett: brukt 6 000 000 kr av 5 000 000 kr" in attention.replace("\xa0", " ")
    decision = m1.decisions.get()
    assert reverse("decisions:decision_detail", args=[decision.pk]) in attention  # awaiting the steering dialogue
    assert late.get_absolute_url() in attention and "Runde 1/2026" in attention  # overdue status reports
    assert "Andel i jobb etter 6 mnd" in attention and job.get_absolute_url() in attention  # target off track
    assert "Digitalt dødsbo" not in attention  # another ministry's life event


def test_nothing_needs_attention_says_so(client, ministry_official, portfolio_data):
    StatusReport.objects.all().delete()
    portfolio_data["m1"].decisions.all().delete()
    client.force_login(ministry_official)
    page = _page(client.get(reverse("reports:ministry_dashboard")))
    assert "Ingenting trenger oppmerksomheten din nå." in page


def test_each_of_the_ministrys_life_events_has_its_own_brief(client, ministry_official, portfolio_data):
    job, death, round_ = portfolio_data["job"], portfolio_data["death"], portfolio_data["round"]
    everything = r.GeneratedReportFactory(round=round_, status="done", filename="alt.pdf")  # all life events
    client.force_login(ministry_official)
    page = _page(client.get(reverse("reports:ministry_dashboard")))
    assert f'name="life_event" value="{job.pk}"' in page and f'name="life_event" value="{death.pk}"' not in page
    assert f"?life_event={job.pk}" in page
    # the all-life-events report is not offered as the brief of one life event
    assert reverse("reports:document_download", args=[everything.pk]) not in page.split('id="history-heading"')[0]
    response = client.post(reverse("reports:report_order", args=[round_.pk]), {"kind": "pdf", "life_event": job.pk})
    assert response.status_code == 302
    document = round_.documents.get(kind="pdf", life_event=job)
    assert document.parameters["life_event"] == job.pk


def test_the_show_choice_on_the_report_page_shows_one_life_event(client, portfolio_office, portfolio_data):
    job, round_ = portfolio_data["job"], portfolio_data["round"]
    client.force_login(portfolio_office)
    url = reverse("reports:report_detail", args=[round_.pk])
    everything = _page(client.get(url))
    assert "Dødsfall og arv</h2>" in everything and "Miste og finne jobb</h2>" in everything
    one = _page(client.get(url, {"life_event": job.pk}))  # the "Show" button sends only the life event
    assert "Miste og finne jobb</h2>" in one and "Dødsfall og arv</h2>" not in one
    assert f'name="life_event" value="{job.pk}"' in one  # documents ordered from here are of that life event


def test_an_agency_is_told_what_it_still_owes(client, agency_staff, portfolio_data):
    job, m1, round_ = portfolio_data["job"], portfolio_data["m1"], portfolio_data["round"]
    for title in ("Tiltak B", "Tiltak C", "Tiltak D"):
        p.MeasureFactory(title=title, life_events=[job], owner=m1.owner)
    StatusReport.objects.filter(round=round_, measure=m1).update(state="submitted")
    client.force_login(agency_staff)
    page = _page(client.get(round_.get_absolute_url()))
    assert "3 av 4 statusrapporter skyldes fortsatt." in page


def test_reminders_are_counted_per_organisation(
    client, portfolio_office, portfolio_data, other_agency_staff, django_capture_on_commit_callbacks, mailoutbox
):
    round_ = portfolio_data["round"]
    for name in ("Etat uten brukere A", "Etat uten brukere B"):
        owner = OrganisationFactory(name=name, kind="agency")
        p.MeasureFactory(title=f"Tiltak hos {name}", life_events=[portfolio_data["job"]], owner=owner)
    client.force_login(portfolio_office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:round_remind", args=[round_.pk]), follow=True)
    page = response.content.decode()
    # Skatteetaten and the two agencies without users owe reports; only Skatteetaten has someone to write to
    assert "Påminnelser sendt til 1 av de 3 organisasjonene som skylder statusrapporter (1 personer)." in page
    assert [m.to for m in mailoutbox] == [[other_agency_staff.email]]


def test_the_final_brief_of_a_closed_round_says_closed(
    portfolio_data, portfolio_office, django_capture_on_commit_callbacks
):
    """A brief ordered while the round was open is not handed out again as the final report: closing makes a new
    version from the frozen data, and its cover says the round is closed."""
    import io

    from django.utils import translation
    from pypdf import PdfReader

    from reports.services import report_request, round_close

    round_ = portfolio_data["round"]
    with translation.override("nb"), django_capture_on_commit_callbacks(execute=True):
        report_request(round=round_, kind="pdf", params={"language": "nb"}, by=portfolio_office)
    with translation.override("nb"), django_capture_on_commit_callbacks(execute=True):
        round_close(round=round_, by=portfolio_office)
    final = round_.documents.filter(kind="pdf").order_by("-version").first()
    assert final.version == 2 and final.status == "done"
    cover = PdfReader(io.BytesIO(final.file.read())).pages[0].extract_text()
    assert "lukket" in cover and "åpen" not in cover
