"""Step 1, intake: a proposal's attachments. The file type is decided by the content (never by the name or the
browser's word), the size is limited, and the file is stored through Django's default storage under a random
name (outside the web root; served only by the permission-checked download view). Nothing is hard-deleted.

The whole file is checked before anything is written, so a refused upload leaves no row and no file.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import access, archives, audit
from core.forms import strip_control_characters

from ..models import Attachment, Proposal

MAX_ATTACHMENTS = 30  # per proposal, not counting removed ones


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extensions: tuple[str, ...]  # the first is the one added to a name that lacks a right one
    label: str


PDF = FileKind("application/pdf", (".pdf",), "PDF")
PNG = FileKind("image/png", (".png",), "PNG")
JPEG = FileKind("image/jpeg", (".jpg", ".jpeg"), "JPEG")
DOCX = FileKind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",), "Word")
XLSX = FileKind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",), "Excel")
PPTX = FileKind("application/vnd.openxmlformats-officedocument.presentationml.presentation", (".pptx",), "PowerPoint")
ODT = FileKind("application/vnd.oasis.opendocument.text", (".odt",), "OpenDocument")
ALLOWED_LABEL = "PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), OpenDocument (.odt), PNG, JPEG"

_BY_MAGIC = {"application/pdf": PDF, "image/png": PNG, "image/jpeg": JPEG}
_OOXML_DIRS = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}


def _file_error(message, code: str) -> ValidationError:
    return ValidationError({"file": ValidationError(message, code=code)})


def max_bytes() -> int:
    return settings.ATTACHMENT_MAX_BYTES


def _zip_kind(upload) -> FileKind | None:
    """Office documents are zip archives: OOXML holds `[Content_Types].xml` and a word/, xl/ or ppt/ folder; ODF
    text starts with a `mimetype` entry that names it. Anything else in a zip is refused. Only the archive's headers
    are read, and at most a few KB of one entry are unpacked (`core.archives`): a zip bomb is refused unopened
    (`ArchiveRefused`, passed on to the caller)."""
    try:
        with archives.open_checked(upload) as archive:
            names = archive.namelist()
            if "[Content_Types].xml" in names:
                for folder, kind in _OOXML_DIRS.items():
                    if any(name.startswith(folder) for name in names):
                        return kind
            if names and names[0] == "mimetype":
                if archives.read_head(archive, "mimetype")[:100].strip() == ODT.content_type.encode():
                    return ODT
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, RuntimeError, NotImplementedError) as exc:
        if isinstance(exc, archives.ArchiveRefused):
            raise
        return None
    return None


def detect_kind(upload) -> FileKind | None:
    """The file's kind, read from its content; None when it is not one of the allowed kinds."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    guessed = filetype.guess(head)
    if guessed is None:
        return None
    if guessed.mime in _BY_MAGIC:
        return _BY_MAGIC[guessed.mime]
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    return None


def clean_file_name(name: str, kind: FileKind) -> str:
    """The name shown and offered on download: no folders or control characters, at most 255 characters, and an
    extension that matches the content (added when the name has none)."""
    name = strip_control_characters(os.path.basename((name or "").replace("\\", "/"))).strip().strip(".") or "vedlegg"
    stem, ext = os.path.splitext(name)
    if ext.lower() not in kind.extensions:
        stem, ext = name, kind.extensions[0]
    return stem[: 255 - len(ext)] + ext


def check_upload(upload) -> tuple[FileKind, str, str]:
    """Validate an uploaded file completely before anything is stored: (kind, clean name, sha256).

    Refused: an empty file, a file over the size limit, a kind not allowed, and a name whose extension claims a
    different kind than the content (a PDF name on an image is a mistake or a trick either way)."""
    if upload is None:
        raise _file_error(_("Choose a file to upload."), "required")
    size = upload.size or 0
    if size == 0:
        raise _file_error(_("The file is empty."), "empty")
    if size > max_bytes():
        sizes = {"size": f"{size / 1024 / 1024:.1f}", "limit": f"{max_bytes() / 1024 / 1024:.0f}"}
        raise _file_error(_("The file is too large: %(size)s MB. The limit is %(limit)s MB.") % sizes, "too_large")
    try:
        kind = detect_kind(upload)
    except archives.ArchiveRefused as refused:
        raise _file_error(refused.message, refused.code) from None
    if kind is None:
        raise _file_error(
            _("This kind of file cannot be attached. Allowed: %(kinds)s.") % {"kinds": ALLOWED_LABEL}, "file_type"
        )
    name = os.path.basename((upload.name or "").replace("\\", "/"))
    ext = os.path.splitext(name)[1].lower()
    known = {e for k in (PDF, PNG, JPEG, DOCX, XLSX, PPTX, ODT) for e in k.extensions}
    if ext in known and ext not in kind.extensions:
        params = {"name": strip_control_characters(name)[:100], "ext": ext, "kind": kind.label}
        raise _file_error(
            _("The name “%(name)s” says %(ext)s, but the content is a %(kind)s file. Check the file.") % params,
            "file_type_mismatch",
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return kind, clean_file_name(name, kind), digest.hexdigest()


def attachment_add(*, proposal: Proposal, upload, by) -> Attachment:
    """Attach a file to a proposal. Everything is checked first; the file is written last, inside the
    transaction, and removed again if the transaction does not commit."""
    access.require(by, "attach", proposal)
    kind, name, sha256 = check_upload(upload)
    stored = []
    try:
        with transaction.atomic():
            current = Proposal.objects.select_for_update().get(pk=proposal.pk)
            access.require(by, "attach", current)  # the status may have changed since the page was loaded
            access.check_state("attach", current)
            live = Attachment.objects.filter(proposal=current, removed_at__isnull=True)
            if live.filter(sha256=sha256).exists():
                raise _file_error(_("This file is already attached to the proposal."), "duplicate")
            if live.count() >= MAX_ATTACHMENTS:
                raise _file_error(
                    _("A proposal can have at most %(n)s attachments.") % {"n": MAX_ATTACHMENTS}, "too_many"
                )
            attachment = Attachment(
                proposal=current,
                original_name=name,
                content_type=kind.content_type,
                size=upload.size,
                sha256=sha256,
                uploaded_by=by,
            )
            attachment.file.save("upload", upload, save=False)  # upload_to gives it a random name
            stored.append(attachment.file.name)
            attachment.save()
            audit.record(
                actor=by,
                action="portfolio.attachment.added",
                obj=current,
                changes={"attachment": [None, name], "size": upload.size, "sha256": sha256},
            )
    except BaseException:
        for name_in_storage in stored:  # the row was rolled back: the file must not outlive it
            default_storage.delete(name_in_storage)
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, reason: str, by) -> Attachment:
    """Take an attachment off the proposal (soft: `removed_at`; the file and the row stay in the case record)."""
    access.require(by, "attach", attachment.proposal)
    access.check_state("attach", attachment.proposal)
    reason = strip_control_characters(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the attachment is removed.")}, code="required")
    current = Attachment.objects.select_for_update().get(pk=attachment.pk)
    if current.removed_at is not None:
        raise ValidationError(_("The attachment has already been removed."), code="removed")
    current.removed_at = timezone.now()
    current.save(update_fields=["removed_at"])
    audit.record(
        actor=by,
        action="portfolio.attachment.removed",
        obj=current.proposal,
        changes={"attachment": [current.original_name, None]},
        note=reason,
    )
    return current
