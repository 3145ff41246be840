"""Notifications: the one place that turns "tell these people about this" into an in-app notification for each of
them and the e-mail their own setting asks for (at once, in the daily digest, or none), through core/mail.py after
the commit. Who is told is core/recipients.py (one named audience per rule); this module decides how.

The unread count in the header is read from the cache (one key per user, read at sign-in and dropped whenever the
user's notifications change), so a page does not pay a query for it each time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import access, audit, mail
from .notification_models import Delivery, Notification, NotificationKind, NotificationPreference

UNREAD_TTL = 3600  # seconds; the key is dropped on every change of the user's notifications anyway


def _unread_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def _forget_unread(user_ids: Iterable[int]) -> None:
    """Drop the cached counts now (this transaction's own reads) and again after the commit (a page that read the
    old count meanwhile must not keep it)."""
    keys = [_unread_key(pk) for pk in set(user_ids)]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


def unread_count(user) -> int:
    """How many of the user's notifications are unread (0 for the anonymous)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    key = _unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(user=user).unread().count()
        cache.set(key, count, UNREAD_TTL)
    return count


def deliveries_for(users: Iterable, kind: str) -> dict[int, str]:
    """Each user's delivery for `kind` (one query): their setting, or an e-mail at once when they chose none."""
    users = list(users)
    chosen = dict(
        NotificationPreference.objects.filter(user__in=[u.pk for u in users], kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    return {u.pk: chosen.get(u.pk, Delivery.IMMEDIATE) for u in users}


def notify(*, users: Iterable, kind: str, subject: str, body: str, url: str = "") -> list[Notification]:
    """Tell each of `users` (active ones, each once) about one event: an in-app notification each, and an e-mail
    to those who want it at once (one message per person, queued after the commit). `url` is a path in the portal;
    the e-mail's body is expected to carry its own full link, as the services always wrote it."""
    if kind not in NotificationKind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    people = {u.pk: u for u in users if u is not None and u.is_active}
    if not people:
        return []
    subject = mail.clean_header(subject)
    delivery = deliveries_for(people.values(), kind)
    now = timezone.now()
    rows = [
        Notification(
            user_id=pk,
            kind=kind,
            title=subject[:300],
            body=str(body),
            url=url[:500],
            language=settings.LANGUAGE_CODE,  # the services write what they tell in the site's language
            delivery=delivery[pk],
            emailed_at=now if delivery[pk] == Delivery.IMMEDIATE and person.email else None,
        )
        for pk, person in sorted(people.items())
    ]
    with transaction.atomic():
        Notification.objects.bulk_create(rows)
        for row in rows:
            if row.emailed_at is not None:
                mail.send_mail(subject, body, None, [people[row.user_id].email])
        _forget_unread(people)
    return rows


@transaction.atomic
def notification_read(*, notification: Notification, by) -> Notification:
    """Mark one of the user's notifications read (again: nothing changes)."""
    access.require(by, "change", notification)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        _forget_unread([by.pk])
    return notification


@transaction.atomic
def notifications_read_all(*, by) -> int:
    """Mark all the user's unread notifications read; how many were."""
    access.require(by, "change", Notification)
    count = Notification.objects.visible_to(by).unread().update(read_at=timezone.now())
    if count:
        _forget_unread([by.pk])
    return count


@transaction.atomic
def notification_preferences_save(*, by, deliveries: dict[str, str]) -> dict[str, list]:
    """Save the user's delivery for each kind given; audited with what changed."""
    access.require(by, "change", NotificationPreference)
    errors = {k: _("Choose how to be told.") for k, v in deliveries.items() if v not in Delivery.values}
    errors.update({k: _("Unknown kind of notification.") for k in deliveries if k not in NotificationKind.values})
    if errors:
        raise ValidationError(errors)
    current = dict(NotificationPreference.objects.filter(user=by).values_list("kind", "delivery"))
    changes = {}
    for kind, delivery in deliveries.items():
        before = current.get(kind, Delivery.IMMEDIATE)
        if before == delivery:
            continue
        NotificationPreference.objects.update_or_create(user=by, kind=kind, defaults={"delivery": delivery})
        changes[kind] = [before, delivery]
    if changes:
        audit.record(actor=by, action="core.notifications.settings_changed", obj=by, changes=changes)
    return changes


def preferences_of(user) -> list[tuple[str, str, str]]:
    """(kind, its label, the user's delivery) for every kind, in the order of NotificationKind."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return [(k.value, k.label, chosen.get(k.value, Delivery.IMMEDIATE)) for k in NotificationKind]


def digest_send(*, now=None) -> int:
    """The daily digest (beat): one e-mail per user with what waits for it, in the order it came; each notification
    is put in one digest only (marked in the same transaction that queues the e-mail). How many e-mails."""
    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        due = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(delivery=Delivery.DIGEST, emailed_at__isnull=True, created_at__lte=now, user__is_active=True)
            .exclude(user__email="")
            .select_related("user")
            .order_by("user_id", "created_at", "pk")
        )
        per_user = defaultdict(list)
        for row in due:
            per_user[row.user_id].append(row)
        for rows in per_user.values():
            sent += _digest_mail(rows)
        Notification.objects.filter(pk__in=[r.pk for r in due]).update(emailed_at=now)
    return sent


def _digest_mail(rows: list[Notification]) -> int:
    user = rows[0].user
    link = settings.SITE_URL + reverse("notification_list")
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("Your notifications from the life-event portfolio: %(count)s new") % {"count": len(rows)}
        parts = [f"• {r.title}" + (f"\n  {settings.SITE_URL}{r.url}" if r.url else "") for r in rows]
        body = "\n".join(parts) + "\n\n" + gettext("All your notifications: %(url)s") % {"url": link}
    return mail.send_mail(subject, body, None, [user.email])
