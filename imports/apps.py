from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = _("Import")

    def ready(self) -> None:
        from . import rules  # noqa: F401 - registers this app's access rules with core.access
