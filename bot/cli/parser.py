"""The command line's options: every command, its arguments, their help and examples."""

from __future__ import annotations

import argparse

from bot import __version__
from bot.errors import UsageError

EXAMPLE_ARTICLE = "tests/fixtures/nato_offensive.txt"


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so all errors leave through one door
    (bot.cli.main), in one style."""

    def error(self, message: str) -> None:  # type: ignore[override]
        command = self.prog.removeprefix("summarybot").strip()
        hint = f" (see summarybot {command} --help)" if command else " (see summarybot --help)"
        raise UsageError(f"{command + ': ' if command else ''}{message}{hint}")


def _examples(*lines: str) -> str:
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def _command(sub: argparse._SubParsersAction, name: str, help: str, *examples: str) -> _Parser:
    parser: _Parser = sub.add_parser(
        name,
        help=help,
        description=help[0].upper() + help[1:] + ".",
        epilog=_examples(*examples) if examples else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    # the registry lists names without importing any algorithm (sumy loads on first use)
    from bot.summarizing.registry import NAMES as ALGORITHMS

    parser = _Parser(
        prog="summarybot",
        description="Summarize articles and answer questions about them.",
        epilog=_examples(
            f"summarybot summarize {EXAMPLE_ARTICLE}",
            f"summarybot ask {EXAMPLE_ARTICLE} 'What did Austin say?'",
            "summarybot chat https://example.com/article",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"summarybot {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser,
                                metavar="COMMAND")

    def source_args(p: argparse.ArgumentParser, *, optional: bool = False) -> None:
        p.add_argument(
            "source",
            metavar="SOURCE",
            nargs="?" if optional else None,
            help="file path (text, Markdown, HTML, PDF, DOCX), '-' for standard input, "
            "or an http(s) URL",
        )
        p.add_argument(
            "--language", metavar="LANG",
            help="the document's language, instead of detecting it (english, de, fr, ...)",
        )

    p = _command(
        sub, "summarize", "print an extractive summary",
        f"summarybot summarize {EXAMPLE_ARTICLE} -n 3",
        "summarybot summarize report.pdf --ratio 0.1 --json",
        "cat article.md | summarybot summarize -",
        """echo '{"id": 1, "text": "..."}' | summarybot summarize --jsonl""",
    )
    source_args(p, optional=True)
    length = p.add_mutually_exclusive_group()
    length.add_argument("--sentences", "-n", type=int, metavar="N",
                        help="number of sentences (default: SUMMARYBOT_SENTENCES, 5)")
    length.add_argument("--ratio", type=float, metavar="R",
                        help="share of the document's sentences, 0 < R <= 1")
    p.add_argument("--algorithm", "-a", choices=ALGORITHMS, metavar="NAME",
                   help=f"one of {', '.join(ALGORITHMS)} (default: SUMMARYBOT_ALGORITHM, default)")
    p.add_argument("--json", action="store_true", help="write the summary as JSON")
    p.add_argument("--jsonl", action="store_true",
                   help='batch: read {"id", "text", "sentences"?} JSON lines on standard input, '
                   'write {"id", "summary"} lines')

    p = _command(
        sub, "ask", "answer a question about a document, quoting its paragraphs",
        f"summarybot ask {EXAMPLE_ARTICLE} 'What did Austin say?'",
        "summarybot ask https://example.com/article 'Who won?' --top 3 --json",
        """echo '{"id": 1, "text": "...", "question": "..."}' | summarybot ask --jsonl""",
    )
    source_args(p, optional=True)
    p.add_argument("question", metavar="QUESTION", nargs="?", help="the question, quoted")
    p.add_argument("--top", "-k", type=int, metavar="K",
                   help="most paragraphs quoted (default: SUMMARYBOT_TOP_ANSWERS, 2)")
    p.add_argument("--json", action="store_true", help="write the answers as JSON")
    p.add_argument("--jsonl", action="store_true",
                   help='batch: read {"id", "text", "question", "top"?} JSON lines on standard '
                   'input, write {"id", "answers"} lines')

    p = _command(
        sub, "extract", "print the article as the bot reads it: title, headings and paragraphs",
        "summarybot extract https://example.com/article",
        "summarybot extract page.html --json",
    )
    source_args(p)
    p.add_argument("--json", action="store_true",
                   help="write JSON: title, source, date, author, paragraphs, sentences, headings")

    p = _command(
        sub, "chat", "the summary, then answers to questions typed at a prompt "
        "(leave with quit, exit or Ctrl-D)",
        f"summarybot chat {EXAMPLE_ARTICLE}",
    )
    source_args(p)
    p.add_argument("--sentences", "-n", type=int, metavar="N",
                   help="summary sentences (default: SUMMARYBOT_SENTENCES, 5)")
    p.add_argument("--top", "-k", type=int, metavar="K",
                   help="most paragraphs quoted per answer (default: SUMMARYBOT_TOP_ANSWERS, 2)")

    p = _command(
        sub, "eval", "score summaries or answers on an evaluation file",
        "summarybot eval summaries ../shared/data/summarization/cnndm_summeval100.jsonl",
        "summarybot eval answers ../shared/data/qa/squad_dev_even_questions.jsonl",
    )
    esub = p.add_subparsers(dest="what", required=True, parser_class=_Parser, metavar="WHAT")
    e = _command(
        esub, "summaries", "ROUGE of summaries against reference summaries, beside Lead-N",
        "summarybot eval summaries FILE -a lead -a default -a lexrank",
        "summarybot eval summaries ../shared/data/summarization/gum_dev.jsonl --half 2",
        "summarybot eval summaries cnndm_summeval100.jsonl cnndm_realsumm100.jsonl --half 2",
    )
    e.add_argument("file", metavar="FILE", nargs="+",
                   help="a JSONL file of the shared data sets; with several, each and all of them pooled")
    e.add_argument(
        "--algorithm", "-a", action="append", choices=ALGORITHMS, metavar="NAME",
        help="algorithm to score (repeatable); default: lead and default",
    )
    e.add_argument("--sentences", "-n", type=int, metavar="N",
                   help="summary sentences (default 3 for news; 2 for GUM)")
    e.add_argument("--limit", type=int, metavar="N", help="only the first N documents")
    e.add_argument("--half", type=int, choices=(1, 2),
                   help="only one fixed half of the set (GUM: alternate documents of each genre)")
    e.add_argument("--json", action="store_true", help="write the report as JSON")
    e = _command(
        esub, "answers", "top-1 / top-3 paragraph retrieval and abstention, beside rank-bm25",
        "summarybot eval answers squad_dev_even_questions.jsonl --limit 500",
    )
    e.add_argument("file", metavar="FILE", help="a questions (or articles) JSONL file")
    e.add_argument("--limit", type=int, metavar="N", help="only the first N questions")
    e.add_argument(
        "--no-sentence-model", dest="sentence_model", action="store_false", default=None,
        help="rank as for long or non-English documents, without the sentence model",
    )
    e.add_argument("--json", action="store_true", help="write the report as JSON")

    _command(sub, "serve", "run the Slack bot over HTTP on $PORT (events at /slack/events)",
             "PORT=3000 summarybot serve")
    _command(sub, "socket", "run the Slack bot in Socket Mode (no public URL needed)",
             "SLACK_APP_TOKEN=xapp-... summarybot socket")
    return parser
