"""Summarizing speed and memory on a big report, against stock sumy in the same run.

    python benchmarks/bench_summarize.py [--data ../shared/data] [--words 150000]

1. A ~150,000-word report-like text file (BBC articles as numbered sections, each
   with its headline as a section heading) is read into a Document through
   bot.reading.sources (the real file path) and summarized with the default algorithm, in a
   fresh subprocess that reports its peak RSS; a second subprocess measures the
   summarizer's own peak allocation with tracemalloc.
2. On a ~17,000-word slice of the same report: our default against sumy's
   LexRank and TextRank (quadratic), with the ratios.

Targets: summarize < 3 s and peak well under 500 MB at 150k words; read +
summarize <= 5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.reading.build import document_from_paragraphs  # noqa: E402
from bot.reading.sources import read_source  # noqa: E402
from bot.summarizing.summarize import summarize  # noqa: E402

SLICE_WORDS = 17_000


def report_paragraphs(data: Path, words: int) -> list[str]:
    """Paragraphs of a long report: a preamble, then news articles as sections."""
    out = [
        "Annual Review of Current Affairs",
        "This report was prepared by the research office for the board. We thank the "
        "many contributors who made it possible.",
    ]
    count = sum(len(p.split()) for p in out)
    seen: set[str] = set()
    with (data / "summarization" / "bbc_news_summary.jsonl").open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            row = json.loads(line)
            if row["title"] in seen:
                continue
            seen.add(row["title"])
            out.append(f"Section {number}. {row['title']}")
            for p in row["paragraphs"]:
                out.append(p)
                count += len(p.split())
            if count >= words:
                break
    return out


def child_measure(path: str) -> None:
    # CPU time next to wall time: on a shared machine the wall clock includes waiting
    t0, c0 = time.perf_counter(), time.process_time()
    doc = read_source(path, language=None)
    t1, c1 = time.perf_counter(), time.process_time()
    summary = summarize(doc, sentences=5)
    t2, c2 = time.perf_counter(), time.process_time()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "words": doc.word_count, "sentences": len(doc.sentences), "read_s": t1 - t0,
        "summarize_s": t2 - t1, "read_cpu": c1 - c0, "summarize_cpu": c2 - c1,
        "peak_rss_mb": peak_mb, "summary": [s.text for s in summary],
    }))


def child_trace(path: str) -> None:
    doc = read_source(path)
    tracemalloc.start()
    summarize(doc, sentences=5)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(json.dumps({"summarize_peak_alloc_mb": peak / 2**20}))


def _child(mode: str, path: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, mode, str(path)], capture_output=True, text=True,
        check=True, cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _timed(doc, algorithm: str) -> float:
    t0 = time.perf_counter()
    summarize(doc, sentences=5, algorithm=algorithm)
    return time.perf_counter() - t0


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] in {"--measure", "--trace"}:
        (child_measure if sys.argv[1] == "--measure" else child_trace)(sys.argv[2])
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--words", type=int, default=150_000)
    args = parser.parse_args()

    paragraphs = report_paragraphs(args.data, args.words)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "annual_review.txt"
        path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        big = _child("--measure", path)
        trace = _child("--trace", path)
    total = float(big["read_s"]) + float(big["summarize_s"])
    cpu = float(big["read_cpu"]) + float(big["summarize_cpu"])
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall times include waiting)")
    print(f"big report: {big['words']:,} words, {big['sentences']:,} sentences")
    print(f"  read -> Document     {big['read_s']:.2f} s wall, {big['read_cpu']:.2f} s CPU")
    print(f"  summarize (default)  {big['summarize_s']:.2f} s wall, {big['summarize_cpu']:.2f} s CPU   (target < 3 s)")
    print(f"  read + summarize     {total:.2f} s wall, {cpu:.2f} s CPU   (target <= 5 s)")
    print(f"  peak RSS of the whole process  {big['peak_rss_mb']:.0f} MB   (target < 500 MB)")
    print(f"  summarizer's own peak allocation (tracemalloc)  {trace['summarize_peak_alloc_mb']:.0f} MB")
    for s in big["summary"]:
        print(f"    - {s[:110]}")

    piece: list[str] = []
    words = 0
    for p in paragraphs:
        piece.append(p)
        words += len(p.split())
        if words >= SLICE_WORDS:
            break
    doc = document_from_paragraphs(piece, language="english")
    print(f"\n{SLICE_WORDS:,}-word slice: {doc.word_count:,} words, {len(doc.sentences):,} sentences")
    ours = min(_timed(doc, "default") for _ in range(3))
    print(f"  ours (default)   {ours:.3f} s")
    for algorithm in ("lexrank", "textrank"):
        theirs = _timed(doc, algorithm)
        print(f"  sumy {algorithm:<10} {theirs:.3f} s   ratio sumy/ours = {theirs / ours:.0f}x")


if __name__ == "__main__":
    main()
