"""`Decision.objects.visible_to` for a ministry reads the join tables of its life events (flat subqueries of keys)
instead of nesting the proposals' and measures' own policies: the same decisions for every combination of what a
decision is on (a proposal in each status, a measure in each status, in a life event the ministry owns, takes part in,
both or neither, or nothing), named or not, with the ministry's life events held by the request or not, and for the
other scopes."""

import pytest
from django.db.models import Q

from core import access
from governance.models import Decision
from lifeevents.models import followed_life_events
from portfolio.choices import MeasureStatus, ProposalStatus
from portfolio.models import Measure, Proposal
from tests.factories import governance as g
from tests.factories import lifeevents as le
from tests.factories import portfolio as p
from tests.factories.core import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _old_form(user):
    """The ministry's decisions as the policy read them before: the proposals' and measures' policies nested."""

    def on_visible_work(u):
        return Q(proposal__in=Proposal.objects.visible_to(u).values("pk")) | Q(
            measure__in=Measure.objects.visible_to(u).values("pk")
        )

    def named_or_on_visible_work(u):
        named = Decision.ministries.through.objects.filter(organisation_id=u.organisation_id).values("decision_id")
        return on_visible_work(u) | Q(pk__in=named)

    return access.restrict(Decision.objects.all(), user, agency=on_visible_work, ministry=named_or_on_visible_work)


def test_the_ministrys_decisions_are_the_same_rows_as_the_nested_form(
    asd, nav, ministry_official, agency_staff, portfolio_office
):
    other_ministry = OrganisationFactory(name="Annet departement", kind="ministry")
    own = le.LifeEventFactory(owner_ministry=asd)
    taking_part = le.LifeEventFactory(owner_ministry=other_ministry)
    le.ParticipationFactory(life_event=taking_part, organisation=asd, role="collaborator", involvement="consulted")
    elsewhere = le.LifeEventFactory(owner_ministry=other_ministry)
    places = {"own": [own], "taking_part": [taking_part], "elsewhere": [elsewhere], "both": [own, elsewhere]}
    proposals = [None] + [
        p.ProposalFactory(status=status, life_events=events, organisation=nav)
        for status in ProposalStatus.values
        for events in places.values()
    ]
    measures = [None] + [
        p.MeasureFactory(status=status, life_events=events, owner=nav)
        for status in MeasureStatus.values
        for events in places.values()
    ]
    n = 0
    for proposal in proposals:
        for measure in measures[:: 3 if proposal else 1]:  # every measure once without a proposal, some with one
            for named in (None, asd, other_ministry):
                n += 1
                decision = g.DecisionFactory(subject=f"d{n}", proposal=proposal, measure=measure)
                if named:
                    decision.ministries.add(named)
    other_official = UserFactory(username="annet", organisation=other_ministry, role="ministry_official")

    def rows(qs):
        return set(qs.values_list("pk", flat=True))

    for user in (ministry_official, other_official, agency_staff, portfolio_office):
        assert rows(Decision.objects.visible_to(user)) == rows(_old_form(user))  # the scope as a subquery
    seen = rows(Decision.objects.visible_to(ministry_official))
    assert 0 < len(seen) < n
    for user in (ministry_official, other_official):
        followed_life_events(user)  # the scope held by the request, as on the pages
        assert user.ministry_life_event_ids
        assert rows(Decision.objects.visible_to(user)) == rows(_old_form(user))
    assert rows(Decision.objects.visible_to(ministry_official)) == seen
