"""Reading an uploaded table (Excel .xlsx or CSV) into rows of raw cells, refusing a bad file before any row is used.

Refused with a message in the user's language (`FileRefused`): a file too large, neither .xlsx nor CSV, a zip bomb
disguised as .xlsx (`core.archives` looks at the archive's headers before openpyxl opens it), a CSV that is not
UTF-8, no header row, unknown or missing columns, more rows than `IMPORT_MAX_ROWS`. A cell is kept with whether it
holds a formula: the rows refuse formulas (they are never evaluated, only reported).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core import archives

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class FileRefused(ValueError):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class Cell:
    value: object
    formula: bool = False


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, dict[str, Cell]]] = field(default_factory=list)  # (row number in the file, {column: cell})


def max_rows() -> int:
    return int(getattr(settings, "IMPORT_MAX_ROWS", 10_000))


def max_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_BYTES", 10 * 1024 * 1024))


def _too_many_rows():
    n = f"{max_rows():,}".replace(",", " ")
    return FileRefused(_("The file has more than %(n)s rows. Split it into files of at most %(n)s rows.") % {"n": n})


def _header(value) -> str:
    return str(value if value is not None else "").strip().lower()


def _empty(cells) -> bool:
    return all(c.value is None or str(c.value).strip() == "" for c in cells)


def _table(header_cells: list, body) -> Table:
    headers = [_header(c.value) for c in header_cells]
    while headers and headers[-1] == "":
        headers.pop()
    if not any(headers):
        raise FileRefused(_("The file has no header row. Start from the template: its first row names the columns."))
    table, limit = Table(headers=headers), max_rows()
    for number, cells in body:
        cells = cells[: len(headers)]
        if _empty(cells):
            continue
        if len(table.rows) >= limit:
            raise _too_many_rows()
        table.rows.append((number, {h: c for h, c in zip(headers, cells, strict=False) if h}))
    return table


def _xlsx(fileobj) -> Table:
    from openpyxl import load_workbook

    try:
        with archives.open_checked(fileobj):
            pass
    except archives.ArchiveRefused as e:
        raise FileRefused(e.message) from e
    except zipfile.BadZipFile as e:
        raise FileRefused(_("The file is not an Excel workbook (.xlsx). Save it as .xlsx or CSV and try again.")) from e
    try:
        book = load_workbook(fileobj, read_only=True, data_only=False)
    except Exception as e:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file; all mean "not readable"
        raise FileRefused(_("The Excel file could not be read. Save it again as .xlsx and try again.")) from e
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows()
        header = next(rows, None)
        if header is None:
            raise FileRefused(_("The file is empty."))

        def body():
            for number, row in enumerate(rows, start=2):
                yield number, [Cell(c.value, getattr(c, "data_type", None) == "f") for c in row]

        return _table([Cell(c.value) for c in header], body())
    finally:
        book.close()


def _csv(content: bytes) -> Table:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise FileRefused(_("The CSV file is not UTF-8. Save it as “CSV UTF-8” and try again.")) from e
    if "\x00" in text:
        raise FileRefused(_("The file is not a CSV text file."))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None:
            raise FileRefused(_("The file is empty."))

        def body():
            for number, row in enumerate(reader, start=2):
                yield number, [Cell(v) for v in row]

        return _table([Cell(v) for v in header], body())
    except csv.Error as e:
        raise FileRefused(_("The CSV file could not be read: %(error)s") % {"error": e}) from e


def read_table(fileobj, filename: str) -> Table:
    """The table of an uploaded file (a binary file object). Raises FileRefused."""
    fileobj.seek(0, 2)
    size = fileobj.tell()
    fileobj.seek(0)
    if size > max_bytes():
        raise FileRefused(
            _("The file is larger than %(mb)s MB. Split it into smaller files.") % {"mb": max_bytes() // (1024 * 1024)}
        )
    if size == 0:
        raise FileRefused(_("The file is empty."))
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        return _xlsx(fileobj)
    if name.endswith((".csv", ".txt")):
        return _csv(fileobj.read())
    raise FileRefused(_("Upload an Excel workbook (.xlsx) or a CSV file."))
