"""Files for the import tests: workbooks and CSV made in memory."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

PROPOSAL_HEADERS = [
    "external_id", "title", "need", "organisation", "life_events", "estimated_cost", "submit",
    "solution", "expected_benefits", "beneficiaries",
]  # fmt: skip


def xlsx(headers, rows, name="forslag.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/octet-stream")


def csv_file(text: str, name="forslag.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def zip_bomb(name="forslag.xlsx") -> SimpleUploadedFile:
    """A small file whose one entry unpacks to 50 MB of zeros, named like a workbook."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/octet-stream")
