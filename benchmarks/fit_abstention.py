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
it cannot learn a SQuAD quirk that turns upside down on other questions. Without reader
files the thresholds in the file are kept: this set does not give them (on readers' own
questions a right answer looks much like a SQuAD near miss, so a threshold chosen here
answers too few); ``abstain_lexical``'s is chosen on the real-page dev questions
(``summarybot eval answers ../shared/data/qa/realpage_dev.jsonl`` prints the curve).

Readers' own questions (``--readers FILE ...``, realpage_dev.jsonl's format) are fitted
on too, for the sentence model's part: on them a right answer looks much like a SQuAD
near miss, so SQuAD alone ranks readers' questions poorly (AUC 0.72 on a fresh set).
Each reader question is one row (label 1 when it is answerable and the first answer is
its gold paragraph), and the reader rows together weigh ``--reader-share`` of the fit.
They also give the threshold: the highest at which ``--answered`` of their answerable
questions get an answer, counting the declines no threshold undoes (no number for "how
many", someone else's figure). Before the final fit, each reader file is held out in
turn (fitted on SQuAD and the other files, its threshold chosen on those) and scored:
those are the figures to quote.

    python benchmarks/fit_abstention.py --every 2 --write \
        --readers ../shared/data/qa/realpage_dev.jsonl benchmarks/data/reader_questions_fresh.jsonl

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


def reader_rows(path: Path) -> list[tuple[int, bool, bool, list[float]]]:
    """(label, answerable, hard, signals) per reader question of a realpage_dev-style
    file; the label is 1 when the question is answerable and the first answer is its
    gold paragraph, else 0; ``hard``: the bot declines it whatever the model says (no
    number for "how many", someone else's figure, nobody quoted)."""
    out = []
    for line in path.open(encoding="utf-8"):
        page = json.loads(line)
        index = AnswerIndex(document_from_paragraphs(page["paragraphs"], language="english"))
        for q in page["questions"]:
            ranking, order = _ranked(index, q["question"])
            if not len(order):
                continue
            signals = index.abstain_signals(ranking, order)
            gold = q.get("gold")
            label = int(gold is not None and int(order[0]) == int(gold))
            hard = index.reply(q["question"]).declined_outright
            out.append((label, gold is not None, hard,
                        [signals[k] for k in scoring.ABSTAIN_FEATURES]))
    return out


def _given(rows: list, p: np.ndarray, threshold: float) -> np.ndarray:
    return (p >= threshold) & ~np.asarray([r[2] for r in rows], dtype=bool)


def choose_threshold(rows: list, p: np.ndarray, answered: float) -> float:
    """The highest threshold (in hundredths) at which the share ``answered`` of the
    answerable reader questions ``rows`` still get an answer (``p``: the model's
    probabilities)."""
    answerable = np.asarray([r[1] for r in rows], dtype=bool)
    best = 0.0
    for t in np.round(np.arange(0.0, 1.0, 0.01), 2):
        if _given(rows, p, float(t))[answerable].mean() >= answered:
            best = float(t)
    return best


def fit_logistic(
    x: np.ndarray, y: np.ndarray, names: tuple[str, ...], l2: float,
    weight: np.ndarray | None = None,
) -> tuple[float, np.ndarray]:
    """Bias and weights minimising the (``weight``-weighted) mean log loss plus ``l2``
    times the squared weights, each weight kept to its sign
    (bot.answering.scoring.ABSTAIN_SIGNS)."""
    x = np.c_[np.ones(len(x)), x]
    weight = np.ones(len(y)) if weight is None else weight / weight.mean()

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        p = 1 / (1 + np.exp(-np.clip(x @ w, -50, 50)))
        nll = -np.mean(weight * (y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12)))
        grad = x.T @ (weight * (p - y)) / len(y)
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


Readers = dict[str, list[tuple[int, bool, bool, list[float]]]]


def _fit(
    fitted: list, readers: Readers, names: tuple[str, ...], l2: float, share: float
) -> tuple[float, np.ndarray]:
    """Fit on the SQuAD rows ``fitted`` and the reader rows, these weighing ``share``
    of the whole."""
    x = [r[3] for r in fitted]
    y = [r[2] for r in fitted]
    weight = [1.0] * len(fitted)
    pooled = [r for rows in readers.values() for r in rows]
    if pooled and share > 0:
        each = share / (1 - share) * len(fitted) / len(pooled)
        x += [r[3] for r in pooled]
        y += [r[0] for r in pooled]
        weight += [each] * len(pooled)
    return fit_logistic(np.asarray(x), np.asarray(y, dtype=float), names, l2, np.asarray(weight))


def _probabilities(rows: list, bias: float, w: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(bias + np.asarray([r[3] for r in rows]) @ w)))


