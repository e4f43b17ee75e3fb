"""Fuzzing the readers: arbitrary and mutated input may be refused, never crash.

Anything but a SummarybotError escaping extract/read_bytes is a bug.
"""

from __future__ import annotations

from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import SummarybotError
from bot.reading.extract import extract
from bot.reading.sources import read_bytes
from tests import nasty

NAMES = st.sampled_from(["", "a.txt", "a.md", "a.html", "a.pdf", "a.docx", "a.png", "a"])
CTYPES = st.sampled_from([None, "text/plain", "text/html; charset=latin-1", "application/pdf",
                          "application/octet-stream", "image/png", "text/plain; charset=bogus"])
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                derandomize=True)


@cache
def _seeds() -> dict[str, bytes]:
    html = ("<!doctype html><html><head><title>Seed page</title></head><body><article>"
            + "".join(f"<p>Paragraph {i} of the seed page has a sentence or two. It ends here.</p>"
                      for i in range(6))
            + "<ul><li>one</li><li>two</li></ul></article></body></html>").encode()
    text = ("Seed Title\n\nThe first paragraph of the seed text.\n\n“Quoted” café — cp1252?\n"
            "A caption here. John Smith/Reuters\n").encode()
    pdf = nasty.simple_pdf([f"Seed page {w} with some words on it." for w in nasty.WORDS[:4]])
    docx = nasty.small_docx(("First paragraph of the seed.", "Second paragraph of the seed."))
    return {"a.html": html, "a.txt": text, "a.pdf": pdf, "a.docx": docx}


def _only_our_errors(data: bytes, name: str, ctype: str | None) -> None:
    try:
        read_bytes(data, name=name, content_type=ctype, max_pages=5)
    except SummarybotError as err:
        message = str(err)
        assert message and "\n" not in message and "Traceback" not in message


@FUZZ
@given(data=st.binary(max_size=2048), name=NAMES, ctype=CTYPES)
def test_arbitrary_bytes(data: bytes, name: str, ctype: str | None) -> None:
    _only_our_errors(data, name, ctype)


@FUZZ
@given(prefix=st.sampled_from([b"%PDF-1.4\n", b"PK\x03\x04", b"<html>", b"\xef\xbb\xbf", b"\xff\xfe"]),
       data=st.binary(max_size=1024))
def test_magic_prefixed_bytes(prefix: bytes, data: bytes) -> None:
    try:
        extract(prefix + data, max_pages=5)
    except SummarybotError:
        pass


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(_seeds())))
    data = bytearray(_seeds()[name])
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[pos:]
        elif kind == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=32))
        elif kind == "delete":
            del data[pos:pos + draw(st.integers(1, 64))]
    return name, bytes(data)


@FUZZ
@given(item=mutated())
def test_mutated_valid_files(item: tuple[str, bytes]) -> None:
    name, data = item
    _only_our_errors(data, name, None)


@FUZZ
@given(text=st.text(max_size=600), name=st.sampled_from(["a.txt", "a.md", "a.html"]))
def test_arbitrary_unicode_text(text: str, name: str) -> None:
    _only_our_errors(text.encode("utf-8"), name, None)


def test_seeds_read_fine() -> None:
    for name, data in _seeds().items():
        doc = read_bytes(data, name=name)
        assert doc.paragraphs, name
