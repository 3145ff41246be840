"""The PDF lays its tables out in fixed mode with the widths the report computes (`outputs.column_widths`): a
number's column fits its longest number, a header gets room for its longest word, and the widths fill the table."""

import pandas as pd

from reports import outputs


def _cols(*specs):
    return [{"label": label, "numeric": numeric} for label, numeric in specs]


def test_widths_fill_the_table_and_fit_the_numbers():
    columns = _cols(("Tiltak", False), ("Eier", False), ("Budsjett (kr)", True))
    rows = [[{"text": "Digital sykefraværsdialog med arbeidsgiver"}, {"text": "NAV"}, {"text": "12 000 000"}]]
    widths = outputs.column_widths(columns, rows)
    assert abs(sum(widths) - 100) < 0.1
    # the number's column holds "12 000 000" (10 characters at 1.75 mm, with padding) of the 178 mm
    assert widths[2] / 100 * outputs.PDF_TEXT_WIDTH_MM >= 10 * 1.75 + 3.4 - 0.01
    assert widths[0] > widths[1]  # the longer text gets more of the width left


def test_a_header_keeps_room_for_its_longest_word_and_short_text_columns_are_not_crushed():
    columns = _cols(("Direktorat eller etat", False), ("Omtalt i tildelingsbrevet", False), ("Varsel", False))
    rows = [[{"text": "Direktoratet for e-helse (utførende virksomhet)"}, {"text": "Ja"}, {"text": ""}]]
    widths = outputs.column_widths(columns, rows)
    mm = [w / 100 * outputs.PDF_TEXT_WIDTH_MM for w in widths]
    assert mm[1] >= len("tildelingsbrevet") * 1.75 + 3.4 - 0.01


def test_too_many_columns_shrink_alike_and_an_empty_table_has_none():
    columns = _cols(*[(f"Kolonne nummer {i}", True) for i in range(14)])
    rows = [[{"text": "1 234 567 890"} for _ in range(14)]]
    widths = outputs.column_widths(columns, rows)
    assert abs(sum(widths) - 100) < 0.1 and len(set(widths)) == 1
    assert outputs.column_widths([], []) == []


def test_every_pdf_table_has_its_widths_and_the_template_writes_them():
    from django.template.loader import render_to_string

    df = pd.DataFrame({"Tiltak": ["A", "B"], "Budsjett (kr)": [1_000_000.0, 2.0]})
    table = outputs.table(df, "Tittel", "measures-1", max_rows=25)
    assert [round(c["width"], 1) for c in table["columns"]] and all(c["width"] > 0 for c in table["columns"])
    html = render_to_string("reports/pdf/_table.html", {"table": table})
    assert html.count('<col style="width: ') == 2
    css = (outputs.settings.BASE_DIR / "reports/static/reports/brief.css").read_text()
    assert "table-layout: fixed" in css
