"""A life event's page builds its queries' unchanging parts once (issue 17): the life event with its rows and flags
(`lifeevents.queries.page_queryset`), its measures' columns, order and counts and its missions joined to their
targets (`portfolio.queries.lifeevents.event_measure_rows`, `mission_rows`), and its agreement's versions with their
parties counted (`governance.lifeevent_agreements.summary_versions`). A page filters a copy of each on the user's
policy (`visible_to`) and the life event: the next page, another user's, reads from the same query, unchanged, and
only what that user may see."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from governance.agreement_models import AgreementParty, AgreementVersion, CollaborationAgreement
from governance.lifeevent_agreements import agreement_summary, summary_versions
from lifeevents import queries
from portfolio.queries.lifeevents import event_measure_rows, life_event_parts, mission_rows
from tests.factories.lifeevents import LifeEventFactory, ParticipationFactory
from tests.factories.portfolio import MeasureFactory, MissionFactory, MissionTargetFactory

pytestmark = pytest.mark.django_db


def test_the_page_queries_are_built_once_and_left_as_they_were(
    nav, other_agency, agency_staff, other_agency_staff, portfolio_office, ministry_official
):
    event = LifeEventFactory(owner_ministry=ministry_official.organisation)
    ParticipationFactory(life_event=event, organisation=ministry_official.organisation, role="owner_ministry")
    ParticipationFactory(life_event=event, organisation=nav, role="executing_agency")
    ours = MeasureFactory(life_events=[event], owner=nav, title="Vårt tiltak", status="ongoing")
    theirs = MeasureFactory(life_events=[event], owner=other_agency, title="Deres tiltak", status="ongoing")
    MeasureFactory(life_events=[event], owner=nav, title="Avsluttet", status="terminated")
    agreement = CollaborationAgreement.objects.create(life_event=event, title="Samarbeidsavtale")
    draft = AgreementVersion.objects.create(agreement=agreement, number=2, status="draft")
    sent = AgreementVersion.objects.create(agreement=agreement, number=1, status="sent")
    AgreementParty.objects.create(version=sent, organisation=nav, roles="Deltar.")
    mission = MissionFactory(title="Færre skjema", life_events=[event])
    MissionTargetFactory(mission=mission, indicator="Antall skjema")
    MissionFactory(title="Et annet oppdrag")  # another life event's
    built_once = (queries.page_queryset, event_measure_rows, summary_versions, mission_rows)
    built = [str(build().query) for build in built_once]

    seen = {}
    for user in (portfolio_office, agency_staff, other_agency_staff, ministry_official):
        read = queries.page_event(user, event.slug)
        assert [line["organisation_id"] for line in queries.actor_lines(read)] == [
            ministry_official.organisation_id,
            nav.pk,
        ]
        parts = life_event_parts(read, user)
        seen[user.username] = (
            {m["title"] for m in parts["measures"]},
            parts["measure_total"],
            parts["terminated_total"],
            agreement_summary(read, user)["newest"].pk,
        )
        assert [(m.title, [t.indicator for t in m.target_list]) for m in parts["missions"]] == [
            ("Færre skjema", ["Antall skjema"])
        ]
    assert seen["office"] == ({ours.title, theirs.title}, 2, 1, draft.pk)
    assert seen["agency"] == ({ours.title}, 1, 1, sent.pk)
    assert seen["other"] == ({theirs.title}, 1, 0, sent.pk)
    assert seen["ministry"] == ({ours.title, theirs.title}, 2, 1, sent.pk)
    assert agreement_summary(read, ministry_official)["newest"].party_count == 1

    assert all(build() is build() for build in built_once)
    assert [str(build().query) for build in built_once] == built
    with pytest.raises(Http404):
        queries.page_event(AnonymousUser(), event.slug)  # the policy: no life event for an anonymous visitor
