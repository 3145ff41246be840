"""Who may do what: the one place for permission rules.

Seeing an object is decided by `Model.objects.visible_to(user)`; an object the user may not see answers
404 (its existence does not leak). Acting on a visible object is decided here by `can(user, action, obj)`;
a visible object the user may not act on answers 403. Rules are keyed by the model's label, so `core`
never imports a domain app: each app registers its own predicates in its `rules.py`, loaded by its
`AppConfig.ready()`. An action without a rule is refused (deny by default).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404

from .models import Role

Rule = Callable[[object, object], bool]
_RULES: dict[tuple[str, str], Rule] = {}


def rule(label: str, *actions: str):
    def register(func: Rule) -> Rule:
        for action in actions:
            _RULES[(label, action)] = func
        return func

    return register


def can(user, action: str, obj: models.Model) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    check = _RULES.get((obj._meta.label_lower, action))
    return bool(check and check(user, obj))


def require(user, action: str, obj: models.Model) -> None:
    if not can(user, action, obj):
        raise PermissionDenied


def get_for_user(user, model: type[models.Model], pk, action: str = "view", **lookup) -> models.Model:
    """Fetch an object through `visible_to(user)` (404 when invisible), then check the action (403)."""
    obj = get_object_or_404(model.objects.visible_to(user), pk=pk, **lookup)
    if action != "view":
        require(user, action, obj)
    return obj


# ---- roles -------------------------------------------------------------------------------------------------


def is_office(user) -> bool:
    return user.is_superuser or user.role in (Role.PORTFOLIO_OFFICE, Role.ADMINISTRATOR)


def is_staff_of(user, organisation_id) -> bool:
    return (
        user.role == Role.AGENCY_STAFF and user.organisation_id is not None and user.organisation_id == organisation_id
    )


def can_order_reports(user) -> bool:
    return is_office(user) or user.role == Role.MINISTRY_OFFICIAL
