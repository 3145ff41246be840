"""Strategic drivers: the AHP weights (principal eigenvector, consistency ratio), versioned and audited weightings,
scores against the drivers, and the ranking that uses them; only the office defines, weighs and scores."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from governance import ahp
from governance.driver_models import Driver, DriverWeighting
from governance.drivers import (
    driver_create,
    driver_scores_set,
    weighting_in_force,
    weights_set_direct,
    weights_set_pairwise,
)
from governance.priority_queries import priority_list
from tests.factories.portfolio import CriterionFactory, ProposalFactory, ReviewAssignmentFactory, ScoreFactory

pytestmark = pytest.mark.django_db


def test_saatys_example_gives_the_principal_eigenvector_and_a_consistent_ratio():
    result = ahp.weights_from_pairs(3, {(0, 1): 3, (0, 2): 5, (1, 2): 3})
    assert [round(w, 3) for w in result.weights] == [0.637, 0.258, 0.105]
    assert round(result.lambda_max, 3) == 3.039 and round(result.cr, 3) == 0.033 and result.consistent


def test_contradicting_comparisons_have_a_ratio_above_the_limit():
    result = ahp.weights_from_pairs(3, {(0, 1): 9, (0, 2): 1 / 9, (1, 2): 9})  # a > b > c > a
    assert result.cr > ahp.CR_LIMIT and not result.consistent


def test_a_perfectly_consistent_matrix_has_ratio_zero():
    result = ahp.weights_from_pairs(3, {(0, 1): 2, (0, 2): 4, (1, 2): 2})
    assert [round(w, 4) for w in result.weights] == [0.5714, 0.2857, 0.1429] and result.cr < 1e-9


def _drivers(office, *names):
    return [driver_create(data={"name": n, "description": "", "sort_order": i}, by=office) for i, n in enumerate(names)]


def test_pairwise_weights_are_a_new_audited_version(portfolio_office):
    mission, reach, urgency = _drivers(portfolio_office, "Misjonsbidrag", "Tverrsektoriell rekkevidde", "Hast")
    first = weights_set_direct(
        weights={mission.pk: 1, reach.pk: 1, urgency.pk: 2}, rubric_share=0.5, by=portfolio_office
    )
    second = weights_set_pairwise(
        comparisons={(mission.pk, reach.pk): 3, (mission.pk, urgency.pk): 5, (reach.pk, urgency.pk): 3},
        rubric_share=0.4,
        by=portfolio_office,
    )
    assert (first.version, second.version) == (1, 2) and first.weights[str(urgency.pk)] == 0.5
    assert round(second.weights[str(mission.pk)], 3) == 0.637 and round(second.consistency_ratio, 3) == 0.033
    current = weighting_in_force()
    assert current.version == 2 and current.rubric_share == 0.4 and not current.inconsistent
    actions = list(
        AuditEvent.objects.filter(action="governance.driverweighting.created").values_list("object_id", flat=True)
    )
    assert sorted(int(a) for a in actions) == sorted([first.pk, second.pk])
    assert DriverWeighting.objects.count() == 2  # the older version stays


def test_inconsistent_comparisons_are_saved_and_flagged(portfolio_office):
    a, b, c = _drivers(portfolio_office, "A", "B", "C")
    weights_set_pairwise(
        comparisons={(a.pk, b.pk): 9, (a.pk, c.pk): 1 / 9, (b.pk, c.pk): 9}, rubric_share=0.5, by=portfolio_office
    )
    assert weighting_in_force().inconsistent


def test_every_pair_must_be_compared_and_only_the_office_weighs(portfolio_office, agency_staff, ministry_official):
    a, b, c = _drivers(portfolio_office, "A", "B", "C")
    with pytest.raises(ValidationError):
        weights_set_pairwise(comparisons={(a.pk, b.pk): 3}, rubric_share=0.5, by=portfolio_office)
    with pytest.raises(ValidationError):
        weights_set_pairwise(comparisons={(a.pk, b.pk): 4, (a.pk, c.pk): 1, (b.pk, c.pk): 1}, rubric_share=0.5,
                             by=portfolio_office)  # fmt: skip
    for user in (agency_staff, ministry_official):
        with pytest.raises(PermissionDenied):
            weights_set_direct(weights={a.pk: 1}, rubric_share=0.5, by=user)
        with pytest.raises(PermissionDenied):
            driver_create(data={"name": "X"}, by=user)
    assert not DriverWeighting.objects.exists()


def _assessed(title, value):
    proposal = ProposalFactory(title=title, status="assessing")
    criterion = CriterionFactory(name=f"Nytte {title}", axis="potential", weight=1)
    ScoreFactory(assignment=ReviewAssignmentFactory(proposal=proposal, submitted_at=timezone.now()),
                 criterion=criterion, value=value)  # fmt: skip
    return proposal


def test_the_ranking_uses_the_drivers(portfolio_office):
    strong_rubric, strong_drivers = _assessed("Sterk på rubrikken", 5), _assessed("Sterk på driverne", 3)
    rows, _n, _w = priority_list(portfolio_office)
    assert [r.title for r in rows] == ["Sterk på rubrikken", "Sterk på driverne"]  # no drivers: the rubric alone
    (mission,) = _drivers(portfolio_office, "Misjonsbidrag")
    weights_set_direct(weights={mission.pk: 1}, rubric_share=0.2, by=portfolio_office)
    driver_scores_set(target=strong_drivers, scores={mission.pk: 5}, by=portfolio_office)
    driver_scores_set(target=strong_rubric, scores={mission.pk: 1}, by=portfolio_office)
    rows, _n, weighting = priority_list(portfolio_office)
    assert [r.title for r in rows] == ["Sterk på driverne", "Sterk på rubrikken"]
    top = rows[0]
    assert top.value == pytest.approx(0.2 * 3 + 0.8 * 5) and top.contributions == (("Misjonsbidrag", 5, 1.0),)
    assert AuditEvent.objects.filter(action="governance.driverscore.changed", object_id=str(strong_drivers.pk)).exists()


def test_scores_are_0_to_5(portfolio_office):
    (d,) = _drivers(portfolio_office, "D")
    with pytest.raises(ValidationError):
        driver_scores_set(target=_assessed("X", 3), scores={d.pk: 6}, by=portfolio_office)


def test_pages_show_the_weights_and_warn_when_inconsistent(client, portfolio_office):
    client.force_login(portfolio_office)
    a, b, c = _drivers(portfolio_office, "Misjonsbidrag", "Rekkevidde", "Hast")
    url = reverse("governance:driver_weights") + "?metode=parvis"
    data = {"rubric_share": 50, "note": "", f"p_{a.pk}_{b.pk}": "9", f"p_{a.pk}_{c.pk}": "1/9", f"p_{b.pk}_{c.pk}": "9"}
    response = client.post(url, data, follow=True)
    page = response.content.decode()
    assert "inkonsistente" in page or "inconsistent" in page
    assert weighting_in_force().version == 1
    listing = client.get(reverse("governance:driver_list")).content.decode()
    assert "Misjonsbidrag" in listing and "33,3 %" in listing


def test_a_bad_form_is_422_and_saves_nothing(client, portfolio_office):
    client.force_login(portfolio_office)
    (a,) = _drivers(portfolio_office, "A")
    response = client.post(reverse("governance:driver_weights"), {"rubric_share": 150, f"w_{a.pk}": "x"})
    assert response.status_code == 422 and not DriverWeighting.objects.exists()
    assert client.get(reverse("governance:driver_scores", args=["noe", 1])).status_code == 404


def test_the_office_scores_a_proposal_on_its_page(client, portfolio_office):
    client.force_login(portfolio_office)
    (a,) = _drivers(portfolio_office, "A")
    proposal = _assessed("P", 3)
    url = reverse("governance:driver_scores", args=["forslag", proposal.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {f"s_{a.pk}": "4"}).status_code == 302
    assert dict(proposal.driver_scores.values_list("driver_id", "value")) == {a.pk: 4}
    assert Driver.objects.count() == 1
