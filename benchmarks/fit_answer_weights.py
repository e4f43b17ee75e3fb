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
weights in the file and for the refitted ones. ``--readers FILE ...`` fits the rerank weights
on readers' own questions too (``--reader-share`` of the weight; ``--near-file`` pulls the
weights towards the file's rather than 0, ``--l2`` then saying how hard), and ``--report
FILE ...`` scores other reader files by the ranking alone (the weighted sum over the
candidates; the bot's rules on top of it are left out), before and after:

    python benchmarks/fit_answer_weights.py --near-file --l2 0.01 --reader-share 0.35 \
        --readers ../shared/data/qa/realpage_dev.jsonl \
        benchmarks/data/reader_questions_{fresh,train1,train2,train3,train4,train5,train6}.jsonl \
        --report benchmarks/data/reader_questions_{fresh2,fresh3,fresh4}.jsonl

``--write`` writes the refitted weights into weights.json. ``--cache DIR`` keeps the computed signals between runs (the sentence model's pass is the slow part).
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
        also = [int(i) for i in q.get("answer_also_in_paragraphs") or ()]
        rows.append(_row(index, q["question"], at, int(q["gold_paragraph_idx"]), also))
    return rows


def _row(index: AnswerIndex, question: str, at: int, gold: int, also: list[int]) -> dict:
    """One question's row: every paragraph ranked by both stages."""
    ranking = index.rank(question, first_stage_k=index.index.n)
    names = sorted(ranking.features)
    return {
        "at": at,
        "gold": gold,
        "also": also,
        "names": names,
        "matrix": np.stack([ranking.features[k] for k in names], axis=1).astype(np.float32),
        "first": ranking.first.astype(np.float32),
        "covered": ranking.lexical.paragraph_cover > 0,
    }


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


def _fit(
    problems: list,
    size: int,
    l2: float,
    parity: int = 1,
    readers: list | None = None,
    share: float = 0.0,
    center: np.ndarray | None = None,
) -> np.ndarray:
    """Listwise softmax fit on the SQuAD problems of one parity; with ``readers`` (reader
    questions' problems) weighing ``share`` of the whole. The ridge penalty pulls towards
    ``center`` (the weights in the file, say), or towards 0."""
    train = [(gold, m) for at, gold, m in problems if at % 2 == parity and gold >= 0 and len(m) > 1]
    more = [(gold, m) for _, gold, m in readers or () if gold >= 0 and len(m) > 1]
    weighted = [(g, m, (1.0 - share) / len(train) if more else 1.0 / len(train)) for g, m in train]
    weighted += [(g, m, share / len(more)) for g, m in more]
    middle = np.zeros(size) if center is None else center

    def loss(weights: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = 0.0, np.zeros(size)
        for gold, matrix, weight in weighted:
            score = matrix @ weights
            p = np.exp(score - score.max())
            p /= p.sum()
            total -= weight * np.log(p[gold] + 1e-12)
            grad -= weight * (matrix[gold] - p @ matrix)
        off = weights - middle
        return total + l2 * off @ off, grad + 2 * l2 * off

    return minimize(loss, middle.copy(), jac=True, method="L-BFGS-B").x


def reader_rows(path: Path) -> list[dict]:
    """The answerable questions of a reader-question file (realpage_dev.jsonl's format) as
    rows like SQuAD's (``at`` is the page's position)."""
    rows = []
    for at, line in enumerate(path.open(encoding="utf-8")):
        page = json.loads(line)
        index = AnswerIndex(document_from_paragraphs(page["paragraphs"], language="english"))
        for q in page["questions"]:
            if q.get("gold") is not None and index.index.terms(q["question"]):
                rows.append(_row(index, q["question"], at, int(q["gold"]), []))
    return rows


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
    parser.add_argument("--readers", type=Path, nargs="*", default=[],
                        help="reader-question files to fit the rerank weights on too")
    parser.add_argument("--reader-share", type=float, default=0.35,
                        help="the reader questions' share of the rerank fit's weight")
    parser.add_argument("--near-file", action="store_true",
                        help="pull the rerank weights towards the file's, not towards 0")
    parser.add_argument("--report", type=Path, nargs="*", default=[],
                        help="reader-question files to score (ranking alone), never fitted on")
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
    in_file = np.array([table["rerank"].get(k, 0.0) for k in names])
    _report("rerank in file", problems, in_file)
    readers = [p for path in args.readers for p in _problems(reader_rows(path), names, "rerank")]
    scored = {path.name: _problems(reader_rows(path), names, "rerank") for path in args.report}
    fitted = _fit(problems, len(names), args.l2, readers=readers, share=args.reader_share,
                  center=in_file if args.near_file else None)
    _report("rerank refitted", problems, fitted)
    for name, part in scored.items():
        before, after = _accuracy(part, in_file, None), _accuracy(part, fitted, None)
        print(f"  {name}: top-1 / top-3 {before[0]:.1f} / {before[1]:.1f} -> {after[0]:.1f} / {after[1]:.1f}")
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
