"""The governance part of the demo data: funding sources, governance bodies from the sources, flagged decisions."""

import pytest
from django.core.management import call_command

from governance.models import Decision, Funding, FundingSource, GovernanceBody

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo")


def test_funding_sources_of_the_dfo_note(demo):
    assert set(FundingSource.objects.values_list("kind", flat=True)) == {
        "stimulab",
        "cofunding",
        "allocation",
        "extra",
        "own",
    }
    medfin = FundingSource.objects.get(kind="cofunding")
    assert medfin.name == "Medfinansieringsordningen" and "50 til 85 %" in medfin.description


def test_governance_bodies_from_the_sources(demo):
    cross = GovernanceBody.objects.get(kind="cross_ministerial")
    assert cross.life_events.count() == 7 and not cross.is_illustrative
    roles = {(m.organisation.short_name, m.role) for m in cross.memberships.select_related("organisation")}
    assert roles == {("KMD", "chair"), ("Digdir", "secretariat")}
    assert GovernanceBody.objects.filter(kind="mission_platform", life_events__slug="alvorlig-sykt-barn").exists()
    assert GovernanceBody.objects.filter(
        kind="portfolio_office", life_events__slug="alvorlig-sykt-barn", is_illustrative=False
    ).exists()
    core = GovernanceBody.objects.get(kind="core_group")
    assert "orkestrator" in core.mandate and core.memberships.count() == 5


def test_invented_decisions_and_measure_funding_are_flagged(demo):
    assert Decision.objects.exists()
    assert not Decision.objects.filter(is_illustrative=False).exists()
    assert not Funding.objects.filter(measure__isnull=False, is_illustrative=False).exists()
    # A life event's own funding is the sources' (Table 4); the only invented rows are the commitments of the demo's
    # illustrative collaboration agreement (issue 22), written when it came into force
    invented = Funding.objects.filter(life_event__isnull=False, is_illustrative=True)
    assert not invented.filter(agreement_line__isnull=True).exists()
    assert not invented.filter(agreement_line__version__is_illustrative=False).exists()
