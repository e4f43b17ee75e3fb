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
from bot.errors import SummarybotError, UsageError

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2


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
        return services.run_slack(command)
    if command == "eval":
        return services.evaluate(args, out)
    if command == "summarize":
        if args.jsonl:
            return batch.batch(stdin, out, lambda item: batch.summarize_item(item, args))
        return documents.summarize(args, stdin, out)
    if command == "ask":
        if args.jsonl:
            if args.source is not None:
                raise UsageError("ask --jsonl reads JSON lines on standard input; give no SOURCE")
            return batch.batch(stdin, out, lambda item: batch.ask_item(item, args))
        return documents.ask(args, stdin, out)
    if command == "extract":
        return documents.extract(args, stdin, out)
    if command == "chat":
        return documents.chat(args, stdin, out)
    raise UsageError(f"unknown command {command}")  # argparse prevents this
