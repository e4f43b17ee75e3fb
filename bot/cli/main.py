"""The command line: the edge where typed errors become one friendly line.

    summarybot summarize SOURCE [--sentences N | --ratio R] [--algorithm NAME] [--language LANG] [--json]
    summarybot summarize --jsonl              < {"id", "text", "sentences"?} lines
    summarybot ask SOURCE QUESTION [--top K] [--json]
    summarybot ask --jsonl                    < {"id", "text", "question", "top"?} lines
    summarybot extract SOURCE [--json]
    summarybot chat SOURCE
    summarybot eval summaries FILE | eval answers FILE
    summarybot serve | socket

The commands live in documents (one SOURCE), batch (--jsonl) and services (eval and
the Slack bot); parser builds the options and render shows the results.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import IO

from bot.cli import batch, documents, services
from bot.cli.parser import build_parser
from bot.cli.render import one_line
from bot.errors import SummarybotError, UsageError
from bot.settings import Settings
from bot.text.language import normalize_language

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    stdout, stderr = sys.stdout, sys.stderr
    try:
        args = build_parser().parse_args(argv)
        return _dispatch(args, sys.stdin.buffer, stdout)
    except UsageError as exc:
        print(f"summarybot: error: {one_line(exc)}", file=stderr)
        return EXIT_USAGE
    except SummarybotError as exc:
        print(f"summarybot: error: {one_line(exc)}", file=stderr)
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
        return services.run_slack(command)
    if command == "eval":
        return services.evaluate(args, out)
    settings = _defaults(args)
    if command in {"summarize", "ask"} and args.jsonl:
        if args.source is not None:
            raise UsageError(f"{command} --jsonl reads JSON lines on standard input; give no SOURCE")
        if command == "summarize":
            return batch.batch(stdin, out, lambda item, reuse: batch.summarize_item(item, args, reuse))
        return batch.batch(stdin, out, lambda item, reuse: batch.ask_item(item, args, reuse, settings))
    if command == "summarize":
        return documents.summarize(args, stdin, out, settings)
    if command == "ask":
        return documents.ask(args, stdin, out, settings)
    if command == "extract":
        return documents.extract(args, stdin, out, settings)
    if command == "chat":
        return documents.chat(args, stdin, out, settings)
    raise UsageError(f"unknown command {command}")  # argparse prevents this


def _defaults(args: argparse.Namespace) -> Settings:
    """The settings, with their values filled in for options not given, and the options
    every command checks before reading anything."""
    settings = Settings.from_env()
    if getattr(args, "sentences", 0) is None and getattr(args, "ratio", None) is None:
        args.sentences = settings.sentences
    if getattr(args, "algorithm", "") is None:
        args.algorithm = settings.algorithm
    if getattr(args, "top", 0) is None:
        args.top = settings.top_answers
    if getattr(args, "top", 1) < 1:
        raise UsageError("--top must be at least 1")
    if getattr(args, "sentences", 1) is not None and getattr(args, "sentences", 1) < 1:
        raise UsageError("--sentences must be at least 1")
    if getattr(args, "language", None) is not None:
        args.language = normalize_language(args.language)
    return settings


if __name__ == "__main__":
    raise SystemExit(main())
