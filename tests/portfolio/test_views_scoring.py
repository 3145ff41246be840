"""Step 3 pages as each persona: the scoring page, the htmx score endpoint, submit, reviewer assignment, the rubric
editor, the work queue, the matrix and the home panel."""

import pytest
from django.urls import reverse

from portfolio.models import Criterion, ReviewAssignment, Score
from portfolio.services import scoring as services
from tests.factories.core import UserFactory
from tests.factories.portfolio import CriterionFactory, ProposalFactory

HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "region"}  # htmx names the id of the region it replaces


@pytest.fixture
def office2(digdir):
    return UserFactory(username="office2", organisation=digdir, role="portfolio_office")


@pytest.fixture
def criteria(db):
    return [
        CriterionFactory(name="Brukernytte", axis="potential", weight=2, descriptor_5="Løser et stort behov"),
        CriterionFactory(name="Kompleksitet", axis="complexity", weight=1, descriptor_1="Enkel, én aktør"),
    ]


@pytest.fixture
def proposal(nav):
    return ProposalFactory(organisation=nav, status="assessing", title="Felles søknad")


@pytest.fixture
def assignment(proposal, office2, portfolio_office):
    return services.reviewer_assign(proposal=proposal, reviewer=office2, by=portfolio_office)


def url(name, *args):
    return reverse(f"portfolio:{name}", args=args)


def save_url(proposal, criterion):
    return url("score_save", proposal.pk, criterion.pk)


def post_score(client, proposal, criterion, value, version=0, comment="", **extra):
    prefix = f"c{criterion.pk}-"
    data = {prefix + "value": value, prefix + "comment": comment, prefix + "version": version}
    return client.post(save_url(proposal, criterion), data, **extra)


def submit_all(assignment, criteria, values):
    for criterion, value in zip(criteria, values, strict=True):
        services.score_save(assignment=assignment, criterion=criterion, value=value, version=0, by=assignment.reviewer)
    services.score_submit(assignment=assignment, by=assignment.reviewer)


# ---- the scoring page ---------------------------------------------------------------------------------------


