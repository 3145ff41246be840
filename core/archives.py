"""Zip archives from outside (Office documents are zip files): looked into by their headers only, never unpacked.

A zip bomb is a small file whose entries unpack to gigabytes. An archive is refused, before any entry is
decompressed, when its end record or its central directory (`ZipFile.infolist()`) announce too many entries, too
much data unpacked or an entry compressed more than real documents are; after that, a caller may read at most
`LIMITS.max_read_bytes` of one entry (`read_head`), so a directory that lies about sizes costs no more either.

The limits live here, in one place, for every reader of uploaded archives (attachments today, an import later).
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

_END_RECORD = b"PK\x05\x06"
_END_RECORD_SIZE = 22
_MAX_COMMENT = 65535


@dataclass(frozen=True)
class ArchiveLimits:
    max_entries: int = 2000  # a Word or Excel file has tens to a few hundred
    max_total_bytes: int = 200 * 1024 * 1024  # everything unpacked
    max_ratio: int = 100  # unpacked ÷ packed, per entry and in all (XML packs 5–20×; a bomb ~1000×)
    ratio_from_bytes: int = 1024 * 1024  # small entries may pack better than that without harm
    max_read_bytes: int = 4096  # the most ever decompressed from one entry by a check


LIMITS = ArchiveLimits()


class ArchiveRefused(ValueError):
    """The archive is refused; `message` says why in the user's language, `code` for the form error."""

    def __init__(self, message, code: str):
        super().__init__(str(message))
        self.message = message
        self.code = code


def _too_many(limits: ArchiveLimits) -> ArchiveRefused:
    return ArchiveRefused(
        _("The file holds too many parts (more than %(n)s). Save it again as a normal document and try again.")
        % {"n": f"{limits.max_entries:,}".replace(",", " ")},
        "archive_entries",
    )


def _announced_entries(fileobj) -> int | None:
    """The number of entries the end record announces, read from the last 64 KB only (None: no end record, so
    not a zip file). Checked before `ZipFile` builds one object per entry."""
    fileobj.seek(0, 2)
    size = fileobj.tell()
    start = max(0, size - _END_RECORD_SIZE - _MAX_COMMENT)
    fileobj.seek(start)
    tail = fileobj.read(size - start)
    at = tail.rfind(_END_RECORD)
    if at < 0 or len(tail) - at < _END_RECORD_SIZE:
        return None
    return struct.unpack("<H", tail[at + 10 : at + 12])[0]  # total entries (0xFFFF: zip64, more than we allow)


def check(archive: zipfile.ZipFile, limits: ArchiveLimits = LIMITS) -> None:
    """Refuse the archive by its central directory: entry count, total unpacked size, compression ratio."""
    entries = archive.infolist()
    if len(entries) > limits.max_entries:
        raise _too_many(limits)
    total = sum(info.file_size for info in entries)
    packed = sum(info.compress_size for info in entries)
    bomb = any(
        info.file_size > limits.ratio_from_bytes and info.file_size > limits.max_ratio * max(info.compress_size, 1)
        for info in entries
    ) or (total > limits.ratio_from_bytes and total > limits.max_ratio * max(packed, 1))
    if bomb:
        raise ArchiveRefused(
            _("The file is packed in a way documents never are (a “zip bomb”), so it cannot be attached."),
            "archive_ratio",
        )
    if total > limits.max_total_bytes:
        raise ArchiveRefused(
            _("The file unpacks to more than %(mb)s MB. Save it again as a normal document and try again.")
            % {"mb": limits.max_total_bytes // (1024 * 1024)},
            "archive_size",
        )


@contextmanager
def open_checked(fileobj, limits: ArchiveLimits = LIMITS) -> Iterator[zipfile.ZipFile]:
    """Open a zip archive whose headers passed `check`. Raises `zipfile.BadZipFile` when it is no zip file and
    `ArchiveRefused` when it breaks a limit. The file position is put back at the start."""
    try:
        announced = _announced_entries(fileobj)
        if announced is None:
            raise zipfile.BadZipFile("no end of central directory record")
        if announced > limits.max_entries:
            raise _too_many(limits)
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            check(archive, limits)
            yield archive
    finally:
        fileobj.seek(0)


def read_head(archive: zipfile.ZipFile, name: str, limits: ArchiveLimits = LIMITS) -> bytes:
    """At most `limits.max_read_bytes` of one entry, unpacked (never the whole entry)."""
    with archive.open(name) as entry:
        return entry.read(limits.max_read_bytes)
