"""Spreadsheet outputs of a report: an Excel workbook and CSV files. Cells that a spreadsheet would run as a formula
are neutralised (OWASP "CSV injection"). The PDF brief is rendered by `core.pdf`.
"""

from __future__ import annotations

import csv
import io

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


# ---- spreadsheets -------------------------------------------------------------------------------------------


def neutralise(value):
    """A text cell that a spreadsheet would evaluate (= + - @, tab, CR first) gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _plain(value):
    """pandas/numpy scalars and missing values as plain Python values for openpyxl."""
    if value is None:
        return None
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 900000, not 900000.0
    return value


def sheet_title(name: str, used: set[str]) -> str:
    base = str(name).translate(SHEET_NAME_FORBIDDEN).strip("'")[:31] or "Ark"
    title, n = base, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


def to_xlsx(frames, contents: tuple[str, str, str] | None = None) -> bytes:
    """One sheet per table. `frames` is `{sheet name: DataFrame}` (header in row 1), or a list of sheets
    `{"name", "heading", "subheading", "df"}`: the heading (life event and table) and the subheading (data date) in
    rows 1–2, the header in row 3. Headers are frozen, have an autofilter, numbers stay numbers. `contents`
    (sheet name, column labels "Sheet" and "Table") adds a first sheet listing every sheet with a link to it."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    sheets = [{"name": n, "df": df} for n, df in frames.items()] if isinstance(frames, dict) else list(frames)
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    index = workbook.create_sheet(sheet_title(contents[0], used)) if contents else None
    listed = []
    for spec in sheets:
        df = spec["df"]
        sheet = workbook.create_sheet(sheet_title(spec["name"], used))
        top = 1
        if spec.get("heading"):
            sheet.append([neutralise(spec["heading"])])
            sheet["A1"].font = Font(bold=True, size=13)
            sheet.append([neutralise(spec.get("subheading") or "")])
            top = 3
        sheet.append([neutralise(str(c)) for c in df.columns])
        for cell in sheet[top]:
            cell.font = Font(bold=True)
        for row in df.itertuples(index=False, name=None):
            sheet.append([neutralise(_plain(v)) for v in row])
        sheet.freeze_panes = f"A{top + 1}"
        if len(df.columns):
            last = sheet.cell(row=top + len(df), column=len(df.columns)).coordinate
            sheet.auto_filter.ref = f"A{top}:{last}"
        for i, column in enumerate(df.columns, start=1):
            width = min(60, max(10, len(str(column)) + 2))
            sheet.column_dimensions[sheet.cell(row=top, column=i).column_letter].width = width
        listed.append((sheet.title, spec.get("heading") or spec["name"]))
    if index is not None:
        index.append([neutralise(contents[1]), neutralise(contents[2])])
        for cell in index[1]:
            cell.font = Font(bold=True)
        for title, heading in listed:
            index.append([title, neutralise(heading)])
            link = index.cell(row=index.max_row, column=1)
            link.hyperlink = f"#'{title}'!A1"
            link.style = "Hyperlink"
        index.freeze_panes = "A2"
        index.column_dimensions["A"].width, index.column_dimensions["B"].width = 34, 90
    if not workbook.sheetnames:
        workbook.create_sheet("Tom")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def to_csv(df) -> bytes:
    """UTF-8 with BOM (Excel opens it right), semicolon-separated as Norwegian Excel expects."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(str(c)) for c in df.columns])
    for row in df.itertuples(index=False, name=None):
        writer.writerow(["" if (v := _plain(x)) is None else neutralise(v) for x in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
