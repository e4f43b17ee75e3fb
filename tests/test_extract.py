"""Type sniffing and the readers: bytes in, RawArticle blocks out."""

from __future__ import annotations

import io

import pytest

from bot import errors
from bot.document import BULLET, RawArticle
from bot.reading.extract import extract
from bot.reading.formats import decode_text, sniff
from bot.reading.readers.html import nesting_depth
from tests import nasty


def _pdf(paragraphs: list[str], title: str | None = None) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    out = io.BytesIO()
    story = [Paragraph(title, styles["Title"])] if title else []
    story += [Paragraph(p, styles["BodyText"]) for p in paragraphs]
    SimpleDocTemplate(out, pagesize=A4, title="metadata title").build(story)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "ctype", "kind"),
    [
        (b"%PDF-1.4 rest", "", None, "pdf"),
        (b"<!DOCTYPE html><p>hi</p>", "", None, "html"),
        (b"\xef\xbb\xbf<html><body>x</body></html>", "", None, "html"),
        (b"  <html lang=en>", "a.txt", "text/plain", "html"),  # the bytes win over the claim
        (b"<p>a fragment</p>", "", "text/html; charset=utf-8", "html"),
        (b"Plain words.", "", None, "text"),
        (b"Plain words.", "notes.md", None, "markdown"),
        (b"# Heading\n\nSome [link](http://x) and\n\n- item\n", "", None, "markdown"),
        (b"Plain words.", "", "text/markdown", "markdown"),
        (b"Plain words.", "", "application/octet-stream", "text"),
        ("Unicode text".encode("utf-16"), "", None, "text"),
    ],
)
def test_sniff_kinds(data: bytes, name: str, ctype: str | None, kind: str) -> None:
    assert sniff(data, name=name, content_type=ctype) == kind


def test_sniff_docx() -> None:
    assert sniff(nasty.small_docx()) == "docx"


