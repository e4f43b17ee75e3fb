"""How the command line shows documents, summaries and answers: text and JSON."""

from __future__ import annotations

import json
import shutil
import textwrap
from collections.abc import Sequence
from typing import IO, Any

from bot.document import Document
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


def render_answers(doc: Document, answers: Sequence[Any]) -> str:
    if not answers:
        return "I couldn't find that in the article."
    total = len(doc.paragraphs)
    blocks = []
    for a in answers:
        head = f"Paragraph {a.paragraph_index + 1} of {total}:"
        quoted = wrap(a.paragraph, first="  > ", indent="  > ")
        best = wrap(a.sentence, first="  Best sentence: ", indent="    ")
        blocks.append(f"{head}\n{quoted}\n{best}")
    return "\n\n".join(blocks)


def write_json(out: IO[str], data: Any) -> None:
    out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")

