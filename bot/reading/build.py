"""Build the Document: clean the raw article, settle its language, split sentences."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.document import Document, Paragraph, RawArticle
from bot.errors import EmptyDocument, UsageError
from bot.reading.clean import clean
from bot.text.language import detect_language, normalize_language
from bot.text.sentences import split_sentences

# enough text to tell a language apart; more only costs time
_LANGUAGE_SAMPLE_CHARS = 20_000
# The most words of one input the bot reads (a 1,000-page book). Everything after reading
# (sentences, the summary, the answer index, its vectors) grows with the text, so this cap
# is what bounds time and memory for any accepted input; past it, the start is read and
# the document's meta says so ("truncated").
MAX_WORDS = 300_000


def _capped(raw: RawArticle, limit: int = MAX_WORDS) -> RawArticle:
    """``raw`` cut to its first ``limit`` words, at a block boundary where it can be."""
    kept: list[str] = []
    words = 0
    total = 0
    for block in raw.blocks:
        n = len(block.split())
        total += n
        if words >= limit:
            continue
        if words + n > limit:
            # a block that crosses the cap (a text without paragraph breaks) is cut in it
            block = " ".join(block.split()[: limit - words])
            n = limit - words
        kept.append(block)
        words += n
    if total <= limit:
        return raw
    note = ("truncated", f"read the first {limit:,} of {total:,} words")
    headings = tuple(h for h in raw.headings if h < len(kept))
    return replace(raw, blocks=tuple(kept), headings=headings, meta=(*raw.meta, note))


def _language(texts: Sequence[str], language: str | None) -> str:
    if language is not None:
        if not isinstance(language, str):
            raise UsageError("language must be a language name or code")
        return normalize_language(language)
    sample: list[str] = []
    size = 0
    for text in texts:
        sample.append(text)
        size += len(text)
        if size >= _LANGUAGE_SAMPLE_CHARS:
            break
    return detect_language("\n".join(sample))


def _paragraphs(texts: Sequence[str], language: str) -> tuple[Paragraph, ...]:
    out = []
    for i, text in enumerate(texts):
        if text.strip():
            sentences = tuple(s for s in split_sentences(text, language) if s.strip())
            out.append(Paragraph(i, text, sentences or (text.strip(),)))
        else:
            out.append(Paragraph(i, text, ()))
    return tuple(out)


def build_document(raw: RawArticle, *, source: str, language: str | None = None) -> Document:
    """Clean ``raw``, detect (or normalize the given) language and split sentences.

    Raises EmptyDocument when cleaning leaves nothing, UsageError for an unknown language.
    """
    if not isinstance(raw, RawArticle):
        raise UsageError("build_document() needs a RawArticle")
    cleaned = clean(_capped(raw))
    if not cleaned.blocks:
        raise EmptyDocument("I found no article text in this input")
    lang = _language((cleaned.title, *cleaned.blocks), language)
    meta = (("kind", cleaned.kind), *cleaned.meta)
    return Document(
        title=cleaned.title,
        source=source,
        language=lang,
        paragraphs=_paragraphs(cleaned.blocks, lang),
        author=cleaned.author,
        date=cleaned.date,
        meta=meta,
    )


def document_from_paragraphs(
    paragraphs: Sequence[str],
    *,
    title: str = "",
    source: str = "",
    language: str | None = None,
) -> Document:
    """A Document from paragraphs taken verbatim: no cleaning, nothing dropped.

    Paragraph ``i`` of the result is ``paragraphs[i]`` exactly (indices stay aligned
    with the caller's data); a blank paragraph is kept with no sentences. Raises
    EmptyDocument when every paragraph is blank.
    """
    if isinstance(paragraphs, str) or not isinstance(paragraphs, Sequence):
        raise UsageError("paragraphs must be a list of strings")
    if not all(isinstance(p, str) for p in paragraphs):
        raise UsageError("every paragraph must be a string")
    if not isinstance(title, str) or not isinstance(source, str):
        raise UsageError("title and source must be strings")
    if not any(p.strip() for p in paragraphs):
        raise EmptyDocument("there is no text to summarize")
    lang = _language([title, *paragraphs], language)
    return Document(
        title=title,
        source=source,
        language=lang,
        paragraphs=_paragraphs(paragraphs, lang),
    )
