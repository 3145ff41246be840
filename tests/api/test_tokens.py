"""API tokens: issued and revoked by administrators (in the admin, through api.services), audited, hashed."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient

from api.models import ApiToken, token_hash
from api.services import token_issue, token_revoke
from core.audit import action_label
from core.models import AuditEvent


def _client(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_a_token_acts_as_its_user_and_stops_when_revoked(agency_staff, admin_user):
    token, raw = token_issue(user=agency_staff, name="Saksbehandlingssystem", by=admin_user)
    assert token.key_hash == token_hash(raw) and raw not in (token.prefix, token.key_hash)  # only a hash is kept
    assert _client(raw).get("/api/v1/life-events/").status_code == 200
    token_revoke(token=token, by=admin_user)
    response = _client(raw).get("/api/v1/life-events/")
    assert response.status_code == 401
    assert response.json()["detail"] == "Nøkkelen er ugyldig eller trukket tilbake."
    actions = AuditEvent.objects.for_object(token).values_list("action", flat=True)
    assert sorted(actions) == ["api.token.issued", "api.token.revoked"]
    assert [action_label(a) for a in sorted(actions)] == ["API-nøkkel utstedt", "API-nøkkel trukket tilbake"]


def test_inactive_users_tokens_do_not_work(agency_staff, admin_user):
    _token, raw = token_issue(user=agency_staff, name="x", by=admin_user)
    agency_staff.is_active = False
    agency_staff.save(update_fields=["is_active"])
    assert _client(raw).get("/api/v1/life-events/").status_code == 401


@pytest.mark.parametrize("header", ["Bearer", "Bearer a b", "Bearer nonsense", "Bearer \u00e6\u00f8\u00e5"])
def test_bad_authorization_headers_are_401(header, db):
    response = APIClient().get("/api/v1/life-events/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_only_administrators_issue_and_revoke(portfolio_office, agency_staff, admin_user):
    with pytest.raises(PermissionDenied):
        token_issue(user=portfolio_office, name="x", by=portfolio_office)
    token, _raw = token_issue(user=agency_staff, name="x", by=admin_user)
    with pytest.raises(PermissionDenied):
        token_revoke(token=token, by=portfolio_office)


def test_admin_issues_a_token_shown_once_and_revokes_it(client, admin_user, agency_staff):
    client.force_login(admin_user)
    response = client.post("/admin/api/apitoken/add/", {"user": agency_staff.pk, "name": "Sak"}, follow=True)
    assert response.status_code == 200
    token = ApiToken.objects.get(user=agency_staff)
    shown = [str(m) for m in response.context["messages"] if "vises bare nå" in str(m)]
    raw = shown[0].rsplit(": ", 1)[1]
    assert token.key_hash == token_hash(raw)
    response = client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}, follow=True)
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == admin_user
    assert client.get(f"/admin/api/apitoken/{token.pk}/delete/").status_code == 403  # never deleted


def test_the_office_has_no_token_admin(client, portfolio_office):
    portfolio_office.is_staff = True
    portfolio_office.save(update_fields=["is_staff"])
    client.force_login(portfolio_office)
    assert client.get("/admin/api/apitoken/").status_code == 403
