"""axe-core in Chromium: zero WCAG 2.1 A/AA violations on every main page, in bokmål, nynorsk and English.

The axe script is read from node_modules/axe-core at test time (never copied into the repository) and injected
as an init script, so the page's Content-Security-Policy stays as strict as in production.
Pages are addressed by URL name; a page whose URL does not exist yet is skipped and says so.
"""

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from tests.factories.core import UserFactory
from tests.factories.lifeevents import LifeEventFactory, LifeEventPhaseFactory, ParticipationFactory
from tests.factories.portfolio import CriterionFactory, MeasureFactory, ProposalFactory

pytestmark = pytest.mark.browser

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@dataclass
class Page:
    id: str
    persona: str | None  # a fixture name from tests/conftest.py; None = not logged in
    names: list[str]  # candidate URL names, the first that resolves is used
    kwargs: str | None = None  # which scenario object gives the URL argument: "proposal", "measure", "life_event"
    submit_empty: bool = False  # submit the page's form empty and check the page with its errors
    languages: list[str] = field(default_factory=lambda: ["nb"])


PAGES = [
    Page("login", None, ["login"], languages=["nb", "nn", "en"]),
    Page("accessibility-statement", None, ["accessibility"]),
    Page("home-agency", "agency_staff", ["home"], languages=["nb", "nn", "en"]),
    Page("home-office", "portfolio_office", ["home"]),
    Page("home-ministry", "ministry_official", ["home"]),
    Page("intake-form", "agency_staff", ["portfolio:proposal_create", "portfolio:intake", "portfolio:proposal_new"]),
    Page(
        "intake-form-with-errors",
        "agency_staff",
        ["portfolio:proposal_create", "portfolio:intake", "portfolio:proposal_new"],
        submit_empty=True,
        languages=["nb", "nn"],
    ),
    Page("office-board", "portfolio_office", ["portfolio:board", "portfolio:triage_board", "portfolio:proposal_board"]),
    Page("proposal-list", "portfolio_office", ["portfolio:proposal_list"]),
    Page("proposal-page", "portfolio_office", ["portfolio:proposal_detail"], kwargs="proposal"),
    Page("proposal-page-agency", "agency_staff", ["portfolio:proposal_detail"], kwargs="proposal"),
    Page("proposal-page-in-triage", "portfolio_office", ["portfolio:proposal_detail"], kwargs="harmonising"),
    Page("proposal-page-merged", "portfolio_office", ["portfolio:proposal_detail"], kwargs="merged"),
    Page("calls", "portfolio_office", ["portfolio:call_list"]),
    Page("scoring", "portfolio_office", ["portfolio:proposal_scoring"], kwargs="proposal", languages=["nb", "en"]),
    Page("review-queue", "portfolio_office", ["portfolio:review_queue"]),
    Page("rubric", "portfolio_office", ["portfolio:rubric"]),
    Page("assessment-matrix", "portfolio_office", ["portfolio:assessment_matrix"]),
    Page("measure-list", "portfolio_office", ["portfolio:measure_list"]),
    Page("measure-page", "portfolio_office", ["portfolio:measure_detail"], kwargs="measure"),
    Page("measure-page-agency", "agency_staff", ["portfolio:measure_detail"], kwargs="measure"),
    Page("shelf", "portfolio_office", ["portfolio:shelf"]),
    Page("decision-form", "portfolio_office", ["decisions:proposal_decide"], kwargs="proposal"),
    Page(
        "decision-form-with-errors",
        "portfolio_office",
        ["decisions:proposal_decide"],
        kwargs="proposal",
        submit_empty=True,
    ),
    Page("life-event-list", "ministry_official", ["lifeevents:lifeevent_list"]),
    Page(
        "life-event-page",
        "ministry_official",
        ["lifeevents:lifeevent_detail"],
        kwargs="life_event",
        languages=["nb", "nn"],
    ),
    Page("reports-dashboard", "ministry_official", ["reports:dashboard", "reports:ministry_dashboard"]),
    Page("reporting-rounds", "portfolio_office", ["reports:round_list"]),
    Page("round-form-with-errors", "portfolio_office", ["reports:round_create"], submit_empty=True),
    Page("criterion-form-with-errors", "portfolio_office", ["portfolio:criterion_create"], submit_empty=True),
    Page("document-list", "ministry_official", ["reports:document_list"]),
    Page("scenario-list", "portfolio_office", ["governance:scenario_list"]),
    Page("scenario-form-with-errors", "portfolio_office", ["governance:scenario_create"], submit_empty=True),
    Page("scenario-page", "portfolio_office", ["governance:scenario_detail"], kwargs="budget_scenario"),
    Page("scenario-page-ministry", "ministry_official", ["governance:scenario_detail"], kwargs="budget_scenario"),
    Page("scenario-compare", "portfolio_office", ["governance:scenario_compare"], kwargs="compare"),
    Page("priorities", "portfolio_office", ["governance:priority_list"]),
    Page("saved-view-with-errors", "agency_staff", ["portfolio:measure_list"], submit_empty=True),
    Page("import", "portfolio_office", ["imports:import_home"]),
    Page("import-with-errors", "agency_staff", ["imports:import_home"], submit_empty=True),
    Page("webhooks", "agency_staff", ["webhooks:webhook_list"]),
    Page("drivers", "portfolio_office", ["governance:driver_list"], languages=["nb", "nn", "en"]),
    Page("driver-weights-pairwise", "portfolio_office", ["governance:driver_weights"], kwargs="pairwise"),
    Page("driver-form-with-errors", "portfolio_office", ["governance:driver_create"], submit_empty=True),
    Page("driver-scores", "portfolio_office", ["governance:driver_scores"], kwargs="score_measure"),
    Page("roadmap", "portfolio_office", ["governance:roadmap"], languages=["nb", "nn", "en"]),
    Page("roadmap-agency", "agency_staff", ["governance:roadmap"]),
    Page("benefit-map", "ministry_official", ["governance:benefit_map"], languages=["nb", "nn", "en"]),
    Page("who-pays", "portfolio_office", ["governance:flow_list"], languages=["nb", "en"]),
    Page("who-pays-organisation", "agency_staff", ["governance:flow_detail"], kwargs="organisation"),
    Page("benefit-register", "portfolio_office", ["portfolio:benefit_list"], languages=["nb", "nn", "en"]),
    Page("benefit-register-agency", "agency_staff", ["portfolio:benefit_list"]),
    Page("benefit-page", "portfolio_office", ["portfolio:benefit_detail"], kwargs="benefit"),
    Page("benefit-page-ministry", "ministry_official", ["portfolio:benefit_detail"], kwargs="benefit"),
    Page(
        "realisation-form-with-errors",
        "portfolio_office",
        ["portfolio:benefit_detail"],
        kwargs="benefit",
        submit_empty=True,
    ),
    Page("benefit-form", "portfolio_office", ["portfolio:benefit_edit"], kwargs="benefit"),
    Page("missions", "ministry_official", ["portfolio:mission_list"], languages=["nb", "nn", "en"]),
    Page("funding", "agency_staff", ["governance:funding_list"]),
    Page("mission-page", "portfolio_office", ["portfolio:mission_detail"], kwargs="mission"),
    Page(
        "measurement-form-with-errors",
        "portfolio_office",
        ["portfolio:mission_detail"],
        kwargs="mission",
        submit_empty=True,
    ),
    Page("mission-review-form", "portfolio_office", ["portfolio:mission_review_add"], kwargs="mission"),
    Page(
        "mission-review-form-with-errors",
        "portfolio_office",
        ["portfolio:mission_review_add"],
        kwargs="mission",
        submit_empty=True,
        languages=["nb", "en"],
    ),
]
# Desktop in every language of the page; phone widths (390 and 320 px, reflow) in bokmål.
WIDTHS = {"nb": [1440, 390, 320]}
CASES = [
    pytest.param(p, lang, width, id=f"{p.id}-{lang}-{width}")
    for p in PAGES
    for lang in p.languages
    for width in WIDTHS.get(lang, [1440])
]


