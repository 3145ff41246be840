from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Users and organisations")

    def ready(self) -> None:
        from . import rules  # noqa: F401 - registers core's access rules (a user's role and organisation)
