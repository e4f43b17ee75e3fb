"""Answer retrieval: quality, and speed and memory on documents of every size.

    python benchmarks/bench_answer.py [--data ../shared/data] [--no-eval] [--questions N]

1. The evaluations (bot.evaluation.answers): reader questions on real pages, then all 24
   SQuAD articles; ours against stock rank-bm25 in the same run.
2. A document at the eager cap (EAGER_MAX_SENTENCES sentences): the summarizing job's
   cost (encoding every sentence), the stored vectors' size, loading them back, and
   per-question latency once the index exists (what a question in another process
   pays: one question vector and the two stages).
3. A ~150,000-word document (the SQuAD paragraphs, repeated to size): index build,
   per-question latency with the sentence model encoding only each question's
   candidates (first time, then the same questions again), without the model, and stock
   rank-bm25's ``get_scores`` over the same paragraphs.

Run with one BLAS thread, as the job process does (set here unless already set).
"""

from __future__ import annotations

import os

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from bot.answering.bm25 import BaselineIndex  # noqa: E402
from bot.answering.corpus import EAGER_MAX_SENTENCES  # noqa: E402
from bot.answering.index import AnswerIndex  # noqa: E402
from bot.answering.sentence_vectors import SentenceVectors  # noqa: E402
from bot.evaluation.answers import evaluate_answers, format_answer_report  # noqa: E402
from bot.reading.build import document_from_paragraphs  # noqa: E402
from bot.text.language import analyzer  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TARGET_WORDS = 150_000


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _latency(index: AnswerIndex, questions: list[str]) -> list[float]:
    index.reply("What is this about?")  # the models load on a process's first question
    out = []
    for q in questions:
        s = time.perf_counter()
        index.reply(q)
        out.append(1000 * (time.perf_counter() - s))
    return out


def _show(label: str, lat: list[float]) -> None:
    print(f"{label}: p50 {statistics.median(lat):.1f} ms, p99 {_percentile(lat, 0.99):.1f} ms "
          f"over {len(lat)} questions")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--no-eval", action="store_true", help="only the timings")
    args = parser.parse_args()
    qa = args.data / "qa"

    if not args.no_eval:
        print(format_answer_report(evaluate_answers(qa / "realpage_dev.jsonl")))
        print()
        print(format_answer_report(evaluate_answers(qa / "squad_dev_even_questions.jsonl")))
        print()

    with (qa / "squad_dev_even_articles.jsonl").open() as fh:
        paragraphs = [p for line in fh for p in json.loads(line)["paragraphs"]]
    with (qa / "squad_dev_even_questions.jsonl").open() as fh:
        # distinct texts: the encoder caches question vectors by text
        questions = [json.loads(line)["question"] for line in fh][::7][: args.questions]
    _at_the_eager_cap(paragraphs, questions)
    _big(paragraphs, questions)
    print(f"\npeak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


def _at_the_eager_cap(paragraphs: list[str], questions: list[str]) -> None:
    counted = document_from_paragraphs(paragraphs, language="english").paragraphs
    kept, sentences = 0, 0
    while kept < len(counted) and sentences + len(counted[kept].sentences) <= EAGER_MAX_SENTENCES:
        sentences += len(counted[kept].sentences)
        kept += 1
    doc = document_from_paragraphs(paragraphs[:kept], language="english")
    print(f"at the eager cap: {doc.word_count} words, {len(doc.sentences)} sentences")
    s = time.perf_counter()
    built = AnswerIndex(doc)
    print(f"index build with every sentence encoded (the summarizing job): {time.perf_counter() - s:.1f} s")
    stored = built.vectors.to_bytes()
    texts = [x.text for x in doc.sentences]
    s = time.perf_counter()
    vectors = SentenceVectors.from_bytes(texts, stored)
    index = AnswerIndex(doc, vectors=vectors)
    print(f"stored vectors: {len(stored) / 1e6:.2f} MB; index from the store in "
          f"{time.perf_counter() - s:.2f} s")
    _show("per question, index from the store", _latency(index, questions))
    lexical = AnswerIndex(doc, sentence_model=False)
    _show("per question, without the model", _latency(lexical, questions))


def _big(paragraphs: list[str], questions: list[str]) -> None:
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
    print(f"\nbig document: {doc.word_count} words, {len(doc.paragraphs)} paragraphs, "
          f"{len(doc.sentences)} sentences (document built in {t1 - t0:.2f} s)")
    print(f"index build: ours {t2 - t1:.2f} s (sentence vectors on demand), "
          f"stock rank-bm25 {t3 - t2:.2f} s")
    _show("per question, encoding its candidates", _latency(index, questions))
    print(f"  sentences encoded: {index.vectors.encoded_here} of {len(doc.sentences)}")
    _show("per question, the same questions again", _latency(index, questions))
    _show("per question, without the model", _latency(AnswerIndex(doc, sentence_model=False), questions))
    stock = []
    for q in questions:
        s = time.perf_counter()
        baseline.rank(q)
        stock.append(1000 * (time.perf_counter() - s))
    _show("per question, stock rank-bm25", stock)


if __name__ == "__main__":
    main()
