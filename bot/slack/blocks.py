"""Block Kit messages: summaries, answers and short notes.

Slack's limits shape everything here: at most 50 blocks per message and 3,000
characters per section text. Long text is split between words only, after
escaping, so a split never lands inside an ``&amp;`` entity, a ``<url|label>``
link or a ``*bold*`` span (each bold piece is closed and reopened instead).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from urllib.parse import urlsplit

from bot.document import Document, SentenceRef
from bot.slack.parse import MAX_SENTENCES

MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
MAX_CONTEXT_CHARS = 2000  # Slack's cap on one context element's text
MAX_FALLBACK_CHARS = 3000
_SECTION_BUDGET = MAX_SECTION_CHARS - 50  # room for the quote marker and bold markers
_WORD_CHUNK = 500  # raw characters; escaping at most quintuples them, still under the budget

ASK_LINE = ":speech_balloon: Ask me about it: reply in this thread with a question."
# the summary's buttons (their action_ids are a contract with Slack's interactivity)
ACTIONS_BLOCK = "summary_actions"
SHORTER, LONGER, QUOTES = "summary_shorter", "summary_longer", "summary_quotes"
MAX_HOME_BLOCKS = 100
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


def summary_actions(count: int, *, longer: bool = True) -> dict:
    """The buttons under a summary: Shorter, Longer, Who said what. The clicked summary's
    length travels in each button's value, so a click needs no state of its own."""
    value = json.dumps({"n": count})
    elements = []
    if count > 1:
        elements.append(_button("Shorter", SHORTER, value))
    if longer and count < MAX_SENTENCES:
        elements.append(_button("Longer", LONGER, value))
    elements.append(_button("Who said what", QUOTES, value))
    return {"type": "actions", "block_id": ACTIONS_BLOCK, "elements": elements}


def _button(label: str, action_id: str, value: str) -> dict:
    return {"type": "button", "action_id": action_id, "value": value,
            "text": {"type": "plain_text", "text": label}}


def summary_message(
    document: Document,
    sentences: Sequence[SentenceRef],
    *,
    note: str | None = None,
    actions: dict | None = None,
) -> list[Message]:
    """The summary reply: linked title, bullets, source and reading time, the Q&A hint,
    and (``actions``) its buttons, on the last message."""
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
    plain = "\n".join(["Summary: " + (_one_line(document.title) or "Untitled")] + [f"• {_one_line(s.text)}" for s in sentences])
    messages = _split(escape(plain), head + body + tail)
    if actions is not None:
        last = messages[-1]
        if len(last.blocks) < MAX_BLOCKS:
            messages[-1] = Message(last.text, (*last.blocks, actions))
        else:
            messages.append(Message(_truncate(last.text, 200), (actions,)))
    return messages


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
        blocks.extend(_quote(answer.paragraph, answer.sentence if bold else ""))  # type: ignore[attr-defined]
        where = f"Paragraph {answer.paragraph_index + 1} of {total}"  # type: ignore[attr-defined]
        if document.source.startswith(("http://", "https://")):
            where += " · " + link(document.source, _one_line(document.title) or document.source)
        else:
            where += " · " + escape(_one_line(document.title) or document.source)
        blocks.append(context(where))
    first = _one_line(answers[0].sentence or answers[0].paragraph)  # type: ignore[attr-defined]
    return _split(escape(first), blocks)


def _quote(paragraph_text: str, sentence_text: str) -> list[dict]:
    """A quoted paragraph with ``sentence_text`` (when it is in it) in bold."""
    paragraph = _one_line(paragraph_text)
    sentence = _one_line(sentence_text)
    at = paragraph.find(sentence) if sentence else -1
    if at < 0:
        words = _words(paragraph, False)
    else:
        words = (
            _words(paragraph[:at], False)
            + _words(sentence, True)
            + _words(paragraph[at + len(sentence) :], False)
        )
    return [section(t) for t in pack(words, prefix="> ")]


def shared_on(when: datetime) -> str:
    """A date Slack shows in each reader's own time zone ("Nov 30, 2026")."""
    epoch = int(when.timestamp())
    fallback = when.strftime("%Y-%m-%d")
    return f"<!date^{epoch}^{{date_short}}|{fallback}>"


