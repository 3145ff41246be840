"""The admin site wants an OTP-verified session (django-otp's OTPAdminSite) from everyone who may open it, whatever
way they signed in; `SecondFactorMiddleware` sends an unverified session to the code step first
(core.second_factor). With `OTP_REQUIRED` off (local development only) it is Django's plain admin site."""

from django.conf import settings
from django.contrib.admin import AdminSite
from django_otp.admin import OTPAdminSite


class PortalAdminSite(OTPAdminSite):
    def __init__(self, name: str = "admin"):
        super().__init__(name)

    def has_permission(self, request) -> bool:
        if not settings.OTP_REQUIRED:
            return AdminSite.has_permission(self, request)
        return super().has_permission(request)
