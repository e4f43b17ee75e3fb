"""The document model shared by reading, summarizing and answering.

``Document`` is what every step after reading works on; ``RawArticle`` is what a
reader makes of a file before cleaning decides what of it is the article.

Documents are immutable: every step takes one and returns new values, so the
same parsed article can be summarized, stored and questioned without copies
drifting apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

WORDS_PER_MINUTE = 230


@dataclass(frozen=True)
class Paragraph:
    """One paragraph: its verbatim text and its sentences, in order."""

    index: int
    text: str
    sentences: tuple[str, ...]

    @property
    def pieces(self) -> tuple[str, ...]:
        """What the answer index holds for it: its sentences, or its text as one when it
        has none."""
        return self.sentences or (self.text,)


@dataclass(frozen=True)
class SentenceRef:
    """A sentence located in its document."""

    paragraph: int
    position: int  # index of the sentence within its paragraph
    text: str


@dataclass(frozen=True)
class Document:
    title: str
    source: str
    language: str
    paragraphs: tuple[Paragraph, ...]
    author: str | None = None
    date: str | None = None
    # metadata is informational (content type, page count, ...); never used for logic
    meta: tuple[tuple[str, str], ...] = field(default=())

    @cached_property
    def sentences(self) -> tuple[SentenceRef, ...]:
        return tuple(
            SentenceRef(p.index, i, s)
            for p in self.paragraphs
            for i, s in enumerate(p.sentences)
        )

    @cached_property
    def word_count(self) -> int:
        return sum(len(p.text.split()) for p in self.paragraphs)

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.word_count / WORDS_PER_MINUTE))

    def outline(self) -> tuple[tuple[str, str], ...]:
        """The article in reading order, as ("heading", text) and ("paragraph", text).

        Headings are kept out of ``paragraphs`` (so no summary quotes one) but a reader
        sees them in place; cleaning records where they stood in ``meta["layout"]``.
        """
        meta = dict(self.meta)
        headings = [h for h in meta.get("headings", "").split("\n") if h]
        layout = meta.get("layout", "")
        texts = [p.text for p in self.paragraphs]
        if layout.count("h") != len(headings) or layout.count("p") != len(texts):
            return tuple(("paragraph", text) for text in texts)
        heads, paras = iter(headings), iter(texts)
        return tuple(
            ("heading", next(heads)) if kind == "h" else ("paragraph", next(paras))
            for kind in layout
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "title": self.title,
            "source": self.source,
            "language": self.language,
            "author": self.author,
            "date": self.date,
            "paragraphs": [p.text for p in self.paragraphs],
            "sentences": [list(p.sentences) for p in self.paragraphs],
            "word_count": self.word_count,
            "reading_minutes": self.reading_minutes,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Document:
        """Rebuild a stored document without re-running extraction."""
        texts = list(data["paragraphs"])  # type: ignore[call-overload]
        sents = list(data.get("sentences") or [[t] for t in texts])  # type: ignore[call-overload]
        paragraphs = tuple(
            Paragraph(i, str(t), tuple(str(s) for s in ss))
            for i, (t, ss) in enumerate(zip(texts, sents, strict=True))
        )
        return cls(
            title=str(data.get("title") or ""),
            source=str(data.get("source") or ""),
            language=str(data.get("language") or "english"),
            paragraphs=paragraphs,
            author=data.get("author") or None,  # type: ignore[arg-type]
            date=data.get("date") or None,  # type: ignore[arg-type]
        )


# ---------------------------------------------------------------- before cleaning

KINDS = ("text", "markdown", "html", "pdf", "docx")
# readers mark list items with this prefix; cleaning merges a run of them into one paragraph
BULLET = "• "


@dataclass(frozen=True)
class RawArticle:
    title: str
    author: str | None
    date: str | None
    blocks: tuple[str, ...]  # text blocks in order (paragraphs, headings, captions...), before cleaning
    kind: str  # "text" | "markdown" | "html" | "pdf" | "docx"
    # indices of blocks the source marks as headings (Markdown #, Word heading styles)
    headings: tuple[int, ...] = field(default=())
    # informational (page count, truncation...); copied into Document.meta
    meta: tuple[tuple[str, str], ...] = field(default=())

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {self.kind!r}")
        if not isinstance(self.blocks, tuple):
            raise ValueError("blocks must be a tuple of strings")
