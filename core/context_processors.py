from django.conf import settings


def portal(request):
    from .notifications import unread_count
    from .second_factor import applies_to

    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "OIDC_ENABLED": settings.OIDC_ENABLED,
        "NOTIFICATIONS_UNREAD": unread_count(getattr(request, "user", None)),  # the bell in the header
        "SECOND_FACTOR": settings.OTP_REQUIRED and applies_to(getattr(request, "user", None)),  # its page in the footer
    }
