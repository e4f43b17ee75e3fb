"""The command line: the edge where typed errors become one friendly line.

    summarybot summarize SOURCE [--sentences N | --ratio R] [--algorithm NAME] [--language LANG] [--json]
    summarybot summarize --jsonl              < {"id", "text", "sentences"?} lines
    summarybot ask SOURCE QUESTION [--top K] [--json]
    summarybot ask --jsonl                    < {"id", "text", "question", "top"?} lines
    summarybot extract SOURCE [--json]
    summarybot chat SOURCE
    summarybot eval summaries FILE | eval answers FILE
    summarybot serve | socket
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import textwrap
from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any

from bot import __version__
from bot.document import Document
from bot.errors import SummarybotError, UsageError

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so all errors leave through one door."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    from bot.summarizing.summarize import ALGORITHMS

    parser = _Parser(
        prog="summarybot",
        description="Summarize articles and answer questions about them.",
    )
    parser.add_argument("--version", action="version", version=f"summarybot {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def source_args(p: argparse.ArgumentParser, *, optional: bool = False) -> None:
        p.add_argument(
            "source",
            nargs="?" if optional else None,
            help="file path, '-' for standard input, or an http(s) URL",
        )
        p.add_argument("--language", help="override language detection (e.g. english, de, fr)")

    p = sub.add_parser("summarize", help="print an extractive summary")
    source_args(p, optional=True)
    length = p.add_mutually_exclusive_group()
    length.add_argument("--sentences", "-n", type=int, help="number of sentences (default 5)")
    length.add_argument("--ratio", type=float, help="share of the document's sentences, 0 < R <= 1")
    p.add_argument("--algorithm", "-a", default="default", choices=ALGORITHMS)
    p.add_argument("--json", action="store_true", help="write JSON")
    p.add_argument("--jsonl", action="store_true", help="batch: JSON lines on stdin")

    p = sub.add_parser("ask", help="answer a question about a document")
    source_args(p, optional=True)
    p.add_argument("question", nargs="?")
    p.add_argument("--top", "-k", type=int, default=3, help="most paragraphs returned (default 3)")
    p.add_argument("--json", action="store_true", help="write JSON")
    p.add_argument("--jsonl", action="store_true", help="batch: JSON lines on stdin")

    p = sub.add_parser("extract", help="print the cleaned title and paragraphs")
    source_args(p)
    p.add_argument("--json", action="store_true", help="write JSON")

    p = sub.add_parser("chat", help="try the conversation without Slack")
    source_args(p)
    p.add_argument("--sentences", "-n", type=int, default=5)
    p.add_argument("--top", "-k", type=int, default=2)

    p = sub.add_parser("eval", help="score summaries or answers on an evaluation file")
    esub = p.add_subparsers(dest="what", required=True, parser_class=_Parser)
    e = esub.add_parser("summaries", help="ROUGE of 3-sentence summaries, with Lead-3")
    e.add_argument("file")
    e.add_argument(
        "--algorithm", "-a", action="append", choices=ALGORITHMS,
        help="algorithm to score (repeatable); default: lead and default",
    )
    e.add_argument("--sentences", "-n", type=int, default=3)
    e.add_argument("--limit", type=int, help="only the first N documents")
    e.add_argument("--json", action="store_true")
    e = esub.add_parser("answers", help="top-1 / top-3 / abstention on SQuAD-style files")
    e.add_argument("file")
    e.add_argument("--limit", type=int, help="only the first N questions")
    e.add_argument(
        "--no-sentence-model", dest="sentence_model", action="store_false", default=None,
        help="rank as for long or non-English documents, without the sentence model",
    )
    e.add_argument("--json", action="store_true")

    sub.add_parser("serve", help="run the Slack bot over HTTP on $PORT")
    sub.add_parser("socket", help="run the Slack bot in Socket Mode")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    stdout, stderr = sys.stdout, sys.stderr
    try:
        args = build_parser().parse_args(argv)
        return _dispatch(args, sys.stdin.buffer, stdout)
    except UsageError as exc:
        print(f"summarybot: error: {exc}", file=stderr)
        return EXIT_USAGE
    except SummarybotError as exc:
        print(f"summarybot: error: {exc}", file=stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (| head): not an error worth a traceback
        sys.stderr.close()
        return EXIT_OK


def _dispatch(args: argparse.Namespace, stdin: IO[bytes], out: IO[str]) -> int:
    command = args.command
    if command in {"serve", "socket"}:
        return _run_slack(command)
    if command == "eval":
        return _eval(args, out)
    if command == "summarize":
        if args.jsonl:
            return _batch(stdin, out, lambda item: _summarize_item(item, args))
        return _summarize(args, stdin, out)
    if command == "ask":
        if args.jsonl:
            if args.source is not None:
                raise UsageError("ask --jsonl reads JSON lines on standard input; give no SOURCE")
            return _batch(stdin, out, lambda item: _ask_item(item, args))
        return _ask(args, stdin, out)
    if command == "extract":
        return _extract(args, stdin, out)
    if command == "chat":
        return _chat(args, stdin, out)
    raise UsageError(f"unknown command {command}")  # argparse prevents this


# -- single documents ---------------------------------------------------------


def _read(args: argparse.Namespace, stdin: IO[bytes]) -> Document:
    from bot.fetching.client import FetchPolicy
    from bot.reading.sources import read_source
    from bot.settings import Settings

    if not args.source:
        raise UsageError("a SOURCE is required: a file path, '-' for standard input, or a URL")
    settings = Settings.from_env()
    return read_source(
        args.source,
        policy=FetchPolicy.from_settings(settings),
        language=args.language,
        stdin=stdin,
        max_pages=settings.max_pages,
    )


def _summarize(args: argparse.Namespace, stdin: IO[bytes], out: IO[str]) -> int:
    from bot.summarizing.summarize import summarize

    doc = _read(args, stdin)
    picked = summarize(doc, sentences=args.sentences, ratio=args.ratio, algorithm=args.algorithm)
    if args.json:
        _write_json(out, {
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
        out.write(_wrap("- " + s.text, indent="  ") + "\n")
    return EXIT_OK


def _ask(args: argparse.Namespace, stdin: IO[bytes], out: IO[str]) -> int:
    from bot.answering.index import AnswerIndex

    if not args.question or not args.question.strip():
        raise UsageError("a QUESTION is required, e.g. summarybot ask article.txt 'What did Austin say?'")
    _check_top(args.top)
    doc = _read(args, stdin)
    answers = AnswerIndex(doc).ask(args.question, top=args.top)
    if args.json:
        _write_json(out, {
            "question": args.question,
            "title": doc.title,
            "source": doc.source,
            "answers": [_answer_dict(a) for a in answers],
        })
        return EXIT_OK
    out.write(_render_answers(doc, answers) + "\n")
    return EXIT_OK


def _extract(args: argparse.Namespace, stdin: IO[bytes], out: IO[str]) -> int:
    doc = _read(args, stdin)
    if args.json:
        _write_json(out, doc.to_dict())
        return EXIT_OK
    out.write(doc.title + "\n\n" if doc.title else "")
    out.write("\n\n".join(p.text for p in doc.paragraphs) + "\n")
    return EXIT_OK


def _chat(args: argparse.Namespace, stdin: IO[bytes], out: IO[str]) -> int:
    from bot.answering.index import AnswerIndex
    from bot.summarizing.summarize import summarize

    if args.source == "-":
        raise UsageError("chat reads questions from standard input, so SOURCE cannot be '-'")
    _check_top(args.top)
    doc = _read(args, stdin)
    out.write(_render_summary(doc, summarize(doc, sentences=args.sentences)) + "\n")
    out.write("\nAsk a question about the article (end with Ctrl-D).\n")
    index = AnswerIndex(doc)
    interactive = sys.stdin.isatty()
    for raw in _lines(stdin, out, prompt="> " if interactive else ""):
        question = raw.strip()
        if not question:
            continue
        if not interactive:
            out.write(f"> {question}\n")
        out.write(_render_answers(doc, index.ask(question, top=args.top)) + "\n")
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


# -- batch mode ---------------------------------------------------------------


def _batch(stdin: IO[bytes], out: IO[str], handle: Callable[[dict[str, Any]], dict[str, Any]]) -> int:
    """One JSON line out per line in, in order; a bad line answers with an error and the batch goes on."""
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
            result = handle(item)
        except SummarybotError as exc:
            result = {"id": item_id, "error": str(exc)}
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()
    return EXIT_OK


def _text_document(item: dict[str, Any], language: str | None) -> Document:
    from bot.reading.build import document_from_paragraphs
    from bot.text.sentences import split_paragraphs

    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise UsageError('"text" must be a non-empty string')
    title = item.get("title") if isinstance(item.get("title"), str) else ""
    return document_from_paragraphs(
        split_paragraphs(text), title=title, source=str(item.get("id") or ""), language=language
    )


def _int_field(item: dict[str, Any], name: str, default: int | None) -> int | None:
    value = item.get(name, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise UsageError(f'"{name}" must be a positive whole number')
    return value


def _summarize_item(item: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    from bot.summarizing.summarize import summarize

    doc = _text_document(item, args.language)
    count = _int_field(item, "sentences", args.sentences)
    ratio = None if "sentences" in item else args.ratio
    algorithm = item.get("algorithm", args.algorithm)
    if not isinstance(algorithm, str):
        raise UsageError('"algorithm" must be a string')
    picked = summarize(doc, sentences=count, ratio=ratio, algorithm=algorithm)
    return {"id": item.get("id"), "summary": [s.text for s in picked]}


def _ask_item(item: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    from bot.answering.index import answer

    question = item.get("question")
    if not isinstance(question, str) or not question.strip():
        raise UsageError('"question" must be a non-empty string')
    top = _int_field(item, "top", args.top)
    doc = _text_document(item, args.language)
    answers = answer(doc, question, top=top or 3)
    return {
        "id": item.get("id"),
        "answers": [
            {"paragraph": a.paragraph, "sentence": a.sentence, "score": round(a.score, 4)}
            for a in answers
        ],
    }


# -- evaluation and servers ---------------------------------------------------


def _eval(args: argparse.Namespace, out: IO[str]) -> int:
    if args.what == "summaries":
        from bot.evaluation.summaries import (
            evaluate_summaries,
            format_summary_report,
            report_to_dict,
        )

        algorithms = tuple(args.algorithm or ("lead", "default"))
        report = evaluate_summaries(args.file, algorithms=algorithms, sentences=args.sentences, limit=args.limit)
        if args.json:
            _write_json(out, report_to_dict(report))
        else:
            out.write(format_summary_report(report) + "\n")
        return EXIT_OK
    from bot.evaluation.answers import evaluate_answers, format_answer_report
    from bot.evaluation.answers import report_to_dict as answers_to_dict

    areport = evaluate_answers(args.file, limit=args.limit, sentence_model=args.sentence_model)
    if args.json:
        _write_json(out, answers_to_dict(areport))
    else:
        out.write(format_answer_report(areport) + "\n")
    return EXIT_OK


def _run_slack(command: str) -> int:
    from bot.settings import Settings

    settings = Settings.from_env()
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(process)d %(name)s: %(message)s",
    )
    if command == "serve":
        from bot.slack.serve import run_server

        return run_server(settings)
    from bot.slack.socket_mode import run_socket

    return run_socket(settings)


# -- rendering ----------------------------------------------------------------


def _check_top(top: int) -> None:
    if top < 1:
        raise UsageError("--top must be at least 1")


def _answer_dict(a: Any) -> dict[str, Any]:
    return {
        "paragraph": a.paragraph,
        "paragraph_index": a.paragraph_index,
        "sentence": a.sentence,
        "score": round(a.score, 4),
    }


def _wrap(text: str, *, indent: str = "") -> str:
    return textwrap.fill(text, width=88, subsequent_indent=indent, break_on_hyphens=False)


def _render_summary(doc: Document, picked: Sequence[Any]) -> str:
    lines = []
    if doc.title:
        lines.append(doc.title)
    meta = f"{doc.reading_minutes} min read"
    if doc.source:
        meta = f"{doc.source} · {meta}"
    lines.append(meta)
    lines.append("")
    lines.extend(_wrap("• " + s.text, indent="  ") for s in picked)
    return "\n".join(lines)


def _render_answers(doc: Document, answers: Sequence[Any]) -> str:
    if not answers:
        return "I couldn't find that in the article."
    total = len(doc.paragraphs)
    blocks = []
    for a in answers:
        head = f"Paragraph {a.paragraph_index + 1} of {total}:"
        quoted = textwrap.indent(_wrap(a.paragraph), "  > ")
        blocks.append(f"{head}\n{quoted}\n  Best sentence: {a.sentence}")
    return "\n\n".join(blocks)


def _write_json(out: IO[str], data: Any) -> None:
    out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
