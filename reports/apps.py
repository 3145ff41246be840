from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from . import (
            roadmap_rounds,  # noqa: F401 - provides the reporting rounds to the roadmap (core.extensions)
            rules,  # noqa: F401 - registers this app's access rules with core.access
        )
        from .services import documents  # noqa: F401 - registers the documents' kind with core.documents
