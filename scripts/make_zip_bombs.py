"""Writes the zip bombs the upload tests use (tests/fixtures/zip-bomb-*): about 1 KB each, 1 GiB unpacked
(bzip2 packs a run of zeros about a million to one). Run once; it takes ~15 s a file.

    python scripts/make_zip_bombs.py
"""

import zipfile
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
GIB = 1 << 30


def bomb(path: Path, entries: list[tuple[str, bytes | None]]) -> None:
    """`entries`: (name, content); content None is the 1 GiB of zeros."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_BZIP2, compresslevel=9) as archive:
        for name, content in entries:
            if content is not None:
                archive.writestr(name, content)
                continue
            with archive.open(name, "w", force_zip64=True) as entry:
                chunk = b"\0" * (1 << 24)
                for _ in range(GIB // len(chunk)):
                    entry.write(chunk)


if __name__ == "__main__":
    FIXTURES.mkdir(exist_ok=True)
    # The first entry is `mimetype`, as in an OpenDocument file: the old check read that entry whole.
    bomb(FIXTURES / "zip-bomb-mimetype.docx", [("mimetype", None)])
    # A well-formed Office skeleton whose one part unpacks to 1 GiB.
    bomb(FIXTURES / "zip-bomb.xlsx", [("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", None)])
    for path in sorted(FIXTURES.glob("zip-bomb*")):
        print(path.name, path.stat().st_size, "bytes")
