"""Who may import what, registered with `core.access` by `ImportsConfig.ready()`.

The office imports every kind; agency staff import proposals (their own organisation's: the intake service refuses
another organisation's row by row). Each row then goes through the same services as the pages, which ask the
policy again for that row."""

from __future__ import annotations

from core.access import is_agency_staff, is_class, is_office, rule

from .models import ImportKind, ImportStatus

J = "imports.importjob"


def may_import(user, kind: str) -> bool:
    if is_office(user):
        return True
    return kind == ImportKind.PROPOSALS and is_agency_staff(user)


@rule(J, "create")
def _import_create(user, job) -> bool:
    """Asked of the class: may the user import anything at all; of a job: that kind."""
    if is_class(job):
        return may_import(user, ImportKind.PROPOSALS)
    return may_import(user, job.kind)


@rule(J, "view")
def _import_view(user, job) -> bool:
    return True  # ImportJob.objects.visible_to decides


def _checked(job) -> bool:
    return job.status == ImportStatus.CHECKED


@rule(J, "run", when=_checked)
def _import_run(user, job) -> bool:
    """The one who uploaded it, or the office, starts the import after the dry run."""
    if is_class(job):
        return may_import(user, ImportKind.PROPOSALS)
    return may_import(user, job.kind) and (is_office(user) or job.created_by_id == user.pk)
