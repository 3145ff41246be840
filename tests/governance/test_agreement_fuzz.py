"""Bad input on the collaboration agreement's forms (issue 22): over-long text, control characters, markup and
nonsense in every field of the draft and of a party's answer give a clear 4xx or a normal save, never a 500, and
what was typed is escaped on the page (tests/test_fuzz.py's texts)."""

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governance import agreements as services
from tests.factories import core as cf
from tests.factories.lifeevents import LifeEventFactory
from tests.test_fuzz import assert_escaped, fuzz_text

FUZZ = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.large_base_example],
)
numbers = st.one_of(fuzz_text, st.sampled_from(["-1", "1e99", "3,5", "99999999999999999", "2101", "0"]))


@FUZZ
@given(text=fuzz_text, number=numbers, roles=fuzz_text)
def test_the_draft_form_survives_fuzzed_input(client, portfolio_office, nav, text, number, roles):
    version = services.agreement_create(life_event=LifeEventFactory(), by=portfolio_office)
    client.force_login(portfolio_office)
    data = {
        "purpose": text,
        "governance_structure": text,
        "next_phase_months": number,
        "next_phase_cost": number,
        "next_phase_person_years": number,
        "next_phase_note": text,
        "party_1": nav.pk,
        "roles_1": roles,
        "party_2": text,
        "funding_1_party": nav.pk,
        "funding_1_year": number,
        "funding_1_amount": number,
    }
    response = client.post(reverse("governance:agreement_edit", args=[version.pk]), data)
    assert response.status_code in (302, 400, 422)  # 400: a NUL byte, refused before any view (core.middleware)
    assert_escaped(response)
    if response.status_code in (400, 422):
        assert not version.parties.exists()  # nothing half-saved


@FUZZ
@given(kind=st.one_of(fuzz_text, st.sampled_from(["confirmed", "declined"])), reason=fuzz_text)
def test_the_answer_form_survives_fuzzed_input(client, portfolio_office, kind, reason):
    from decimal import Decimal

    party_org = cf.OrganisationFactory()
    rep = cf.UserFactory(organisation=party_org, role="agency_staff")
    other = cf.OrganisationFactory()
    version = services.agreement_create(life_event=LifeEventFactory(), by=portfolio_office)
    services.version_save(
        version=version,
        data={
            "governance_structure": "Styringsgruppe.",
            "next_phase_months": 6,
            "next_phase_cost": Decimal(1),
            "next_phase_person_years": Decimal(1),
        },  # fmt: skip
        parties=[services.PartyRow(party_org, "Deltar."), services.PartyRow(other, "Deltar.")],
        funding=[services.FundingRow(party_org, 2027, Decimal(1))],
        by=portfolio_office,
    )
    services.version_send(version=version, by=portfolio_office)
    client.force_login(rep)
    response = client.post(reverse("governance:agreement_respond", args=[version.pk]), {"kind": kind, "reason": reason})
    assert response.status_code in (302, 400, 422)  # 400: a NUL byte, refused before any view (core.middleware)
    assert_escaped(response)
