"""How the command line shows documents, summaries and answers: text and JSON."""

from __future__ import annotations

import json
import shutil
import textwrap
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

from bot.document import Document

if TYPE_CHECKING:  # the answering stack loads numpy: only commands that answer import it
    from bot.answering.index import Answer, Reply
from bot.errors import UsageError


def check_top(top: int) -> None:
    if top < 1:
        raise UsageError("--top must be at least 1")


def one_line(message: object) -> str:
    """An error message as one line in the command line's style: lower-case start (names
    and acronyms kept), no closing period."""
    text = " ".join(str(message).split())
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        text = text[0].lower() + text[1:]
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def answer_dict(a: Any) -> dict[str, Any]:
    return {
        "paragraph": a.paragraph,
        "paragraph_index": a.paragraph_index,
        "sentence": a.sentence,
        "score": round(a.score, 4),
    }


def reply_fields(reply: Any) -> dict[str, Any]:
    """What kind of reply an answer is, for JSON output: ``reply`` ("answered",
    "not_found", "not_quoted", "byline", "gist"), ``reason`` (why there is no answer:
    "no-quantity", "low-evidence", ...), ``person``, ``other``, ``published`` and
    ``heading`` (the section the question named)."""
    return {
        "reply": reply.kind,
        "reason": reply.reason,
        "person": reply.person,
        "other": reply.other,
        "published": reply.published,
        "heading": reply.heading,
    }


def width() -> int:
    """The terminal's width (88 columns when the output is not a terminal), at least 40."""
    return max(40, shutil.get_terminal_size((88, 24)).columns)


def wrap(text: str, *, indent: str = "", first: str = "") -> str:
    """``text`` filled to the terminal's width, ``first`` before its first line and
    ``indent`` before the others."""
    return textwrap.fill(text, width=width(), initial_indent=first, subsequent_indent=indent,
                         break_on_hyphens=False)


def render_summary(doc: Document, picked: Sequence[Any]) -> str:
    lines = []
    if doc.title:
        lines.append(wrap(doc.title))
    meta = f"{doc.reading_minutes} min read"
    if doc.source:
        meta = f"{doc.source} · {meta}"
    lines.append(wrap(meta))
    lines.append("")
    lines.extend(wrap("• " + s.text, indent="  ") for s in picked)
    return "\n".join(lines)


def render_reply(doc: Document, reply: Reply, summary: Sequence[str] = ()) -> str:
    """An answer's quoted paragraphs, or the line saying why there is none (and, when
    there is one, the closest paragraph, never with a bold "best sentence"); for a
    question about the whole article, its ``summary``."""
    from bot.answering.wording import bold_span, headline

    line = headline(reply)
    if line is None:
        return render_answers(doc, reply.answers)
    if summary:
        return "\n".join([wrap(line), *(wrap("• " + s, indent="  ") for s in summary)])
    if not reply.answers:
        return wrap(line)
    return wrap(line) + "\n\n" + render_answers(doc, reply.answers, best=bold_span(reply))


def render_answers(doc: Document, answers: Sequence[Answer], *, best: bool = True) -> str:
    if not answers:
        return "I couldn't find that in the article."
    total = len(doc.paragraphs)
    blocks = []
    for a in answers:
        head = f"Paragraph {a.paragraph_index + 1} of {total}:"
        quoted = wrap(a.paragraph, first="  > ", indent="  > ")
        line = "\n" + wrap(a.sentence, first="  Best sentence: ", indent="    ") if best and a.sentence else ""
        blocks.append(f"{head}\n{quoted}{line}")
    return "\n\n".join(blocks)


def write_json(out: IO[str], data: Any) -> None:
    out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")