def article_link(title: str, source: str) -> str:
    title = _one_line(title) or "Untitled"
    if source.startswith(("http://", "https://")):
        return link(source, title)
    return escape(title)


@dataclass(frozen=True)
class Quoted:
    """One answer from the channel's reading list, with the article it comes from."""

    paragraph: str
    sentence: str
    title: str
    source: str
    shared: datetime


def library_messages(question: str, found: Sequence[Quoted], *, bold: bool = True) -> list[Message]:
    """Answers across a channel's articles: each quote, then the article it is from."""
    if not found:
        return [note_message("I couldn't find that in the articles shared in this channel.")]
    blocks: list[dict] = []
    for at, quoted in enumerate(found):
        blocks.extend(_quote(quoted.paragraph, quoted.sentence if bold else ""))
        following = found[at + 1] if at + 1 < len(found) else None
        if following is not None and (following.title, following.source) == (quoted.title, quoted.source):
            continue  # consecutive quotes of one article: named once, after the last
        blocks.append(context(f"From {article_link(quoted.title, quoted.source)}, "
                              f"shared {shared_on(quoted.shared)}"))
    first = _one_line(found[0].sentence or found[0].paragraph)
    return _split(escape(first), blocks)


class Card(Protocol):
    """An article as listed (search results, the App Home): the store's ArticleCard."""

    @property
    def title(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def shared_at(self) -> datetime: ...
    @property
    def channel_id(self) -> str: ...


def _card_blocks(card: Card, *, with_channel: bool) -> list[dict]:
    # the channel is shown on the App Home, where articles come from many channels
    where = f" in <#{card.channel_id}>" if with_channel and card.channel_id else ""
    head = f"*{article_link(card.title, card.source)}*\nShared {shared_on(card.shared_at)}{where}"
    blocks = [section(_truncate(head, MAX_SECTION_CHARS))]
    if card.summary.strip():
        blocks.append(context(escape(_one_line(card.summary))))
    return blocks


def search_message(words: str, cards: Sequence[Card]) -> Message:
    """``/summary search``: the channel's matching articles, best first."""
    if not cards:
        return note_message(f"No article shared in this channel matches “{escape(_one_line(words))}”.")
    blocks: list[dict] = [section(f"Articles in this channel about “{escape(_one_line(words)[:200])}”:")]
    for card in cards:
        if len(blocks) + 2 > MAX_BLOCKS:
            break
        blocks.extend(_card_blocks(card, with_channel=False))
    return Message(f"{len(cards)} article(s) about {escape(_one_line(words)[:200])}", tuple(blocks))


def home_view(cards: Sequence[Card]) -> dict:
    """The App Home tab: the user's reading list, latest first."""
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Your reading list"}},
        context("The latest articles summarized in this workspace's public channels and in "
                "the conversations you took part in."),
        {"type": "divider"},
    ]
    if not cards:
        blocks.append(section("Nothing yet. Post a link in a channel I'm in, or use `/summary URL`."))
    for card in cards:
        if len(blocks) + 3 > MAX_HOME_BLOCKS:
            break
        blocks.extend(_card_blocks(card, with_channel=True))
        blocks.append({"type": "divider"})
    return {"type": "home", "blocks": blocks}


def quotes_message(groups: Sequence[tuple[str, Sequence[str]]], title: str) -> list[Message]:
    """"Who said what": the article's direct quotes, grouped by speaker."""
    if not groups:
        return [note_message("Nobody is quoted directly in this article.")]
    lines: list[str] = [f"*Who said what* in {escape(_one_line(title) or 'this article')}:"]
    for speaker, quotes in groups:
        lines.append(f"*{escape(speaker)}*")
        lines.extend("> " + escape(_one_line(q)) for q in quotes)
    return _split(f"Who said what: {len(groups)} speaker(s)", lines_to_sections(lines))


def settings_message(auto_summarize: bool, sentences: int, *, changed: str = "") -> Message:
    """``/summary settings``: this channel's settings."""
    lines = [changed] if changed else []
    lines.append("*Settings for this channel*")
    lines.append(f"• Automatic summaries of posted links: *{'on' if auto_summarize else 'off'}* "
                 "(`/summary settings auto on|off`)")
    lines.append(f"• Summary length: *{sentences} sentences* (`/summary settings sentences N`)")
    return note_message("\n".join(lines))


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
