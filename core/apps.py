from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Users and organisations")

    def ready(self) -> None:
        from .forms import bump_choices
        from .pagecache import data_changed

        # Cached <select> options of the shared reference data go stale when one of its rows changes.
        post_save.connect(bump_choices, dispatch_uid="core.bump_choices.save")
        post_delete.connect(bump_choices, dispatch_uid="core.bump_choices.delete")
        # Cached pages go stale when any of the portfolio's data changes (core.pagecache).
        for name, signal in (("save", post_save), ("delete", post_delete), ("m2m", m2m_changed)):
            signal.connect(data_changed, dispatch_uid=f"core.pagecache.{name}")
