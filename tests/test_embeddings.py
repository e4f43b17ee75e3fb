from __future__ import annotations

import numpy as np
import pytest

from bot.errors import UsageError
from bot.vectors.words import DIMENSIONS, embedder, unit


def test_words_of_one_meaning_are_closer_than_unrelated_words() -> None:
    hard, difficult, banana = embedder().vectors(["hard", "difficult", "banana"])
    assert hard @ difficult > 0.7
    assert hard @ banana < 0.3


def test_vectors_are_unit_length_and_empty_text_is_zero() -> None:
    rows = embedder().vectors(["The college was established in 1850.", ""])
    assert rows.shape == (2, DIMENSIONS)
    assert rows.dtype == np.float32
    assert np.linalg.norm(rows[0]) == pytest.approx(1.0, abs=1e-5)
    assert not rows[1].any()
    assert embedder().vectors([]).shape == (0, DIMENSIONS)


def test_a_text_gets_the_same_vector_alone_in_a_batch_or_in_a_long_one() -> None:
    # many texts and one huge text cross the batch and token-run boundaries
    texts = ["A short one.", "word " * 40_000, *(f"sentence number {i}" for i in range(3000))]
    together = embedder().vectors(texts)
    for at in (0, 1, 2, len(texts) - 1):
        assert together[at] == pytest.approx(embedder().vectors([texts[at]])[0], abs=1e-5)


def test_sums_add_up_to_the_vector_of_the_joined_text() -> None:
    parts = embedder().sums(["Storms", "flooded", "the valley"])
    whole = embedder().vectors(["Storms flooded the valley"])[0]
    assert unit(parts.sum(0, keepdims=True))[0] @ whole > 0.99


def test_bad_input_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        embedder().vectors("not a list")  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        embedder().vectors([None])  # type: ignore[list-item]
