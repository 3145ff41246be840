"""The decision brief as a stored, versioned document (like the reports' documents): made by a worker, never in the
request. Each version of a decision (recorded, answered by a ministry, superseded) orders a new version of its
brief; the page shows the latest one's state and the latest ready one is downloaded. Services:
governance/decision_briefs.py, on core.documents (the worker, its lock and the sweeper)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core import access
from core.document_models import DocumentStatus, StoredDocument

BriefStatus = DocumentStatus  # a brief's state (core.documents)


def _on_visible_decisions(user):
    from .models import Decision

    return models.Q(decision_id__in=Decision.objects.visible_to(user).values("pk"))


class DecisionBriefQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The briefs of the decisions the user may see (a ministry: also those that name it)."""
        return access.restrict(self, user, agency=_on_visible_decisions, ministry=_on_visible_decisions)


class DecisionBrief(StoredDocument):
    decision = models.ForeignKey(
        "governance.Decision", verbose_name=_("decision"), on_delete=models.PROTECT, related_name="briefs"
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    reason = models.CharField(_("reason"), max_length=40, blank=True)  # recorded, answered, superseded
    language = models.CharField(_("language"), max_length=8, default="nb")
    file = models.FileField(_("file"), upload_to="decision-briefs/%Y/", blank=True)

    objects = DecisionBriefQuerySet.as_manager()

    class Meta:
        ordering = ["decision", "-version"]
        verbose_name = _("decision brief")
        verbose_name_plural = _("decision briefs")
        constraints = [models.UniqueConstraint(fields=["decision", "version"], name="decisionbrief_unique_version")]

    def __str__(self) -> str:
        return f"{self.decision_id} v{self.version}"

    @property
    def filename(self) -> str:
        return f"beslutningsnotat-{self.decision_id}-v{self.version}.pdf"
