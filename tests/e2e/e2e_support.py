"""What a good reply looks like, and the documents people share, for the e2e tests."""

from __future__ import annotations

import io
import re
from pathlib import Path

from fakes.articles import NATO_TITLE, NATO_TXT

__all__ = ["NATO_TITLE", "assert_answer", "assert_not_found", "assert_summary",
           "is_summary", "make_docx", "make_pdf", "nato_paragraphs"]

NOT_FOUND_RE = re.compile(r"couldn.t find (that|it|an answer)", re.I)


def nato_paragraphs() -> list[str]:
    """The article's body paragraphs, without the page furniture of the copy."""
    blocks = [b.strip() for b in NATO_TXT.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    body = [b for b in blocks[2:-1] if "\n" not in b and len(b) > 60]
    return body


def is_summary(text: str) -> bool:
    return NATO_TITLE.split(",")[0] in text and bool(re.search(r"\d+\s*min", text))


def assert_summary(text: str, *, title: str = NATO_TITLE, source: str | None = None) -> None:
    """The summary reply: title, bullet sentences, source, reading time, and the
    line that invites questions in the thread."""
    assert title.split(",")[0] in text, f"title missing from summary:\n{text}"
    bullets = re.findall(r"(?m)^\s*(?:•|◦|▪|-)\s+\S", text)
    assert len(bullets) >= 2, f"expected bullet sentences in summary:\n{text}"
    if source is not None:
        assert source in text or source.replace("&", "&amp;") in text, \
            f"source {source} missing from summary:\n{text}"
    assert re.search(r"\d+\s*min", text), f"reading time missing from summary:\n{text}"
    lowered = text.lower()
    assert "thread" in lowered and ("ask" in lowered or "question" in lowered), \
        f"no 'ask questions in this thread' line:\n{text}"


def assert_answer(text: str, word: str) -> None:
    """A quoted answer: blockquoted paragraph(s) mentioning `word`, with the
    answering sentence in bold and the paragraph's position."""
    quoted = [line for line in text.splitlines() if line.startswith((">", "&gt;"))]
    assert quoted, f"no blockquote in answer:\n{text}"
    assert any(word in line for line in quoted), f"no quoted paragraph mentions {word}:\n{text}"
    bold = re.findall(r"\*([^*\n]+)\*", "\n".join(quoted))
    assert any(word in b for b in bold), f"the answering sentence about {word} is not bold:\n{text}"
    assert re.search(r"paragraph \d+ of \d+", text, re.I), f"no paragraph position:\n{text}"
    assert not NOT_FOUND_RE.search(text), f"answer also says not found:\n{text}"


def assert_not_found(text: str) -> None:
    assert NOT_FOUND_RE.search(text), f"expected \"I couldn't find that in the article\":\n{text}"
    assert not re.search(r"(?m)^>", text), f"a not-found reply should quote nothing:\n{text}"


def make_pdf(title: str, paragraphs: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, title=title, author="Tom Ozimek")
    story = [Paragraph(title, styles["Title"])]
    for p in paragraphs:
        safe = p.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        story += [Paragraph(safe, styles["BodyText"]), Spacer(1, 6)]
    doc.build(story)
    return buf.getvalue()


def make_docx(title: str, paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.add_heading(title, level=1)
    for p in paragraphs:
        document.add_paragraph(p)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def write_tmp(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