@pytest.mark.parametrize(
    ("data", "name", "ctype", "error", "says"),
    [
        (nasty.PNG_1X1, "", None, errors.UnsupportedType, "png image"),
        (nasty.PNG_1X1, "photo.pdf", None, errors.CorruptFile, "really a png"),
        (nasty.PNG_1X1, "", "application/pdf", errors.CorruptFile, "really a png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "x.txt", None, errors.CorruptFile, "jpeg"),
        (b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 40, "", None, errors.UnsupportedType, "video"),
        (b"ID3\x03\x00" + b"\x00" * 40, "", None, errors.UnsupportedType, "mp3"),
        (b"hello", "clip.mp4", None, errors.UnsupportedType, "video"),
        (b"hello", "", "image/png", errors.UnsupportedType, "image"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 50, "", None, errors.UnsupportedType, "windows"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, "old.doc", None, errors.UnsupportedType, "legacy"),
        (b"just text", "report.docx", None, errors.CorruptFile, "word document"),
        (b"\x00\x01\x02\x03" * 100, "", None, errors.UnsupportedType, "binary"),
        (b"", "a.txt", None, errors.EmptyDocument, "empty"),
    ],
)
def test_sniff_refusals(data: bytes, name: str, ctype: str | None, error: type, says: str) -> None:
    with pytest.raises(error) as caught:
        sniff(data, name=name, content_type=ctype)
    assert says in str(caught.value).lower()


def test_decode_prefers_declared_charset_for_8bit() -> None:
    assert decode_text("Größe".encode("latin-1"), "iso-8859-1") == "Größe"
    assert decode_text("Ελληνικά κείμενα".encode("iso-8859-7"), "iso-8859-7") == "Ελληνικά κείμενα"


def test_decode_never_crashes_on_junk_charset() -> None:
    assert decode_text("café".encode("cp1252"), "no-such-charset") == "café"


def test_plain_text_title_and_hard_wrapped_paragraphs() -> None:
    text = (
        "A Title Line\n\n"
        "This paragraph was wrapped by hand at a narrow width so that each\n"
        "line ends before the sentence does, the way old e-mails and\n"
        "plain-text books are written, and it ends here.\n\n"
        "Second paragraph.\n"
    )
    raw = extract(text.encode(), name="a.txt")
    assert raw.kind == "text"
    assert raw.title == "A Title Line"
    assert raw.blocks[0].startswith("This paragraph was wrapped")
    assert raw.blocks[0].endswith("it ends here.")
    assert "each line ends" in raw.blocks[0]
    assert raw.blocks[1] == "Second paragraph."


def test_plain_text_hyphenated_line_end_is_rejoined() -> None:
    text = "The delegates discussed the long and compli-\ncated negotiations at length in the hall.\n"
    raw = extract(text.encode())
    assert "complicated negotiations" in raw.blocks[0]


def test_plain_text_setext_title() -> None:
    raw = extract(b"Report\n======\nBody text that is a sentence.\n")
    assert raw.title == "Report"
    assert raw.blocks == ("Body text that is a sentence.",)


def test_first_sentence_is_not_a_title() -> None:
    raw = extract(b"This is a sentence.\n\nAnother one.\n")
    assert raw.title == ""
    assert raw.blocks[0] == "This is a sentence."


def test_markdown_markup_is_stripped() -> None:
    md = (
        "# The Title\n\n"
        "Some **bold** and *italic* text with a [link](https://example.com) and `code`.\n"
        "![a picture](pic.png)\n\n"
        "## A Section\n\n"
        "- first item\n"
        "- second item with [a link](x)\n\n"
        "```python\nprint('not prose')\n```\n\n"
        "> A quoted line.\n\n"
        "Setext Heading\n--------------\n\n"
        "Last paragraph.\n"
    )
    raw = extract(md.encode(), name="doc.md")
    assert raw.kind == "markdown"
    assert raw.title == "The Title"
    assert raw.blocks[0] == "Some bold and italic text with a link and code."
    assert f"{BULLET}first item" in raw.blocks
    assert f"{BULLET}second item with a link" in raw.blocks
    assert not any("print" in b or "pic.png" in b or "**" in b for b in raw.blocks)
    assert "A quoted line." in raw.blocks
    headings = {raw.blocks[i] for i in raw.headings}
    assert headings == {"A Section", "Setext Heading"}
    assert raw.blocks[-1] == "Last paragraph."


HTML_PAGE = """<!doctype html><html><head><title>Page title | Site</title>
<meta name="author" content="Jane Doe"><meta property="article:published_time" content="2024-03-05">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Bridge reopens after repairs</h1>
<p>The old river bridge reopened on Monday after eight months of repairs, the city said in a statement.</p>
<h2>Traffic returns</h2>
<p>Commuters who had taken long detours welcomed the news, and traffic was heavy by the evening rush hour.</p>
<ul><li>Buses return to route 4.</li><li>Cyclists get a new lane.</li></ul>
<p>Officials said the repairs came in under budget, which they credited to a mild winter and good planning.</p>
</article><footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>"""


def test_html_article_is_extracted_with_metadata() -> None:
    raw = extract(HTML_PAGE.encode(), content_type="text/html")
    assert raw.kind == "html"
    assert raw.title == "Bridge reopens after repairs"
    assert raw.author == "Jane Doe"
    assert raw.date == "2024-03-05"
    text = "\n".join(raw.blocks)
    assert "The old river bridge reopened on Monday" in text
    assert "Home" not in raw.blocks and "Copyright" not in text
    assert f"{BULLET}Buses return to route 4." in raw.blocks
    assert "Traffic returns" in {raw.blocks[i] for i in raw.headings}


def test_html_fallback_when_trafilatura_finds_nothing() -> None:
    raw = extract(b"<html><head><title>Tiny</title></head><body><p>Just one line.</p></body></html>")
    assert raw.title == "Tiny"
    assert "Just one line." in raw.blocks


def test_html_charset_from_meta() -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>Café “quotes” here, long enough text.</p></body></html>'
    raw = extract(page.encode("cp1252"))
    assert any("Café “quotes”" in b for b in raw.blocks)


def test_nesting_depth_scan() -> None:
    assert nesting_depth("<div><div><p>x<p>y</div></div>") == 2
    assert nesting_depth("<div>" * 1000, limit=50) == 51


def test_pdf_paragraphs_are_rejoined() -> None:
    paras = [
        "The first paragraph talks about the weather in some detail. It goes on over several "
        "printed lines so that the reader has to rejoin them into one paragraph again, and it "
        "uses a hyphenated word such as extraordinarily-complicated to be safe.",
        "The second paragraph is about something else entirely: the budget of the town council, "
        "which has been argued about for many weeks by nearly every member of the council.",
    ]
    raw = extract(_pdf(paras, title="Weather and Budgets"), name="r.pdf")
    assert raw.kind == "pdf"
    assert raw.title == "Weather and Budgets"
    assert raw.blocks == tuple(paras)
    assert dict(raw.meta)["pages"] == "1"


def test_pdf_running_heads_and_page_numbers_are_dropped() -> None:
    texts = [f"Page body number {w} talks about {w} at length." for w in nasty.WORDS[:5]]
    data = nasty.simple_pdf(texts)
    raw = extract(data)
    assert len(raw.blocks) == 5


def test_docx_title_headings_lists_and_tables() -> None:
    import docx

    document = docx.Document()
    document.core_properties.author = "Ann Author"
    document.add_heading("The Word Title", 0)
    document.add_paragraph("The opening paragraph of the Word file.")
    document.add_heading("Details", 1)
    document.add_paragraph("One point.", style="List Bullet")
    document.add_paragraph("Another point.", style="List Bullet")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Cell one text."
    table.rows[0].cells[1].text = "Cell two text."
    out = io.BytesIO()
    document.save(out)
    raw = extract(out.getvalue(), name="w.docx")
    assert raw.kind == "docx"
    assert raw.title == "The Word Title"
    assert raw.author == "Ann Author"
    assert raw.blocks[0] == "The opening paragraph of the Word file."
    assert raw.blocks[raw.headings[0]] == "Details"
    assert f"{BULLET}One point." in raw.blocks
    assert "Cell two text." in raw.blocks


def test_raw_article_validates_kind() -> None:
    with pytest.raises(ValueError, match="kind"):
        RawArticle(title="", author=None, date=None, blocks=(), kind="rtf")


def test_extract_wants_bytes() -> None:
    with pytest.raises(errors.UsageError):
        extract("a string")  # type: ignore[arg-type]
