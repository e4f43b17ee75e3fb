"""A corpus of hostile and awkward input files, built at test time.

Each entry is small or generated on the fly (nothing big lives in the repo). The
session-scoped ``nasty_dir`` fixture in the tests writes them all to a temporary
directory; ``build_all()`` returns them in memory. Every entry names the error
(or the outcome) reading it must give.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot import errors

PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000100ffff03000006000557bfabd40000000049454e44ae426082"
)

WORDS = "alpha bravo charlie delta echo foxtrot golf hotel india juliet".split()


def simple_pdf(page_texts: list[str], *, pages: int | None = None) -> bytes:
    """A minimal valid PDF written by hand: fast even for thousands of pages.

    ``page_texts`` are the distinct page contents; with ``pages`` they repeat
    cyclically up to that many pages (sharing content streams).
    """
    count = pages or len(page_texts)
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    tree = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    streams = []
    for text in page_texts:
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")
        content = b"BT /F1 12 Tf 72 720 Td (" + escaped + b") Tj ET"
        streams.append(add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)))
    kids = []
    for i in range(count):
        kids.append(add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
            % (tree, font, streams[i % len(streams)])
        ))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objects[tree - 1] = b"<< /Type /Pages /Count %d /Kids [%s] >>" % (
        count, b" ".join(b"%d 0 R" % k for k in kids))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, catalog, xref))
    return out.getvalue()


def thousand_page_pdf() -> bytes:
    texts = [f"{w.title()} is the word on this page, and {WORDS[(i + 3) % 10]} follows it."
             for i, w in enumerate(WORDS)]
    return simple_pdf(texts, pages=3000)


def blank_pdf() -> bytes:
    return simple_pdf([""], pages=3)


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(simple_pdf(["A secret report about budgets."]))).pages:
        writer.add_page(page)
    writer.encrypt("secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def malformed_pdf() -> bytes:
    return b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\x00\xff garbage <<<< ]]]"


def truncated_pdf() -> bytes:
    data = simple_pdf(["Some text that will be cut off."] * 3, pages=20)
    return data[: len(data) // 3]


def small_docx(paragraphs: tuple[str, ...] = ("A short paragraph of a Word document.",)) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_zip_bomb() -> bytes:
    """A real DOCX whose document.xml inflates to ~30 MB of whitespace (about 30 KB packed)."""
    source = zipfile.ZipFile(io.BytesIO(small_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                with zf.open(info.filename, "w", force_zip64=True) as member:
                    member.write(data)
                    chunk = b" " * 1_000_000
                    for _ in range(30):
                        member.write(chunk)
            else:
                zf.writestr(info.filename, data)
    return out.getvalue()


def docx_lying_sizes() -> bytes:
    """A DOCX whose zip directory claims a 4 GB member: refused before inflating."""
    data = bytearray(small_docx())
    # central directory entries: signature PK\x01\x02, uncompressed size at offset 24
    start = 0
    while (pos := data.find(b"PK\x01\x02", start)) != -1:
        name_len = int.from_bytes(data[pos + 28:pos + 30], "little")
        name = bytes(data[pos + 46:pos + 46 + name_len])
        if name == b"word/document.xml":
            data[pos + 24:pos + 28] = (0xFFFFFFF0).to_bytes(4, "little")
        start = pos + 4
    return bytes(data)


def nested_html() -> bytes:
    depth = 100_000
    return (b"<!doctype html><html><body>" + b"<div>" * depth + b"deep text"
            + b"</div>" * depth + b"</body></html>")


def binary_as_text() -> bytes:
    import random

    rng = random.Random(7)
    return bytes(rng.randrange(256) for _ in range(4096)) + b"\x00" * 64


@dataclass(frozen=True)
class Nasty:
    name: str  # file name, with the (claimed) extension
    build: Callable[[], bytes]
    error: type[errors.SummarybotError] | None  # None: reads fine (see the tests)
    says: str  # a fragment the error message must contain (lower case)


CORPUS: tuple[Nasty, ...] = (
    Nasty("bomb.docx", docx_zip_bomb, errors.TooLarge, "zip bomb"),
    Nasty("lying-sizes.docx", docx_lying_sizes, errors.TooLarge, "zip bomb"),
    Nasty("truncated.docx", lambda: small_docx()[:700], errors.CorruptFile, "damaged"),
    Nasty("malformed.pdf", malformed_pdf, errors.CorruptFile, "damaged"),
    Nasty("truncated.pdf", truncated_pdf, errors.CorruptFile, "damaged"),
    Nasty("encrypted.pdf", encrypted_pdf, errors.CorruptFile, "password"),
    Nasty("blank.pdf", blank_pdf, errors.NoTextLayer, "no text layer"),
    Nasty("thousands.pdf", thousand_page_pdf, None, ""),
    Nasty("nested.html", nested_html, errors.TooLarge, "nested too deeply"),
    Nasty("binary.txt", binary_as_text, errors.UnsupportedType, "binary"),
    Nasty("empty.txt", lambda: b"", errors.EmptyDocument, "empty"),
    Nasty("blank.txt", lambda: b" \n\t\n  \n", errors.EmptyDocument, "empty"),
    Nasty("image.pdf", lambda: PNG_1X1, errors.CorruptFile, "png"),
    Nasty("image.png", lambda: PNG_1X1, errors.UnsupportedType, "png"),
    Nasty("archive.html", lambda: __import__("gzip").compress(b"<html>hi</html>"), errors.CorruptFile, "gzip"),
    Nasty("notes.zip", lambda: _zip_of({"notes.txt": b"hello"}), errors.UnsupportedType, "zip"),
    Nasty("fake.docx", lambda: _zip_of({"notes.txt": b"hello"}), errors.CorruptFile, "word document"),
    Nasty("text.pdf", lambda: b"Just some text pretending to be a PDF.\n", errors.CorruptFile, "pdf"),
    Nasty("program.txt", lambda: b"\x7fELF\x02\x01\x01" + b"\x00" * 200, errors.CorruptFile, "executable"),
    Nasty("furniture.txt", lambda: b"Share\nTwitter\n0:00\nUpdated:\n", errors.EmptyDocument, "no article text"),
)


def _zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def build_all() -> dict[str, bytes]:
    return {n.name: n.build() for n in CORPUS}


def write_all(directory: Path) -> dict[str, Path]:
    paths = {}
    for name, data in build_all().items():
        path = directory / name
        path.write_bytes(data)
        paths[name] = path
    return paths
