"""The API's world: the matrix personas with API tokens, and a small portfolio around NAV's work in a life event
that ASD owns (format of the personas: tests/access_matrix.py)."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from rest_framework.test import APIClient

from tests.access_matrix import PERSONAS


@pytest.fixture
def personas(agency_staff, other_agency_staff, portfolio_office, ministry_official, admin_user):
    return {
        "anonymous": None,
        "agency": agency_staff,
        "other_agency": other_agency_staff,
        "office": portfolio_office,
        "ministry": ministry_official,
        "admin": admin_user,
    }


@pytest.fixture
def api(personas):
    """`api("agency")`: a client that authenticates with a token issued to that persona (none for anonymous)."""
    from api.services import token_issue

    def client(persona: str) -> APIClient:
        assert persona in PERSONAS
        c = APIClient()
        user = personas[persona]
        if user is not None:
            _token, raw = token_issue(user=user, name=f"test {persona}", by=personas["admin"])
            c.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return c

    return client


@pytest.fixture
def world(personas):
    """A life event ASD owns; NAV's draft and submitted proposals in it; NAV's measure with a benefit, a decision on
    the submitted proposal, an open round with NAV's draft status report, and a finished restricted PDF."""
    from django.core.files.base import ContentFile

    from tests.factories.lifeevents import LifeEventFactory
    from tests.factories.portfolio import BenefitFactory, MeasureFactory, MissionFactory, ProposalFactory
    from tests.factories.reports import GeneratedReportFactory, ReportingRoundFactory, StatusReportFactory

    agency, office = personas["agency"], personas["office"]
    nav = agency.organisation
    life_event = LifeEventFactory(owner_ministry=personas["ministry"].organisation)
    mission = MissionFactory(life_events=[life_event])
    complete = {"expected_benefits": "Tid spart", "beneficiaries": "Familier", "life_events": [life_event]}
    draft = ProposalFactory(organisation=nav, created_by=agency, status="draft", **complete)
    submitted = ProposalFactory(organisation=nav, created_by=agency, status="submitted", **complete)
    measure = MeasureFactory(owner=nav, life_events=[life_event])
    unreported = MeasureFactory(owner=nav, life_events=[life_event])
    benefit = BenefitFactory(measure=measure)
    from governance.models import Decision

    decision = Decision.objects.create(
        date=datetime.date.today(), subject="Videre til vurdering", outcome="other", rationale="God idé",
        proposal=submitted, decided_by=office,
    )  # fmt: skip
    round_ = ReportingRoundFactory(opened_by=office)
    report = StatusReportFactory(round=round_, measure=measure, state="draft", traffic="green", progress=10)
    document = GeneratedReportFactory(
        round=round_, life_event=life_event, is_restricted=True, status="done", filename="brief.pdf"
    )
    document.file.save("api.pdf", ContentFile(b"%PDF-1.7 api"), save=True)
    return SimpleNamespace(
        life_event=life_event, mission=mission, draft=draft, submitted=submitted, measure=measure,
        unreported=unreported, benefit=benefit, decision=decision, round=round_, report=report, document=document,
    )  # fmt: skip
