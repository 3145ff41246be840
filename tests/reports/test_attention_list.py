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


def test_measures_of_the_same_title_come_in_one_order_and_the_cut_falls_in_the_same_place(
    ministry_official, portfolio_data, monkeypatch
):
    """Two measures may share a title (the generator's synthetic portfolio has hundreds that do): by id within a
    title, so the list, and which of them the first MAX_MEASURES hold, do not change from one request to the next."""
    job, m1, round_ = portfolio_data["job"], portfolio_data["m1"], portfolio_data["round"]
    StatusReport.objects.filter(round=round_, measure=m1).update(traffic="green", spent=None, budget=None)
    twins = [p.MeasureFactory(title="Samme tittel", life_events=[job], owner=m1.owner) for _ in range(12)]
    for i in (7, 2, 11, 0, 5, 9, 3, 10, 1, 6, 8, 4):  # reports written out of the measures' order
        r.StatusReportFactory(round=round_, measure=twins[i], traffic="red", spent=1, budget=10)
    monkeypatch.setattr(queries_attention, "MAX_MEASURES", 3)
    for _ in range(3):
        attention = queries_attention.attention_for(ministry_official)
        assert [m["url"] for m in attention.measures] == [
            reverse("portfolio:measure_detail", args=[twin.pk]) for twin in sorted(twins, key=lambda t: t.pk)[:3]
        ]
        assert attention.more_measures == 9


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


def test_in_the_ministrys_own_scope_the_decisions_are_those_of_the_general_condition(ministry_official, portfolio_data):
    """The list of decisions awaiting the steering dialogue, with the ministry's life events held (as on the page) or
    not: the decisions the policy shows that name the ministry, are on an active measure of its life events it may
    see, or on a proposal of them, for a decision on every kind of measure and proposal, named or not."""
    from django.db.models import Q

    from governance.models import Decision
    from lifeevents.models import followed_life_events
    from portfolio.models import Measure, Proposal
    from tests.factories import governance as g
    from tests.factories import lifeevents as le

    job, elsewhere = portfolio_data["job"], le.LifeEventFactory()
    ministry = ministry_official.organisation
    measures = {
        "active": p.MeasureFactory(title="Aktivt", life_events=[job]),
        "terminated": p.MeasureFactory(title="Avsluttet", life_events=[job], status="terminated"),
        "elsewhere": p.MeasureFactory(title="Annet sted", life_events=[elsewhere]),
        "none": None,
    }
    proposals = {
        "submitted": p.ProposalFactory(title="Innsendt", status="submitted", life_events=[job]),
        "draft": p.ProposalFactory(title="Utkast", status="draft", life_events=[job]),
        "elsewhere": p.ProposalFactory(title="Annet sted", status="submitted", life_events=[elsewhere]),
        "none": None,
    }
    for m, measure in measures.items():
        for q, proposal in proposals.items():
            for named in (False, True):
                decision = g.DecisionFactory(
                    subject=f"{m} {q} {named}", measure=measure, proposal=proposal, status="awaiting"
                )
                if named:
                    decision.ministries.add(ministry)
    unheld = {d["subject"] for d in queries_attention.attention_for(ministry_official).decisions}
    ids = [e.pk for e in followed_life_events(ministry_official)]  # the scope held, as on the page
    listed = {d["subject"] for d in queries_attention.attention_for(ministry_official, event_ids=ids).decisions}
    active = Measure.objects.visible_to(ministry_official).active().filter(life_events__in=ids).values("pk")
    named = Decision.ministries.through.objects.filter(organisation_id=ministry.pk).values("decision_id")
    in_events = Proposal.objects.filter(life_events__in=ids).values("pk")
    general = set(
        Decision.objects.visible_to(ministry_official)
        .filter(status="awaiting")
        .filter(Q(pk__in=named) | Q(measure__in=active) | Q(proposal__in=in_events))
        .values_list("subject", flat=True)
    )
    assert listed == unheld == general
    assert {"terminated none True", "terminated draft False", "active none False"} <= listed
    assert not {"terminated none False", "terminated elsewhere False", "none draft False"} & listed
