"""Refit the answer-ranking weights (bot/answering/weights.json) on the odd-position SQuAD
dev articles.

    pip install scipy
    python benchmarks/fit_answer_weights.py [--data ../shared/data] [--l2 0] [--lexical] [--write]

Computes every ranking signal of every paragraph for every question, fits the linear
weights with a listwise (softmax) loss on the articles at odd positions only, and prints
top-1 / top-3 on the odd half, the held-out even half and all, for the weights in the
code and for the refitted ones, the same for all articles with each half scored by weights
fitted on the other, then the refitted weights. ``--write`` stores them in
bot/answering/weights.json. ``--lexical`` fits the weights used without the sentence model
(the file's "lexical" set; otherwise its "model" set).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from bot.answering.index import AnswerIndex
from bot.answering.weights import WEIGHTS_FILE, weights
from bot.reading.build import document_from_paragraphs

ROOT = Path(__file__).resolve().parents[1]


def _rows(
    qa: Path, sentence_model: bool
) -> tuple[list[str], list[tuple[int, int, np.ndarray, np.ndarray]]]:
    """(feature names, [(article position, gold paragraph, features, candidates)]): as in
    AnswerIndex.rank, every paragraph is a candidate with the sentence model, and only
    those sharing a term with the question without it."""
    articles = [json.loads(line) for line in (qa / "squad_dev_even_articles.jsonl").open()]
    questions = [json.loads(line) for line in (qa / "squad_dev_even_questions.jsonl").open()]
    position = {int(a["article_idx"]): at for at, a in enumerate(articles)}
    names: list[str] = []
    rows = []
    for at, article in enumerate(articles):
        document = document_from_paragraphs(article["paragraphs"], language="english")
        index = AnswerIndex(document, sentence_model=sentence_model)
        for q in questions:
            if position[int(q["article_idx"])] != at:
                continue
            found = index.signals(q["question"])
            names = list(found.features)
            matrix = np.stack([found.features[name] for name in names], axis=1)
            covered = found.cover
            candidates = covered > 0 if not sentence_model else np.ones(len(covered), dtype=bool)
            rows.append((at, int(q["gold_paragraph_idx"]), matrix, candidates))
    return names, rows


def _accuracy(rows: list, weights: np.ndarray, parity: int | None) -> tuple[float, float]:
    n = top1 = top3 = 0
    for at, gold, matrix, candidates in rows:
        if parity is not None and at % 2 != parity:
            continue
        score = matrix @ weights
        score = np.where(candidates, score - score.min() + 1e-6, 0.0)
        order = np.argsort(-score, kind="stable")
        n += 1
        top1 += order[0] == gold
        top3 += gold in order[:3]
    return 100 * top1 / n, 100 * top3 / n


def _fit(rows: list, size: int, l2: float, parity: int = 1) -> np.ndarray:
    train = [(gold, matrix) for at, gold, matrix, _ in rows if at % 2 == parity]

    def loss(weights: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = 0.0, np.zeros(size)
        for gold, matrix in train:
            score = matrix @ weights
            p = np.exp(score - score.max())
            p /= p.sum()
            total -= np.log(p[gold] + 1e-12)
            grad -= matrix[gold] - p @ matrix
        return total / len(train) + l2 * weights @ weights, grad / len(train) + 2 * l2 * weights

    return minimize(loss, np.zeros(size), jac=True, method="L-BFGS-B").x


def _report(label: str, rows: list, weights: np.ndarray) -> None:
    parts = [f"{name} {a:.1f} / {b:.1f}" for name, (a, b) in (
        ("odd", _accuracy(rows, weights, 1)),
        ("even (held out)", _accuracy(rows, weights, 0)),
        ("all", _accuracy(rows, weights, None)),
    )]
    print(f"{label:18}" + "   ".join(parts))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--l2", type=float, default=0.0, help="ridge penalty on the weights")
    parser.add_argument("--lexical", action="store_true", help="fit the weights used without the sentence model")
    parser.add_argument("--write", action="store_true", help=f"store the refitted weights in {WEIGHTS_FILE}")
    args = parser.parse_args()
    names, rows = _rows(args.data / "qa", sentence_model=not args.lexical)
    current = weights().lexical if args.lexical else weights().model
    _report("weights in code", rows, np.array([current.get(k, 0.0) for k in names]))
    fitted = _fit(rows, len(names), args.l2)
    _report("refitted", rows, fitted)
    # each half scored with weights fitted on the other: an estimate for all articles that
    # no question was fitted on
    other = _fit(rows, len(names), args.l2, parity=0)
    odd, even = _accuracy(rows, other, 1), _accuracy(rows, fitted, 0)
    n_odd = sum(at % 2 for at, *_ in rows)
    n_even = len(rows) - n_odd
    both = [(a * n_odd + b * n_even) / len(rows) for a, b in zip(odd, even, strict=True)]
    print(f"{'cross-fitted':18}all {both[0]:.1f} / {both[1]:.1f} (each half fitted on the other)")
    refitted = {k: round(float(w), 3) for k, w in zip(names, fitted, strict=True)}
    print(json.dumps(refitted, indent=4))
    if args.write:
        path = ROOT / "bot" / "answering" / WEIGHTS_FILE
        data = json.loads(path.read_text())
        data["lexical" if args.lexical else "model"] = refitted
        path.write_text(json.dumps(data, indent=2) + "\n")
        print(f"written to {path}")


if __name__ == "__main__":
    main()
