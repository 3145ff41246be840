from functools import cache

from django.conf import settings


def portal(request):
    """What the frame (templates/base.html) shows besides the page. The bell's count and whether the footer links the
    second-factor page are asked only when a template uses them (a fragment renders without them), once per render:
    a template calls a callable it is given, and `cache` keeps the first answer."""
    from .notifications import unread_count
    from .second_factor import applies_to

    user = getattr(request, "user", None)
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "OIDC_ENABLED": settings.OIDC_ENABLED,
        "NOTIFICATIONS_UNREAD": cache(lambda: unread_count(user)),  # the bell in the header
        "SECOND_FACTOR": cache(lambda: settings.OTP_REQUIRED and applies_to(user)),  # its page in the footer
    }
