from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Users and organisations")

    def ready(self) -> None:
        from . import (
            documents,
            health,
            rules,  # noqa: F401 - registers core's access rules (a user's role and organisation)
        )

        health.register("queue", documents.queue_check)  # the oldest queued document of any kind


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on a site that asks for an OTP-verified session (core.admin_site)."""

    default = False  # named in INSTALLED_APPS in place of django.contrib.admin; "core" itself is CoreConfig
    default_site = "core.admin_site.PortalAdminSite"
