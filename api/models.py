"""Per-user API tokens. Only a hash of the token is kept; the token itself is shown once, when it is issued."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import access
from core.models import PortalModel

PREFIX_LENGTH = 8  # the first characters of a token, kept in clear to tell tokens apart


def token_hash(raw: str) -> str:
    """A token is 32 random bytes: a plain SHA-256 is enough (no slow hash needed against guessing)."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Tokens are issued and revoked by administrators; nobody else lists them.
        return access.restrict(self, user, administrators_only=True)

    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(PortalModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. the system using it."))
    prefix = models.CharField(_("token begins with"), max_length=PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class WebhookEvent(models.TextChoices):
    PROPOSAL_SUBMITTED = "proposal.submitted", _("Proposal submitted")
    STEP_CHANGED = "proposal.step_changed", _("Step changed")
    DECISION_MADE = "decision.made", _("Decision made")
    REPORT_READY = "report.ready", _("Report ready")
    STATUS_REPORT_DUE = "status_report.due", _("Status report due")


def _own_organisation(user) -> models.Q:
    return models.Q(organisation_id=user.organisation_id)


class WebhookSubscriptionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one scope: administrators and the office all (the office reads others' but does not change them),
        agency staff and ministry officials their organisation's (the self-service pages). What they may do with
        one is the policy's (api/rules.py)."""
        return access.restrict(self, user, agency=_own_organisation, ministry=_own_organisation)


class WebhookSubscription(PortalModel):
    """An organisation's system is told of events at `url`, signed with `secret` (api.webhooks). It sees only what
    its `owner` may see; a subscription whose deliveries keep failing is paused and its owner told."""

    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="webhooks"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="webhooks",
        help_text=_("Deliveries hold only what this user may see, and this user is told when it is paused."),
    )
    url = models.URLField(_("URL"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(_("signing secret"), max_length=64, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True, editable=False)
    failures = models.PositiveIntegerField(_("failed deliveries in a row"), default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WebhookSubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "pk"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.url}"

    @property
    def event_labels(self) -> list[str]:
        labels = dict(WebhookEvent.choices)
        return [str(labels.get(event, event)) for event in self.events]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(PortalModel):
    """One event sent (or being sent) to one subscription: the delivery log."""

    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.PROTECT, related_name="deliveries")
    event = models.CharField(_("event"), max_length=40, choices=WebhookEvent.choices)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription.url}"
