"""How the command line shows documents, summaries and answers: text and JSON."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from typing import IO, Any

from bot.document import Document
from bot.errors import UsageError


def check_top(top: int) -> None:
    if top < 1:
        raise UsageError("--top must be at least 1")


def answer_dict(a: Any) -> dict[str, Any]:
    return {
        "paragraph": a.paragraph,
        "paragraph_index": a.paragraph_index,
        "sentence": a.sentence,
        "score": round(a.score, 4),
    }


def wrap(text: str, *, indent: str = "") -> str:
    return textwrap.fill(text, width=88, subsequent_indent=indent, break_on_hyphens=False)


def render_summary(doc: Document, picked: Sequence[Any]) -> str:
    lines = []
    if doc.title:
        lines.append(doc.title)
    meta = f"{doc.reading_minutes} min read"
    if doc.source:
        meta = f"{doc.source} · {meta}"
    lines.append(meta)
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
        quoted = textwrap.indent(wrap(a.paragraph), "  > ")
        blocks.append(f"{head}\n{quoted}\n  Best sentence: {a.sentence}")
    return "\n\n".join(blocks)


def write_json(out: IO[str], data: Any) -> None:
    out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")

