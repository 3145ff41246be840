"""The ministry's dashboard lists the measures that need attention most severe first (red and over budget, then red,
then over budget), the first `MAX_MEASURES` of them, and says how many more there are."""

import pytest
from django.urls import reverse

from reports import queries_attention
from reports.models import StatusReport
from tests.factories import portfolio as p
from tests.factories import reports as r

pytestmark = pytest.mark.django_db


def test_the_worst_first_and_how_many_more(client, ministry_official, portfolio_data, monkeypatch):
    job, m1, round_ = portfolio_data["job"], portfolio_data["m1"], portfolio_data["round"]
    StatusReport.objects.filter(round=round_, measure=m1).update(traffic="yellow", spent=6_000_000, budget=5_000_000)
    red = p.MeasureFactory(title="Aaa rød", life_events=[job], owner=m1.owner)
    r.StatusReportFactory(round=round_, measure=red, traffic="red", spent=1, budget=10)
    both = p.MeasureFactory(title="Zzz rød og over", life_events=[job], owner=m1.owner)
    r.StatusReportFactory(round=round_, measure=both, traffic="red", spent=20, budget=10)
    attention = queries_attention.attention_for(ministry_official)
    assert [m["title"] for m in attention.measures] == ["Zzz rød og over", "Aaa rød", m1.title]
    assert attention.more_measures == 0

    monkeypatch.setattr(queries_attention, "MAX_MEASURES", 2)
    client.force_login(ministry_official)
    page = client.get(reverse("reports:ministry_dashboard")).content.decode()
    section = page.split('id="attention-heading"')[1].split("</section>")[0]
    assert reverse("portfolio:measure_detail", args=[both.pk]) in section
    assert reverse("portfolio:measure_detail", args=[m1.pk]) not in section
    assert "Og 1 tiltak til er rapportert rødt eller over budsjett." in section
