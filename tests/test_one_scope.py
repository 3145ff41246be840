"""One scope and one policy: every `visible_to` is built from `core.access.restrict()` and never needs DISTINCT; the
board's filters select by key; role properties decide nothing in views, forms or templates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from api.models import ApiToken
from core import access
from portfolio.queries import board as board_queries
from reports.models import ReportingRound
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import MeasureFactory, MissionFactory, ProposalFactory
from tests.factories.reports import ReportingRoundFactory

PERSONAS = ("agency_staff", "other_agency_staff", "portfolio_office", "ministry_official", "admin_user")
ROOT = Path(settings.BASE_DIR)


def _scoped_models():
    return [m for m in apps.get_models() if hasattr(m.objects, "visible_to")]


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_visible_to_needs_distinct(request, persona):
    user = request.getfixturevalue(persona)
    models = _scoped_models()
    assert len(models) >= 10
    for model in models:
        qs = model.objects.visible_to(user)
        assert not qs.query.distinct, f"{model.__name__}.objects.visible_to uses DISTINCT"
        if qs.query.is_empty():  # no rows for this user: no SQL at all
            continue
        assert "DISTINCT" not in str(qs.query).upper(), f"{model.__name__}: {qs.query}"


def test_the_boards_filters_select_by_key_without_distinct(portfolio_office, agency_staff):
    """A proposal in two life events and two missions is one card, and the SQL has no DISTINCT."""
    first, second = LifeEventFactory(), LifeEventFactory()
    m1, m2 = MissionFactory(), MissionFactory()
    proposal = ProposalFactory(organisation=agency_staff.organisation, status="harmonising")
    proposal.life_events.set([first, second])
    proposal.missions.set([m1, m2])
    for filters in (board_queries.BoardFilters(life_event=first.pk), board_queries.BoardFilters(mission=m2.pk)):
        with CaptureQueriesContext(connection) as sql:
            columns = board_queries.board(portfolio_office, filters)
        cards = [card["pk"] for column in columns for card in column.cards]
        assert cards == [proposal.pk]
        assert not any("DISTINCT" in q["sql"].upper() for q in sql.captured_queries)


# Role properties as permission checks: a user's role, staff or superuser flag read in a view, a form or a template.
ROLE_CHECK = re.compile(r"\buser\.(role|is_staff|is_superuser|is_agency_staff|is_administrator)\b")


# views.py, views_steering.py, decision_forms.py; not benefit_reviews.py (a service)
_VIEW_OR_FORM = re.compile(r"(^|_)(views|forms)(_|\.py$)")


def _views_forms_templates():
    for app in ("core", "lifeevents", "portfolio", "governance", "reports", "api", "history"):
        for path in (ROOT / app).rglob("*.py"):
            if _VIEW_OR_FORM.search(path.name) or path.parent.name in ("views", "forms"):
                yield path
    yield from (ROOT / "templates").rglob("*.html")


def test_no_view_form_or_template_asks_a_role():
    found = []
    for path in _views_forms_templates():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if ROLE_CHECK.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}")
    assert not found, "ask the policy (core.access.can / {% can %}), not the user's role:\n" + "\n".join(found)


@pytest.mark.parametrize("persona", PERSONAS)
def test_owed_status_reports_follow_the_policy(request, client, persona, agency_staff):
    """The round's page lists what the user's organisation still owes exactly when the policy says the user reports
    status (agency staff), whatever other role properties say."""
    user = request.getfixturevalue(persona)
    round_ = ReportingRoundFactory()
    MeasureFactory(owner=agency_staff.organisation, title="Skyldig tiltak")
    client.force_login(user)
    page = client.get(reverse("reports:round_detail", args=[round_.pk])).content.decode()
    reports = access.can(user, "report_status", round_)
    agencies = ("agency_staff", "other_agency_staff")
    assert reports == access.can(user, "report_status", ReportingRound) == (persona in agencies)
    assert ("Skyldig tiltak" in page) == (persona == "agency_staff")


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_tokens_are_listed_for_administrators_only(request, persona):
    user = request.getfixturevalue(persona)
    visible = ApiToken.objects.visible_to(user)
    assert visible.query.is_empty() == (persona != "admin_user")  # the office too sees none: not its scope


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_admin_link_follows_the_policy(request, client, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert (f'href="{reverse("admin:index")}"' in page) == access.can(user, "administer", type(user))
    assert access.can(user, "administer", type(user)) == user.is_staff


# ---- every visible_to from the one scope ----------------------------------------------------------------------------
# A user's own records (a saved view, a notification) are visible to that user alone, whatever the scope.
OWN_RECORDS = {"core.savedview", "core.notification"}
ROLE_OR_POLICY = re.compile(r"\b(can|require|is_office|is_administrator|is_agency_staff|is_staff_of)\(|\.role\b")


def test_every_visible_to_is_built_from_the_one_scope():
    """Each `visible_to` is `access.restrict(...)` or the rows of another model's `visible_to` (a review seen with
    its mission); none asks a role or the action policy itself (visibility is the scope's, acting the policy's)."""
    import inspect

    found = []
    for model in _scoped_models():
        label = model._meta.label_lower
        source = inspect.getsource(type(model.objects.all()).visible_to)
        if label in OWN_RECORDS:
            continue
        if "restrict(" not in source and ".visible_to(" not in source:
            found.append(f"{label}: not built with access.restrict()")
        if ROLE_OR_POLICY.search(source):
            found.append(f"{label}: asks a role or the policy: {ROLE_OR_POLICY.search(source).group(0)}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("persona", PERSONAS)
def test_webhooks_are_seen_in_the_one_scope(request, persona, agency_staff, ministry_official):
    from api.models import WebhookSubscription

    user = request.getfixturevalue(persona)
    hooks = {
        owner.username: WebhookSubscription.objects.create(
            organisation=owner.organisation, owner=owner, url="https://example.org/hook", events=["proposal.submitted"]
        )
        for owner in (agency_staff, ministry_official)
    }
    seen = {hook.owner.username for hook in WebhookSubscription.objects.visible_to(user)}
    own = {name for name, hook in hooks.items() if hook.organisation_id == user.organisation_id}
    assert seen == (set(hooks) if access.scope(user) == access.Scope.ALL else own)  # the office reads every one
    assert all(access.can(user, "view", h) for h in hooks.values() if h.owner.username in seen)  # one answer
