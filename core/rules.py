"""Who may do what with core's own records, registered with `core.access` by `CoreConfig.ready()`."""

from __future__ import annotations

from .access import rule
from .models import Role


@rule("core.user", "change_role")
def _user_change_role(user, target) -> bool:
    """A user's role and organisation decide what they see: administrators only (never their own)."""
    if not (user.is_superuser or user.role == Role.ADMINISTRATOR):
        return False
    return isinstance(target, type) or target.pk != user.pk
