"""The report of the demo data, in every format, against DFØ-notat 2021:1 (Tables 3 and 4) and the portfolio's totals.

The numbers below are written by hand from the note (../shared/seeds/, «Tabell 3 Omtaler av livshendelsene i
tildelingsbrev og supplerende tildelingsbrev for 2020» and «Tabell 4 Oversikt over finansiering»), not read from the
loader's tables, so a loader or a report that drifts from the source fails here. The web page, the PDF (read back with
pypdf), the Excel workbook (openpyxl) and the CSV file must all show them.
"""

import csv
import datetime
import io
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from core.models import User
from lifeevents.models import LifeEvent
from portfolio.models import Measure
from reports import outputs
from reports.models import GeneratedReport
from reports.services import report_request, round_open

pytestmark = pytest.mark.django_db

FB, ASB, MFJ, NIN = "Få barn", "Alvorlig sykt barn", "Miste og finne jobb", "Ny i Norge"
SDB, DA, SDFO = "Starte og drive en bedrift", "Dødsfall og arv", "Starte og drive en frivillig organisasjon"
X = True
# Table 3, row by row as printed: life event, agency, «Omtalt i tildelingsbrev», «Fått oppdrag», «Varsel/info».
TABLE_3 = [
    (FB, "NAV", "Ja", False, X),
    (ASB, "HDIR", "Ja", X, False),
    (ASB, "Direktoratet for e-helse", "Ja", X, False),
    (ASB, "NAV", "Nei", False, False),
    (ASB, "Statped", "Nei", False, False),
    (ASB, "UDIR", "Ja", X, False),
    (MFJ, "NAV", "Ja", False, X),
    (NIN, "IMDi", "Ja", X, False),
    (NIN, "Digdir", "Nei", False, False),
    (NIN, "DFØ", "(Nei)*", False, False),
    (NIN, "UDI", "Nei", False, False),
    (NIN, "NAV", "Nei", False, False),
    (SDB, "Brønnøysundregistrene", "Ja", X, False),
    (SDB, "Arbeidstilsynet", "(Nei)*", False, X),
    (SDB, "Digdir", "Nei", False, False),
    (SDB, "DFØ", "(Nei)*", False, False),
    (SDB, "Skatteetaten", "Nei", False, False),
    (SDB, "SSB", "Nei", False, False),
    (DA, "Digdir", "Ja", X, False),
    (DA, "Kartverket", "Ja", False, X),
    (DA, "NAV", "Nei", False, False),
    (DA, "Skatteetaten", "Nei", False, False),
    (DA, "Statens vegvesen", "Nei", False, False),
    (DA, "Domstoladministrasjonen", "(Nei)*", False, False),
    (SDFO, "DFØ", "(Nei)*", False, False),
    (SDFO, "Lotteri- og stiftelsestilsynet", "(Nei)*", False, False),
    (SDFO, "Brønnøysundregistrene", "Ja", False, X),
    (SDFO, "Bufdir", "Ja", False, X),
]
TABLE_3_SUM = (11, 6, 6)  # «Sum 11 6 6»
# The sums per life event, counted by hand from the rows above: mentioned, assignments, notices.
SUMS_PER_LIFE_EVENT = {
    FB: (1, 0, 1),
    ASB: (3, 3, 0),
    MFJ: (1, 0, 1),
    NIN: (1, 1, 0),
    SDB: (1, 1, 1),
    DA: (2, 1, 1),
    SDFO: (2, 0, 2),
}
# Table 4, in Table 1's order: «Er arbeidet med livshendelsen finansiert?»
TABLE_4 = [
    (FB, "Nei", "Nei"),
    (ASB, "Delvis", "Delvis (StimuLab og ekstrabevilgning fra stortinget)"),
    (MFJ, "Nei", "Nei"),
    (NIN, "Delvis", "Delvis (Driftsmidler i tildelingsbrev)"),
    (
        SDB,
        "Delvis",
        "Delvis (StimuLab til en understøttende aktivitet og ekstra driftsmidler i tildelingsbrev til et prosjekt)",
    ),
    (DA, "Delvis", "Delvis (Medfinansieringsordningen)"),
    (SDFO, "Ja", "Ja (Medfinansieringsordningen og StimuLab)"),
]
# The demo portfolio (illustrative measures): distinct measures and their budgets, each counted once.
SHARED_MEASURE = "Felles innloggingskomponent for livshendelsene"  # in three life events
# «Tiltak i livshendelsen» = the measures in its portfolio: planned, ongoing and completed; a terminated measure
# («avviklet»: it gave no value) has left the portfolio and is counted apart. Counted by hand from the demo data:
# (measures not terminated, terminated) per life event.
MEASURES_PER_LIFE_EVENT = {FB: (3, 0), ASB: (5, 1), MFJ: (5, 0), NIN: (3, 1), SDB: (5, 0), DA: (5, 0), SDFO: (5, 0)}
MEASURES_TOTAL, TERMINATED_TOTAL, BUDGET_TOTAL = 26, 2, 104_450_000  # 28 measures, 105.5 MNOK with the terminated
MEASURES_LABEL = "Tiltak (unntatt avviklede)"
YES = "Ja"


