"""Access-matrix cases of the import (format: tests/access_matrix.py): the office imports every kind, agency staff
import proposals, ministry officials nothing; an import is seen by the office and the one who uploaded it."""

from tests.access_matrix import Case, ClassCase, Personas, class_expect

IMPORTERS = {"anonymous": 302, "agency": 200, "other_agency": 200, "office": 200, "ministry": 403, "admin": 200}
OFFICE_ONLY = {"anonymous": 302, "agency": 403, "other_agency": 403, "office": 200, "ministry": 403, "admin": 200}
UPLOADER = {"anonymous": 302, "agency": 200, "other_agency": 404, "office": 200, "ministry": 404, "admin": 200}
RUN = {"anonymous": 302, "agency": 302, "other_agency": 404, "office": 302, "ministry": 404, "admin": 302}


def _nothing(personas: Personas) -> dict:
    return {}


def _proposals(personas: Personas) -> dict:
    return {"kind": "proposals"}


def _measures(personas: Personas) -> dict:
    return {"kind": "measures"}


def _agency_job(personas: Personas) -> dict:
    """A dry-run-done import of proposals uploaded by NAV's staff."""
    from imports.models import ImportJob

    job = ImportJob.objects.create(
        kind="proposals", file="imports/matrix.csv", filename="matrix.csv", sha256="0" * 64,
        created_by=personas.agency, status="checked", summary={"created": 1},
    )  # fmt: skip
    return {"pk": job.pk}


CASES: list[Case] = [
    Case("imports:import_home", _nothing, IMPORTERS),
    Case("imports:import_template", _proposals, IMPORTERS),
    Case("imports:import_template", _measures, OFFICE_ONLY, note="measures, benefits, organisations: the office"),
    Case(
        "imports:import_upload",
        _nothing,
        {"anonymous": 302, "agency": 422, "other_agency": 422, "office": 422, "ministry": 403, "admin": 422},
        method="post",
        note="no file: the form again with its error",
    ),
    Case("imports:import_detail", _agency_job, UPLOADER),
    Case("imports:import_run", _agency_job, RUN, method="post", note="the uploader or the office starts it"),
]

CLASS_CASES: list[ClassCase] = [
    ClassCase("imports.importjob", "create", class_expect("agency", "other_agency", "office", "admin"), "the menu"),
]
