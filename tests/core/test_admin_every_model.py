"""Every model in the admin is classified: saved through a service that audits (`core.adminkit.ServiceAdmin`), read
only (a case record: no add, change or delete, superusers included), or one of the few reference and operations
records below that the admin keeps itself, each with the reason. A model registered anew with the admin's own rights
fails here until it is put in one of the three (issue 15: the admin is a client of the services)."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from core.adminkit import ServiceAdmin

# label -> why the admin's own add/change/delete is right for it (they are not case records of the portfolio).
ADMIN_KEPT = {
    "api.apitoken": "issued and revoked through api.services (audited); the token is shown once, never changed",
    "api.webhooksubscription": "added by an administrator for an organisation; changed on the owner's pages",
    "auth.group": "Django's groups (unused by the policy, which is core.access)",
    "axes.accessattempt": "sign-in lockout rows: an administrator unlocks an address by deleting them",
    "axes.accessfailurelog": "sign-in lockout log",
    "axes.accesslog": "sign-in log",
    "core.organisation": "the register of organisations (Enhetsregisteret's sync keeps its own fields)",
    "core.user": "accounts; the role and organisation change through core.services.user_change_role (audited)",
    "governance.allocationletter": "reference text from the allocation letters (source documents)",
    "governance.allocationmention": "reference text from the allocation letters (source documents)",
    "governance.fundingsource": "the list of funding sources",
    "lifeevents.lifeevent": "the strategy's life events (reference data, history-tracked)",
    "lifeevents.missionapproach": "reference data of a life event",
    "lifeevents.participation": "reference data of a life event",
    "lifeevents.supportingactivity": "reference data of a life event",
}


@pytest.fixture
def superuser_request(admin_user):
    request = RequestFactory().post("/admin/")
    request.user = admin_user  # a superuser and administrator: the widest rights there are
    return request


def test_every_model_in_the_admin_is_a_service_a_read_only_record_or_kept_with_a_reason(db, superuser_request):
    kept_by_the_admin = set()
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, ServiceAdmin):
            continue
        rights = (
            model_admin.has_add_permission(superuser_request),
            model_admin.has_change_permission(superuser_request),
            model_admin.has_delete_permission(superuser_request),
        )
        if any(rights):
            kept_by_the_admin.add(model._meta.label_lower)
        else:
            assert "delete_selected" not in model_admin.get_actions(superuser_request), model._meta.label
    assert kept_by_the_admin == set(ADMIN_KEPT), (
        f"not classified: {sorted(kept_by_the_admin - set(ADMIN_KEPT))}; "
        f"no longer kept by the admin: {sorted(set(ADMIN_KEPT) - kept_by_the_admin)}"
    )