@pytest.fixture
def scenario(nav, digdir, asd, agency_staff, portfolio_office, ministry_official):
    """A life event of ASD with NAV executing, a measure, and a NAV proposal in assessment with a reviewer."""
    from portfolio.services import harmonise, scoring

    life_event = LifeEventFactory(slug="miste-og-finne-jobb", name_nb="Miste og finne jobb", owner_ministry=asd)
    LifeEventPhaseFactory(life_event=life_event, phase="shape")
    ParticipationFactory(life_event=life_event, organisation=nav, role="executing_agency")
    measure = MeasureFactory(title="Felles jobbsøkerprofil", owner=nav, life_events=[life_event])
    CriterionFactory(name="Brukernytte", axis="potential", weight=2)
    CriterionFactory(name="Gjennomførbarhet", axis="complexity", weight=1)
    proposal = ProposalFactory(
        title="Én søknad for jobbsøkere", organisation=nav, created_by=agency_staff, status="assessing",
        life_events=[life_event],
    )  # fmt: skip
    scoring.reviewer_assign(proposal=proposal, reviewer=portfolio_office, by=portfolio_office)
    scoring.reviewer_assign(
        proposal=proposal, reviewer=UserFactory(username="reviewer2", organisation=digdir, role="portfolio_office"),
        by=portfolio_office,
    )  # fmt: skip
    # Step 2: one proposal being qualified (facilitator, overlap, qualify form), one merged into the first (undo).
    harmonising = ProposalFactory(
        title="Jobbsøkerprofil på tvers", organisation=nav, status="harmonising", facilitator=portfolio_office,
        life_events=[life_event],
    )  # fmt: skip
    merged = ProposalFactory(title="Samme profil", organisation=nav, status="harmonising", facilitator=portfolio_office)
    harmonise.proposal_qualify(
        proposal=merged, outcome="duplicate", duplicate_of=proposal, reason="Samme behov.", version=merged.version,
        by=portfolio_office,
    )  # fmt: skip
    # Two solved budget scenarios (the worker runs eagerly on commit), the second shared with ASD.
    from governance.scenario_services import scenario_create, scenario_share

    small = scenario_create(data={"name": "Stramt", "budgets": {"2027": 500_000}}, by=portfolio_office)
    budget_scenario = scenario_create(
        data={"name": "Romslig", "budgets": {"2027": 3_000_000}, "mandatory": [measure]}, by=portfolio_office
    )
    scenario_share(scenario=budget_scenario, ministries=[asd], by=portfolio_office)
    steering = _steering_data(portfolio_office, nav, life_event, measure)
    return {
        **steering,
        "budget_scenario": {"pk": budget_scenario.pk},
        "compare": {"_query": f"?a={small.pk}&b={budget_scenario.pk}"},
        "proposal": {"pk": proposal.pk},
        "harmonising": {"pk": harmonising.pk},
        "merged": {"pk": merged.pk},
        "life_event": {"slug": life_event.slug},
        "measure": {"pk": measure.pk},
    }


