"""The ministry's start page draws each life event's figures as charts (issue 18): its measures by status, its
funding by source and year (an unknown amount never drawn as 0) and its mission targets (baseline, target, latest),
every number the one of `lifeevents.figures`; each chart an SVG with a text alternative, kept as an artefact by
the digest of the rows it draws."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from lifeevents import figures
from portfolio.models.missions import TargetMeasurement
from reports import dashboard
from tests.factories import governance as g
from tests.factories import portfolio as p

pytestmark = pytest.mark.django_db


def _card(page: str, life_event) -> str:
    return page.split(f'id="life-event-{life_event.pk}"')[1].split("</section>")[0]


def _chart(card: str, kind: str) -> str:
    return card.split(f'data-chart="{kind}"')[1].split("</figure>")[0]


def _desc(chart: str) -> str:
    return re.search(r"<desc [^>]*>(.*?)</desc>", chart, re.S).group(1).replace("\xa0", " ")


@pytest.fixture
def charted(portfolio_data):
    """The job life event with a terminated measure, a funding row without an amount and a measured target."""
    job, m1 = portfolio_data["job"], portfolio_data["m1"]
    p.MeasureFactory(title="Avviklet", life_events=[job], owner=m1.owner, kind="project", status="terminated")
    p.MeasureFactory(title="Uten rapport", life_events=[job], owner=m1.owner, kind="project")
    source = g.FundingSourceFactory(name="Medfinansieringsordningen", kind="cofinancing")
    g.FundingFactory(source=source, life_event=job, year=2026, amount=None)  # stated, amount unknown
    target = job.missions.get().targets.get()
    TargetMeasurement.objects.create(target=target, date=datetime.date(2025, 6, 1), value=45)
    cache.clear()
    return portfolio_data


def test_each_life_event_has_its_status_funding_and_target_charts(client, ministry_official, charted):
    job, death = charted["job"], charted["death"]
    client.force_login(ministry_official)
    page = client.get(reverse("reports:ministry_dashboard")).content.decode()
    assert f'id="life-event-{death.pk}"' not in page  # another ministry's life event
    card = _card(page, job)

    status = _chart(card, "status")
    assert 'role="img"' in status and "<title " in status
    # The figure: m1 (experiment) reported yellow, one project without a report; the terminated one left out
    counts = figures.measures_by_kind_and_traffic(
        [
            {"id": charted["m1"].pk, "kind": "experiment", "status": "ongoing", "traffic": "yellow"},
            {"id": 0, "kind": "project", "status": "planned", "traffic": ""},
            {"id": -1, "kind": "project", "status": "terminated", "traffic": ""},
        ]
    )
    assert sum(counts.values()) == 2
    assert "2 tiltak i porteføljen, 1 avviklet (ikke telt med)." in status
    assert "Prosjekt: Ikke rapportert 1" in _desc(status)

    funding = _desc(_chart(card, "funding"))
    # StimuLab 1 500 000 (2025, m1) and 500 000 (2026, the life event's own); the co-financing row states no amount
    assert "2025: StimuLab 1 500 000" in funding
    assert "2026: Medfinansieringsordningen ukjent, StimuLab 500 000" in funding
    text = _chart(card, "funding").replace("\xa0", " ")
    assert "Oppgitt finansiering: 2 000 000 kr." in text
    assert "1 finansieringsrader oppgir ikke beløp (ukjent, ikke 0)." in text

    targets = _desc(_chart(card, "targets"))
    # baseline 40, target 60, latest 45: a quarter of the way (figures.share_reached)
    assert figures.share_reached(40, 60, 45) == 0.25
    assert "Andel i jobb etter 6 mnd (Raskere tilbake i jobb): utgangsverdi 40" in targets
    assert "mål 60" in targets and "sist målt 45" in targets
    assert "25 %" in _chart(card, "targets")


def test_a_year_whose_every_amount_is_unknown_is_written_unknown_not_0(client, ministry_official, charted):
    job = charted["job"]
    source = g.FundingSourceFactory(name="Ukjent beløp", kind="other")
    g.FundingFactory(source=source, life_event=job, year=2027, amount=None)
    client.force_login(ministry_official)
    chart = _chart(_card(client.get(reverse("reports:ministry_dashboard")).content.decode(), job), "funding")
    assert "2027: Ukjent beløp ukjent" in _desc(chart)
    assert " 0 kr<" not in chart.replace("\xa0", " ")  # the bar's end says unknown, not 0


def test_charts_are_kept_by_the_digest_of_their_rows(client, ministry_official, charted, monkeypatch):
    job = charted["job"]
    client.force_login(ministry_official)
    client.get(reverse("reports:ministry_dashboard"))
    drawn = []
    original = dashboard._draw
    monkeypatch.setattr(dashboard, "_draw", lambda *a: drawn.append(a[0]) or original(*a))
    client.get(reverse("reports:ministry_dashboard"))
    assert drawn == []  # nothing changed: every chart from the cache
    g.FundingFactory(source=g.FundingSourceFactory(name="Ny kilde"), life_event=job, year=2026, amount=10)
    page = client.get(reverse("reports:ministry_dashboard")).content.decode()
    assert drawn == ["funding"]  # only the chart whose rows changed is drawn again
    assert "Ny kilde 10" in _desc(_chart(_card(page, job), "funding"))


@pytest.mark.parametrize(
    ("language", "heading", "text"),
    [
        ("nn", "Tiltak etter status", "Tala i diagrammet som tekst"),
        ("en", "Measures by status", "The chart's figures as text"),
    ],
)
def test_the_charts_speak_the_users_language(client, ministry_official, charted, language, heading, text):
    client.force_login(ministry_official)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    page = client.get(reverse("reports:ministry_dashboard")).content.decode()
    card = _card(page, charted["job"])
    assert heading in card and text in card
    assert "<title " in _chart(card, "status") and heading in _chart(card, "status")


def test_the_figure_of_grouped_rows_equals_the_figure_of_the_measures():
    """`figures.counted_by_kind_and_traffic` (rows the database grouped per life event) is
    `figures.measures_by_kind_and_traffic` (one row per measure): terminated measures left out, no report counted
    under no traffic light."""
    measures = [
        {"id": 1, "kind": "experiment", "status": "ongoing", "traffic": "red"},
        {"id": 2, "kind": "experiment", "status": "planned", "traffic": "red"},
        {"id": 3, "kind": "experiment", "status": "completed", "traffic": ""},
        {"id": 4, "kind": "project", "status": "terminated", "traffic": "green"},
        {"id": 5, "kind": "project", "status": "ongoing", "traffic": "green"},
    ]
    groups: dict[tuple, int] = {}
    for m in measures:
        key = (m["kind"], m["status"], m["traffic"] or None)  # the database gives NULL for no report
        groups[key] = groups.get(key, 0) + 1
    rows = [{"kind": k, "status": s, "traffic": t, "n": n} for (k, s, t), n in groups.items()]
    assert figures.counted_by_kind_and_traffic(rows) == figures.measures_by_kind_and_traffic(measures)
    assert figures.counted_by_kind_and_traffic(rows) == {("experiment", "red"): 2, ("experiment", ""): 1,
                                                         ("project", "green"): 1}  # fmt: skip
