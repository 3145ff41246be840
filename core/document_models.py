"""The abstract model of a stored, versioned document made by the worker (the service: core/documents.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import PortalModel


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class StoredDocument(PortalModel):
    """One version of a document: the row is the durable order, the file is set only once it is complete.

    A subclass adds what the document is of (a foreign key, a version number and its unique constraint) and
    overrides `file` for its own `upload_to` folder; a `progress` field (0–100) is kept up to date when it has one.
    """

    status = models.CharField(_("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to="documents/%Y/", blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    requested_at = models.DateTimeField(_("ordered"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True

    @property
    def is_done(self) -> bool:
        return self.status == DocumentStatus.DONE

    @property
    def is_pending(self) -> bool:
        return self.status in (DocumentStatus.QUEUED, DocumentStatus.RUNNING)

    @property
    def is_failed(self) -> bool:
        return self.status == DocumentStatus.FAILED
