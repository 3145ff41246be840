"""An import of one file: what was uploaded, by whom, and the outcome of each row (the dry run's, then the
import's). The file itself is kept in the default storage (local or S3), where the worker reads it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import access
from core.models import PortalModel


class ImportKind(models.TextChoices):
    PROPOSALS = "proposals", _("Proposals")
    MEASURES = "measures", _("Measures")
    BENEFITS = "benefits", _("Benefits")
    ORGANISATIONS = "organisations", _("Organisations")


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Dry run in progress")
    CHECKED = "checked", _("Dry run done: ready to import")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


PENDING = (ImportStatus.CHECKING, ImportStatus.IMPORTING)


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The office sees every import; others the imports they uploaded themselves."""
        return access.restrict(self, user, agency=lambda u: models.Q(created_by_id=u.pk))


class ImportJob(PortalModel):
    kind = models.CharField(_("what is imported"), max_length=20, choices=ImportKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.CHECKING)
    file = models.FileField(_("file"), max_length=300)
    filename = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(max_length=64)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    rows = models.JSONField(default=list, blank=True)  # the outcome of each row, of the last run
    summary = models.JSONField(default=dict, blank=True)  # {outcome: count}
    message = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    checked_at = models.DateTimeField(_("dry run done"), null=True, blank=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["created_by", "-created_at"], name="importjob_by_created")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.filename}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("imports:import_detail", kwargs={"pk": self.pk})

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING

    @property
    def good_rows(self) -> int:
        return sum(n for outcome, n in (self.summary or {}).items() if outcome != "error")
