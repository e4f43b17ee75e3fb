"""Batch mode: ``summarize --jsonl`` and ``ask --jsonl``, one JSON line out per line in."""

from __future__ import annotations

import argparse
import json
import re
from collections import OrderedDict
from collections.abc import Callable
from typing import IO, Any

from bot.document import Document
from bot.errors import SummarybotError, UsageError
from bot.settings import Settings

EXIT_OK = 0


class Reuse:
    """What consecutive lines about the same text share: its Document and answer index,
    built once (40 questions about one article cost about one, not forty)."""

    def __init__(self, size: int = 4) -> None:
        self._size = size
        self._documents: OrderedDict[tuple[str, str | None, str], Document] = OrderedDict()
        self._indexes: dict[int, Any] = {}

    def document(self, item: dict[str, Any], language: str | None) -> Document:
        text, title = item.get("text"), item.get("title")
        key = (text if isinstance(text, str) else "", language, title if isinstance(title, str) else "")
        found = self._documents.get(key)
        if found is None:
            found = _text_document(item, language)
            self._documents[key] = found
            self._documents.move_to_end(key)
            while len(self._documents) > self._size:
                _, old = self._documents.popitem(last=False)
                self._indexes.pop(id(old), None)
        else:
            self._documents.move_to_end(key)
        return found

    def index(self, document: Document) -> Any:
        from bot.answering.index import AnswerIndex

        found = self._indexes.get(id(document))
        if found is None or found.document is not document:
            found = self._indexes[id(document)] = AnswerIndex(document)
        return found


def batch(
    stdin: IO[bytes], out: IO[str], handle: Callable[[dict[str, Any], Reuse], dict[str, Any]]
) -> int:
    """One JSON line out per line in, in order; a bad line answers with an error and the batch goes on."""
    reuse = Reuse()
    for number, raw in enumerate(stdin, start=1):
        if not raw.strip():
            continue
        item_id: Any = None
        try:
            try:
                item = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise UsageError(f"line {number} is not valid JSON: {exc.msg if hasattr(exc, 'msg') else exc}") from None
            if not isinstance(item, dict):
                raise UsageError(f"line {number} must be a JSON object")
            item_id = item.get("id")
            result = handle(item, reuse)
        except SummarybotError as exc:
            result = {"id": item_id, "error": str(exc)}
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()
    return EXIT_OK


def _text_document(item: dict[str, Any], language: str | None) -> Document:
    """The item's text read exactly as a file or standard input holding it would be
    (the same reader, the same cleaning), so every door gives the same summary."""
    from dataclasses import replace

    from bot.reading.sources import read_bytes

    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise UsageError('"text" must be a non-empty string')
    doc = read_bytes(text.encode("utf-8"), source=str(item.get("id") or ""), language=language)
    title = item.get("title")
    return replace(doc, title=title) if isinstance(title, str) and title.strip() else doc


def _verbatim(paragraph: str, text: str) -> str:
    """The blank-line separated paragraph of ``text`` that holds ``paragraph``.

    Reading may rejoin a hard-wrapped paragraph or normalize its spaces; batch output
    promises the caller's own paragraphs, unchanged."""
    from bot.text.sentences import split_paragraphs

    # compared by words: list markers become bullets and Markdown markup goes
    def words(s: str) -> str:
        return " " + " ".join(re.findall(r"\w+", s)) + " "

    want = words(paragraph)
    for original in split_paragraphs(text):
        if want in words(original):
            return original
    return paragraph  # not reached for text documents; kept rather than dropping an answer


def _int_field(item: dict[str, Any], name: str, default: int | None) -> int | None:
    value = item.get(name, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise UsageError(f'"{name}" must be a positive whole number')
    return value


def summarize_item(item: dict[str, Any], args: argparse.Namespace, reuse: Reuse) -> dict[str, Any]:
    from bot.summarizing.summarize import summarize

    doc = reuse.document(item, args.language)
    count = _int_field(item, "sentences", args.sentences)
    ratio = None if "sentences" in item else args.ratio
    algorithm = item.get("algorithm", args.algorithm)
    if not isinstance(algorithm, str):
        raise UsageError('"algorithm" must be a string')
    picked = summarize(doc, sentences=count, ratio=ratio, algorithm=algorithm)
    return {"id": item.get("id"), "summary": [s.text for s in picked]}


def ask_item(
    item: dict[str, Any], args: argparse.Namespace, reuse: Reuse, settings: Settings
) -> dict[str, Any]:
    question = item.get("question")
    if not isinstance(question, str) or not question.strip():
        raise UsageError('"question" must be a non-empty string')
    from bot.answering.index import ANSWERED, GIST
    from bot.cli.documents import gist
    from bot.cli.render import reply_fields

    top = _int_field(item, "top", args.top)
    doc = reuse.document(item, args.language)
    reply = reuse.index(doc).reply(question, top=top or args.top)
    answered = reply.answers if reply.kind == ANSWERED else ()
    return {
        "id": item.get("id"),
        # an empty list: the article does not answer ("reason" says why)
        "answers": [
            {"paragraph": _verbatim(a.paragraph, item["text"]), "sentence": a.sentence,
             "score": round(a.score, 4)}
            for a in answered
        ],
        **reply_fields(reply),
        # a question about the whole article is answered by its summary
        **({"summary": gist(doc, settings)} if reply.kind == GIST else {}),
    }
