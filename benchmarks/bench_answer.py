"""Answer retrieval: quality on all 24 SQuAD articles, and speed on a big document.

    python benchmarks/bench_answer.py [--data ../shared/data] [--no-eval]

1. The full evaluation (bot.evaluation.answers): ours against stock rank-bm25 in the same
   run, with the top-1 ratio.
2. A ~150,000-word document (the SQuAD paragraphs, repeated to size): index build
   time, and per-question latency p50 / p99 for ours and for stock rank-bm25's
   ``get_scores`` over the same paragraphs (ratio printed). At this size the sentence
   model is not used.
3. The largest document the sentence model runs on (MODEL_MAX_SENTENCES sentences):
   index build and per-question latency with the model and without it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from bot.answering.bm25 import BaselineIndex
from bot.answering.index import MODEL_MAX_SENTENCES, AnswerIndex
from bot.evaluation.answers import evaluate_answers, format_answer_report
from bot.reading.build import document_from_paragraphs
from bot.text.language import analyzer

ROOT = Path(__file__).resolve().parents[1]
TARGET_WORDS = 150_000


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--no-eval", action="store_true", help="only the big-document timing")
    args = parser.parse_args()
    qa = args.data / "qa"

    if not args.no_eval:
        print(format_answer_report(evaluate_answers(qa / "squad_dev_even_questions.jsonl")))
        print()

    with (qa / "squad_dev_even_articles.jsonl").open() as fh:
        paragraphs = [p for line in fh for p in json.loads(line)["paragraphs"]]
    with (qa / "squad_dev_even_questions.jsonl").open() as fh:
        questions = [json.loads(line)["question"] for line in fh][:: 7][: args.questions]
    big: list[str] = []
    words = 0
    while words < TARGET_WORDS:
        for p in paragraphs:
            big.append(p)
            words += len(p.split())
            if words >= TARGET_WORDS:
                break

    t0 = time.perf_counter()
    doc = document_from_paragraphs(big, language="english")
    t1 = time.perf_counter()
    index = AnswerIndex(doc)
    t2 = time.perf_counter()
    baseline = BaselineIndex(big, analyzer("english").terms)
    t3 = time.perf_counter()
    print(f"big document: {doc.word_count} words, {len(doc.paragraphs)} paragraphs, "
          f"{len(doc.sentences)} sentences (document built in {t1 - t0:.2f} s)")
    print(f"index build: ours {t2 - t1:.2f} s, stock rank-bm25 {t3 - t2:.2f} s")

    ours, stock = [], []
    for q in questions:
        s = time.perf_counter()
        index.ask(q)
        ours.append(1000 * (time.perf_counter() - s))
        s = time.perf_counter()
        baseline.rank(q)
        stock.append(1000 * (time.perf_counter() - s))
    for name, lat in (("ours", ours), ("stock rank-bm25", stock)):
        print(f"per question ({name}): p50 {statistics.median(lat):.1f} ms, "
              f"p99 {_percentile(lat, 0.99):.1f} ms over {len(lat)} questions")
    print(f"p50 ratio stock/ours: {statistics.median(stock) / statistics.median(ours):.1f}x")
    # the first "what did X say" question works out who speaks where, once per index
    index = AnswerIndex(doc)
    s = time.perf_counter()
    index.ask("What did Luther say?")
    first = time.perf_counter() - s
    s = time.perf_counter()
    index.ask("What did Tesla say?")
    print(f"speaker questions: first {1000 * first:.0f} ms (builds attribution), "
          f"then {1000 * (time.perf_counter() - s):.1f} ms")
    _at_the_model_cap(paragraphs, questions)


def _at_the_model_cap(paragraphs: list[str], questions: list[str]) -> None:
    counted = document_from_paragraphs(paragraphs, language="english").paragraphs
    kept, sentences = 0, 0
    while kept < len(counted) and sentences + len(counted[kept].sentences) <= MODEL_MAX_SENTENCES:
        sentences += len(counted[kept].sentences)
        kept += 1
    doc = document_from_paragraphs(paragraphs[:kept], language="english")
    print(f"\nat the sentence model's cap: {doc.word_count} words, {len(doc.sentences)} sentences")
    for model in (True, False):
        s = time.perf_counter()
        index = AnswerIndex(doc, sentence_model=model)
        build = time.perf_counter() - s
        lat = []
        for q in questions:
            s = time.perf_counter()
            index.ask(q)
            lat.append(1000 * (time.perf_counter() - s))
        print(f"{'with' if model else 'without'} the model: index build {build:.2f} s, per question "
              f"p50 {statistics.median(lat):.1f} ms, p99 {_percentile(lat, 0.99):.1f} ms")


if __name__ == "__main__":
    main()
