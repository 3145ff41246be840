"""Organisations kept in step with Enhetsregisteret (the Brønnøysund Register Centre's register of legal entities).

The source is the register's bulk file of units ("enheter") in its published JSON format: an array of units with
`organisasjonsnummer`, `navn`, `organisasjonsform {kode, beskrivelse}`, `institusjonellSektorkode {kode,
beskrivelse}`, `overordnetEnhet`, … — a path or an http(s) URL, gzip-compressed or not (settings.
ENHETSREGISTERET_SOURCE). The whole register is large, so the file is read as a stream, one unit at a time.

The organisations the portal has are updated (matched by organisation number): the register's name, form, sector
and parent unit. The agency → ministry hierarchy comes from the parent units: an organisation's parent becomes the
ministry whose organisation number is its `overordnetEnhet` (or that unit's own parent, one level up, for a unit
under a directorate). A unit new to the portal whose parent unit is one of its ministries, of an organisation form in
`ENHETSREGISTERET_CREATE_FORMS` (state agencies: ORGL), is created as an agency under that ministry. An organisation
whose unit is deleted in the register (`slettedato`, or absent from the bulk file, which holds every unit) is marked
inactive, never deleted (its proposals and measures keep it); it is active again if the unit comes back. Each
change is audited; a second run over the same file changes nothing.
"""

from __future__ import annotations

import gzip
import io
import json
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from stdnum.no import orgnr as stdnum_orgnr

from . import audit
from .models import Organisation, OrganisationKind

REGISTER_FIELDS = ["register_name", "organisation_form", "organisation_form_name", "sector_code", "sector_name"]
CHUNK = 1 << 16
TIMEOUT = 60


@dataclass
class SyncResult:
    read: int = 0  # units in the file
    matched: int = 0  # of ours
    changed: list[str] = field(default_factory=list)  # organisation numbers changed
    created: list[str] = field(default_factory=list)  # new units under our ministries, created
    deactivated: list[str] = field(default_factory=list)  # units deleted in the register, marked inactive
    invalid: list[str] = field(default_factory=list)  # organisation numbers that fail MOD11 (skipped)


@contextmanager
def _open(source: str) -> Iterator[io.BufferedIOBase]:
    """The file or URL as bytes, uncompressed when it is gzip (as the register publishes it)."""
    if source.startswith(("http://", "https://")):
        request = urllib.request.Request(source, headers={"Accept": "application/json"})  # noqa: S310
        raw = urllib.request.urlopen(request, timeout=TIMEOUT)  # noqa: S310 - the operator's configured URL
    else:
        raw = open(source, "rb")  # noqa: SIM115 - closed below
    with raw:
        stream = raw if hasattr(raw, "peek") else io.BufferedReader(raw)
        yield gzip.GzipFile(fileobj=stream) if stream.peek(2)[:2] == b"\x1f\x8b" else stream


def units(stream) -> Iterator[dict]:
    """The units of a JSON array, one at a time, without reading the whole array into memory."""
    decoder = json.JSONDecoder()
    text = io.TextIOWrapper(stream, encoding="utf-8")
    buffer, started = "", False
    while True:
        chunk = text.read(CHUNK)
        buffer += chunk
        position = 0
        while True:
            while position < len(buffer) and buffer[position] in " \t\r\n,":
                position += 1
            if not started and position < len(buffer):
                if buffer[position] != "[":
                    raise ValueError("Enhetsregisteret's bulk file is a JSON array of units.")
                started, position = True, position + 1
                continue
            if position < len(buffer) and buffer[position] == "]":
                return
            try:
                unit, end = decoder.raw_decode(buffer, position)
            except json.JSONDecodeError:
                if not chunk:
                    if buffer[position:].strip():
                        raise
                    return
                break  # the unit continues in the next chunk
            if isinstance(unit, dict):
                yield unit
            position = end
        buffer = buffer[position:]
        if not chunk:
            return


def _code(unit: dict, key: str) -> tuple[str, str]:
    value = unit.get(key) or {}
    return str(value.get("kode") or "")[:10], str(value.get("beskrivelse") or "")[:200]


def _register_values(unit: dict) -> dict:
    form, form_name = _code(unit, "organisasjonsform")
    sector, sector_name = _code(unit, "institusjonellSektorkode")
    return {
        "register_name": str(unit.get("navn") or "")[:200],
        "organisation_form": form,
        "organisation_form_name": form_name,
        "sector_code": sector,
        "sector_name": sector_name,
        "parent_orgnr": stdnum_orgnr.compact(str(unit.get("overordnetEnhet") or ""))[:9],
    }


def create_forms() -> set[str]:
    forms = getattr(settings, "ENHETSREGISTERET_CREATE_FORMS", "ORGL")
    return {f.strip().upper() for f in forms.split(",") if f.strip()}


@dataclass
class Read:
    found: dict[str, dict]  # our organisations' units, not deleted: {orgnr: values}
    parents: dict[str, str]  # every unit's parent unit: {orgnr: parent orgnr}
    new: dict[str, dict]  # units new to us whose parent is one of our ministries: {orgnr: values}
    deleted: dict[str, str]  # our units deleted in the register: {orgnr: date (ISO) or ""}
    result: SyncResult