def _steering_data(office, nav, life_event, measure) -> dict:
    """Drivers weighed pairwise, a mission with a target that a benefit of the measure serves, a dependency."""
    from datetime import date

    from governance.drivers import driver_create, driver_scores_set, weights_set_pairwise
    from portfolio.models import BenefitRealisation
    from tests.factories.portfolio import BenefitFactory, MissionFactory, MissionTargetFactory

    a, b = (driver_create(data={"name": n, "description": "Hva det betyr."}, by=office) for n in ("Misjon", "Hast"))
    weights_set_pairwise(comparisons={(a.pk, b.pk): 3}, rubric_share=0.5, by=office)
    driver_scores_set(target=measure, scores={a.pk: 4, b.pk: 2}, by=office)
    mission = MissionFactory(title="Raskere i jobb", life_events=[life_event])
    measure.missions.add(mission)
    measure.start_date, measure.end_date = date(2023, 1, 1), date(2026, 6, 30)
    measure.save(update_fields=["start_date", "end_date"])
    target = MissionTargetFactory(mission=mission, indicator="Uker til jobb", baseline=26, target_value=16)
    benefit = BenefitFactory(measure=measure, indicator="Uker fra ledighet til jobb", baseline=26, expected_value=20,
                             annual_value_nok=4_000_000, annual_cost_nok=500_000, cost_bearer=nav)  # fmt: skip
    benefit.targets.add(target)
    BenefitRealisation.objects.create(benefit=benefit, date=date(2024, 6, 30), value=23)
    from tests.factories.governance import FundingFactory

    FundingFactory(measure=measure, life_event=None, year=2026, amount=1_500_000, status="partial")
    from portfolio.services.mission_reviews import mission_review_create

    review = {"bold": "met", "direction": "partly", "realistic": "met", "across": "met", "bottom_up": "not_met"}
    mission_review_create(mission=mission, data={**review, "scope": "right"}, by=office)
    latest = {**review, "bold_note": "Engasjerer mange", "scope": "too_broad", "summary": "Avgrens til én målgruppe."}
    mission_review_create(mission=mission, data=latest, by=office)  # the page's alert, table and history
    return {
        "pairwise": {"_query": "?metode=parvis"},
        "score_measure": {"kind": "tiltak", "pk": measure.pk},
        "organisation": {"pk": nav.pk},
        "benefit": {"pk": benefit.pk},
        "mission": {"pk": mission.pk},
    }


