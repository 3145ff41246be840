"""Uploads that try to hurt: zip bombs dressed as Office files are refused from their headers, unopened, in
milliseconds and with bounded memory; `next` that is no path goes back to the proposal. The bombs in
tests/fixtures are real (scripts/make_zip_bombs.py: ~1 KB, 1 GiB unpacked)."""

import io
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import archives
from portfolio.models import Attachment
from portfolio.services import intake
from tests.factories.portfolio import PDF_BYTES, AttachmentFactory, ProposalFactory

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BOMBS = sorted(FIXTURES.glob("zip-bomb*"))
GIB = 1 << 30


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def draft(nav, agency_staff):
    return ProposalFactory(organisation=nav, created_by=agency_staff, status="draft")


def deflate_bomb(first: str = "[Content_Types].xml", size: int = 64 * 1024 * 1024) -> bytes:
    """Made on the spot: zeros packed about 1000 to one with deflate, behind a first entry of our choice."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(first, "application/vnd.oasis.opendocument.text" if first == "mimetype" else "<Types/>")
        with archive.open("word/document.xml", "w") as entry:
            chunk = b"\0" * (1 << 20)
            for _ in range(size // len(chunk)):
                entry.write(chunk)
    return buffer.getvalue()


def many_entries(n: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for i in range(n):
            archive.writestr(f"word/p{i}.xml", "")
    return buffer.getvalue()


def test_the_fixtures_are_real_bombs():
    assert len(BOMBS) == 2
    for path in BOMBS:
        assert path.stat().st_size < 2048
        with zipfile.ZipFile(path) as archive:
            assert max(info.file_size for info in archive.infolist()) == GIB


@pytest.mark.parametrize("path", BOMBS, ids=lambda p: p.name)
def test_a_1_kb_zip_bomb_is_refused_in_milliseconds_with_bounded_memory(draft, agency_staff, media, path):
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ValidationError) as refused:
            intake.attachment_add(proposal=draft, upload=upload, by=agency_staff)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert refused.value.error_dict["file"][0].code == "archive_ratio"
    assert peak < 5 * 1024 * 1024  # the old check unpacked 1 GiB (2.3 GB of memory)
    assert elapsed < 5  # generous for a busy CI machine; unpacking took 23 s
    assert not Attachment.objects.exists() and not any(p.is_file() for p in Path(media).rglob("*"))


@pytest.mark.parametrize("first", ["[Content_Types].xml", "mimetype"])
def test_a_deflate_bomb_is_refused_by_its_ratio(draft, agency_staff, first):
    upload = SimpleUploadedFile("budsjett.docx", deflate_bomb(first))
    with pytest.raises(ValidationError) as refused:
        intake.attachment_add(proposal=draft, upload=upload, by=agency_staff)
    assert refused.value.error_dict["file"][0].code == "archive_ratio"


def test_too_many_entries_are_refused_before_the_directory_is_read(draft, agency_staff, monkeypatch):
    monkeypatch.setattr(archives, "LIMITS", archives.ArchiveLimits(max_entries=50))
    monkeypatch.setattr(zipfile.ZipFile, "infolist", lambda self: pytest.fail("the directory was read"))
    with pytest.raises(archives.ArchiveRefused) as refused:
        with archives.open_checked(io.BytesIO(many_entries(60)), archives.LIMITS):
            pass
    assert refused.value.code == "archive_entries"


def test_the_entry_count_and_total_size_limits(draft, agency_staff):
    with pytest.raises(ValidationError) as refused:
        intake.attachment_add(proposal=draft, upload=SimpleUploadedFile("a.docx", many_entries(2001)), by=agency_staff)
    assert refused.value.error_dict["file"][0].code == "archive_entries"
    small = archives.ArchiveLimits(max_total_bytes=1000, max_ratio=10_000)
    with pytest.raises(archives.ArchiveRefused) as refused:
        with archives.open_checked(io.BytesIO(deflate_bomb(size=1 << 20)), small):
            pass
    assert refused.value.code == "archive_size"


def test_a_check_reads_only_the_head_of_an_entry():
    lenient = archives.ArchiveLimits(max_ratio=10_000)
    with archives.open_checked(io.BytesIO(deflate_bomb(size=8 << 20)), lenient) as archive:
        assert len(archives.read_head(archive, "word/document.xml", lenient)) == lenient.max_read_bytes


def test_real_office_files_still_pass(draft, agency_staff):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<row><c>1</c></row>" * 20000)  # packs well, but not a bomb
    attachment = intake.attachment_add(
        proposal=draft, upload=SimpleUploadedFile("tall.xlsx", buffer.getvalue()), by=agency_staff
    )
    assert attachment.original_name == "tall.xlsx"


def test_the_page_says_why_in_norwegian(client, draft, agency_staff):
    client.force_login(agency_staff)
    bomb = SimpleUploadedFile("rapport.docx", BOMBS[0].read_bytes())
    response = client.post(reverse("portfolio:attachment_upload", args=[draft.pk]), {"file": bomb})
    assert response.status_code == 422
    assert "zip-bombe" in response.content.decode()
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("target", ["abc", "portfolio:proposal_list", "//evil.example/", "https://evil.example/"])
def test_next_that_is_no_path_goes_back_to_the_proposal(client, draft, agency_staff, target):
    client.force_login(agency_staff)
    pdf = SimpleUploadedFile("notat.pdf", PDF_BYTES)
    response = client.post(reverse("portfolio:attachment_upload", args=[draft.pk]), {"file": pdf, "next": target})
    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url() + "#attachments"
    attachment = AttachmentFactory(proposal=draft)
    remove = reverse("portfolio:attachment_remove", args=[draft.pk, attachment.pk])
    response = client.post(remove, {"reason": "Feil fil", "next": target})
    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url() + "#attachments"
