"""The synthetic portfolio generator: right counts, every status, deterministic for a seed, flagged illustrative."""

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from core.models import AuditEvent, Organisation, User
from demo.generate import generate_portfolio, orgnr_for
from portfolio.choices import ProposalStatus
from portfolio.models import Benefit, Dependency, Measure, Proposal, Score

SMALL = {"proposals": 300, "measures": 30, "actors": 12, "scores": 200}


class _Rollback(Exception):
    pass


def _snapshot():
    return (
        list(Proposal.objects.order_by("pk").values_list("title", "status", "organisation__name", "estimated_cost")),
        list(Measure.objects.order_by("pk").values_list("title", "budget", "owner__name")),
        list(Score.objects.order_by("pk").values_list("assignment__proposal__title", "criterion__name", "value")),
    )


def _generate_and_roll_back(seed):
    try:
        with transaction.atomic():
            generate_portfolio(**SMALL, seed=seed)
            snap = _snapshot()
            raise _Rollback
    except _Rollback:
        return snap


@pytest.mark.django_db(transaction=False)
def test_counts_statuses_and_flags():
    result = generate_portfolio(**SMALL, seed=7)
    assert Proposal.objects.count() == 300 == result.counts["proposals"]
    assert Measure.objects.count() == 30
    assert Organisation.objects.count() == 12
    assert Score.objects.count() == 200
    assert Benefit.objects.count() == 60
    assert Dependency.objects.exists()
    assert (
        AuditEvent.objects.filter(action="portfolio.proposal.submitted").count()
        == Proposal.objects.exclude(status=ProposalStatus.DRAFT).count()
    )
    assert set(Proposal.objects.values_list("status", flat=True)) == set(ProposalStatus.values)
    assert not Proposal.objects.filter(is_illustrative=False).exists()
    assert not Measure.objects.filter(is_illustrative=False).exists()
    assert all("syntetisk" in name for name in Organisation.objects.values_list("name", flat=True))
    assert Proposal.objects.filter(life_events__isnull=True).count() == 0
    # Merged proposals point at an earlier one; the text is Norwegian so text search finds something.
    assert not Proposal.objects.filter(status=ProposalStatus.MERGED, merged_into__isnull=True).exists()
    assert Proposal.objects.filter(title__icontains="bostøtte").exists()
    # Users for each role, and new rows get ids after the generated ones.
    assert set(User.objects.values_list("role", flat=True)) >= {
        "portfolio_office",
        "ministry_official",
        "agency_staff",
        "administrator",
    }
    assert Organisation.objects.create(name="Ny etat", kind="agency").pk > max(
        Organisation.objects.exclude(name="Ny etat").values_list("pk", flat=True)
    )


@pytest.mark.django_db
def test_same_seed_same_portfolio_other_seed_other():
    first, again, other = _generate_and_roll_back(3), _generate_and_roll_back(3), _generate_and_roll_back(4)
    assert first == again
    assert first[0] != other[0]


@pytest.mark.django_db
def test_command_refuses_a_second_portfolio_in_the_same_database():
    call_command("generate_portfolio", proposals=20, measures=5, actors=6, scores=10, seed=1, password="bench-pw")
    assert User.objects.get(username="syn-office").check_password("bench-pw")
    with pytest.raises(CommandError, match="already holds"):
        call_command("generate_portfolio", proposals=20, measures=5, actors=6, scores=10)


def test_synthetic_organisation_numbers_pass_mod11():
    from stdnum.no import orgnr

    assert all(orgnr.is_valid(orgnr_for(n)) for n in range(200))
