from django.conf import settings


def portal(request):
    return {"DEMO_MODE": settings.DEMO_MODE, "OIDC_ENABLED": settings.OIDC_ENABLED}
