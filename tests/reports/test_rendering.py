"""The renderers: the static-only URL fetcher, formula neutralisation, Excel/CSV, and a tagged A4 PDF."""

import datetime
import io

import pandas as pd
import pytest
from django.conf import settings
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from core.pdf import render_pdf, resolve_static, static_only_fetcher
from reports.rendering import neutralise, to_csv, to_xlsx

OWN = settings.SITE_URL.rstrip("/")


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/steal.css",
        "https://169.254.169.254/latest/meta-data/",
        f"{OWN}/admin/",  # our host, but not a static file
        f"{OWN}/static/../../etc/passwd",
        f"{OWN}/static/%2e%2e/%2e%2e/etc/passwd",
        "file:///etc/passwd",
        f"file://{settings.BASE_DIR}/config/settings.py",
        "ftp://example.org/x",
        "data:text/css,body{}",
        "gopher://example.org/",
    ],
)
def test_fetcher_refuses_everything_but_our_static_files(url):
    assert resolve_static(url) is None
    with pytest.raises(ValueError, match="refused"):
        static_only_fetcher().fetch(url)


def test_fetcher_serves_our_static_files():
    response = static_only_fetcher().fetch(f"{OWN}/static/reports/brief.css")
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


def test_fetcher_serves_only_the_documents_own_charts():
    fetcher = static_only_fetcher({"traffic-1": "<svg/>"})
    response = fetcher.fetch("chart:traffic-1")
    assert (response.read(), response.content_type) == (b"<svg/>", "image/svg+xml")
    with pytest.raises(ValueError, match="Unknown chart"):
        fetcher.fetch("chart:traffic-2")
    with pytest.raises(ValueError, match="Unknown chart"):
        static_only_fetcher().fetch("chart:traffic-1")


def test_a_chart_in_the_pdf_is_one_figure_with_its_title_as_alternative_text():
    from reports import charts

    chart = charts.stacked_bars("traffic-9", "Tiltak etter status", ["Prosjekt"], {"Grønn": [2], "Rød": [1]})
    with translation.override("nb"):
        pdf = render_pdf("reports/pdf/brief.html", {**_context(), "summary_charts": [chart]}, images={
            "traffic-9": chart["svg"]})  # fmt: skip
    figures = []

    def walk(node):
        node = node.get_object()
        if node.get("/S") == "/Figure":
            figures.append(node.get("/Alt"))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "get_object") and hasattr(kid.get_object(), "get"):
                walk(kid)

    walk(PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/StructTreeRoot"])
    assert figures == ["Tiltak etter status"]


def test_pdf_never_fetches_an_outside_url(monkeypatch):
    """Proposal text that smuggles a URL into the brief is not fetched: only the stylesheet is."""
    from core import pdf as renderer

    asked = []
    real = renderer.resolve_static
    monkeypatch.setattr(renderer, "resolve_static", lambda url: asked.append(url) or real(url))
    context = _context(name='<img src="http://example.org/x.png"> <link rel="stylesheet" href="file:///etc/passwd">')
    pdf = render_pdf("reports/pdf/brief.html", context)
    assert pdf.startswith(b"%PDF")
    assert all(url.startswith(f"{OWN}/static/") for url in asked)  # the name was escaped, never fetched


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+47 22", "'+47 22"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=x", "'\t=x"),
        ("\r=x", "'\r=x"),
        ("Trygg tekst", "Trygg tekst"),
        (-5, -5),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_xlsx_has_one_sheet_per_table_and_no_formulas():
    frames = {
        "Budsjett: per år": pd.DataFrame({"År": [2024, 2025], "Beløp (kr)": [100, -5]}),
        "Risiko": pd.DataFrame({"Tekst": ['=HYPERLINK("http://x")', "@cmd", "ok"]}),
    }
    workbook = load_workbook(io.BytesIO(to_xlsx(frames)))
    assert workbook.sheetnames == ["Budsjett  per år", "Risiko"]
    texts = [c.value for c in workbook["Risiko"]["A"]]
    assert texts == ["Tekst", '\'=HYPERLINK("http://x")', "'@cmd", "ok"]
    assert all(c.data_type != "f" for row in workbook["Risiko"].iter_rows() for c in row)
    assert [c.value for c in workbook["Budsjett  per år"]["B"]] == ["Beløp (kr)", 100, -5]


def test_csv_neutralises_and_keeps_numbers():
    data = to_csv(pd.DataFrame({"Navn": ["=2+2", "NAV"], "Sum": [1, -2]})).decode("utf-8-sig")
    assert data.splitlines() == ["Navn;Sum", "'=2+2;1", "NAV;-2"]


def _context(name="Alvorlig sykt barn"):
    now = datetime.datetime(2026, 5, 1, 12, 0, tzinfo=datetime.UTC)
    round_ = type("R", (), {"title": "Runde 2/2026", "deadline": now.date(), "get_status_display": lambda s: "Lukket"})
    table = {"title": "Budsjett", "columns": [{"label": "År"}], "rows": [[{"text": "2026"}]]}
    return {
        "round": round_(),
        "data_as_of": now,
        "generated_at": now,
        "summary": [],
        "sections": [{"name": name, "charts": [], "tables": [table]}],
        "annex": [],
    }


def test_pdf_is_tagged_a4_with_language():
    with translation.override("nb"):
        pdf = render_pdf("reports/pdf/brief.html", _context())
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nb"
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Alvorlig sykt barn" in text and "Runde 2/2026" in text


@pytest.mark.parametrize(
    ("message", "kept"),
    [
        ("Ignored `fill: #ffffff` at 1:1, unknown property.", False),
        ("Ignored `stroke-linejoin: miter` at 1:33, unknown property.", False),
        ("Ignored `text-anchor: end` at 1:194, unknown property.", False),
        ("Ignored `colr: red` at 3:1, unknown property.", True),  # a mistake in our own stylesheet is still logged
        ("Failed to load font", True),
    ],
)
def test_only_the_svg_style_noise_is_left_out_of_the_log(message, kept):
    import logging

    from core.pdf import _not_svg_style_noise

    record = logging.LogRecord("weasyprint", logging.WARNING, __file__, 1, message, None, None)
    assert _not_svg_style_noise(record) is kept


def test_a_worker_warms_up_the_renderers_when_it_starts(monkeypatch):
    """`worker_process_init` draws a chart and renders a page; a failure there is logged, never fatal."""
    from config import celery
    from reports import outputs

    calls = []
    monkeypatch.setattr(outputs, "render_brief", lambda context: calls.append(context) or b"%PDF")
    monkeypatch.setattr("gc.freeze", lambda: None)
    celery._warm_up_the_renderers()
    assert calls and "<svg" in calls[0]["summary_charts"][0]["svg"]

    monkeypatch.setattr(outputs, "render_brief", lambda context: 1 / 0)
    celery._warm_up_the_renderers()  # does not raise