def _expected_rows(life_event=None):
    """Table 3's rows as the report prints them: agency (role), mention, «Ja» for an assignment / a notice."""
    return [
        (event, agency, mention, YES if assignment else "", YES if notice else "")
        for event, agency, mention, assignment, notice in TABLE_3
        if life_event is None or event == life_event
    ]


def _same_rows(rows, life_event=None):
    """Compare a table's rows (life event?, agency (role), mention, assignment, notice) with Table 3."""
    expected = _expected_rows(life_event)
    assert len(rows) == len(expected)
    for row, (event, agency, mention, assignment, notice) in zip(rows, expected, strict=True):
        *lead, shown_agency, shown_mention, shown_assignment, shown_notice = [str(c or "") for c in row]
        if life_event is None:
            assert lead == [event]
        assert shown_agency.startswith(f"{agency} ("), (shown_agency, agency)
        assert (shown_mention, shown_assignment, shown_notice) == (mention, assignment, notice), shown_agency


@pytest.fixture
def demo_round(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    office = User.objects.get(username="office")
    round_ = round_open(title="Runde 1/2027", deadline=datetime.date.today() + datetime.timedelta(days=14), by=office)
    return round_, office


class Tables(HTMLParser):
    """The page's tables by id: rows of cell texts (header row first), and the paragraphs after each table."""

    def __init__(self):
        super().__init__()
        self.tables, self.current, self.row, self.cell = {}, None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id"):
            self.current = self.tables.setdefault(attrs["id"], [])
        elif tag == "tr" and self.current is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.current.append(self.row)
            self.row = None
        elif tag == "table":
            self.current = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def _documents(round_, office, capture) -> dict:
    """The whole portfolio's PDF, workbook and two CSV tables, generated as the worker does (eager Celery)."""
    with translation.override("nb"), capture(execute=True):
        report_request(round=round_, kind="pdf", params={"language": "nb"}, by=office)
        report_request(round=round_, kind="xlsx", params={"language": "nb"}, by=office)
        report_request(round=round_, kind="csv", params={"language": "nb", "table": "allocation"}, by=office)
        report_request(round=round_, kind="csv", params={"language": "nb", "table": "rollup"}, by=office)
    docs = {}
    for report in GeneratedReport.objects.filter(round=round_):
        assert report.status == "done", report.error
        key = report.kind if report.kind != "csv" else f"csv-{report.parameters['table']}"
        docs[key] = report.file.read()
    return docs


def _csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def _sheet(workbook, heading):
    for sheet in workbook.worksheets:
        if sheet["A1"].value == heading:
            return [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]
    raise AssertionError(f"no sheet titled {heading!r}: {[s['A1'].value for s in workbook.worksheets]}")


def test_the_web_page_shows_the_dfo_tables_and_counts_once(client, demo_round):
    round_, office = demo_round
    client.force_login(office)
    page = client.get(reverse("reports:report_detail", args=[round_.pk])).content.decode()
    tables = Tables()
    tables.feed(page)
    _table_3_and_4_on_the_page(page, tables)
    _a_measure_in_several_life_events_is_in_each_and_counted_once(page, tables)
    _unknown_amounts_are_unknown_not_zero(tables)


def _table_3_and_4_on_the_page(page, tables):
    whole = tables.tables["table-allocation"]
    assert whole[0] == [
        "Livshendelse",
        "Direktorat eller etat",
        "Omtalt i tildelingsbrevet",
        "Oppdrag gitt",
        "Varsel eller informasjon om et oppdrag",
    ]
    _same_rows(whole[1:-1])
    assert whole[-1] == ["Sum", "", *[str(n) for n in TABLE_3_SUM]]
    for event in LifeEvent.objects.all():
        table = tables.tables[f"table-allocation-{event.pk}"]
        _same_rows(table[1:-1], event.name_nb)
        assert table[-1] == ["Sum", *[str(n) for n in SUMS_PER_LIFE_EVENT[event.name_nb]]], event.name_nb
    funded = tables.tables["table-funding_status"]
    assert [tuple(r) for r in funded[1:]] == TABLE_4
    assert "(Nei)* = " in page  # the footnote under Table 3


def test_every_document_shows_the_dfo_tables_and_counts_once(client, demo_round, django_capture_on_commit_callbacks):
    """One test for the documents, as generating the whole portfolio's PDF is the slow part."""
    documents = _documents(*demo_round, django_capture_on_commit_callbacks)
    _every_place_counts_the_measures_of_a_life_event_alike(client, demo_round, documents)
    _pdf_has_tables_3_and_4(documents)
    _excel_has_tables_3_and_4(documents)
    _csv_has_table_3(documents)
    _totals_count_a_measure_once(documents)
    _a_dis_benefit_is_counted_once(documents)


def _pdf_has_tables_3_and_4(documents):
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(documents["pdf"])).pages).split())
    assert "Sum 11 6 6" in text
    for event, (mentioned, assignments, notices) in SUMS_PER_LIFE_EVENT.items():
        assert f"Sum {mentioned} {assignments} {notices}" in text, event
    for _event, agency, _mention, _a, _n in TABLE_3:
        assert f"{agency} (" in text
    assert text.count("(Nei)*") >= 7 + 1  # seven rows and the footnote
    for _event, _status, wording in TABLE_4:
        assert wording in text, wording
    assert "more rows are in the Excel workbook" not in text and "flere rader står i Excel" not in text


