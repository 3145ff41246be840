from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = _("Portfolio")

    def ready(self) -> None:
        from . import rules  # noqa: F401 - registers this app's access rules with core.access
        from .queries import lifeevents  # noqa: F401 - what portfolio adds to the life events' pages
