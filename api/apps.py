from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from . import (
            rules,  # noqa: F401 - registers this app's access rules with core.access
            schema,  # noqa: F401 - the token scheme in the OpenAPI schema
        )
        from .signals import connect

        connect()  # webhook events from the audit trail
