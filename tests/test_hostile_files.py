"""Hostile and awkward files: each gives its documented error with a clear message,
quickly and without unbounded memory."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from bot import errors
from bot.reading.sources import read_bytes, read_source
from tests import nasty

FAILING = [n for n in nasty.CORPUS if n.error is not None]


@pytest.fixture(scope="session")
def nasty_dir(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return nasty.write_all(tmp_path_factory.mktemp("nasty"))


@pytest.mark.parametrize("item", FAILING, ids=[n.name for n in FAILING])
def test_nasty_file_gives_its_documented_error(item: nasty.Nasty, nasty_dir: dict[str, Path]) -> None:
    with pytest.raises(item.error) as caught:
        read_source(str(nasty_dir[item.name]))
    message = str(caught.value)
    assert item.says in message.lower()
    # one friendly line: no traceback, no repr noise
    assert "\n" not in message and "Traceback" not in message and len(message) < 200


def test_zip_bomb_is_refused_before_inflating(nasty_dir: dict[str, Path]) -> None:
    data = nasty_dir["bomb.docx"].read_bytes()
    tracemalloc.start()
    try:
        with pytest.raises(errors.TooLarge):
            read_bytes(data, name="bomb.docx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000  # the bomb inflates to 30 MB


def test_deep_html_is_refused_with_bounded_memory(nasty_dir: dict[str, Path]) -> None:
    data = nasty_dir["nested.html"].read_bytes()
    tracemalloc.start()
    try:
        with pytest.raises(errors.TooLarge):
            read_bytes(data, name="page.html", content_type="text/html")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10 * len(data)


def test_deep_html_without_name_is_refused_too(nasty_dir: dict[str, Path]) -> None:
    with pytest.raises(errors.TooLarge):
        read_bytes(nasty_dir["nested.html"].read_bytes())


def test_thousands_of_pages_are_read_up_to_the_cap(nasty_dir: dict[str, Path]) -> None:
    doc = read_source(str(nasty_dir["thousands.pdf"]), max_pages=40)
    meta = dict(doc.meta)
    assert meta["pages"] == "3000"
    assert meta["pages_read"] == "40"
    assert "40 of 3000" in meta["truncated"]
    assert doc.paragraphs[0].text == "Alpha is the word on this page, and delta follows it."
    assert len(doc.paragraphs) <= 40


def test_max_pages_is_validated() -> None:
    with pytest.raises(errors.UsageError):
        read_bytes(b"hello there.", max_pages=0)


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("cp1252", "“Smart quotes” and a café — priced at 5 €."),
        ("latin-1", "Ærøskøbing est une ville où l'on mange très bien."),
        ("utf-16", "Ein Text in UTF-16 mit Umlauten: Größe, Übung, Ähre."),
        ("utf-8-sig", "UTF-8 with a byte order mark: naïve façade."),
    ],
)
def test_non_utf8_text_is_decoded(encoding: str, text: str, tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(text.encode(encoding))
    doc = read_source(str(path))
    assert doc.paragraphs[0].text == text


def test_utf16_without_bom_is_decoded() -> None:
    text = "Plain English text stored as UTF-16 without a byte order mark, sadly."
    doc = read_bytes(text.encode("utf-16-le"), name="x.txt")
    assert doc.paragraphs[0].text == text


def test_missing_file_is_source_not_found(tmp_path: Path) -> None:
    with pytest.raises(errors.SourceNotFound, match="no such file"):
        read_source(str(tmp_path / "nope.txt"))


def test_directory_is_source_not_found(tmp_path: Path) -> None:
    with pytest.raises(errors.SourceNotFound, match="not a file"):
        read_source(str(tmp_path))
