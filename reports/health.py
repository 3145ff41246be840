"""The reports app's part of /health/ (core.health): the age of the oldest queued document and any document
left running by a dead worker."""

from django.conf import settings
from django.utils import timezone

from core.health import Check

from .choices import JobStatus
from .models import GeneratedReport


def queue_check() -> Check:
    oldest = (
        GeneratedReport.objects.filter(status=JobStatus.QUEUED).order_by("requested_at").values_list(
            "requested_at", flat=True
        )
    ).first()
    age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    return Check(age <= settings.REPORT_QUEUED_STALE, {"oldest_queued_seconds": round(age, 1)})
