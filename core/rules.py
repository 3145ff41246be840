"""Who may do what with core's own records, registered with `core.access` by `CoreConfig.ready()`."""

from __future__ import annotations

from .access import is_administrator, is_office, rule


@rule("core.user", "change_role")
def _user_change_role(user, target) -> bool:
    """A user's role and organisation decide what they see: administrators only (never their own)."""
    if not is_administrator(user):
        return False
    return isinstance(target, type) or target.pk != user.pk


@rule("core.organisation", "create", "change")
def _organisation_change(user, organisation) -> bool:
    """Organisations are reference data the office keeps (the import, Enhetsregisteret's sync runs as the system)."""
    return is_office(user)


@rule("core.user", "reset_second_factor")
def _user_reset_second_factor(user, target) -> bool:
    """A lost phone: administrators remove a user's second factor (never their own: another administrator does)."""
    return _user_change_role(user, target)


@rule("core.savedview", "create")
def _saved_view_create(user, view) -> bool:
    """Every signed-in user saves their own views of the lists they see."""
    return user.is_authenticated


@rule("core.savedview", "view", "delete")
def _saved_view_own(user, view) -> bool:
    """A saved view is its user's own (SavedView.objects.visible_to shows no one else's)."""
    return isinstance(view, type) or view.user_id == user.pk


@rule("core.user", "administer")
def _user_administer(user, target) -> bool:
    """The Django admin (users, organisations, reference data): Django's own gate, staff status (AdminSite)."""
    return user.is_staff


@rule("core.notification", "view", "change")
def _notification_own(user, notification) -> bool:
    """A notification is its user's own (Notification.objects.visible_to shows no one else's); a signed-in user
    reads and marks their own."""
    if isinstance(notification, type):
        return user.is_authenticated
    return notification.user_id == user.pk


@rule("core.notificationpreference", "view", "change")
def _notification_settings_own(user, preference) -> bool:
    """Every signed-in user chooses how they are told (their own settings only)."""
    return user.is_authenticated and (isinstance(preference, type) or preference.user_id == user.pk)
