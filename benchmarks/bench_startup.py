"""Whole-process start-up, time and peak memory of the command line, against a bare
``python -c pass`` in the same run.

    python benchmarks/bench_startup.py [--runs 3] [--data ../shared/data]

Each command runs ``--runs`` times as its own process (``python -m bot ...``); the table
gives the median wall time, its ratio to the bare interpreter, and the largest peak
resident memory (the child's own maximum RSS). Also: 40 JSON-lines questions about one
3,000-word article against one question about it (batch mode reuses the document and its
index), and which heavy modules ``--help`` loads (none should be).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "tests" / "fixtures" / "nato_offensive.txt"
SHARED = Path(os.environ.get("SUMMARYBOT_SHARED_DATA", ROOT.parent / "shared" / "data"))
HEAVY = ("numpy", "sumy", "nltk", "trafilatura", "sqlalchemy", "slack_bolt", "httpx")


def _run(args: list[str], stdin: bytes | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of one child process."""
    env = {**os.environ, "SUMMARYBOT_ENV_FILE": os.devnull}
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env, cwd=ROOT)
    assert proc.stdin is not None
    if stdin:
        proc.stdin.write(stdin)
    proc.stdin.close()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {proc.stderr.read().decode()[-400:] if proc.stderr else ''}")
    return elapsed, usage.ru_maxrss // 1024


def _measure(label: str, args: list[str], runs: int, base: float | None,
             stdin: bytes | None = None) -> float:
    results = [_run(args, stdin) for _ in range(runs)]
    median = statistics.median(t for t, _ in results)
    peak = max(m for _, m in results)
    ratio = f"{median / base:6.1f}x" if base else "   1.0x"
    print(f"{label:44s} {median:7.2f} s {ratio} {peak:6d} MB", flush=True)
    return median


def _article_and_questions(data: Path) -> tuple[str, list[str]]:
    """A 3,000-word article (a SQuAD dev article's first paragraphs) and 40 of its questions."""
    articles = [json.loads(line) for line in (data / "qa" / "squad_dev_even_articles.jsonl").open()]
    questions = [json.loads(line) for line in (data / "qa" / "squad_dev_even_questions.jsonl").open()]
    article = articles[0]
    paragraphs: list[str] = []
    for p in article["paragraphs"]:
        if sum(len(x.split()) for x in paragraphs) >= 3000:
            break
        paragraphs.append(p)
    asked = [q["question"] for q in questions
             if q["article_idx"] == article["article_idx"] and q["gold_paragraph_idx"] < len(paragraphs)]
    return "\n\n".join(paragraphs), asked[:40]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, default=SHARED)
    args = parser.parse_args()
    py = [sys.executable]
    bot = [*py, "-m", "bot"]
    print(f"{'command':44s} {'median':>9s} {'ratio':>7s} {'peak':>9s}")
    base = _measure("python -c pass", [*py, "-c", "pass"], args.runs, None)
    _measure("summarybot --help", [*bot, "--help"], args.runs, base)
    _measure("summarybot summarize (reference article)", [*bot, "summarize", str(REFERENCE)],
             args.runs, base)
    _measure("summarybot ask 'What did Austin say?'",
             [*bot, "ask", str(REFERENCE), "What did Austin say?"], args.runs, base)
    loaded = subprocess.run(
        [*py, "-c", "import sys, bot.cli.main; "
         f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"],
        capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout.strip()
    print(f"heavy modules loaded by --help: {loaded or 'none'}")
    if (args.data / "qa").is_dir():
        text, questions = _article_and_questions(args.data)
        one = json.dumps({"id": 0, "text": text, "question": questions[0]}) + "\n"
        many = "".join(json.dumps({"id": i, "text": text, "question": q}) + "\n"
                       for i, q in enumerate(questions))
        words = len(text.split())
        single = _measure(f"ask --jsonl: 1 question, {words:,}-word article", [*bot, "ask", "--jsonl"],
                          args.runs, base, one.encode())
        batch = _measure(f"ask --jsonl: {len(questions)} questions, same article",
                         [*bot, "ask", "--jsonl"], args.runs, base, many.encode())
        print(f"{len(questions)} questions cost {batch / single:.2f}x one question (target <= 3x)")


if __name__ == "__main__":
    main()
