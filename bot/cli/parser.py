"""The command line's options: every command, its arguments and their help."""

from __future__ import annotations

import argparse

from bot import __version__
from bot.errors import UsageError


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so all errors leave through one door."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    from bot.summarizing.registry import NAMES as ALGORITHMS

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
