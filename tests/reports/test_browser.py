"""The report in Chromium: the office reads the report page (SVG charts with text alternatives and the tables),
orders the PDF brief and downloads it; an agency fills in its status form."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_office_reads_the_report_orders_the_brief_and_downloads_it(
    page, browser_login, portfolio_data, portfolio_office
):
    round_ = portfolio_data["round"]
    page.set_default_timeout(30_000)  # the brief is generated while the order is answered (eager Celery)
    browser_login(portfolio_office)
    page.goto(f"/rapporter/runder/{round_.pk}/rapport/")
    chart = page.locator("figure.portal-chart svg[role=img]").first
    expect(chart).to_be_visible()
    assert chart.evaluate("svg => svg.querySelector('title').textContent")
    expect(page.locator("caption").first).to_be_visible()
    expect(page.get_by_role("heading", name="Dødsfall og arv")).to_be_visible()

    page.locator("#id_kind").select_option("pdf")
    page.locator("form[action$='/bestill/'] button[type=submit]").click()
    link = page.locator("#document-status a[download]")
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_agency_fills_in_its_status(page, browser_login, portfolio_data, agency_staff):
    from reports.models import StatusReport

    round_, m1 = portfolio_data["round"], portfolio_data["m1"]
    StatusReport.objects.filter(round=round_).delete()
    browser_login(agency_staff)
    page.goto(f"/rapporter/runder/{round_.pk}/")
    page.locator(f"a[href$='/tiltak/{m1.pk}/']").click()
    page.locator("#id_traffic_1").check()
    page.locator("#id_progress").fill("35")
    page.locator("button[name=submit]").click()
    page.wait_for_url(f"**/rapporter/runder/{round_.pk}/")
    report = StatusReport.objects.get(round=round_, measure=m1)
    assert (report.state, report.traffic, report.progress) == ("submitted", "yellow", 35)


def test_ministry_official_downloads_the_brief_of_their_own_life_event_from_the_dashboard(
    page, browser_login, portfolio_data, ministry_official
):
    """ASD follows «Miste og finne jobb» only: its card orders and downloads that life event's brief, and the PDF
    holds that life event alone (the other life event is named only as the far end of a link across them)."""
    import io
    import re

    from django.urls import reverse
    from pypdf import PdfReader

    page.set_default_timeout(30_000)  # the brief is generated while the order is answered (eager Celery)
    browser_login(ministry_official)
    page.goto(reverse("reports:ministry_dashboard"))
    expect(page.get_by_role("heading", name="Dette trenger oppmerksomheten din")).to_be_visible()
    expect(page.get_by_role("heading", name="Miste og finne jobb")).to_be_visible()
    expect(page.get_by_role("heading", name="Dødsfall og arv")).to_have_count(0)
    order = re.compile(r"^Bestill notatet for denne livshendelsen\s*: Miste og finne jobb$")
    page.get_by_role("button", name=order).click()
    link = page.locator("#document-status a[download]")
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    with open(download.value.path(), "rb") as pdf:
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read())).pages).split())
    assert "Miste og finne jobb" in text and "Jobbsøkerassistent" in text
    assert "Alle livshendelser" not in text
    assert text.count("Dødsfall og arv") <= 1  # only as the other end of the dependency
    page.goto(reverse("reports:ministry_dashboard"))
    download_link = page.get_by_role("link", name=re.compile(r"^Last ned notatet for denne livshendelsen\s*: Miste og"))
    expect(download_link).to_be_visible()


def test_ministry_official_downloads_the_brief_of_all_their_life_events_from_the_dashboard(
    page, browser_login, portfolio_data, ministry_official, asd
):
    """ASD owns «Miste og finne jobb» and takes part in «Ny i Norge»: one brief holds both, as a section each, and
    not «Dødsfall og arv», which ASD has no part in."""
    import io

    from django.urls import reverse
    from pypdf import PdfReader

    from tests.factories import lifeevents as le

    event = le.LifeEventFactory(
        slug="ny-i-norge", name_nb="Ny i Norge", owner_ministry=portfolio_data["jd"], sort_order=3
    )
    le.ParticipationFactory(life_event=event, organisation=asd, role="collaborator", involvement="consulted")
    page.set_default_timeout(30_000)  # the brief is generated while the order is answered (eager Celery)
    browser_login(ministry_official)
    page.goto(reverse("reports:ministry_dashboard"))
    expect(page.get_by_role("heading", name="Alle departementets livshendelser i ett notat")).to_be_visible()
    page.get_by_role("button", name="Bestill notatet for alle livshendelsene deres").click()
    link = page.locator("#document-status a[download]")
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    with open(download.value.path(), "rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))

    def titles(items):
        for item in items:
            yield from titles(item) if isinstance(item, list) else [item.title]

    sections = list(titles(reader.outline))
    assert "Miste og finne jobb" in sections and "Ny i Norge" in sections and "Dødsfall og arv" not in sections
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Arbeids- og sosialdepartementet: alle livshendelsene" in text  # the cover names whose brief it is
    page.goto(reverse("reports:ministry_dashboard"))
    expect(page.get_by_role("link", name="Last ned notatet for alle livshendelsene deres")).to_be_visible()


@pytest.mark.parametrize("width", [1440, 390, 320])
def test_ministry_official_reads_the_charts_of_a_life_event_by_keyboard(
    page, browser_login, portfolio_data, ministry_official, width
):
    """Issue 18: the start page's charts (status, funding, targets) of «Miste og finne jobb» fit the screen, their
    smallest text stays legible when a phone scales them down, axe finds nothing, and the figures as text open by
    keyboard."""
    from django.urls import reverse

    from tests.browser.test_a11y import AXE, axe_violations, describe

    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_init_script(path=str(AXE))
    browser_login(ministry_official)
    page.goto(reverse("reports:ministry_dashboard"))
    card = page.locator("section.ds-card", has=page.get_by_role("heading", name="Miste og finne jobb"))
    charts = card.locator("figure.portal-chart-card svg[role=img]")
    expect(charts).to_have_count(3)
    for kind in ("status", "funding", "targets"):
        expect(card.locator(f"figure[data-chart={kind}] svg")).to_be_visible()
    smallest = page.evaluate(
        """() => Math.min(...[...document.querySelectorAll('figure.portal-chart-card svg text')]
            .map(t => t.getBoundingClientRect().height).filter(h => h > 0))"""
    )
    assert smallest >= 8, f"chart text {smallest:.1f} px tall at {width} px"
    scroll, client = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll <= client, f"the start page scrolls sideways at {width} px"
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    summary = card.locator("figure[data-chart=funding] summary")
    summary.focus()
    page.keyboard.press("Enter")
    text = card.locator("figure[data-chart=funding] details p")
    expect(text).to_be_visible()
    expect(text).to_contain_text("StimuLab 1\xa0500\xa0000")
    expect(summary).to_be_focused()
