"""The commands that work on one SOURCE: summarize, ask, extract and chat."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from typing import IO, BinaryIO, cast

from bot.cli.render import (
    answer_dict,
    render_reply,
    render_summary,
    reply_fields,
    wrap,
    write_json,
)
from bot.document import Document
from bot.errors import UsageError
from bot.settings import Settings

EXIT_OK = 0
QUIT = frozenset({"quit", "exit", "q", ":q", "bye"})


def read(args: argparse.Namespace, stdin: IO[bytes], settings: Settings) -> Document:
    from bot.fetching.policy import FetchPolicy
    from bot.reading.sources import read_source

    if not args.source:
        raise UsageError("a SOURCE is required: a file path, '-' for standard input, or a URL")
    return read_source(
        args.source,
        policy=FetchPolicy.from_settings(settings),
        language=args.language,
        stdin=cast(BinaryIO, stdin),
        max_pages=settings.max_pages,
    )


def summarize(args: argparse.Namespace, stdin: IO[bytes], out: IO[str], settings: Settings) -> int:
    from bot.summarizing.summarize import summarize

    doc = read(args, stdin, settings)
    picked = summarize(doc, sentences=args.sentences, ratio=args.ratio, algorithm=args.algorithm)
    if args.json:
        write_json(out, {
            "title": doc.title,
            "source": doc.source,
            "language": doc.language,
            "algorithm": args.algorithm,
            "summary": [s.text for s in picked],
            "sentences": [
                {"text": s.text, "paragraph": s.paragraph, "position": s.position} for s in picked
            ],
            "word_count": doc.word_count,
            "reading_minutes": doc.reading_minutes,
        })
        return EXIT_OK
    if doc.title:
        out.write(doc.title + "\n\n")
    for s in picked:
        out.write(wrap("- " + s.text, indent="  ") + "\n")
    return EXIT_OK


def gist(doc: Document, settings: Settings) -> list[str]:
    """The summary that answers a question about the whole article ("what's this about?")."""
    from bot.summarizing.summarize import summarize

    return [s.text for s in summarize(doc, sentences=settings.sentences, algorithm=settings.algorithm)]


def ask(args: argparse.Namespace, stdin: IO[bytes], out: IO[str], settings: Settings) -> int:
    from bot.answering.index import ANSWERED, GIST, AnswerIndex

    if not args.question or not args.question.strip():
        raise UsageError("a QUESTION is required, e.g. summarybot ask article.txt 'What did Austin say?'")
    doc = read(args, stdin, settings)
    # one question: the sentence model reads only its candidates, not the whole article
    reply = AnswerIndex(doc, encode_all=False).reply(args.question, top=args.top)
    if args.json:
        answered = reply.kind == ANSWERED
        write_json(out, {
            "question": args.question,
            "title": doc.title,
            "source": doc.source,
            # "answers" stays the contract: empty when the article does not answer
            "answers": [answer_dict(a) for a in reply.answers] if answered else [],
            **reply_fields(reply),
            "closest": [] if answered else [answer_dict(a) for a in reply.answers],
            # a question about the whole article ("reply": "gist") is answered by its summary
            **({"summary": gist(doc, settings)} if reply.kind == GIST else {}),
        })
        return EXIT_OK
    out.write(render_reply(doc, reply, gist(doc, settings) if reply.kind == GIST else ()) + "\n")
    return EXIT_OK


def extract(args: argparse.Namespace, stdin: IO[bytes], out: IO[str], settings: Settings) -> int:
    doc = read(args, stdin, settings)
    outline = doc.outline()
    if args.json:
        write_json(out, {
            **doc.to_dict(),
            "headings": [text for kind, text in outline if kind == "heading"],
            # the article as a reader sees it: headings in place, between the paragraphs
            "text": "\n\n".join(text for _, text in outline),
        })
        return EXIT_OK
    out.write(doc.title + "\n\n" if doc.title else "")
    out.write("\n\n".join(text for _, text in outline) + "\n")
    return EXIT_OK


def chat(args: argparse.Namespace, stdin: IO[bytes], out: IO[str], settings: Settings) -> int:
    from bot.answering.index import GIST, AnswerIndex
    from bot.summarizing.summarize import summarize

    if args.source == "-":
        raise UsageError("chat reads questions from standard input, so SOURCE cannot be '-'")
    doc = read(args, stdin, settings)
    out.write(render_summary(doc, summarize(doc, sentences=args.sentences,
                                            algorithm=settings.algorithm)) + "\n")
    out.write("\n" + wrap("Ask a question about the article (leave with quit, exit or Ctrl-D).") + "\n")
    index = AnswerIndex(doc)
    interactive = sys.stdin.isatty()
    for raw in _lines(stdin, out, prompt="> " if interactive else ""):
        question = raw.strip()
        if not question:
            continue
        if question.lower().rstrip(".!") in QUIT:
            break
        if not interactive:
            out.write(f"> {question}\n")
        reply = index.reply(question, top=args.top)
        out.write(render_reply(doc, reply, gist(doc, settings) if reply.kind == GIST else ()) + "\n")
        out.flush()
    return EXIT_OK


def _lines(stdin: IO[bytes], out: IO[str], *, prompt: str) -> Iterable[str]:
    while True:
        if prompt:
            out.write(prompt)
            out.flush()
        line = stdin.readline()
        if not line:
            if prompt:
                out.write("\n")
            return
        yield line.decode("utf-8", errors="replace")
