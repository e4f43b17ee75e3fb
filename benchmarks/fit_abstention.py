"""Fit the abstention models (the ``abstain`` and ``abstain_lexical`` parts of
bot/answering/weights.json) on a calibration set built from SQuAD, never from the
real-page dev questions. Run it after benchmarks/fit_answer_weights.py: the signals
depend on the ranking.

    pip install scipy
    python benchmarks/fit_abstention.py [--data ../shared/data] [--every N] [--write]

The calibration set, from the SQuAD dev articles at odd positions (the half the ranking
weights were fitted on; the even half is only reported):

- *answerable*: each question asked of its article; label 1 when the first answer is a
  paragraph holding the answer (the gold one, one listed in ``answer_also_in_paragraphs``,
  or any paragraph containing an answer string), else 0;
- *near miss* (label 0): the same question asked of the article without every paragraph
  holding the answer: an on-topic question whose answer is absent;
- *another article* (label 0, reported, not fitted): the question asked of the other
  article of the same half that holds most of its terms. These are told apart easily
  (AUC 0.99); fitting on them too did not help the real-page dev questions.

Each model is a logistic regression over bot.answering.scoring.ABSTAIN_FEATURES (without
the sentence model's signal for ``abstain_lexical``, ranked without it too) with the
sign of each weight fixed by what the signal means (evidence such as ``model_best`` or
``margin`` can only raise the probability, a missing term or name only lower it), so that
it cannot learn a SQuAD quirk that turns upside down on other questions. The thresholds in
the file are kept: this set does not give them (see the printed table and the README: on
readers' own questions a right answer looks much like a SQuAD near miss, so a threshold
chosen here answers too few). They are chosen on the real-page dev questions
(``summarybot eval answers ../shared/data/qa/realpage_dev.jsonl`` prints the curve).

Prints, per half, the AUC of answerable against each kind of negative, and for a few
thresholds the share of right answers answered and of negatives declined.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from fit_answer_weights import load_squad  # the same SQuAD files (run from benchmarks/)
from scipy.optimize import minimize

from bot.answering import scoring
from bot.answering.index import AnswerIndex, Ranking
from bot.reading.build import document_from_paragraphs

ROOT = Path(__file__).resolve().parents[1]
WEIGHTS = ROOT / "bot" / "answering" / "weights.json"

SEMANTIC = {"model_best"}  # signals of the sentence model (left out of abstain_lexical)
SIGNS = scoring.ABSTAIN_SIGNS
KINDS = ("answerable", "near miss", "another article")
THRESHOLDS = (0.05, 0.1, 0.2, 0.3, 0.5)


def _holding(article: dict, question: dict) -> set[int]:
    """The paragraphs that answer ``question``."""
    good = {int(question["gold_paragraph_idx"])}
    good.update(int(i) for i in question.get("answer_also_in_paragraphs") or ())
    answers = [a for a in question.get("answers") or () if isinstance(a, str) and a.strip()]
    good.update(i for i, p in enumerate(article["paragraphs"]) if any(a in p for a in answers))
    return good


def _ranked(index: AnswerIndex, question: str) -> tuple[Ranking, np.ndarray]:
    ranking = index.rank(question)
    order = ranking.candidates[np.argsort(-ranking.score[ranking.candidates], kind="stable")]
    return ranking, order


def calibration_rows(
    articles: list[dict], questions: list[dict], indexes: list[AnswerIndex]
) -> list[tuple[int, str, int, list[float]]]:
    """(article position, kind, label, signals) per question and kind (see the docstring)."""
    position = {int(a["article_idx"]): at for at, a in enumerate(articles)}
    vocab = [set(ix.index.paragraphs.postings.terms()) for ix in indexes]
    names = scoring.ABSTAIN_FEATURES
    out = []
    for q in questions:
        at = position[int(q["article_idx"])]
        index = indexes[at]
        ranking, order = _ranked(index, q["question"])
        if not len(order):
            continue
        good = _holding(articles[at], q)
        signals = index.abstain_signals(ranking, order)
        out.append((at, KINDS[0], int(int(order[0]) in good), [signals[k] for k in names]))
        keep = np.ones(index.index.n, dtype=bool)
        keep[list(good)] = False
        rest = order[keep[order]]
        if len(rest):
            signals = index.abstain_signals(ranking, rest, keep)
            out.append((at, KINDS[1], 0, [signals[k] for k in names]))
        terms = set(index.index.terms(q["question"]))
        others = [j for j in range(len(articles)) if j != at and j % 2 == at % 2]
        if others:
            other = indexes[max(others, key=lambda j: len(terms & vocab[j]))]
            ranking, order = _ranked(other, q["question"])
            if len(order):
                signals = other.abstain_signals(ranking, order)
                out.append((at, KINDS[2], 0, [signals[k] for k in names]))
    return out


def fit_logistic(
    x: np.ndarray, y: np.ndarray, names: tuple[str, ...], l2: float
) -> tuple[float, np.ndarray]:
    """Bias and weights minimising the mean log loss plus ``l2`` times the squared
    weights, each weight kept to its sign (bot.answering.scoring.ABSTAIN_SIGNS)."""
    x = np.c_[np.ones(len(x)), x]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        p = 1 / (1 + np.exp(-np.clip(x @ w, -50, 50)))
        nll = -np.mean(y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12))
        grad = x.T @ (p - y) / len(y)
        grad[1:] += 2 * l2 * w[1:]
        return nll + l2 * w[1:] @ w[1:], grad

    bounds = [(None, None)] + [
        (0.0, None) if SIGNS[k] > 0 else (None, 0.0) if SIGNS[k] < 0 else (None, None)
        for k in names
    ]
    w = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B", bounds=bounds).x
    return float(w[0]), w[1:]


def _auc(p_pos: np.ndarray, p_neg: np.ndarray) -> float:
    """How often a right answer outscores a negative (ties count half)."""
    if not len(p_pos) or not len(p_neg):
        return float("nan")
    greater = (p_pos[:, None] > p_neg[None, :]).mean()
    return float(greater + 0.5 * (p_pos[:, None] == p_neg[None, :]).mean())


def report(rows: list, bias: float, w: np.ndarray) -> None:
    for name, parity in (("odd (fitted)", 1), ("even (held out)", 0)):
        part = [r for r in rows if r[0] % 2 == parity]
        p = {k: [] for k in ("right", *KINDS[1:])}
        for _, kind, label, signals in part:
            prob = 1 / (1 + np.exp(-(bias + np.asarray(signals) @ w)))
            if kind == KINDS[0]:
                if label:
                    p["right"].append(prob)
            else:
                p[kind].append(prob)
        arrays = {k: np.asarray(v) for k, v in p.items()}
        aucs = "   ".join(f"AUC vs {k} {_auc(arrays['right'], arrays[k]):.3f}" for k in KINDS[1:])
        print(f"{name:16} right answers {len(arrays['right'])}   {aucs}")
        for t in THRESHOLDS:
            shares = "   ".join(
                f"{k} declined {100 * np.mean(arrays[k] < t):5.1f} %" for k in KINDS[1:]
            )
            print(f"  threshold {t:4.2f}: right answers answered {100 * np.mean(arrays['right'] >= t):5.1f} %   {shares}")


def _fit_part(
    label: str, articles: list[dict], questions: list[dict], indexes: list[AnswerIndex],
    names: tuple[str, ...], old: dict, l2: float,
) -> dict:
    """Fit one abstention model over ``names`` with the rankings of ``indexes``; print
    how the one in the file (``old``) and the refitted one tell the kinds apart."""
    rows = calibration_rows(articles, questions, indexes)
    keep = [scoring.ABSTAIN_FEATURES.index(k) for k in names]
    rows = [(at, kind, label_, [s[i] for i in keep]) for at, kind, label_, s in rows]
    fitted = [r for r in rows if r[0] % 2 == 1 and r[1] != KINDS[2]]
    print(f"{label}, in the file:")
    report(rows, float(old["bias"]), np.array([old["weights"].get(k, 0.0) for k in names]))
    bias, w = fit_logistic(
        np.asarray([r[3] for r in fitted]), np.asarray([r[2] for r in fitted], dtype=float),
        names, l2,
    )
    print(f"{label}, refitted:")
    report(rows, bias, w)
    return {
        "bias": round(bias, 3),
        "weights": {k: round(float(v), 3) for k, v in zip(names, w, strict=True)},
        "threshold": old["threshold"],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--l2", type=float, default=1e-4, help="ridge penalty on the weights")
    parser.add_argument("--every", type=int, default=1, help="use every N-th question (faster)")
    parser.add_argument("--write", action="store_true", help="write the abstain parts of weights.json")
    args = parser.parse_args()
    articles, questions = load_squad(args.data / "qa")
    questions = questions[:: max(args.every, 1)]
    table = json.loads(WEIGHTS.read_text())
    documents = [document_from_paragraphs(a["paragraphs"], language="english") for a in articles]
    table["abstain"] = _fit_part(
        "with the sentence model", articles, questions, [AnswerIndex(d) for d in documents],
        scoring.ABSTAIN_FEATURES, table["abstain"], args.l2,
    )
    # the same without the sentence model (other languages): its own ranking and signals
    table["abstain_lexical"] = _fit_part(
        "without the sentence model", articles, questions,
        [AnswerIndex(d, sentence_model=False) for d in documents],
        tuple(k for k in scoring.ABSTAIN_FEATURES if k not in SEMANTIC),
        table.get("abstain_lexical", table["abstain"]), args.l2,
    )
    print(json.dumps({k: table[k] for k in ("abstain", "abstain_lexical")}, indent=1))
    if args.write:
        every = f"one question in {args.every} of " if args.every > 1 else ""
        table["_about_abstain"] = (
            f"Written by benchmarks/fit_abstention.py: fitted on {every}the SQuAD dev articles at "
            "odd positions, each question asked of its article and of it without the paragraphs "
            "holding the answer, each weight's sign fixed. The thresholds are set on realpage_dev."
        )
        WEIGHTS.write_text(json.dumps(table, indent=1) + "\n")
        print(f"wrote {WEIGHTS}")


if __name__ == "__main__":
    main()
