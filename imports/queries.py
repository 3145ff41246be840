"""What the import pages show."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .kinds import KINDS
from .models import ImportJob, ImportKind
from .rules import may_import
from .services import progress_of

OUTCOMES = {
    "created": _("New"),
    "changed": _("Changed"),
    "unchanged": _("Unchanged"),
    "error": _("Error"),
}
SHOWN_ROWS = 500


def kinds_for(user) -> list[dict]:
    return [
        {"key": key, "label": label, "columns": KINDS[key].columns}
        for key, label in ImportKind.choices
        if key in KINDS and may_import(user, key)
    ]


def jobs_for(user):
    return ImportJob.objects.visible_to(user).select_related("created_by").defer("rows")[:20]


def job_page(job: ImportJob, user) -> dict:
    rows = sorted(job.rows or [], key=lambda r: (r["outcome"] != "error", r["row"]))
    shown = [r for r in rows if r["outcome"] != "unchanged"][:SHOWN_ROWS]
    for row in shown:
        row["label"] = OUTCOMES.get(row["outcome"], row["outcome"])
    summary = job.summary or {}
    previous = (
        ImportJob.objects.visible_to(user)
        .filter(sha256=job.sha256, kind=job.kind, imported_at__isnull=False)
        .exclude(pk=job.pk)
        .order_by("-imported_at")
        .only("imported_at")
        .first()
    )
    return {
        "progress": progress_of(job),
        "counts": [(OUTCOMES[k], summary.get(k, 0), k) for k in OUTCOMES],
        "rows": shown,
        "hidden": len([r for r in rows if r["outcome"] != "unchanged"]) - len(shown),
        "errors": summary.get("error", 0),
        "good": job.good_rows,
        "previous": previous,
    }