def _excel_has_tables_3_and_4(documents):
    workbook = load_workbook(io.BytesIO(documents["xlsx"]))
    assert workbook.sheetnames[0] == "Innhold"
    assert len(set(workbook.sheetnames)) == len(workbook.sheetnames)
    rows = _sheet(workbook, "Alle livshendelser – Omtaler i tildelingsbrevene (DFØ tabell 3)")
    assert rows[0][1:] == [
        "Direktorat eller etat",
        "Omtalt i tildelingsbrevet",
        "Oppdrag gitt",
        "Varsel eller informasjon om et oppdrag",
    ]
    _same_rows(rows[1:-1])
    assert rows[-1] == ["Sum", None, *TABLE_3_SUM]  # numbers as numbers
    for event, sums in SUMS_PER_LIFE_EVENT.items():
        per_event = _sheet(workbook, f"{event} – Omtaler i tildelingsbrevene (DFØ tabell 3)")
        _same_rows(per_event[1:-1], event)
        assert per_event[-1] == ["Sum", *sums]
    funded = _sheet(workbook, "Alle livshendelser – Er arbeidet finansiert? (DFØ tabell 4)")
    assert [tuple(r) for r in funded[1:]] == TABLE_4
    for sheet in workbook.worksheets[1:]:
        assert sheet.freeze_panes == "A4" and sheet.auto_filter.ref and sheet["A2"].value.startswith("Data per ")


def _csv_has_table_3(documents):
    rows = _csv(documents["csv-allocation"])
    assert rows[0][0] == "Livshendelse"
    _same_rows(rows[1:-1])
    assert rows[-1] == ["Sum", "", *[str(n) for n in TABLE_3_SUM]]


def _totals_count_a_measure_once(documents):
    measures = Measure.objects.exclude(status="terminated")
    count, budget = measures.count(), sum(m.budget or 0 for m in measures)
    assert (count, budget) == (MEASURES_TOTAL, BUDGET_TOTAL)  # the demo portfolio
    rollup = _csv(documents["csv-rollup"])
    header, total = rollup[0], rollup[-1]
    assert total[0] == "Sum"
    assert int(total[header.index(MEASURES_LABEL)]) == count
    assert int(total[header.index("Avviklet (ikke talt med)")]) == TERMINATED_TOTAL
    assert int(total[header.index("Budsjett (kr)")]) == budget
    per_event = sum(int(r[header.index(MEASURES_LABEL)]) for r in rollup[1:-1])
    assert per_event > count  # a measure in several life events is in each of their rows


