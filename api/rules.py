"""Who may do what with the API's own records, registered with `core.access` by `ApiConfig.ready()`."""

from __future__ import annotations

from core.access import is_administrator, is_class, is_office, rule
from core.models import Role


@rule("api.apitoken", "view", "issue", "revoke")
@rule("api.webhooksubscription", "administer")
def _token_admin(user, token) -> bool:
    """API tokens act as their user, and webhooks send what their owner may see: administrators manage both, for
    every organisation and owner (in the admin)."""
    return is_administrator(user)


SELF_SERVICE = (Role.AGENCY_STAFF, Role.MINISTRY_OFFICIAL, Role.PORTFOLIO_OFFICE)


@rule("api.webhooksubscription", "view")
def _webhook_read(user, subscription) -> bool:
    """Whoever manages it reads it, and the office reads every organisation's (as its scope, `visible_to`, says)."""
    return is_office(user) or _webhook_self_service(user, subscription)


@rule("api.webhooksubscription", "create", "change", "resend", "delete")
def _webhook_self_service(user, subscription) -> bool:
    """An organisation's own people manage its webhooks (each one they create is owned by themselves, so it sends
    only what they may see); administrators every organisation's."""
    if _token_admin(user, subscription):
        return True
    if user.organisation_id is None or user.role not in SELF_SERVICE:
        return False
    return is_class(subscription) or subscription.organisation_id == user.organisation_id
