from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Users and organisations")

    def ready(self) -> None:
        from .forms import bump_choices

        # Cached <select> options of the shared reference data go stale when one of its rows changes.
        post_save.connect(bump_choices, dispatch_uid="core.bump_choices.save")
        post_delete.connect(bump_choices, dispatch_uid="core.bump_choices.delete")
