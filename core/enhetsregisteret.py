"""Organisations kept in step with Enhetsregisteret (the Brønnøysund Register Centre's register of legal entities).

The source is the register's bulk file of units ("enheter") in its published JSON format: an array of units with
`organisasjonsnummer`, `navn`, `organisasjonsform {kode, beskrivelse}`, `institusjonellSektorkode {kode,
beskrivelse}`, `overordnetEnhet`, … — a path or an http(s) URL, gzip-compressed or not (settings.
ENHETSREGISTERET_SOURCE). The whole register is large, so the file is read as a stream, one unit at a time.

Only the organisations the portal already has are updated (matched by organisation number): the register's name,
form, sector and parent unit. The agency → ministry hierarchy comes from the parent units: an organisation's parent
becomes the ministry whose organisation number is its `overordnetEnhet` (or that unit's own parent, one level up,
for a unit under a directorate). Each change is audited; a second run over the same file changes nothing.
"""

from __future__ import annotations

import gzip
import io
import json
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
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


def read(source: str) -> tuple[dict[str, dict], dict[str, str], SyncResult]:
    """Our organisations' units from the file ({orgnr: values}), every unit's parent ({orgnr: parent orgnr}) for
    the units above ours, and the counts."""
    ours = set(Organisation.objects.exclude(orgnr="").values_list("orgnr", flat=True))
    found, parents, result = {}, {}, SyncResult()
    with _open(source) as stream:
        for unit in units(stream):
            result.read += 1
            number = stdnum_orgnr.compact(str(unit.get("organisasjonsnummer") or ""))
            if not stdnum_orgnr.is_valid(number):
                result.invalid.append(number[:20])
                continue
            if unit.get("overordnetEnhet"):
                parents[number] = stdnum_orgnr.compact(str(unit["overordnetEnhet"]))
            if number in ours:
                found[number] = _register_values(unit)
    result.matched = len(found)
    return found, parents, result


def _ministry(parent_orgnr: str, parents: dict[str, str], ministries: dict[str, Organisation]):
    """The ministry above a unit: its parent unit when that is one of our ministries, else one level further up."""
    for number in (parent_orgnr, parents.get(parent_orgnr, "")):
        if number in ministries:
            return ministries[number]
    return None


@transaction.atomic
def organisations_sync(*, source: str, by=None) -> SyncResult:
    """Update our organisations from the register's bulk file at `source`; `by=None` is the scheduler."""
    found, parents, result = read(source)
    ministries = {o.orgnr: o for o in Organisation.objects.filter(kind=OrganisationKind.MINISTRY).exclude(orgnr="")}
    for organisation in Organisation.objects.select_for_update().filter(orgnr__in=found).order_by("pk"):
        values = found[organisation.orgnr]
        before = audit.snapshot(organisation, [*REGISTER_FIELDS, "parent_orgnr", "parent"])
        for name, value in values.items():
            setattr(organisation, name, value)
        if organisation.kind != OrganisationKind.MINISTRY:
            ministry = _ministry(values["parent_orgnr"], parents, ministries)
            if ministry is not None and ministry.pk != organisation.pk:
                organisation.parent = ministry
        changes = audit.diff(before, audit.snapshot(organisation, [*REGISTER_FIELDS, "parent_orgnr", "parent"]))
        if changes:
            organisation.save(update_fields=[*REGISTER_FIELDS, "parent_orgnr", "parent", "updated_at"])
            audit.record(actor=by, action="core.organisation.synced", obj=organisation, changes=changes)
            result.changed.append(organisation.orgnr)
    return result
