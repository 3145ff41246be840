from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from core import health

        from . import (
            roadmap_rounds,  # noqa: F401 - provides the reporting rounds to the roadmap (core.extensions)
            rules,  # noqa: F401 - registers this app's access rules with core.access
        )
        from .health import queue_check

        health.register("queue", queue_check)
