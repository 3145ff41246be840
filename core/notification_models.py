"""In-app notifications and each user's choice of how to hear about each kind (core/notifications.py writes them).

Imported by core/models.py so that Django finds them there.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from .choices import label_of


class NotificationKind(models.TextChoices):
    """What a notification is about: the kinds a user chooses a delivery for (core.notifications.notify)."""

    STEP = "step", _("My proposals change step")
    QUESTION = "question", _("Questions and answers about proposals")
    DECISION = "decision", _("Decisions and steering answers")
    NEW_PROPOSAL = "new_proposal", _("New proposals submitted")
    REVIEW = "review", _("Reviews assigned to me and their reminders")
    REPORTING = "reporting", _("Status reports: reminders and deadlines")
    SYSTEM = "system", _("Webhooks and other technical messages")


class Delivery(models.TextChoices):
    """How a user hears about a kind: the in-app notification is always made; the e-mail now, in a daily digest or
    not at all."""

    IMMEDIATE = "immediate", _("E-mail at once")
    DIGEST = "digest", _("One e-mail a day (digest)")
    NONE = "none", _("No e-mail, only here")


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A notification is its user's own: nobody else sees it (not even the office)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)  # a path inside the portal
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE)  # the language the text is written in
    delivery = models.CharField(_("e-mail"), max_length=20, choices=Delivery.choices, default=Delivery.IMMEDIATE)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)  # queued for e-mail (at once, or in the day's digest)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_time"),
            models.Index(fields=["user"], condition=models.Q(read_at__isnull=True), name="notification_user_unread"),
            models.Index(
                fields=["created_at"],
                condition=models.Q(delivery="digest", emailed_at__isnull=True),
                name="notification_digest_due",
            ),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.title

    def get_kind_display(self) -> str:
        return label_of(NotificationKind, self.kind)


class NotificationPreference(models.Model):
    """A user's delivery for one kind; a kind without a row is e-mailed at once (as the portal always did)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs")
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    delivery = models.CharField(_("e-mail"), max_length=20, choices=Delivery.choices, default=Delivery.IMMEDIATE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_pref_unique_kind")]
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} → {self.delivery}"


@receiver(user_logged_in, dispatch_uid="core.notifications.prime_unread")
def _prime_unread_count(sender, user, **kwargs) -> None:
    """Read the bell's unread count at sign-in, so the pages after it find it in the cache."""
    from .notifications import unread_count

    unread_count(user)
