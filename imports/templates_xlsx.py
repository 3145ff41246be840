"""The downloadable template of each kind: the data sheet with the column names (and drop-down lists where the
values are fixed), a sheet describing each column, and a sheet of the allowed values (life events, organisations,
the choices), which the drop-down lists point to."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from core.models import Organisation
from lifeevents.models import LifeEvent

from .columns import Column
from .kinds import KINDS

TYPE_HELP = {
    "text": _("Text"),
    "int": _("A whole number"),
    "decimal": _("A number"),
    "date": _("A date (2026-12-31)"),
    "bool": _("ja or nei"),
    "choice": _("One of the allowed values"),
    "organisation": _("An organisation (number or name)"),
    "organisations": _("Organisations, separated by ;"),
    "life_events": _("Life events, separated by ;"),
}


def _type_help(column: Column) -> str:
    return str(TYPE_HELP.get(column.type, TYPE_HELP["text"]))


def _allowed(column: Column) -> list[str]:
    if column.type == "choice":
        return [code for code, _label in column.choices()]
    if column.type == "bool":
        return ["ja", "nei"]
    if column.type in ("organisation", "organisations"):
        return list(Organisation.objects.filter(is_active=True).values_list("name", flat=True))
    if column.type == "life_events":
        return list(LifeEvent.objects.values_list("name_nb", flat=True))
    return []


def template_workbook(kind: str) -> bytes:
    spec = KINDS[kind]
    book = Workbook()
    data = book.active
    data.title = _t("Data")[:31]
    values = book.create_sheet(_t("Allowed values")[:31])
    guide = book.create_sheet(_t("Columns")[:31])
    guide.append([_t("Column"), _t("What it holds"), _t("Required"), _t("Format")])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        data.cell(row=1, column=index, value=column.key).font = Font(bold=True)
        data.column_dimensions[letter].width = max(14, len(column.key) + 4)
        guide.append([column.key, str(column.label), _t("Yes") if column.required else _t("No"), _type_help(column)])
        allowed = _allowed(column)
        values.cell(row=1, column=index, value=column.key).font = Font(bold=True)
        for row, value in enumerate(allowed, start=2):
            values.cell(row=row, column=index, value=value)
        if allowed and column.type in ("choice", "bool", "organisation"):
            source = f"{quote_sheetname(values.title)}!${letter}$2:${letter}${len(allowed) + 1}"
            validation = DataValidation(type="list", formula1=source, allow_blank=not column.required)
            validation.error = _t("Choose one of the allowed values.")
            validation.showErrorMessage = True
            data.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}5000")
    guide.column_dimensions["A"].width = 22
    guide.column_dimensions["B"].width = 70
    data.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
