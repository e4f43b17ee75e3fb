"""Mixing the signals into a ranking, and deciding whether to answer at all.

The weights are data: ``weights.json`` beside this module, written by
benchmarks/fit_answer_weights.py (never edited by hand). It holds

- ``first_stage``: linear weights over the lexical signals (bot.answering.features
  ``lexical``), used over every paragraph to keep the candidates that the sentence
  model then looks at; also the whole ranking when there is no sentence model
  (languages other than English);
- ``rerank``: linear weights over all signals (lexical, sentence model, question
  type), used on the candidates;
- ``abstain`` (and ``abstain_lexical``, the same fitted without the sentence model, for
  languages other than English): a logistic model over a few question-level signals (how close the
  best sentence comes in meaning and in words, how much of the question the
  document lacks, how far the first answer stands out, whether it holds the kind
  of expression asked for), and the probability below which we decline.

The ranking weights were fitted with a listwise softmax loss on the SQuAD dev
articles at odd positions (benchmarks/fit_answer_weights.py); the abstention model on
the same articles (benchmarks/fit_abstention.py), each question asked once of its
article and once of the article without every paragraph that holds its answer (an
on-topic question the article does not answer), and, with as much weight, on readers'
own questions about real pages (benchmarks/data/reader_questions_fresh.jsonl and the
shared realpage_dev.jsonl), each weight kept to the sign its signal's meaning gives. The
threshold answers 90 % of those readers' answerable questions; held out in turn, each
reader set is scored in the README.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources

import numpy as np

from bot.errors import ModelError

SCORE_SCALE = 1 / 5.0  # brings the sum to the range of the speaker tiers


_override: list[dict] = []


def weights() -> dict:
    """The fitted weights (loaded once), or the table ``using`` put in force."""
    return _override[-1] if _override else _load()


@contextmanager
def using(table: dict) -> Iterator[None]:
    """Rank with ``table`` instead of weights.json inside the block (for fitting)."""
    _override.append(table)
    try:
        yield
    finally:
        _override.pop()


@cache
def _load() -> dict:
    try:
        text = resources.files("bot.answering").joinpath("weights.json").read_text("utf-8")
        data = json.loads(text)
    except (OSError, ValueError) as exc:
        raise ModelError(f"The answer weights cannot be read: {exc}.") from None
    for part in ("first_stage", "rerank", "abstain"):
        if part not in data:
            raise ModelError(f"The answer weights lack their {part!r} part.")
    return data


def mix(features: dict[str, np.ndarray], table: dict[str, float], size: int) -> np.ndarray:
    """SCORE_SCALE times the weighted sum of the named signals (missing ones count 0)."""
    out = np.zeros(size)
    for name, weight in table.items():
        values = features.get(name)
        if values is not None:
            out += weight * values
    return SCORE_SCALE * out


ABSTAIN_FEATURES = (
    "model_best",  # best sentence-model cosine of the question with a quoted candidate sentence
    "char_best",  # best character 4-gram cosine with any sentence
    "cover_best",  # idf share of the question in its best-covering sentence
    "cover_top",  # idf share of the question in the first answer's paragraph
    "missing",  # idf share of the question's terms the document lacks altogether
    "missing_rare",  # the same share, each term weighed by its rarity in the language
    "rarest_missing",  # how rare in the language the rarest question term the document lacks is
    "name_missing",  # a name the question capitalises is nowhere in the document
    "number_missing",  # a number the question gives is nowhere in the document
    "margin",  # first answer's rerank score minus the second's
    "soft_top",  # word-vector match of the question's rare words in the first answer's best sentence
    "type_missing",  # a number/time/... question whose first answer's paragraph holds none
    "typed",  # the question asks for a kind of expression
    "head_top",  # "which law": the first answer's closest word to "law" (1 for other kinds)
)


# the direction in which each signal may move the probability, by what it means (0:
# either): more evidence never lowers it, a missing term or name never raises it.
# benchmarks/fit_abstention.py keeps every fitted weight to its sign.
ABSTAIN_SIGNS = {
    "model_best": 1, "char_best": 1, "cover_best": 1, "cover_top": 1, "margin": 1,
    "soft_top": 1, "head_top": 1,
    "missing": -1, "missing_rare": -1, "rarest_missing": -1, "name_missing": -1,
    "number_missing": -1, "type_missing": -1,
    "typed": 0,
}


def answer_probability(signals: dict[str, float], *, sentence_model: bool = True) -> float:
    """How likely the first answer answers the question, by the logistic model (the one
    fitted without the sentence model's signal when ``sentence_model`` is False)."""
    table = weights()
    model = table["abstain"] if sentence_model else table.get("abstain_lexical", table["abstain"])
    z = float(model["bias"]) + sum(
        float(w) * float(signals.get(name, 0.0)) for name, w in model["weights"].items()
    )
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def threshold(*, sentence_model: bool = True) -> float:
    table = weights()
    model = table["abstain"] if sentence_model else table.get("abstain_lexical", table["abstain"])
    return float(model["threshold"])
