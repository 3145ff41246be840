"""Guessing passwords is slowed down without handing anyone a way to lock a victim out.

- The hard lock (django-axes) is keyed on the client's address only: behind the TLS proxy (`BEHIND_PROXY`) that
  is the address the proxy appended to `X-Forwarded-For` (its last entry; anything before it is the client's word
  and is ignored), otherwise `REMOTE_ADDR`. Five wrong passwords from one place lock that place, not the account.
- Per account, failed sign-ins from anywhere slow the next attempt down instead: after `LOGIN_SLOWDOWN_AFTER`
  failures, each further attempt must wait 1, 2, 4 … up to `LOGIN_SLOWDOWN_MAX_SECONDS` seconds after the last
  failure (the password is not even checked while waiting), so the real user gets in within a minute at worst.
- Wrong second-factor codes (core.second_factor) count as failed sign-ins here too, and the device's own wait
  (`device_wait_seconds`) is added.
- Administrators unlock an address or an account with `manage.py axes_reset_ip` / `axes_reset_username`, or by
  deleting its access attempts in the admin (Axes › Access attempts).
"""

from __future__ import annotations

import math

from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone


def client_ip(request) -> str | None:
    """The client's address as the trusted proxy saw it (axes' AXES_CLIENT_IP_CALLABLE)."""
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")


def account_wait_seconds(username: str) -> int:
    """Seconds the account must wait before the next attempt (0: go ahead)."""
    from axes.models import AccessAttempt

    if not username:
        return 0
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    recent = AccessAttempt.objects.filter(username=username[:255], attempt_time__gte=since).aggregate(
        failures=Sum("failures_since_start"), last=Max("attempt_time")
    )
    over = (recent["failures"] or 0) - settings.LOGIN_SLOWDOWN_AFTER
    if over < 0 or recent["last"] is None:
        return 0
    wait = min(2**over, settings.LOGIN_SLOWDOWN_MAX_SECONDS)
    left = wait - (timezone.now() - recent["last"]).total_seconds()
    return max(0, math.ceil(left))


def device_wait_seconds(devices) -> int:
    """Seconds before the next second-factor code may be tried (core.second_factor): django-otp doubles a device's
    wait after each wrong code (1, 2, 4 … seconds) and keeps it on the device, so signing in again does not reset it;
    the longest wait of the user's devices."""
    waits = [0]
    for device in devices:
        allowed, data = device.verify_is_allowed()
        if not allowed and data and data.get("locked_until"):
            waits.append(math.ceil((data["locked_until"] - timezone.now()).total_seconds()))
    return max(waits)