def _every_place_counts_the_measures_of_a_life_event_alike(client, demo_round, documents):
    """The life-event list, each life event's page, the report page, the PDF, the workbook and the CSV table show
    the same number of measures (not terminated) and of terminated measures, per life event and in total."""
    round_, office = demo_round
    client.force_login(office)
    listing = Tables()
    listing.feed(client.get(reverse("lifeevents:lifeevent_list")).content.decode())
    header, *rows = listing.tables["life-events"]
    column = header.index(MEASURES_LABEL)
    assert {row[0].split(" Ditt departement")[0]: int(row[column]) for row in rows} == {
        event: n for event, (n, _t) in MEASURES_PER_LIFE_EVENT.items()
    }
    for event in LifeEvent.objects.all():
        n, terminated = MEASURES_PER_LIFE_EVENT[event.name_nb]
        page = " ".join(client.get(event.get_absolute_url()).content.decode().split())
        assert f'<p class="ds-paragraph" id="measure-count">{n} tiltak (unntatt avviklede).' in page, event
        if terminated:
            assert f'id="terminated-count">{terminated} avviklet tiltak er ikke talt med her.' in page, event
        else:
            assert 'id="terminated-count"' not in page, event
    report = Tables()
    report.feed(client.get(reverse("reports:report_detail", args=[round_.pk])).content.decode())
    expected = [[event, str(n), str(t)] for event, (n, t) in MEASURES_PER_LIFE_EVENT.items()]
    expected.append(["Sum", str(MEASURES_TOTAL), str(TERMINATED_TOTAL)])
    header, *rows = report.tables["table-rollup"]
    picked = [header.index("Livshendelse"), header.index(MEASURES_LABEL), header.index("Avviklet (ikke talt med)")]
    assert [[row[i] for i in picked] for row in rows] == expected
    for event in LifeEvent.objects.all():  # each life event's status table lists exactly the measures counted
        assert len(report.tables[f"table-measure_status-{event.pk}"]) - 1 == MEASURES_PER_LIFE_EVENT[event.name_nb][0]
    header, *rows = _csv(documents["csv-rollup"])
    assert [[row[i] for i in picked] for row in rows] == expected
    workbook = load_workbook(io.BytesIO(documents["xlsx"]))
    header, *rows = _sheet(workbook, "Alle livshendelser – Porteføljen samlet per livshendelse")
    assert [[row[i] for i in picked] for row in rows] == [[e, int(n), int(t)] for e, n, t in expected]
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(documents["pdf"])).pages).split())
    for event, n, t in expected:  # the roll-up's rows: life event, measures, 0 green, yellow, red, n not reported
        assert f"{event} {n} 0 0 0 {n} {t} " in text, event


def _a_measure_in_several_life_events_is_in_each_and_counted_once(page, tables):
    shared = Measure.objects.get(title=SHARED_MEASURE)
    events = list(shared.life_events.all())
    assert len(events) == 3
    for event in events:
        titles = [row[0] for row in tables.tables[f"table-measure_status-{event.pk}"][1:]]
        assert SHARED_MEASURE in titles, event
    summary = " ".join(page.replace("\xa0", " ").split())
    assert f"<dt>{MEASURES_LABEL}</dt><dd>26</dd>" in summary and "<dd>104 450 000</dd>" in summary
    rollup = tables.tables["table-rollup"]
    assert rollup[-1][:2] == ["Sum", "26"]
    assert sum(int(r[1]) for r in rollup[1:-1]) == 31  # 26 measures, one in three life events, two in two


def _a_dis_benefit_is_counted_once(documents):
    workbook = load_workbook(io.BytesIO(documents["xlsx"]))
    rows = _sheet(workbook, "Alle livshendelser – Hvem betaler og hvem får gevinsten")
    header, body = rows[0], {r[0]: r for r in rows[1:]}
    # «Digital sykefraværsdialog med arbeidsgiver»: a dis-benefit of 600 000 a year to Arbeidstilsynet, its cost
    # stated as the same 600 000: one loss, not a loss and a cost.
    arbeidstilsynet = body["Arbeidstilsynet"]
    assert arbeidstilsynet[header.index("Ulemper per år (kr)")] == 600_000
    assert arbeidstilsynet[header.index("Kostnader per år (kr)")] == 0
    assert arbeidstilsynet[header.index("Netto per år (kr)")] == -600_000


def _unknown_amounts_are_unknown_not_zero(tables):
    asb = LifeEvent.objects.get(slug="alvorlig-sykt-barn")
    header, *rows = tables.tables[f"table-funding-{asb.pk}"]
    funding = {row[0]: row for row in rows}
    # Table 4 names an extra appropriation from the Storting for «Alvorlig sykt barn» in 2020, without an amount
    extra = funding["Ekstrabevilgning fra Stortinget"]
    assert extra[header.index("2020")] == "ukjent" and extra[header.index("Totalt")] == "ukjent"


def test_the_brief_of_one_life_event_holds_only_it(demo_round, django_capture_on_commit_callbacks):
    round_, office = demo_round
    asb = LifeEvent.objects.get(slug="alvorlig-sykt-barn")
    with translation.override("nb"):
        built = outputs.built_for(round_, asb.pk)
        context = outputs.report_context(round_, built, max_rows=outputs.PDF_MAX_ROWS_ONE_LIFE_EVENT)
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(outputs.render_brief(context))).pages)
    text = " ".join(text.split())
    assert "Sum 3 3 0" in text and "Sum 11 6 6" not in text
    assert "Brønnøysundregistrene (" not in text  # an agency of other life events' rows
