from django.db import models
from django.utils.translation import gettext_lazy as _

from core.document_models import DocumentStatus


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Traffic(models.TextChoices):
    GREEN = "green", _("Green – on track")
    YELLOW = "yellow", _("Yellow – at risk")
    RED = "red", _("Red – off track")


class StatusReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class DocumentKind(models.TextChoices):
    PDF = "pdf", _("PDF brief")
    XLSX = "xlsx", _("Excel workbook")
    CSV = "csv", _("CSV table")


JobStatus = DocumentStatus  # a document's state (core.documents)


CONTENT_TYPES = {
    DocumentKind.PDF: "application/pdf",
    DocumentKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    DocumentKind.CSV: "text/csv; charset=utf-8",
}
