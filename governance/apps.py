from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from . import (  # noqa: F401 - the access rules and the extension points
            agreements,  # noqa: F401 - registers the collaboration agreement's PDF with core.documents
            decision_briefs,  # noqa: F401 - registers the decision brief's kind with core.documents
            lifeevent_agreements,
            lifeevent_tables,
            queries,
            rules,
        )
