from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = _("Portfolio")

    def ready(self) -> None:
        from . import rules, rules_benefit_reviews, rules_call_intake  # noqa: F401 - register the access rules
        from .queries import benefit_reviews, lifeevents, public_access  # noqa: F401 - start-page tasks, life-event pages
