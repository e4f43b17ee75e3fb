"""Fit bot.answering's weights (bot/answering/weights.json) on the SQuAD dev articles at
odd positions; report on the held-out even positions.

    pip install scipy
    python benchmarks/fit_answer_weights.py [--data ../shared/data] [--l2 1e-4] [--write]
        [--cache DIR] [--first-stage]

Two parts, in order:

1. ``first_stage`` (only with ``--first-stage``; otherwise the weights in the file
   stay): lexical signals over the paragraphs sharing a term with the question, listwise
   softmax loss. It ranks everything without the sentence model and picks the
   candidates with it.
2. ``rerank``: every signal (lexical, sentence model, question type) over the
   candidates the first stage keeps (FIRST_STAGE_K by the first stage, DENSE_K by the
   sentence model), listwise softmax loss.

The abstention models (``abstain``, ``abstain_lexical``) are fitted by
benchmarks/fit_abstention.py, after this script: they see the ranking these weights give.

Prints top-1 / top-3 for the odd (fitted) half, the even (held-out) half and all, for the
weights in the file and for the refitted ones. ``--write`` writes the refitted weights
into weights.json. ``--cache DIR`` keeps the computed signals between runs (the sentence model's pass is the slow part).
"""

from __future__ import annotations

import argparse
import json
import pickle
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from bot.answering import index as answerer
from bot.answering.index import AnswerIndex
from bot.reading.build import document_from_paragraphs

ROOT = Path(__file__).resolve().parents[1]
WEIGHTS = ROOT / "bot" / "answering" / "weights.json"


def load_squad(qa: Path) -> tuple[list[dict], list[dict]]:
    """The SQuAD dev articles and questions of the shared data's ``qa`` folder."""
    articles = [json.loads(line) for line in (qa / "squad_dev_even_articles.jsonl").open()]
    questions = [json.loads(line) for line in (qa / "squad_dev_even_questions.jsonl").open()]
    return articles, questions


def _indexes(articles: list[dict]) -> list[AnswerIndex]:
    return [
        AnswerIndex(document_from_paragraphs(a["paragraphs"], language="english"))
        for a in articles
    ]


def _rows(articles: list[dict], questions: list[dict], indexes: list[AnswerIndex]) -> list[dict]:
    """Per question: every paragraph's signals (all paragraphs scored by the second
    stage, so any candidate set can be simulated), the first-stage score, the gold."""
    position = {int(a["article_idx"]): at for at, a in enumerate(articles)}
    rows = []
    for q in questions:
        at = position[int(q["article_idx"])]
        index = indexes[at]
        ranking = index.rank(q["question"], first_stage_k=index.index.n)
        names = sorted(ranking.features)
        rows.append({
            "at": at,
            "gold": int(q["gold_paragraph_idx"]),
            "also": [int(i) for i in q.get("answer_also_in_paragraphs") or ()],
            "names": names,
            "matrix": np.stack([ranking.features[k] for k in names], axis=1).astype(np.float32),
            "first": ranking.first.astype(np.float32),
            "covered": ranking.lexical.paragraph_cover > 0,
        })
    return rows


def _candidates(row: dict) -> np.ndarray:
    first = np.argsort(-row["first"], kind="stable")[: answerer.FIRST_STAGE_K]
    dense = row["matrix"][:, row["names"].index("model_sentence")]
    extra = np.argsort(-dense, kind="stable")[: answerer.DENSE_K]
    return np.concatenate([first, extra[~np.isin(extra, first)]])


def _problems(rows: list[dict], names: list[str], stage: str) -> list[tuple[int, int, np.ndarray]]:
    """(article position, gold's place among the candidates, candidate signals)."""
    out = []
    for row in rows:
        cols = [row["names"].index(k) for k in names]
        if stage == "first":
            cands = np.flatnonzero(row["covered"])
        else:
            cands = _candidates(row)
        where = np.flatnonzero(cands == row["gold"])
        gold = int(where[0]) if len(where) else -1
        out.append((row["at"], gold, row["matrix"][np.ix_(cands, cols)].astype(np.float64)))
    return out


