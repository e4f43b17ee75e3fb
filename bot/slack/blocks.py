"""Block Kit messages: summaries, answers and short notes.

Slack's limits shape everything here: at most 50 blocks per message and 3,000
characters per section text. Long text is split between words only, after
escaping, so a split never lands inside an ``&amp;`` entity, a ``<url|label>``
link or a ``*bold*`` span (each bold piece is closed and reopened instead).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.document import Document, SentenceRef

MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
MAX_CONTEXT_CHARS = 2000  # Slack's cap on one context element's text
MAX_FALLBACK_CHARS = 3000
_SECTION_BUDGET = MAX_SECTION_CHARS - 50  # room for the quote marker and bold markers
_WORD_CHUNK = 500  # raw characters; escaping at most quintuples them, still under the budget

ASK_LINE = ":speech_balloon: Ask me about it: reply in this thread with a question."
NOT_FOUND = "I couldn't find that in the article."


@dataclass(frozen=True)
class Message:
    """A fallback ``text`` (notifications, screen readers) and the blocks shown."""

    text: str
    blocks: tuple[dict, ...]

    def __post_init__(self) -> None:
        if len(self.blocks) > MAX_BLOCKS:
            raise ValueError(f"a message holds at most {MAX_BLOCKS} blocks, got {len(self.blocks)}")


def escape(text: str) -> str:
    """Slack's three control characters; everything else is literal in mrkdwn text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def link(url: str, label: str) -> str:
    # A raw "|" or ">" in the URL would end the link early.
    safe = escape(url).replace("|", "%7C")
    return f"<{safe}|{escape(_one_line(label)) or safe}>"


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _truncate(text: str, limit: int) -> str:
    """Cut at a word boundary, so no entity or link is cut in half."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    # never leave a half entity (&am...) or half link (<http...) at the end
    cut = re.sub(r"&[a-z]*$", "", cut)
    if cut.rfind("<") > cut.rfind(">"):
        cut = cut[: cut.rfind("<")]
    return cut.rstrip() + "…"


def section(text: str) -> dict:
    if len(text) > MAX_SECTION_CHARS:
        raise ValueError("section text over Slack's 3,000 character limit")
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _truncate(text, MAX_CONTEXT_CHARS)}]}


def _words(raw: str, bold: bool) -> list[tuple[str, bool]]:
    out = []
    for word in raw.split():
        for start in range(0, len(word), _WORD_CHUNK):
            piece = escape(word[start : start + _WORD_CHUNK])
            if bold:
                # an asterisk inside would close the bold span early
                piece = piece.replace("*", "\u2217")
            out.append((piece, bold))
    return out


def _render(words: Sequence[tuple[str, bool]]) -> str:
    parts: list[str] = []
    run: list[str] = []
    for word, bold in words:
        if bold:
            run.append(word)
            continue
        if run:
            parts.append("*" + " ".join(run) + "*")
            run = []
        parts.append(word)
    if run:
        parts.append("*" + " ".join(run) + "*")
    return " ".join(parts)


def pack(words: Sequence[tuple[str, bool]], *, prefix: str = "", budget: int = _SECTION_BUDGET) -> list[str]:
    """Render (word, bold) pairs as mrkdwn texts of at most ``budget`` characters each."""
    texts: list[str] = []
    current: list[tuple[str, bool]] = []
    cost = len(prefix)
    for word, bold in words:
        extra = len(word) + 1 + (2 if bold and not (current and current[-1][1]) else 0)
        if current and cost + extra > budget:
            texts.append(prefix + _render(current))
            current, cost = [], len(prefix)
            extra = len(word) + 1 + (2 if bold else 0)
        current.append((word, bold))
        cost += extra
    if current:
        texts.append(prefix + _render(current))
    return texts


def lines_to_sections(lines: Iterable[str]) -> list[dict]:
    """Join already-rendered lines into as few sections as the size limit allows."""
    blocks: list[dict] = []
    current = ""
    for line in lines:
        pieces = [line] if len(line) <= _SECTION_BUDGET else pack(_plain_words(line))
        for piece in pieces:
            if current and len(current) + 1 + len(piece) > _SECTION_BUDGET:
                blocks.append(section(current))
                current = ""
            current = f"{current}\n{piece}" if current else piece
    if current:
        blocks.append(section(current))
    return blocks


def _plain_words(rendered: str) -> list[tuple[str, bool]]:
    # already-escaped text: split on spaces only, never inside a token
    return [(w, False) for w in rendered.split()]


def source_label(document: Document) -> str:
    src = document.source
    if src.startswith(("http://", "https://")):
        host = (urlsplit(src).hostname or src).removeprefix("www.")
        return link(src, host)
    return escape(src or "the shared file")


def title_markup(document: Document) -> str:
    title = _one_line(document.title) or "Untitled"
    title = title if len(title) <= 250 else title[:249] + "…"
    if document.source.startswith(("http://", "https://")):
        return f"*{link(document.source, title)}*"
    return f"*{escape(title).replace('*', chr(0x2217))}*"


def summary_message(
    document: Document,
    sentences: Sequence[SentenceRef],
    *,
    note: str | None = None,
) -> list[Message]:
    """The summary reply: linked title, bullets, source and reading time, the Q&A hint."""
    head: list[dict] = [section(title_markup(document))]
    byline = " · ".join(escape(x) for x in (document.author, document.date) if x)
    if byline:
        head.append(context(byline))
    bullets = ["• " + escape(_one_line(s.text)) for s in sentences if s.text.strip()]
    body = lines_to_sections(bullets or ["_(The article is too short to summarize.)_"])
    minutes = document.reading_minutes
    tail = [context(f"Source: {source_label(document)} · {minutes} min read")]
    if note:
        tail.append(context(note))
    tail.append(context(ASK_LINE))
    plain = "\n".join(["Summary: " + _one_line(document.title)] + [f"• {_one_line(s.text)}" for s in sentences])
    return _split(escape(plain), head + body + tail)


def reply_messages(document: Document, reply: object) -> list[Message]:
    """The messages for a bot.answering Reply: the answers, or why there are none
    ("not in the article; the closest paragraph: ...", "X isn't quoted ...")."""
    from bot.answering.wording import bold_span, headline

    line = headline(reply)  # type: ignore[arg-type]
    answers = list(reply.answers)  # type: ignore[attr-defined]
    if line is None:
        return answer_messages(document, answers)
    if not answers:
        return [note_message(escape(line))]
    messages = answer_messages(document, answers, bold=bold_span(reply))  # type: ignore[arg-type]
    head = section(escape(line))
    first = messages[0]
    return [Message(_truncate(line, MAX_FALLBACK_CHARS), (head, *first.blocks[: MAX_BLOCKS - 1])), *messages[1:]]


def answer_messages(
    document: Document, answers: Sequence[object], *, bold: bool = True
) -> list[Message]:
    """Quoted paragraphs, the answering sentence in bold, where each paragraph sits."""
    if not answers:
        return [note_message(NOT_FOUND)]
    total = len(document.paragraphs)
    blocks: list[dict] = []
    for answer in answers:
        paragraph = _one_line(answer.paragraph)  # type: ignore[attr-defined]
        sentence = _one_line(answer.sentence) if bold else ""  # type: ignore[attr-defined]
        at = paragraph.find(sentence) if sentence else -1
        if at < 0:
            words = _words(paragraph, False)
        else:
            words = (
                _words(paragraph[:at], False)
                + _words(sentence, True)
                + _words(paragraph[at + len(sentence) :], False)
            )
        blocks.extend(section(t) for t in pack(words, prefix="> "))
        where = f"Paragraph {answer.paragraph_index + 1} of {total}"  # type: ignore[attr-defined]
        if document.source.startswith(("http://", "https://")):
            where += " · " + link(document.source, _one_line(document.title) or document.source)
        else:
            where += " · " + escape(_one_line(document.title) or document.source)
        blocks.append(context(where))
    first = _one_line(answers[0].sentence or answers[0].paragraph)  # type: ignore[attr-defined]
    return _split(escape(first), blocks)


def note_message(text: str) -> Message:
    """A short plain note; ``text`` is mrkdwn already (escape user content first)."""
    return Message(_truncate(text, MAX_FALLBACK_CHARS), tuple(lines_to_sections([text])))


def _split(fallback: str, blocks: list[dict]) -> list[Message]:
    text = _truncate(fallback, MAX_FALLBACK_CHARS)
    out = []
    for start in range(0, len(blocks), MAX_BLOCKS):
        chunk = tuple(blocks[start : start + MAX_BLOCKS])
        out.append(Message(text if start == 0 else _truncate(text, 200) + " (continued)", chunk))
    return out
