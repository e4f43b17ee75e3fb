"""End to end: every input type through read_source / read_bytes to a Document."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot import errors
from bot.document import Document, RawArticle
from bot.fetching.policy import FetchPolicy
from bot.reading.build import build_document, document_from_paragraphs
from bot.reading.sources import read_bytes, read_source
from tests.fakes.articles import NATO_TITLE, ArticleServer
from tests.nasty import PNG_1X1

LOCAL = FetchPolicy(allow_private=True)

GERMAN = (
    "Die Stadtverwaltung hat am Dienstag beschlossen, eine neue Bibliothek im Zentrum zu bauen. "
    "Die Arbeiten sollen im nächsten Frühjahr beginnen und etwa zwei Jahre dauern.\n\n"
    "Viele Bürger haben sich seit Jahren für das Projekt eingesetzt, weil die alte Bücherei "
    "zu klein geworden ist und nicht mehr den heutigen Anforderungen entspricht."
)
FRENCH = (
    "Le conseil municipal a décidé mardi de construire une nouvelle bibliothèque dans le centre. "
    "Les travaux doivent commencer au printemps prochain et durer environ deux ans.\n\n"
    "De nombreux habitants soutiennent le projet depuis des années, car l'ancienne bibliothèque "
    "est devenue trop petite et ne répond plus aux besoins d'aujourd'hui."
)


def _assert_story(doc: Document) -> None:
    assert doc.paragraphs[0].text.startswith("The ferry service")
    assert all(p.sentences for p in doc.paragraphs)
    assert doc.language == "english"


STORY = [
    "The ferry service between the two islands resumed on Friday after a storm kept boats in port "
    "for most of the week. Operators said the first crossing was full.",
    "Islanders had been without fresh supplies since Monday, and shops on the smaller island ran "
    "out of bread and milk by Wednesday afternoon.",
]


def test_txt_file(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Ferry Returns\n\n" + "\n\n".join(STORY), encoding="utf-8")
    doc = read_source(str(path))
    assert doc.title == "Ferry Returns"
    assert doc.source == str(path)
    _assert_story(doc)
    assert len(doc.paragraphs) == 2
    assert len(doc.paragraphs[0].sentences) == 2


def test_nato_text_end_to_end(fixtures: Path) -> None:
    doc = read_source(str(fixtures / "nato_offensive.txt"))
    assert doc.title == NATO_TITLE
    assert doc.paragraphs[0].sentences[0].startswith("NATO’s top official on Tuesday urged allies")
    assert any("Austin" in s.text for s in doc.sentences)
    assert not any("Reuters)" in s.text or "Related Topics" in s.text for s in doc.sentences)


def test_markdown_file(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text("# Ferry Returns\n\n" + "\n\n".join(STORY) + "\n\n![boat](boat.jpg)\n", encoding="utf-8")
    doc = read_source(str(path))
    assert doc.title == "Ferry Returns"
    _assert_story(doc)
    assert dict(doc.meta)["kind"] == "markdown"


def test_html_bytes() -> None:
    html = ("<html><head><title>Ferry Returns</title></head><body><article><h1>Ferry Returns</h1>"
            + "".join(f"<p>{p}</p>" for p in STORY) + "</article></body></html>")
    doc = read_bytes(html.encode(), name="page.html", content_type="text/html")
    assert doc.title == "Ferry Returns"
    _assert_story(doc)


def test_pdf_file(tmp_path: Path) -> None:
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    path = tmp_path / "story.pdf"
    SimpleDocTemplate(str(path)).build(
        [Paragraph("Ferry Returns", styles["Title"])] + [Paragraph(p, styles["BodyText"]) for p in STORY]
    )
    doc = read_source(str(path))
    assert doc.title == "Ferry Returns"
    _assert_story(doc)
    assert [p.text for p in doc.paragraphs] == STORY


def test_docx_file(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Ferry Returns", 0)
    for p in STORY:
        document.add_paragraph(p)
    path = tmp_path / "story.docx"
    document.save(str(path))
    doc = read_source(str(path))
    assert doc.title == "Ferry Returns"
    _assert_story(doc)
    assert [p.text for p in doc.paragraphs] == STORY


def test_stdin() -> None:
    data = ("Ferry Returns\n\n" + "\n\n".join(STORY)).encode()
    doc = read_source("-", stdin=io.BytesIO(data))
    assert doc.source == "-"
    assert doc.title == "Ferry Returns"
    _assert_story(doc)


def test_stdin_over_the_limit_is_too_large() -> None:
    with pytest.raises(errors.TooLarge):
        read_source("-", stdin=io.BytesIO(b"x" * 2000), policy=FetchPolicy(max_bytes=1000))


def test_file_over_the_limit_is_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 1000)
    with pytest.raises(errors.TooLarge, match="limit"):
        read_source(str(path), policy=FetchPolicy(max_bytes=1000))


def test_url_news_page() -> None:
    with ArticleServer() as web:
        doc = read_source(web.url("/nato"), policy=LOCAL)
    assert doc.title == NATO_TITLE
    assert doc.source.endswith("/nato")
    assert doc.paragraphs[0].text.startswith("NATO’s top official on Tuesday urged allies")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Austin told reporters" in text
    assert "Reuters)" not in text and "Related Topics" not in text


def test_url_pdf_and_text_and_image() -> None:
    with ArticleServer() as web:
        web.add("/story.txt", "\n\n".join(STORY), "text/plain; charset=utf-8")
        doc = read_source(web.url("/story.txt"), policy=LOCAL)
        _assert_story(doc)
        with pytest.raises(errors.UnsupportedType, match="PNG"):
            read_source(web.url("/image.png"), policy=LOCAL)
        with pytest.raises(errors.HTTPStatusError):
            read_source(web.url("/missing"), policy=LOCAL)


def test_url_with_declared_8bit_charset() -> None:
    with ArticleServer() as web:
        web.add("/de", GERMAN.encode("latin-1"), "text/plain; charset=iso-8859-1")
        doc = read_source(web.url("/de"), policy=LOCAL)
    assert "Frühjahr" in doc.paragraphs[0].text
    assert doc.language == "german"


def test_private_url_is_blocked_by_default() -> None:
    with ArticleServer() as web, pytest.raises(errors.BlockedURL):
        read_source(web.url("/nato"))


@pytest.mark.parametrize(("text", "language"), [(GERMAN, "german"), (FRENCH, "french")])
def test_language_is_detected(text: str, language: str) -> None:
    doc = read_bytes(text.encode(), name="x.txt")
    assert doc.language == language
    assert len(doc.paragraphs) == 2
    assert len(doc.paragraphs[0].sentences) == 2


def test_language_can_be_given() -> None:
    doc = read_bytes(GERMAN.encode(), language="de")
    assert doc.language == "german"
    with pytest.raises(errors.UsageError):
        read_bytes(GERMAN.encode(), language="klingon")


def test_uploaded_image_is_refused() -> None:
    with pytest.raises(errors.UnsupportedType, match="PNG"):
        read_bytes(PNG_1X1, name="screenshot.png", content_type="image/png")


def test_missing_file() -> None:
    with pytest.raises(errors.SourceNotFound):
        read_source("/no/such/file.txt")


def test_empty_source_is_usage_error() -> None:
    with pytest.raises(errors.UsageError):
        read_source("")


def test_document_from_paragraphs_is_verbatim() -> None:
    paragraphs = ["  First one , PTB style .  ", "", "Second paragraph. It has two sentences."]
    doc = document_from_paragraphs(paragraphs, title="T", source="s", language="english")
    assert [p.text for p in doc.paragraphs] == paragraphs
    assert [p.index for p in doc.paragraphs] == [0, 1, 2]
    assert doc.paragraphs[1].sentences == ()
    assert len(doc.paragraphs[2].sentences) == 2
    assert doc.title == "T" and doc.source == "s"


def test_document_from_paragraphs_detects_language() -> None:
    doc = document_from_paragraphs(FRENCH.split("\n\n"))
    assert doc.language == "french"


def test_document_from_paragraphs_validates() -> None:
    with pytest.raises(errors.UsageError):
        document_from_paragraphs("not a list")  # type: ignore[arg-type]
    with pytest.raises(errors.UsageError):
        document_from_paragraphs(["ok", 3])  # type: ignore[list-item]
    with pytest.raises(errors.EmptyDocument):
        document_from_paragraphs(["", "  "])


def test_build_document_empty_after_cleaning() -> None:
    raw = RawArticle("", None, None, ("Share", "Twitter", "0:00"), "html")
    with pytest.raises(errors.EmptyDocument):
        build_document(raw, source="x")


def test_document_round_trips_through_dict(fixtures: Path) -> None:
    doc = read_source(str(fixtures / "nato_offensive.txt"))
    again = Document.from_dict(doc.to_dict())
    assert again.paragraphs == doc.paragraphs and again.title == doc.title


def test_a_text_past_the_word_cap_is_read_from_its_start_and_says_so() -> None:
    from bot.reading.build import MAX_WORDS

    words = MAX_WORDS + 5_000
    # no punctuation and no paragraph break: the worst shape for every later step
    text = " ".join(f"word{i % 997}" for i in range(words)).encode()
    doc = read_bytes(text, name="long.txt")
    assert doc.word_count == MAX_WORDS
    assert dict(doc.meta)["truncated"] == f"read the first {MAX_WORDS:,} of {words:,} words"
    short = read_bytes(b"A short note about the harbour.", name="short.txt")
    assert "truncated" not in dict(short.meta)