def _accuracy(problems: list, weights: np.ndarray, parity: int | None) -> tuple[float, float]:
    n = top1 = top3 = 0
    for at, gold, matrix in problems:
        if parity is not None and at % 2 != parity:
            continue
        n += 1
        if gold < 0 or not len(matrix):
            continue
        order = np.argsort(-(matrix @ weights), kind="stable")
        top1 += order[0] == gold
        top3 += gold in order[:3]
    return 100 * top1 / max(n, 1), 100 * top3 / max(n, 1)


def _fit(problems: list, size: int, l2: float, parity: int = 1) -> np.ndarray:
    train = [(gold, m) for at, gold, m in problems if at % 2 == parity and gold >= 0 and len(m) > 1]

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


def _report(label: str, problems: list, weights: np.ndarray) -> None:
    parts = [f"{name} {a:.1f} / {b:.1f}" for name, (a, b) in (
        ("odd (fit)", _accuracy(problems, weights, 1)),
        ("even (held out)", _accuracy(problems, weights, 0)),
        ("all", _accuracy(problems, weights, None)),
    )]
    print(f"{label:26}" + "   ".join(parts))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--l2", type=float, default=1e-4, help="ridge penalty on the weights")
    parser.add_argument("--first-stage", action="store_true", help="refit the first stage too")
    parser.add_argument("--write", action="store_true", help="write weights.json")
    parser.add_argument("--cache", type=Path, help="keep computed signals in this folder")
    parser.add_argument("--articles", type=int, help="only the first N articles (a quick look)")
    args = parser.parse_args()
    articles, questions = load_squad(args.data / "qa")
    if args.articles:
        articles = articles[: args.articles]
        kept = {int(a["article_idx"]) for a in articles}
        questions = [q for q in questions if int(q["article_idx"]) in kept]
    table = json.loads(WEIGHTS.read_text())
    indexes = _indexes(articles)
    cached = args.cache / "rows.pkl" if args.cache else None
    if cached and cached.exists():
        rows = pickle.loads(cached.read_bytes())
    else:
        rows = _rows(articles, questions, indexes)
        if cached:
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_bytes(pickle.dumps(rows))

    if args.first_stage:
        names = sorted(table["first_stage"])
        problems = _problems(rows, names, "first")
        _report("first stage in file", problems, np.array([table["first_stage"][k] for k in names]))
        fitted = _fit(problems, len(names), args.l2)
        _report("first stage refitted", problems, fitted)
        table["first_stage"] = {k: round(float(w), 3) for k, w in zip(names, fitted, strict=True)}

    # "who is X" introductions are rare in SQuAD: they get fixed bonuses
    # (answerer.INTRO_BONUS) rather than weights fitted on a handful of questions
    names = [
        k for k in rows[0]["names"]
        if k not in ("intro", "first_mention", "stance")
        and np.ptp(np.concatenate([r["matrix"][:, r["names"].index(k)] for r in rows])) > 0
    ]
    problems = _problems(rows, names, "rerank")
    _report("rerank in file", problems, np.array([table["rerank"].get(k, 0.0) for k in names]))
    fitted = _fit(problems, len(names), args.l2)
    _report("rerank refitted", problems, fitted)
    other = _fit(problems, len(names), args.l2, parity=0)
    odd, even = _accuracy(problems, other, 1), _accuracy(problems, fitted, 0)
    n_odd = sum(p[0] % 2 for p in problems)
    both = [(a * n_odd + b * (len(problems) - n_odd)) / len(problems) for a, b in zip(odd, even, strict=True)]
    print(f"{'cross-fitted':26}all {both[0]:.1f} / {both[1]:.1f} (each half fitted on the other)")
    table["rerank"] = {k: round(float(w), 3) for k, w in zip(names, fitted, strict=True)}

    print(json.dumps(table["rerank"], indent=1))
    if args.write:
        WEIGHTS.write_text(json.dumps(table, indent=1) + "\n")
        print(f"wrote {WEIGHTS}")


if __name__ == "__main__":
    main()