def url_for(spec: Page, scenario) -> str:
    kwargs = dict(scenario[spec.kwargs]) if spec.kwargs else {}
    query = kwargs.pop("_query", "")
    for name in spec.names:
        try:
            return reverse(name, kwargs=kwargs) + query
        except NoReverseMatch:
            continue
    pytest.skip(f"page not built yet: no URL named {' / '.join(spec.names)}")


def axe_violations(page) -> list[dict]:
    return page.evaluate(
        """async (tags) => {
            const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
            const result = await window.axe.run(document, options);
            const node = n => n.target.join(" ") + " :: " + n.failureSummary.replace(/\\n/g, " ");
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(node)}));
        }""",
        WCAG_TAGS,
    )


def describe(violations) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.extend(f"    {node}" for node in violation["nodes"])
    return "\n".join(lines)


@pytest.mark.parametrize(("spec", "language", "width"), CASES)
def test_page_has_no_wcag_violations(request, live_server, page, browser_login, scenario, spec, language, width):
    path = url_for(spec, scenario)
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_init_script(path=str(AXE))
    if spec.persona:
        browser_login(request.getfixturevalue(spec.persona))
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    response = page.goto(path)
    assert response.status < 400, f"{path} answered {response.status}"
    assert page.locator("html").get_attribute("lang") == language
    if spec.submit_empty:
        page.locator("main form[method=post] [type=submit]").first.press("Enter")
        expect(page.locator("[data-error-summary]")).to_be_visible()
        expect(page.locator("[data-error-summary]")).to_be_focused()
    violations = axe_violations(page)
    where = f"{spec.id} ({path}, {language}, {width} px)"
    assert violations == [], f"axe found violations on {where}:\n{describe(violations)}"
    scroll, client = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll <= client, f"{spec.id} scrolls sideways at {width} px ({scroll} > {client}): content must reflow"


def test_not_found_page_has_no_wcag_violations(page, browser_login, agency_staff):
    page.context.add_init_script(path=str(AXE))
    browser_login(agency_staff)
    assert page.goto("/finnes-ikke/").status == 404
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_axe_is_really_running(page, live_server):
    """Guard against a silent pass: axe reports a page built to fail."""
    page.context.add_init_script(path=str(AXE))
    page.goto("/login/")
    page.evaluate("() => { const img = document.createElement('img'); img.src = 'x.png'; document.body.append(img); }")
    assert "image-alt" in {violation["id"] for violation in axe_violations(page)}