def _reader_report(name: str, rows: list, p: np.ndarray, threshold: float) -> None:
    """As ``summarybot eval answers`` counts them: hard declines included."""
    y = np.asarray([r[0] for r in rows])
    answerable = np.asarray([r[1] for r in rows], dtype=bool)
    given = _given(rows, p, threshold)
    print(
        f"  {name:40} AUC {_auc(p[y == 1], p[y == 0]):.3f}   at {threshold:.2f}: "
        f"answerable answered {100 * given[answerable].mean():5.1f} %   "
        f"right first {100 * (given & (y == 1))[answerable].mean():5.1f} %   "
        f"unanswerable declined {100 * (~given[~answerable]).mean():5.1f} %"
    )


def _fit_part(
    label: str, articles: list[dict], questions: list[dict], indexes: list[AnswerIndex],
    names: tuple[str, ...], old: dict, l2: float, readers: Readers | None = None,
    share: float = 0.0, answered: float = 0.9,
) -> dict:
    """Fit one abstention model over ``names`` with the rankings of ``indexes``; print
    how the one in the file (``old``) and the refitted one tell the kinds apart. With
    ``readers`` (the sentence model's part only), the reader questions are fitted on
    too and choose the threshold; each reader file is first held out in turn (fitted on
    SQuAD and the other files, its threshold chosen on those) and reported."""
    rows = calibration_rows(articles, questions, indexes)
    keep = [scoring.ABSTAIN_FEATURES.index(k) for k in names]
    rows = [(at, kind, label_, [s[i] for i in keep]) for at, kind, label_, s in rows]
    fitted = [r for r in rows if r[0] % 2 == 1 and r[1] != KINDS[2]]
    print(f"{label}, in the file:")
    old_w = np.array([old["weights"].get(k, 0.0) for k in names])
    report(rows, float(old["bias"]), old_w)
    readers = readers or {}
    threshold = float(old["threshold"])
    for held in readers:
        _reader_report(f"{held} (file's model)", readers[held],
                       _probabilities(readers[held], float(old["bias"]), old_w), threshold)
    for held in readers if len(readers) > 1 else ():
        others = {k: v for k, v in readers.items() if k != held}
        bias, w = _fit(fitted, others, names, l2, share)
        pooled = [r for v in others.values() for r in v]
        t = choose_threshold(pooled, _probabilities(pooled, bias, w), answered)
        _reader_report(f"{held} held out (fitted without it)", readers[held],
                       _probabilities(readers[held], bias, w), t)
    bias, w = _fit(fitted, readers, names, l2, share)
    if readers:
        pooled = [r for v in readers.values() for r in v]
        threshold = choose_threshold(pooled, _probabilities(pooled, bias, w), answered)
    print(f"{label}, refitted:")
    report(rows, bias, w)
    for name, v in readers.items():
        _reader_report(f"{name} (fitted on it)", v, _probabilities(v, bias, w), threshold)
    return {
        "bias": round(bias, 3),
        "weights": {k: round(float(v), 3) for k, v in zip(names, w, strict=True)},
        "threshold": threshold,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--l2", type=float, default=1e-4, help="ridge penalty on the weights")
    parser.add_argument("--every", type=int, default=1, help="use every N-th question (faster)")
    parser.add_argument("--write", action="store_true", help="write the abstain parts of weights.json")
    parser.add_argument("--readers", type=Path, nargs="*", default=[],
                        help="reader-question files (realpage_dev.jsonl's format) to fit on too")
    parser.add_argument("--reader-share", type=float, default=0.5,
                        help="the reader questions' share of the fit's total weight")
    parser.add_argument("--answered", type=float, default=0.9,
                        help="the threshold answers this share of answerable reader questions")
    args = parser.parse_args()
    readers = {path.name: reader_rows(path) for path in args.readers}
    articles, questions = load_squad(args.data / "qa")
    questions = questions[:: max(args.every, 1)]
    table = json.loads(WEIGHTS.read_text())
    documents = [document_from_paragraphs(a["paragraphs"], language="english") for a in articles]
    table["abstain"] = _fit_part(
        "with the sentence model", articles, questions, [AnswerIndex(d) for d in documents],
        scoring.ABSTAIN_FEATURES, table["abstain"], args.l2, readers, args.reader_share,
        args.answered,
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
        readers_said = (
            f" 'abstain' also on the reader questions of {', '.join(readers)} "
            f"({args.reader_share:.0%} of the weight), "
            f"and its threshold answers {args.answered:.0%} of their answerable questions"
            if readers else ""
        )
        table["_about_abstain"] = (
            f"Written by benchmarks/fit_abstention.py: fitted on {every}the SQuAD dev articles at "
            "odd positions, each question asked of its article and of it without the paragraphs "
            f"holding the answer, each weight's sign fixed.{readers_said}. 'abstain_lexical''s "
            "threshold is set on realpage_dev."
        )
        WEIGHTS.write_text(json.dumps(table, indent=1) + "\n")
        print(f"wrote {WEIGHTS}")


if __name__ == "__main__":
    main()
