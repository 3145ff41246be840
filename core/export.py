"""Export any list: the rows the page's current filter selects, as CSV or Excel, through one mechanism.

A list view asks `requested(request)`; when the URL says `?export=csv` (or `xlsx`) it answers `response(...)` with
the same rows its page shows, read from the same `visible_to(user)` queryset and filter (the policy decides which
rows), and names its columns. Cells that a spreadsheet would run as a formula are written as text."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

FORMATS = ("csv", "xlsx")
MAX_ROWS = 20_000  # a list larger than this is narrowed with its filters first
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[object], object]


def requested(request) -> str | None:
    """The export format the URL asks for, or None for the page itself."""
    fmt = request.GET.get("export", "")
    return fmt if fmt in FORMATS else None


def query_without(request, *names: str) -> str:
    """The current query string without `names` (the page number, the export flag), for export and save links."""
    query = request.GET.copy()
    for name in ("page", "export", *names):
        query.pop(name, None)
    return query.urlencode()


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value  # never a formula in the user's spreadsheet
    return value if isinstance(value, int | float | datetime.date) else str(value)


class _Echo:
    def write(self, value):
        return value


def response(rows: Iterable, columns: list[Column], *, name: str, fmt: str) -> HttpResponse:
    """The rows as a download named `<name>-<date>.<fmt>`: CSV (UTF-8 with BOM, semicolons, as Norwegian Excel
    opens it), streamed; or an Excel workbook with one sheet."""
    filename = f"{name}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    header = [str(c.header) for c in columns]
    data = ([_cell(c.value(row)) for c in columns] for row in rows)
    if fmt == "csv":
        writer = csv.writer(_Echo(), delimiter=";")

        def lines():
            yield "\ufeff" + writer.writerow(header)
            for values in data:
                yield writer.writerow(values)

        out = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    else:
        book = Workbook(write_only=True)
        sheet = book.create_sheet(name[:31])
        sheet.append(header)
        for values in data:
            sheet.append(values)
        buffer = io.BytesIO()
        book.save(buffer)
        out = HttpResponse(buffer.getvalue(), content_type=XLSX)
    out["Content-Disposition"] = f'attachment; filename="{filename}"'
    return out
