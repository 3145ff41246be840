"""Access-matrix cases of the reports app (format: tests/access_matrix.py)."""

from tests.access_matrix import Case, Personas

ALL = {"anonymous": 302, "agency": 200, "other_agency": 200, "office": 200, "ministry": 200, "admin": 200}
OFFICE_ONLY_PAGE = {"anonymous": 302, "agency": 403, "other_agency": 403, "office": 200, "ministry": 403, "admin": 200}
OFFICE_ONLY_POST = {"anonymous": 302, "agency": 403, "other_agency": 403, "office": 302, "ministry": 403, "admin": 302}
READERS = {"anonymous": 302, "agency": 403, "other_agency": 403, "office": 200, "ministry": 200, "admin": 200}


def _world(personas: Personas) -> dict:
    """A round, a NAV measure in a life event ASD owns, and a finished restricted PDF of that life event."""
    from django.core.files.base import ContentFile

    from tests.factories.lifeevents import LifeEventFactory
    from tests.factories.portfolio import MeasureFactory
    from tests.factories.reports import GeneratedReportFactory, ReportingRoundFactory

    life_event = LifeEventFactory(owner_ministry=personas.ministry.organisation)
    measure = MeasureFactory(owner=personas.agency.organisation, life_events=[life_event])
    round_ = ReportingRoundFactory(opened_by=personas.office)
    document = GeneratedReportFactory(
        round=round_, life_event=life_event, is_restricted=True, status="done", filename="brief.pdf"
    )
    document.file.save("matrix.pdf", ContentFile(b"%PDF-1.7 matrix"), save=True)
    return {"round": round_.pk, "measure": measure.pk, "document": document.pk}


def _other_ministrys_document(personas: Personas) -> dict:
    from django.core.files.base import ContentFile

    from tests.factories.core import OrganisationFactory
    from tests.factories.lifeevents import LifeEventFactory
    from tests.factories.reports import GeneratedReportFactory

    other = LifeEventFactory(owner_ministry=OrganisationFactory(name="Kulturdepartementet", kind="ministry"))
    document = GeneratedReportFactory(life_event=other, is_restricted=True, status="done", filename="x.pdf")
    document.file.save("other.pdf", ContentFile(b"%PDF-1.7 other"), save=True)
    return {"pk": document.pk}


def _kw(*names, **rename):
    def setup(personas: Personas) -> dict:
        made = _world(personas)
        return {rename.get(n, n): made[n] for n in names}

    return setup


def _nothing(personas: Personas) -> dict:
    return {}


CASES: list[Case] = [
    Case("reports:round_list", _nothing, ALL),
    Case("reports:round_create", _nothing, OFFICE_ONLY_PAGE),
    Case("reports:round_detail", _kw("round", round="pk"), ALL),
    Case("reports:round_edit", _kw("round", round="pk"), OFFICE_ONLY_PAGE),
    Case("reports:round_close", _kw("round", round="pk"), OFFICE_ONLY_POST, method="post"),
    Case("reports:round_remind", _kw("round", round="pk"), OFFICE_ONLY_POST, method="post"),
    Case(
        "reports:status_report_edit",
        _kw("round", "measure", round="pk", measure="measure_pk"),
        {"anonymous": 302, "agency": 200, "other_agency": 404, "office": 200, "ministry": 200, "admin": 200},
        note="read-only for the office and the ministry; another agency cannot see the measure",
    ),
    Case(
        "reports:status_report_edit",
        _kw("round", "measure", round="pk", measure="measure_pk"),
        {"anonymous": 302, "agency": 302, "other_agency": 404, "office": 403, "ministry": 403, "admin": 403},
        method="post",
        data={"version": 0, "traffic": "green", "progress": 10},
        note="only the staff of the measure's owner organisation may report",
    ),
    Case("reports:report_detail", _kw("round", round="pk"), READERS),
    Case(
        "reports:report_order",
        _kw("round", round="pk"),
        {"anonymous": 302, "agency": 403, "other_agency": 403, "office": 302, "ministry": 302, "admin": 302},
        method="post",
        data={"kind": "pdf"},
    ),
    Case("reports:document_list", _nothing, READERS),
    Case(
        "reports:document_detail",
        _kw("document", document="pk"),
        {"anonymous": 302, "agency": 404, "other_agency": 404, "office": 200, "ministry": 200, "admin": 200},
    ),
    Case(
        "reports:document_download",
        _kw("document", document="pk"),
        {"anonymous": 302, "agency": 404, "other_agency": 404, "office": 200, "ministry": 200, "admin": 200},
    ),
    Case(
        "reports:document_download",
        _other_ministrys_document,
        {"anonymous": 302, "agency": 404, "other_agency": 404, "office": 200, "ministry": 404, "admin": 200},
        note="a ministry official never downloads another ministry's restricted report",
    ),
    Case("reports:ministry_dashboard", _nothing, READERS),
]


# ---- class-level questions of the policy (tests/test_access_matrix.py::test_class_level_policy) ------------------

from tests.access_matrix import ClassCase, class_expect  # noqa: E402

CLASS_CASES: list[ClassCase] = [
    ClassCase("reports.reportinground", "create", class_expect("office", "admin"), "open a reporting round"),
    ClassCase("reports.reportinground", "order", class_expect("office", "admin", "ministry"), "the ministry dashboard"),
    ClassCase("reports.reportinground", "refresh", class_expect("office", "admin"), "a new version of a document"),
]
