"""overlap_candidates: similar measures and open proposals across every life event, ranked by PostgreSQL full text
(norwegian), with the reasons; the GIN indexes of migration 0004 are the ones the query uses."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from portfolio.models import Proposal
from portfolio.queries.overlap import overlap_candidates
from portfolio.queries.search import significant_words
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import MeasureFactory, MissionFactory, ProposalFactory

NEED = "Mange unge voksne vet ikke at de har rett på bostøtte og søker for sent."


@pytest.fixture(autouse=True)
def english():
    """The rules' messages are checked as written in the source (English); the pages test the Norwegian."""
    with translation.override("en"):
        yield


@pytest.fixture
def landscape(db):
    a, b = LifeEventFactory(), LifeEventFactory()
    return {
        "a": a,
        "b": b,
        "measure": MeasureFactory(title="Bostøtte for unge voksne", description="Digital søknad om bostøtte.",
                                  status="ongoing", life_events=[b]),
        "planned": MeasureFactory(title="Veiledning om bostøtte", description="", status="planned", life_events=[a]),
        "terminated": MeasureFactory(title="Bostøtte for unge", status="terminated", termination_reason="x"),
        "completed": MeasureFactory(title="Bostøtte digital", status="completed"),
        "open": ProposalFactory(title="Enklere søknad om bostøtte", need=NEED, status="assessing", life_events=[a]),
        "draft": ProposalFactory(title="Bostøtte utkast", need=NEED, status="draft"),
        "withdrawn": ProposalFactory(title="Bostøtte trukket", need=NEED, status="withdrawn"),
        "merged": ProposalFactory(title="Bostøtte slått sammen", need=NEED, status="merged"),
        "unrelated": ProposalFactory(title="Gravferd og arv", need="Etterlatte må melde dødsfall mange steder."),
    }  # fmt: skip


def _new(**kwargs):
    return Proposal(title="Digital søknad om bostøtte for unge voksne", need=NEED, **kwargs)


def test_similar_measures_and_open_proposals_across_life_events_best_first(landscape):
    found = overlap_candidates(_new())
    keys = {(c.kind, c.object.pk) for c in found}
    assert ("measure", landscape["measure"].pk) in keys and ("measure", landscape["planned"].pk) in keys
    assert ("proposal", landscape["open"].pk) in keys
    for gone in ("terminated", "completed"):
        assert ("measure", landscape[gone].pk) not in keys
    for gone in ("draft", "withdrawn", "merged", "unrelated"):
        assert ("proposal", landscape[gone].pk) not in keys
    ranks = [c.rank for c in found]
    assert ranks == sorted(ranks, reverse=True) and all(r > 0 for r in ranks)


def test_reasons_show_the_shared_words_life_events_and_missions(landscape):
    mission = MissionFactory(life_events=[landscape["a"]])
    landscape["open"].missions.add(mission)
    proposal = ProposalFactory(title="Digital søknad om bostøtte", need=NEED, status="harmonising",
                               life_events=[landscape["a"]])  # fmt: skip
    proposal.missions.add(mission)
    found = {(c.kind, c.object.pk): c for c in overlap_candidates(proposal)}
    assert ("proposal", proposal.pk) not in found  # never itself
    other = found[("proposal", landscape["open"].pk)]
    assert "bostøtte" in other.shared_words and "søknad" in other.shared_words
    assert other.shared_life_events == [landscape["a"].name] and other.shared_missions == [mission.title]
    assert any("Same life event" in r for r in other.reasons) and any("Same mission" in r for r in other.reasons)
    measure = found[("measure", landscape["measure"].pk)]  # another life event, still found
    assert measure.shared_life_events == [] and any("bostøtte" in r for r in measure.reasons)


def test_measures_the_user_may_see_and_every_submitted_proposal(landscape, other_agency_staff, portfolio_office):
    office = overlap_candidates(_new(), user=portfolio_office)
    assert any(c.object.pk == landscape["open"].pk and c.visible for c in office)
    found = overlap_candidates(_new(), user=other_agency_staff)
    # Skatteetaten owns none of the measures, but another agency's submitted proposal is found by its public
    # fields (not opened: `visible` is False); drafts stay private.
    assert [(c.kind, c.object.pk, c.visible) for c in found] == [("proposal", landscape["open"].pk, False)]


def test_the_hint_shows_another_agencys_submitted_proposal_by_its_public_fields(client, landscape, other_agency_staff):
    client.force_login(other_agency_staff)
    with translation.override("nb"):
        response = client.get(
            reverse("portfolio:overlap_suggest"), {"title": "Digital søknad om bostøtte", "need": NEED}
        )
    page = response.content.decode()
    assert "Enklere søknad om bostøtte" in page and 'data-testid="overlap-public-need"' in page
    assert f'href="{reverse("portfolio:proposal_detail", args=[landscape["open"].pk])}"' not in page  # not a 404
    assert "Bostøtte utkast" not in page  # a draft stays private
    assert landscape["open"].solution not in page  # only the public fields


def test_the_hint_reacts_to_pasted_text(client, agency_staff):
    client.force_login(agency_staff)
    page = client.get(reverse("portfolio:proposal_create")).content.decode()
    trigger = page[page.index('id="overlap-hints"') :].split('hx-trigger="', 1)[1].split('"', 1)[0]
    assert "input" in trigger and "paste" in trigger


def test_limit_and_a_constant_number_of_queries(landscape):
    for i in range(12):
        ProposalFactory(title=f"Bostøtte {i}", need=NEED, status="submitted")
    with CaptureQueriesContext(connection) as ctx:
        found = overlap_candidates(_new(), limit=5)
    assert len(found) == 5 and len(ctx.captured_queries) == 2


def test_no_words_no_candidates(landscape):
    assert overlap_candidates(Proposal(title="", need="")) == []
    assert significant_words("Én søknad, én søknad – og 2024!") == ["søknad"]


def test_the_gin_indexes_serve_the_query(landscape):
    with connection.cursor() as cur:
        cur.execute("SET LOCAL enable_seqscan = off")
        # On a handful of rows any index beats a scan; the partial index of measures by review date (the board's
        # overdue reviews) covers the active measures the search reads, so it is set aside here (rolled back).
        cur.execute("DROP INDEX measure_review_due")
        with CaptureQueriesContext(connection) as ctx:
            overlap_candidates(_new())
        plans = []
        for query in ctx.captured_queries:
            cur.execute("EXPLAIN " + query["sql"])
            plans.append("\n".join(row[0] for row in cur.fetchall()))
    assert "measure_overlap_fts" in plans[0]
    assert "proposal_overlap_fts" in plans[1]
