"""The columns of an import and how a cell becomes a value: text, numbers, dates, yes/no, a choice (its code or its
label in any of the portal's languages), organisations (organisation number or name) and life events (slug or
name). A cell that cannot be read raises `CellError` with a message naming what was expected."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from stdnum.no import orgnr as stdnum_orgnr

from core.models import Organisation
from lifeevents.models import LifeEvent

from .reading import FORMULA_STARTS, Cell

LIST_SEPARATOR = ";"
YES = {"ja", "j", "yes", "y", "true", "sann", "1", "x"}
NO = {"nei", "n", "no", "false", "usann", "0", ""}


class CellError(ValueError):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # lazy text: what the column holds, in the user's language
    type: str = "text"  # text, int, decimal, date, bool, choice, organisation, organisations, life_events, ref
    required: bool = False
    choices: Callable[[], list[tuple[str, str]]] | None = None  # (code, label) for a choice column
    max_length: int | None = None


def _plain_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def text(cell: Cell, column: Column) -> str:
    value = _plain_text(cell.value) if cell.value is not None else ""
    if value.startswith(FORMULA_STARTS):
        raise CellError(
            _("The text starts with “%(char)s”, which spreadsheets read as a formula; it is refused. Remove it.")
            % {"char": value[:1].strip() or "⇥"}
        )
    if "\x00" in value:
        raise CellError(_("The text holds a NUL character."))
    if column.max_length and len(value) > column.max_length:
        raise CellError(_("At most %(n)s characters (this has %(m)s).") % {"n": column.max_length, "m": len(value)})
    return value


def _number_text(value) -> str:
    return re.sub(r"[\s\u00a0\u202f]", "", str(value)).replace(",", ".")


def integer(cell: Cell, column: Column) -> int | None:
    value = cell.value
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, bool):
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": value})
    if isinstance(value, int):
        return value
    try:
        number = Decimal(_number_text(value))
    except InvalidOperation:
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": value}) from None
    if number != number.to_integral_value() or not number.is_finite():
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": value})
    return int(number)


def decimal(cell: Cell, column: Column) -> Decimal | None:
    value = cell.value
    if value is None or str(value).strip() == "":
        return None
    try:
        number = Decimal(_number_text(value))
    except InvalidOperation:
        raise CellError(_("“%(value)s” is not a number.") % {"value": value}) from None
    if not number.is_finite() or abs(number) >= Decimal("1e12"):
        raise CellError(_("“%(value)s” is not a number the portal can store.") % {"value": value})
    return number


def date(cell: Cell, column: Column) -> datetime.date | None:
    value = cell.value
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise CellError(_("“%(value)s” is not a date (write 2026-12-31 or 31.12.2026).") % {"value": raw})


def boolean(cell: Cell, column: Column) -> bool:
    raw = str(cell.value if cell.value is not None else "").strip().lower()
    if isinstance(cell.value, bool):
        return cell.value
    if raw in YES:
        return True
    if raw in NO:
        return False
    raise CellError(_("“%(value)s” is not yes or no (write “ja” or “nei”).") % {"value": cell.value})


def labels_in_every_language(choices: list[tuple[str, str]]) -> dict[str, str]:
    """{code or label, lower-cased: code}, with the labels in nb, nn and en."""
    known = {}
    for code, label in choices:
        known[code.lower()] = code
        for language in ("nb", "nn", "en"):
            with translation.override(language):
                known[str(label).strip().lower()] = code
    return known


class Lookups:
    """What the cells refer to, read once per file: organisations and life events by every name they go by.
    Organisations created by earlier rows of the same file are added (`add_organisation`)."""

    def __init__(self):
        self.organisations: dict[str, Organisation] = {}
        for organisation in Organisation.objects.all():
            self.add_organisation(organisation)
        self.life_events: dict[str, LifeEvent] = {}
        for event in LifeEvent.objects.all():
            for name in (event.slug, event.name_nb, event.name_nn, event.name_en):
                if name:
                    self.life_events[name.strip().lower()] = event
        self.choices: dict[str, dict[str, str]] = {}

    def add_organisation(self, organisation: Organisation) -> None:
        for name in (organisation.orgnr, organisation.name, organisation.short_name):
            if name:
                self.organisations.setdefault(name.strip().lower(), organisation)
        self.organisations[organisation.name.strip().lower()] = organisation

    def organisation(self, raw: str) -> Organisation:
        key = raw.strip().lower()
        digits = stdnum_orgnr.compact(key) if re.fullmatch(r"[\d\s]{9,11}", key) else None
        if digits is not None and not stdnum_orgnr.is_valid(digits):
            raise CellError(
                _("“%(value)s” is not a valid organisation number (nine digits with a valid check digit).")
                % {"value": raw}
            )
        found = self.organisations.get(digits or key)
        if found is None:
            raise CellError(
                _("Unknown organisation “%(value)s”: use its organisation number or its name in the portal.")
                % {"value": raw}
            )
        return found

    def life_event(self, raw: str) -> LifeEvent:
        found = self.life_events.get(raw.strip().lower())
        if found is None:
            raise CellError(_("Unknown life event “%(value)s”: see the sheet of allowed values.") % {"value": raw})
        return found

    def choice(self, column: Column, raw: str) -> str:
        if column.key not in self.choices:
            self.choices[column.key] = labels_in_every_language(column.choices())
        code = self.choices[column.key].get(raw.strip().lower())
        if code is None:
            allowed = ", ".join(code for code, _label in column.choices())
            raise CellError(
                _("“%(value)s” is not allowed here. Allowed: %(allowed)s.") % {"value": raw, "allowed": allowed}
            )
        return code


def _items(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(LIST_SEPARATOR) if item.strip()]


def convert(cell: Cell | None, column: Column, lookups: Lookups):
    """The value of one cell for its column (None/[] for an empty optional cell). Raises CellError."""
    cell = cell or Cell(None)
    if cell.formula or (isinstance(cell.value, str) and cell.value.startswith("=")):
        raise CellError(_("The cell holds a formula. The import reads values only: paste the values instead."))
    if column.type == "int":
        value = integer(cell, column)
    elif column.type == "decimal":
        value = decimal(cell, column)
    elif column.type == "date":
        value = date(cell, column)
    elif column.type == "bool":
        return boolean(cell, column)
    else:
        raw = text(cell, column)
        if column.type == "choice":
            value = lookups.choice(column, raw) if raw else ""
        elif column.type == "organisation":
            value = lookups.organisation(raw) if raw else None
        elif column.type == "organisations":
            value = [lookups.organisation(item) for item in _items(raw)]
        elif column.type == "life_events":
            value = [lookups.life_event(item) for item in _items(raw)]
        else:
            value = raw
    if column.required and value in (None, "", []):
        raise CellError(_("This column must be filled in."))
    if column.type == "int" and value is not None and value < 0:
        raise CellError(_("The number cannot be negative."))
    return value
