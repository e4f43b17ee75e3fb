"""Answering across many documents (a channel's reading list) from a few candidates.

The database's full-text search finds the candidate paragraphs (bot.storage.library);
this module gathers them into one small document, gives it the sentence vectors each
article's summarizing job stored (so no sentence runs through the model again), and lets
the same ranking and abstention as a single article's (bot.answering.index) pick and
quote the answers, each traced back to its article and paragraph.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.answering.corpus import indexed_sentences
from bot.answering.index import NOT_FOUND, AnswerIndex, Reply
from bot.answering.sentence_vectors import SentenceVectors
from bot.document import Document, Paragraph
from bot.errors import InputError, UsageError

MAX_CANDIDATES = 40  # paragraphs given to the answer ranking, best search hits first


@dataclass(frozen=True)
class Source:
    """A candidate article: the caller's key for it, its document and its stored vectors."""

    key: int
    document: Document
    vectors: bytes | None = None


@dataclass(frozen=True)
class Found:
    """One answer: which article, which of its paragraphs, and what to quote."""

    key: int
    paragraph_index: int
    paragraph: str
    sentence: str
    score: float


@dataclass(frozen=True)
class LibraryReply:
    kind: str  # as bot.answering.index.Reply: answered, not_found, not_quoted
    found: tuple[Found, ...]
    reply: Reply  # the single-document reply it was made from (its wording, its reason)


def ask_library(
    question: str,
    sources: Sequence[Source],
    hits: Sequence[tuple[int, int]],
    *,
    top: int = 2,
) -> LibraryReply:
    """Answer ``question`` from the paragraphs ``hits`` ((source key, paragraph index),
    best first) of ``sources``."""
    if not isinstance(question, str):
        raise UsageError("The question must be text.")
    by_key = {s.key: s for s in sources}
    chosen: list[tuple[int, int]] = []
    for key, at in hits:
        source = by_key.get(key)
        if source is None or not 0 <= at < len(source.document.paragraphs):
            continue
        if (key, at) not in chosen:
            chosen.append((key, at))
        if len(chosen) >= MAX_CANDIDATES:
            break
    if not chosen:
        empty = Reply(NOT_FOUND, reason="empty")
        return LibraryReply(empty.kind, (), empty)
    paragraphs = tuple(
        Paragraph(i, by_key[key].document.paragraphs[at].text, by_key[key].document.paragraphs[at].sentences)
        for i, (key, at) in enumerate(chosen)
    )
    first = by_key[chosen[0][0]].document
    gathered = Document(title="", source="", language=first.language, paragraphs=paragraphs)
    index = AnswerIndex(gathered, vectors=_vectors(gathered, chosen, by_key), encode_all=False)
    reply = index.reply(question, top=top)
    found = tuple(
        Found(chosen[a.paragraph_index][0], chosen[a.paragraph_index][1], a.paragraph, a.sentence, a.score)
        for a in reply.answers
    )
    kind = reply.kind if found else NOT_FOUND
    return LibraryReply(kind, found, reply)


def _vectors(
    gathered: Document, chosen: list[tuple[int, int]], by_key: dict[int, Source]
) -> SentenceVectors | None:
    """The gathered paragraphs' sentence vectors, taken from each article's stored ones;
    rows an article lacks stay empty (the ranking encodes what it needs of them)."""
    if gathered.language != "english":
        return None
    out = SentenceVectors(indexed_sentences(gathered))
    stored: dict[int, tuple[SentenceVectors, list[int]] | None] = {}
    row = 0
    for key, at in chosen:
        source = by_key[key]
        pieces = source.document.paragraphs[at].pieces
        if key not in stored:
            stored[key] = _stored(source)
        found = stored[key]
        if found is not None:
            vectors, starts = found
            if at + 1 < len(starts):
                first = starts[at]
                for k in range(len(pieces)):
                    if row + k < len(out.sentences) and first + k < starts[at + 1]:
                        out.rows[row + k] = vectors.rows[first + k]
                        out.filled[row + k] = vectors.filled[first + k]
        row += len(pieces)
    return out


def _stored(source: Source) -> tuple[SentenceVectors, list[int]] | None:
    """An article's stored vectors and where each paragraph's sentences start in them."""
    if source.vectors is None:
        return None
    sentences = indexed_sentences(source.document)
    try:
        vectors = SentenceVectors.from_bytes(sentences, source.vectors)
    except InputError:
        return None
    starts = [0]
    for p in source.document.paragraphs:
        starts.append(starts[-1] + len(p.pieces))
        if starts[-1] >= len(sentences):
            break
    return vectors, starts