def test_reviewer_sees_one_score_form_per_criterion_with_descriptors(client, criteria, proposal, assignment, office2):
    client.force_login(office2)
    response = client.get(url("proposal_scoring", proposal.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('hx-post="' + save_url(proposal, criteria[0])) == 1
    assert "Løser et stort behov" in html and "Enkel, én aktør" in html
    assert 'aria-live="polite"' in html
    assert 'data-testid="scores-hidden"' in html


def test_who_may_open_the_scoring_page(
    client, criteria, proposal, assignment, agency_staff, other_agency_staff, portfolio_office
):
    page = url("proposal_scoring", proposal.pk)
    client.force_login(portfolio_office)
    assert client.get(page).status_code == 200
    client.force_login(agency_staff)  # the proposing organisation sees the proposal, not its assessment
    assert client.get(page).status_code == 403
    client.force_login(other_agency_staff)  # neither sees nor reviews it
    assert client.get(page).status_code == 404


def test_reviewer_does_not_see_other_scores_until_all_have_submitted(client, criteria, proposal, assignment, office2):
    office3 = UserFactory(role="portfolio_office", organisation=office2.organisation)
    second = services.reviewer_assign(proposal=proposal, reviewer=office3, by=assignment.assigned_by)
    submit_all(assignment, criteria, [5, 1])
    client.force_login(office2)
    html = client.get(url("proposal_scoring", proposal.pk)).content.decode()
    assert 'data-testid="other-scores"' not in html and 'data-testid="scores-hidden"' in html
    submit_all(second, criteria, [2, 1])
    html = client.get(url("proposal_scoring", proposal.pk)).content.decode()
    assert 'data-testid="other-scores"' in html
    assert "Disagreement" in html or "Uenighet" in html  # 5 vs 2: flagged in text, not only colour


def test_invited_agency_reviewer_never_sees_the_others(client, criteria, proposal, assignment, other_agency_staff):
    invited = services.reviewer_assign(proposal=proposal, reviewer=other_agency_staff, by=assignment.assigned_by)
    submit_all(assignment, criteria, [5, 1])
    submit_all(invited, criteria, [4, 2])
    client.force_login(other_agency_staff)
    html = client.get(url("proposal_scoring", proposal.pk)).content.decode()
    assert 'data-testid="other-scores"' not in html and 'data-testid="result"' not in html


def test_scoring_page_query_count_does_not_grow_with_reviewers(
    client, criteria, proposal, portfolio_office, django_assert_max_num_queries
):
    for _ in range(5):
        reviewer = UserFactory(role="portfolio_office")
        submit_all(
            services.reviewer_assign(proposal=proposal, reviewer=reviewer, by=portfolio_office), criteria, [3, 3]
        )
    client.force_login(portfolio_office)
    client.get(url("proposal_scoring", proposal.pk))  # the session's and the language's set-up are not the page's own
    with django_assert_max_num_queries(10):
        assert client.get(url("proposal_scoring", proposal.pk)).status_code == 200


# ---- the htmx score endpoint --------------------------------------------------------------------------------


def test_saving_a_score_in_place_returns_the_partial_and_announces_it(client, criteria, proposal, assignment, office2):
    client.force_login(office2)
    response = post_score(client, proposal, criteria[0], 4, **HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'hx-swap-oob="innerHTML"' in html and 'id="scoring-status"' in html
    assert Score.objects.get(assignment=assignment, criterion=criteria[0]).value == 4


def test_saving_without_javascript_redirects_back(client, criteria, proposal, assignment, office2):
    client.force_login(office2)
    response = post_score(client, proposal, criteria[0], 3)
    assert response.status_code == 302 and response.url == url("proposal_scoring", proposal.pk)


def test_invalid_score_is_422_and_nothing_is_saved(client, criteria, proposal, assignment, office2):
    client.force_login(office2)
    response = post_score(client, proposal, criteria[0], 9, **HX)
    assert response.status_code == 422
    assert not Score.objects.exists()


def test_the_later_save_gets_a_conflict_with_the_other_score_shown(client, criteria, proposal, assignment, office2):
    services.score_save(
        assignment=assignment, criterion=criteria[0], value=2, comment="Fra fane 1", version=0, by=office2
    )
    client.force_login(office2)
    response = post_score(client, proposal, criteria[0], 5, version=0, **HX)  # loaded before the first save
    assert response.status_code == 422
    html = response.content.decode()
    assert "Fra fane 1" in html and 'role="alert"' in html
    assert f'name="c{criteria[0].pk}-version" value="1"' in html  # saving again now replaces it knowingly
    assert Score.objects.get(assignment=assignment, criterion=criteria[0]).value == 2


def test_only_the_assigned_reviewer_may_post_a_score(
    client, criteria, proposal, assignment, portfolio_office, agency_staff
):
    client.force_login(portfolio_office)
    assert post_score(client, proposal, criteria[0], 3, **HX).status_code == 403
    client.force_login(agency_staff)
    assert post_score(client, proposal, criteria[0], 3, **HX).status_code == 403
    assert client.get(save_url(proposal, criteria[0])).status_code == 405
    assert not Score.objects.exists()


def test_submit_needs_every_criterion(client, criteria, proposal, assignment, office2):
    client.force_login(office2)
    post_score(client, proposal, criteria[0], 3)
    response = client.post(url("score_submit", proposal.pk))
    assert response.status_code == 422 and "Kompleksitet" in response.content.decode()
    post_score(client, proposal, criteria[1], 3)
    assert client.post(url("score_submit", proposal.pk)).status_code == 302
    assert ReviewAssignment.objects.get(pk=assignment.pk).submitted_at is not None


# ---- reviewer assignment ------------------------------------------------------------------------------------


def test_office_assigns_a_reviewer_who_gets_an_email(
    client, proposal, portfolio_office, other_agency_staff, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(portfolio_office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("reviewer_assign", proposal.pk), {"reviewer": other_agency_staff.pk}, **HX)
    assert response.status_code == 200 and response.headers["HX-Location"]
    assert ReviewAssignment.objects.filter(proposal=proposal, reviewer=other_agency_staff).exists()
    assert [m.to for m in mailoutbox] == [[other_agency_staff.email]]


def test_assigning_someone_from_the_proposing_organisation_is_refused(client, proposal, portfolio_office, agency_staff):
    client.force_login(portfolio_office)
    response = client.post(url("reviewer_assign", proposal.pk), {"reviewer": agency_staff.pk}, **HX)
    assert response.status_code == 422 and "<html" not in response.content.decode()
    assert not ReviewAssignment.objects.exists()


def test_agency_staff_cannot_assign_or_withdraw_reviewers(client, proposal, assignment, agency_staff, office2):
    client.force_login(agency_staff)
    assert client.post(url("reviewer_assign", proposal.pk), {"reviewer": office2.pk}).status_code == 403
    assert client.post(url("reviewer_withdraw", proposal.pk, assignment.pk)).status_code == 404


def test_office_withdraws_a_reviewer(client, proposal, assignment, portfolio_office):
    client.force_login(portfolio_office)
    response = client.post(url("reviewer_withdraw", proposal.pk, assignment.pk), {"reason": "Inhabil"})
    assert response.status_code == 302
    assert ReviewAssignment.objects.get(pk=assignment.pk).withdrawn_at is not None


# ---- rubric, queue, matrix, home panel ----------------------------------------------------------------------


def test_everyone_signed_in_reads_the_rubric_only_the_office_edits(client, criteria, agency_staff, portfolio_office):
    client.force_login(agency_staff)
    assert client.get(url("rubric")).status_code == 200
    assert client.get(url("criterion_edit", criteria[0].pk)).status_code == 403
    assert client.get(url("criterion_create")).status_code == 403
    client.force_login(portfolio_office)
    assert client.get(url("criterion_edit", criteria[0].pk)).status_code == 200


def _criterion_data(criterion, **changes):
    data = {f: getattr(criterion, f) for f in services.CRITERION_FIELDS}
    data.update(version=criterion.version, **changes)
    return {k: v for k, v in data.items() if v is not False}


def test_office_creates_and_retires_a_criterion(client, portfolio_office):
    client.force_login(portfolio_office)
    data = {"name": "Læringsverdi", "axis": "other", "weight": 2, "sort_order": 80, "is_active": "on", "version": 0}
    assert client.post(url("criterion_create"), data).status_code == 302
    criterion = Criterion.objects.get(name="Læringsverdi")
    response = client.post(url("criterion_edit", criterion.pk), _criterion_data(criterion, is_active=False))
    assert response.status_code == 302
    assert Criterion.objects.filter(pk=criterion.pk, is_active=False).exists()


def test_stale_rubric_edit_shows_the_saved_version(client, criteria, portfolio_office, office2):
    stale = _criterion_data(criteria[0], weight=7)
    services.criterion_update(criterion=criteria[0], data={"weight": 4}, version=1, by=office2)
    client.force_login(portfolio_office)
    response = client.post(url("criterion_edit", criteria[0].pk), stale)
    assert response.status_code == 422
    criteria[0].refresh_from_db()
    assert criteria[0].weight == 4


def test_invalid_criterion_is_422(client, portfolio_office):
    client.force_login(portfolio_office)
    data = {"name": "", "axis": "other", "weight": 11, "sort_order": 1, "version": 0}
    assert client.post(url("criterion_create"), data).status_code == 422


def test_work_queue_and_home_panel_list_my_unscored_proposals(client, criteria, proposal, assignment, office2):
    client.force_login(office2)
    assert "Felles søknad" in client.get(url("review_queue")).content.decode()
    assert "Felles søknad" in client.get(reverse("home")).content.decode()
    submit_all(assignment, criteria, [3, 3])
    assert "Felles søknad" not in client.get(url("review_queue")).content.decode()


def test_matrix_is_an_svg_with_a_table_for_the_office_only(
    client, criteria, proposal, assignment, portfolio_office, agency_staff, ministry_official
):
    submit_all(assignment, criteria, [5, 1])
    client.force_login(portfolio_office)
    html = client.get(url("assessment_matrix")).content.decode()
    assert "<svg" in html and 'role="img"' in html and "<table" in html and "Felles søknad" in html
    for user in (agency_staff, ministry_official):
        client.force_login(user)
        assert client.get(url("assessment_matrix")).status_code == 403


def test_matrix_filter_offers_the_life_events_by_name_in_the_active_language(
    client, settings, criteria, proposal, assignment, portfolio_office
):
    """The filter's options are read as values (NamedModelChoiceField): each life event's name in the language of
    the page, the chosen one selected, and the matrix narrowed to it."""
    from tests.factories.lifeevents import LifeEventFactory

    event = LifeEventFactory(name_nb="Å få barn & bo", name_en="Having a child & housing")
    proposal.life_events.add(event)
    submit_all(assignment, criteria, [5, 1])
    client.force_login(portfolio_office)
    html = client.get(url("assessment_matrix"), {"life_event": event.pk}).content.decode()
    assert f'<option value="{event.pk}" selected>Å få barn &amp; bo</option>' in html and "Felles søknad" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(url("assessment_matrix")).content.decode()
    assert f'<option value="{event.pk}">Having a child &amp; housing</option>' in html


# ---- the scoring block of the access matrix, run here until tests/test_access_matrix.py walks it ---------------

SCORING_URLS = {
    "rubric", "criterion_create", "criterion_edit", "review_queue", "assessment_matrix", "proposal_scoring",
    "score_save", "score_submit", "reviewer_assign", "reviewer_withdraw",
}  # fmt: skip


def _scoring_cases():
    from tests.portfolio.access_cases import CASES

    return [c for c in CASES if c.url_name.split(":")[1] in SCORING_URLS]


@pytest.mark.parametrize("case", _scoring_cases(), ids=lambda c: c.url_name)
def test_scoring_access_cases(
    client, case, agency_staff, other_agency_staff, portfolio_office, ministry_official, admin_user
):
    from tests.access_matrix import Personas

    personas = Personas(agency_staff, other_agency_staff, portfolio_office, ministry_official, admin_user)
    for name, expected in case.expect.items():
        kwargs = case.setup(personas)
        user = getattr(personas, name)
        client.logout()
        if user is not None:
            client.force_login(user)
        data = case.data(personas) if callable(case.data) else case.data
        response = getattr(client, case.method)(reverse(case.url_name, kwargs=kwargs), data or {})
        assert response.status_code == expected, f"{case.url_name} as {name}"


def test_matrix_queue_and_rubric_pages_have_constant_query_counts(
    client, criteria, nav, portfolio_office, office2, django_assert_max_num_queries
):
    for _ in range(4):
        proposal = ProposalFactory(organisation=nav, status="assessing")
        submit_all(services.reviewer_assign(proposal=proposal, reviewer=office2, by=portfolio_office), criteria, [4, 2])
        waiting = ProposalFactory(organisation=nav, status="assessing")
        services.reviewer_assign(proposal=waiting, reviewer=portfolio_office, by=office2)
    client.force_login(portfolio_office)
    client.get(url("rubric"))  # the first request after login saves the session
    responses = {}
    for name in ("assessment_matrix", "rubric", "review_queue"):
        with django_assert_max_num_queries(8):  # +1: the session's second factor (django-otp reads the office's device)
            responses[name] = client.get(url(name))
        assert responses[name].status_code == 200
    assert responses["review_queue"].context["assignments"]
    assert len(responses["assessment_matrix"].context["points"]) == 4
    from portfolio.views.scoring import review_queue_panel

    with django_assert_max_num_queries(1):  # the home page gets the work queue panel in one query
        assert review_queue_panel(portfolio_office)["assignments"]


def test_office_sees_the_reviewers_comments_once_submitted(client, criteria, proposal, assignment, office2):
    services.score_save(
        assignment=assignment, criterion=criteria[0], value=4, comment="Sterkt behov", version=0, by=office2
    )
    client.force_login(assignment.assigned_by)
    assert "Sterkt behov" not in client.get(url("proposal_scoring", proposal.pk)).content.decode()  # a draft
    services.score_save(assignment=assignment, criterion=criteria[1], value=2, version=0, by=office2)
    services.score_submit(assignment=assignment, by=office2)
    assert "Sterkt behov" in client.get(url("proposal_scoring", proposal.pk)).content.decode()


def test_without_javascript_a_conflict_re_renders_the_whole_page_with_the_other_score(
    client, criteria, proposal, assignment, office2
):
    services.score_save(assignment=assignment, criterion=criteria[0], value=2, comment="Første", version=0, by=office2)
    client.force_login(office2)
    response = post_score(client, proposal, criteria[0], 5, version=0)
    html = response.content.decode()
    assert response.status_code == 422 and "<html" in html and "Første" in html
    assert html.count(f'id="score-{criteria[0].pk}"') == 1


def test_rubric_shows_retired_criteria_as_not_in_use(client, criteria, portfolio_office):
    services.criterion_update(criterion=criteria[1], data={"is_active": False}, version=1, by=portfolio_office)
    client.force_login(portfolio_office)
    html = client.get(url("rubric")).content.decode()
    assert "Kompleksitet" in html and ("Not in use" in html or "Ikke i bruk" in html)
