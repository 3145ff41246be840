"""Issuing and revoking API tokens (audited)."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from core import access, audit

from .models import PREFIX_LENGTH, ApiToken, token_hash


@transaction.atomic
def token_issue(*, user, name: str, by) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the row and the token itself, which is shown once and never stored."""
    access.require(by, "issue", ApiToken)
    raw = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=raw[:PREFIX_LENGTH], key_hash=token_hash(raw), created_by=by
    )
    audit.record(actor=by, action="api.token.issued", obj=token, changes={"user": str(user), "name": token.name})
    return token, raw


@transaction.atomic
def token_revoke(*, token: ApiToken, by) -> ApiToken:
    """The token stops working at once. Revoking twice does nothing."""
    access.require(by, "revoke", token)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), by
        token.save(update_fields=["revoked_at", "revoked_by"])
        audit.record(actor=by, action="api.token.revoked", obj=token, changes={"user": str(token.user)})
    return token


def token_user(raw: str):
    """The active token for `raw` and its user, or None. The last use is noted at most once a minute."""
    token = ApiToken.objects.active().select_related("user").filter(key_hash=token_hash(raw)).first()
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # bookkeeping, not a case record
    return token
