"""How often a question is answered by the section it names (bot/answering/sections.py),
on real pages read from their HTML, with their headings.

    python benchmarks/bench_sections.py [--data ../shared/data]

Two checks, nothing timed:

- the reader questions (``qa/realpage_dev.jsonl`` and ``benchmarks/data/reader_questions_*``)
  asked of their pages read from the HTML the sets were made from (the sets themselves give
  paragraphs without headings, so their evaluation cannot show the rule): how many get a
  section reply, and for each, whether it is answerable and whether its answer text is in
  the quoted section. Questions of the blind sets (fresh2, fresh3) are not printed;
- generic questions ("how does it work?", "what are the side effects?", ...) asked of every
  page of ``extraction/trafilatura_eval_en``: each section reply, with its heading and
  the start of the section, to read.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.answering.index import AnswerIndex  # noqa: E402
from bot.errors import SummarybotError  # noqa: E402
from bot.reading.sources import read_bytes  # noqa: E402

SHARED_DATA = Path(os.environ.get("SUMMARYBOT_SHARED_DATA", ROOT.parent / "shared" / "data"))
BLIND = ("fresh2", "fresh3")
GENERIC = (
    "what are the side effects?", "how much does it cost?", "how does it work?",
    "what do experts say?", "what's next?", "why does it matter?", "what happened next?",
    "where is it?", "what are the rules?", "who are they?", "what's the background?",
    "what should I do?", "how do I install it?", "what are the benefits?", "what are the risks?",
)


def _read(path: Path) -> AnswerIndex | None:
    try:
        doc = read_bytes(gzip.decompress(path.read_bytes()), name=path.name[:-3],
                         content_type="text/html")
    except SummarybotError:
        return None
    return AnswerIndex(doc, encode_all=False)


def reader_questions(data: Path) -> None:
    html = data / "extraction" / "trafilatura_eval_en" / "html"
    files = [data / "qa" / "realpage_dev.jsonl", *sorted((ROOT / "benchmarks" / "data").glob("reader_questions_*.jsonl"))]
    for file in files:
        name = file.stem.removeprefix("reader_questions_")
        pages = questions = replies = 0
        for line in file.read_text(encoding="utf-8").splitlines():
            page = json.loads(line)
            source = Path(page.get("source") or html / page.get("page", ""))
            if not source.name.endswith(".html.gz") or not source.exists():
                continue
            index = _read(html / source.name)
            if index is None:
                continue
            pages += 1
            for q in page["questions"]:
                questions += 1
                reply = index.reply(q["question"])
                if reply.heading is None:
                    continue
                replies += 1
                answer = (q.get("answer") or "")[:30].lower()
                holds = bool(answer) and any(answer in a.paragraph.lower() for a in reply.answers)
                kind = "answerable" if q.get("gold") is not None else "unanswerable"
                # a blind set's questions and headings are not shown
                shown = "(blind)" if name in BLIND else f"{q['question']} -> {reply.heading!r}"
                print(f"  {name}: {shown}: {kind}, answer text in it: {holds}")
        print(f"{name}: {pages} pages, {questions} questions, {replies} section replies")


def generic_questions(data: Path) -> None:
    replies = pages = 0
    for path in sorted((data / "extraction" / "trafilatura_eval_en" / "html").glob("*.html.gz")):
        index = _read(path)
        if index is None:
            continue
        pages += 1
        for question in GENERIC:
            reply = index.reply(question)
            if reply.heading is not None:
                replies += 1
                print(f"  {path.name[:-8]}: {question} -> {reply.heading!r}: "
                      f"{reply.answers[0].paragraph[:80]!r}")
    print(f"generic questions: {len(GENERIC)} on {pages} pages, {replies} section replies")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=SHARED_DATA)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # the reader's notes on thin pages
    reader_questions(args.data)
    generic_questions(args.data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