def read(source: str) -> Read:
    """Our organisations' units from the file, the parent of every unit (for the units above ours), the units new
    to us under our ministries, our deleted units, and the counts."""
    ours = set(Organisation.objects.exclude(orgnr="").values_list("orgnr", flat=True))
    ministries = set(Organisation.objects.ministries().exclude(orgnr="").values_list("orgnr", flat=True))
    forms, seen = create_forms(), set()
    out = Read(found={}, parents={}, new={}, deleted={}, result=SyncResult())
    with _open(source) as stream:
        for unit in units(stream):
            out.result.read += 1
            number = stdnum_orgnr.compact(str(unit.get("organisasjonsnummer") or ""))
            if not stdnum_orgnr.is_valid(number):
                out.result.invalid.append(number[:20])
                continue
            seen.add(number)
            values = _register_values(unit)
            if values["parent_orgnr"]:
                out.parents[number] = values["parent_orgnr"]
            deleted = unit.get("slettedato")
            if number in ours and deleted:
                out.deleted[number] = str(deleted)[:10]
            elif number in ours:
                out.found[number] = values
            elif not deleted and values["parent_orgnr"] in ministries and values["organisation_form"] in forms:
                out.new[number] = values
    for number in ours - seen:
        out.deleted[number] = ""  # no longer in the bulk file of every unit: deleted
    out.result.matched = len(out.found)
    return out


def _ministry(parent_orgnr: str, parents: dict[str, str], ministries: dict[str, Organisation]):
    """The ministry above a unit: its parent unit when that is one of our ministries, else one level further up."""
    for number in (parent_orgnr, parents.get(parent_orgnr, "")):
        if number in ministries:
            return ministries[number]
    return None


SYNCED = [*REGISTER_FIELDS, "parent_orgnr", "parent", "is_active", "deleted_in_register_on"]


@transaction.atomic
def organisations_sync(*, source: str, by=None) -> SyncResult:
    """Update our organisations from the register's bulk file at `source`; `by=None` is the scheduler."""
    read_ = read(source)
    found, parents, result = read_.found, read_.parents, read_.result
    ministries = {o.orgnr: o for o in Organisation.objects.filter(kind=OrganisationKind.MINISTRY).exclude(orgnr="")}
    for organisation in Organisation.objects.select_for_update().filter(orgnr__in=found).order_by("pk"):
        values = found[organisation.orgnr]
        before = audit.snapshot(organisation, SYNCED)
        for name, value in values.items():
            setattr(organisation, name, value)
        organisation.is_active, organisation.deleted_in_register_on = True, None  # (back) in the register
        if organisation.kind != OrganisationKind.MINISTRY:
            ministry = _ministry(values["parent_orgnr"], parents, ministries)
            if ministry is not None and ministry.pk != organisation.pk:
                organisation.parent = ministry
        changes = audit.diff(before, audit.snapshot(organisation, SYNCED))
        if changes:
            organisation.save(update_fields=[*SYNCED, "updated_at"])
            audit.record(actor=by, action="core.organisation.synced", obj=organisation, changes=changes)
            result.changed.append(organisation.orgnr)
    _deactivate(read_.deleted, result, by)
    _create(read_.new, ministries, result, by)
    return result


def _deactivate(deleted: dict[str, str], result: SyncResult, by) -> None:
    """Units deleted in the register: marked inactive (never deleted here), with the date when the register gives it."""
    today = timezone.localdate()
    for organisation in Organisation.objects.select_for_update().filter(orgnr__in=deleted, is_active=True):
        on = parse_date(deleted[organisation.orgnr] or "") or today
        organisation.is_active, organisation.deleted_in_register_on = False, on
        organisation.save(update_fields=["is_active", "deleted_in_register_on", "updated_at"])
        changes = {"is_active": [True, False], "deleted_in_register_on": [None, on.isoformat()]}
        audit.record(actor=by, action="core.organisation.deactivated", obj=organisation, changes=changes)
        result.deactivated.append(organisation.orgnr)


def _name(values: dict, number: str) -> str:
    """The portal's name of a new unit: the register's (in capitals there) as a name is written, unique."""
    name = (values["register_name"] or number).capitalize()[:200]
    if Organisation.objects.filter(name__iexact=name).exists():
        name = f"{name[:188]} ({number})"
    return name


def _create(new: dict[str, dict], ministries: dict[str, Organisation], result: SyncResult, by) -> None:
    """Units new to the portal under one of its ministries: created as agencies under that ministry."""
    for number in sorted(new):
        values = new[number]
        ministry = ministries[values["parent_orgnr"]]
        organisation = Organisation(
            name=_name(values, number), kind=OrganisationKind.AGENCY, orgnr=number, parent=ministry, **values
        )
        organisation.save()
        changes = audit.snapshot(organisation, ["name", "orgnr", "parent", *REGISTER_FIELDS])
        audit.record(actor=by, action="core.organisation.registered", obj=organisation, changes=changes)
        result.created.append(number)
