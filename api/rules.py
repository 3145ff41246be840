"""Who may do what with the API's own records, registered with `core.access` by `ApiConfig.ready()`."""

from __future__ import annotations

from core.access import rule
from core.models import Role


@rule("api.apitoken", "view", "issue", "revoke")
@rule("api.webhooksubscription", "view", "create", "change", "resend")
def _token_admin(user, token) -> bool:
    """API tokens act as their user, and webhooks send what their owner may see: administrators manage both."""
    return user.is_superuser or user.role == Role.ADMINISTRATOR
