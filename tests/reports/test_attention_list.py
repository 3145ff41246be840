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


def test_only_each_measures_latest_submitted_report_counts(ministry_official, portfolio_data):
    """The attention list and the status chart read a measure's latest submitted report (newest submitted, then
    newest row): an older red report, or a newer draft, does not count."""
    import datetime

    from django.utils import timezone

    from reports import dashboard

    job, m1 = portfolio_data["job"], portfolio_data["m1"]
    day = timezone.now() - datetime.timedelta(days=30)
    earlier, later, next_ = (r.ReportingRoundFactory(title=t) for t in ("Runde 1", "Runde 2", "Runde 3"))
    was_red = p.MeasureFactory(title="Var rød", life_events=[job], owner=m1.owner, kind="project")
    r.StatusReportFactory(round=earlier, measure=was_red, traffic="red", submitted_at=day)
    r.StatusReportFactory(round=later, measure=was_red, traffic="green", submitted_at=day + datetime.timedelta(days=1))
    r.StatusReportFactory(round=next_, measure=was_red, traffic="red", state="draft", submitted_at=None)
    assert "Var rød" not in [m["title"] for m in queries_attention.attention_for(ministry_official).measures]
    groups = dashboard.status_groups(ministry_official, [job.pk])[job.pk]
    assert {(g["kind"], g["traffic"]): g["n"] for g in groups}[("project", "green")] == 1
    assert ("project", "red") not in {(g["kind"], g["traffic"]) for g in groups}


def test_decisions_awaiting_the_steering_dialogue_are_those_the_user_may_open(ministry_official, portfolio_data):
    """A decision on a proposal in the ministry's life event is listed only when the official may open it: not one on
    another organisation's draft (the one policy, `Decision.objects.visible_to`), and each decision once however many
    of the conditions it meets."""
    from governance.models import Decision
    from tests.factories import governance as g

    job, m1 = portfolio_data["job"], portfolio_data["m1"]
    draft = p.ProposalFactory(title="Utkast", status="draft", life_events=[job])
    hidden = g.DecisionFactory(subject="På et utkast", proposal=draft, status="awaiting")
    submitted = p.ProposalFactory(title="Innsendt", status="submitted", life_events=[job])
    shown = g.DecisionFactory(subject="På et innsendt forslag", proposal=submitted, status="awaiting")
    shown.ministries.add(ministry_official.organisation)  # named and on work in its life event: still once
    assert Decision.objects.visible_to(ministry_official).filter(pk=hidden.pk).count() == 0
    listed = [d["pk"] for d in queries_attention.attention_for(ministry_official).decisions]
    assert hidden.pk not in listed
    assert listed.count(shown.pk) == 1
    assert m1.decisions.get().pk in listed
