from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LifeeventsConfig(AppConfig):
    name = "lifeevents"
    verbose_name = _("Life events")

    def ready(self) -> None:
        from . import rules, views  # noqa: F401 - registers the access rules and the home-page panel
