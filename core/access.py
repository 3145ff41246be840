"""Who may do what: the registry of the one access policy, and the role and scope primitives it is built from.

Seeing an object is decided by `Model.objects.visible_to(user)`, each built with `restrict()` from the user's
`scope()`; an object the user may not see answers 404 (its existence does not leak). Acting on a visible object is
decided by `can(user, action, obj)`: one predicate per (model, action) that combines the user's role and scope with
the object's workflow state; a visible object the user may not act on answers 403. `can(user, action, Model)` with
a model class asks a class-level question ("may this user create a proposal at all?"); predicates get the class
then, and answer for the kind of object without looking at any one's state.

Rules are keyed by the model's label, so `core` never imports a domain app: each app registers its own predicates
in its `rules.py`, loaded by its `AppConfig.ready()`. An action without a rule is refused (deny by default).
Templates ask the same policy with `{% can "action" obj %}` (core/templatetags/access.py).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from .models import Role

Rule = Callable[[object, object], bool]
State = Callable[[object], bool]
_RULES: dict[tuple[str, str], tuple[Rule, State | None]] = {}


def rule(label: str, *actions: str, when: State | None = None):
    """Register the predicate of (`label`, action) for each action: the decorated function says *who* may (role
    and scope, given the user and the object or class); `when` says in which workflow states of the object the
    action is possible at all (`can` asks both; a class-level question asks only who)."""

    def register(func: Rule) -> Rule:
        for action in actions:
            _RULES[(label, action)] = (func, when)
        return func

    return register


def has_rule(label: str, action: str) -> bool:
    return (label, action) in _RULES


def _lookup(user, action: str, obj) -> tuple[Rule, State | None] | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return _RULES.get((obj._meta.label_lower, action))


def can(user, action: str, obj: models.Model | type[models.Model]) -> bool:
    """May `user` do `action` to `obj` now (an instance: role, scope and its workflow state), or to objects of that
    kind at all (a model class)? What pages offer is this answer."""
    found = _lookup(user, action, obj)
    if found is None:
        return False
    who, when = found
    # The state first: it reads the object's own fields, so a predicate that needs a query (a reviewer's assignment)
    # is asked only in a state where the action is possible at all.
    if when is not None and not is_class(obj) and not when(obj):
        return False
    return who(user, obj)


def is_class(obj) -> bool:
    """Whether a predicate was asked a class-level question (`can(user, "create", Proposal)`)."""
    return isinstance(obj, type)


def in_state(action: str, obj: models.Model) -> bool:
    """The workflow half of the rule alone: whether `obj`'s state allows `action` (services ask it of the row they
    locked, and say why not in a 4xx message)."""
    found = _RULES.get((obj._meta.label_lower, action))
    return found is not None and (found[1] is None or found[1](obj))


def require(user, action: str, obj: models.Model | type[models.Model]) -> None:
    """Refuse (403) a user whose role or scope does not allow `action` on `obj`. A refused workflow state is not a
    permission matter: the service checks it on the locked row and answers with a message (ValidationError)."""
    found = _lookup(user, action, obj)
    if found is None or not found[0](user, obj):
        raise PermissionDenied


class NotNow(Exception):  # noqa: N818 - named for what the user hears: not now
    """The user may do `action` to objects like `obj`, but not in its present workflow state (it was decided,
    shelved, terminated, closed …). A page answers 409 with a message and a link back to the object
    (`core.middleware.NotNowMiddleware`), never the form: a direct POST cannot do what the page no longer offers."""

    def __init__(self, obj: models.Model, action: str):
        super().__init__(f"{obj._meta.label_lower} {obj.pk}: {action!r} is not possible in its present state")
        self.obj, self.action = obj, action


def not_now_message(obj: models.Model) -> str:
    """What a refused workflow state tells the user, on the 409 page and in a service's message: the object's own
    `not_now_reason()` when it has one that says more than its status (e.g. a funding row an agreement wrote)."""
    reason = obj.not_now_reason() if hasattr(obj, "not_now_reason") else ""
    if reason:
        return reason
    status = obj.get_status_display() if hasattr(obj, "get_status_display") else ""
    if status:
        return _("“%(object)s” is “%(status)s”: this cannot be done now.") % {"object": obj, "status": status}
    return _("“%(object)s” does not allow this now.") % {"object": obj}


def check_state(action: str, obj: models.Model) -> None:
    """For services, on the row they locked: the workflow half of the rule, refused with a message (a 4xx)."""
    if not in_state(action, obj):
        raise ValidationError(not_now_message(obj), code="not_now")


def require_now(user, action: str, obj: models.Model | type[models.Model]) -> None:
    """`require`, then the workflow half of the rule: what a page offers (`can`) is exactly what its view accepts.
    Who may not: PermissionDenied (403); the state does not allow it: NotNow (409)."""
    require(user, action, obj)
    if not is_class(obj) and not in_state(action, obj):
        raise NotNow(obj, action)


def get_for_user(
    user, model: type[models.Model], pk, action: str = "view", *, queryset: models.QuerySet | None = None, **lookup
) -> models.Model:
    """Fetch an object through `visible_to(user)` (404 when invisible), then ask the policy for the action: who may
    (403) and whether the object's state allows it now (409, `NotNow`); the view then answers exactly as `can`.
    `queryset`: the model's rows with what the page reads with the object (`select_related`, annotations), to which
    `visible_to(user)` is applied the same."""
    rows = model.objects.all() if queryset is None else queryset
    obj = get_object_or_404(rows.visible_to(user), pk=pk, **lookup)
    if action != "view":
        require_now(user, action, obj)
    return obj


# ---- roles -------------------------------------------------------------------------------------------------


def is_office(user) -> bool:
    return user.is_superuser or user.role in (Role.PORTFOLIO_OFFICE, Role.ADMINISTRATOR)


def is_administrator(user) -> bool:
    """IT and operations: users, organisations, API tokens and webhooks."""
    return user.is_superuser or user.role == Role.ADMINISTRATOR


def is_agency_staff(user) -> bool:
    """Staff of an agency (their organisation's work); `is_staff_of` asks for one organisation."""
    return user.role == Role.AGENCY_STAFF and user.organisation_id is not None


def is_staff_of(user, organisation_id) -> bool:
    return (
        user.role == Role.AGENCY_STAFF and user.organisation_id is not None and user.organisation_id == organisation_id
    )


def is_ministry_official(user) -> bool:
    return user.role == Role.MINISTRY_OFFICIAL


# ---- scope: what part of the portfolio a user works in ------------------------------------------------------------


class Scope(Enum):
    ALL = "all"  # the portfolio office and administrators
    AGENCY = "agency"  # agency staff: their organisation's work (and what they review)
    MINISTRY = "ministry"  # ministry officials: the life events their ministry owns or takes part in
    NONE = "none"


def scope(user) -> Scope:
    """The one definition of each role's scope, which every `visible_to` is built from (`restrict`)."""
    if not getattr(user, "is_authenticated", False):
        return Scope.NONE
    if is_office(user):
        return Scope.ALL
    if is_ministry_official(user):
        return Scope.MINISTRY if user.organisation_id else Scope.NONE
    if user.role == Role.AGENCY_STAFF:
        return Scope.AGENCY
    return Scope.NONE


def ministry_of(user) -> int | None:
    """The ministry (organisation id) whose life events the user follows; None outside the ministry scope. The
    life events themselves are `LifeEvent.objects.of_ministry(id)`."""
    return user.organisation_id if scope(user) == Scope.MINISTRY else None


ScopeFilter = Callable[[object], "models.Q | models.QuerySet"]


def restrict(
    queryset: models.QuerySet,
    user,
    *,
    agency: ScopeFilter | None = None,
    ministry: ScopeFilter | None = None,
    public: bool = False,
    administrators_only: bool = False,
) -> models.QuerySet:
    """`queryset` as `user` may see it (NetBox's `RestrictedQuerySet.restrict`). The office sees every row, and
    so does every signed-in user when the rows are `public`; agency staff and ministry officials see the rows
    their scope's function selects: a `Q` on the row's own columns, or a query of primary keys used as a
    subquery (`pk__in`), so that no join multiplies the rows and no DISTINCT is needed. No function: no rows.
    `administrators_only`: rows only administrators see, whatever the scope (API tokens and webhooks)."""
    if administrators_only:  # operations' own records (API tokens, webhooks): not the office's scope
        return queryset if getattr(user, "is_authenticated", False) and is_administrator(user) else queryset.none()
    kind = scope(user)
    if kind == Scope.ALL or (public and getattr(user, "is_authenticated", False)):
        return queryset
    build = {Scope.AGENCY: agency, Scope.MINISTRY: ministry}.get(kind)
    if build is None:
        return queryset.none()
    rows = build(user)
    return queryset.filter(rows) if isinstance(rows, models.Q) else queryset.filter(pk__in=rows)
