"""The learned weights of the answer-ranking signals, read from weights.json.

benchmarks/fit_answer_weights.py writes that file: weights are data, fitted on the
odd-position SQuAD dev articles only, never numbers pasted into code. "model" weighs the
signals with the sentence model, "lexical" the ones without it (long or non-English
documents).
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import NamedTuple

from bot.errors import ModelError

WEIGHTS_FILE = "weights.json"


class Weights(NamedTuple):
    model: dict[str, float]
    lexical: dict[str, float]


@cache
def weights() -> Weights:
    """The shipped weights (read once)."""
    try:
        data = json.loads(files("bot.answering").joinpath(WEIGHTS_FILE).read_text("utf-8"))
        return Weights(
            {str(k): float(v) for k, v in data["model"].items()},
            {str(k): float(v) for k, v in data["lexical"].items()},
        )
    except (OSError, ValueError, KeyError, AttributeError) as exc:
        raise ModelError(f"The answer weights ({WEIGHTS_FILE}) cannot be read: {exc}.") from None
