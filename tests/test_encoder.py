from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from bot.errors import ModelError, UsageError
from bot.vectors import sentences as encoder
from bot.vectors.sentences import DIMENSIONS, MAX_TOKENS

KUBLAI = "Kublai's government faced financial difficulties after 1279."
QUESTION = "When was Kublai's administration running out of money?"


def test_vectors_match_sentence_transformers() -> None:
    # reference values from sentence-transformers 6.2 (PyTorch) on the same weights
    kublai, question, broncos = encoder.encoder().vectors(
        [KUBLAI, QUESTION, "The Broncos took an early lead and never trailed."]
    )
    expected = [-0.01506, 0.04931, 0.03581, 0.01994, -0.05124, -0.0453]
    assert kublai[:6] == pytest.approx(expected, abs=1e-5)
    assert kublai @ question == pytest.approx(0.63214, abs=1e-4)
    assert kublai @ broncos == pytest.approx(0.03656, abs=1e-4)


def test_vectors_are_unit_length_and_empty_text_is_zero() -> None:
    rows = encoder.encoder().vectors([KUBLAI, "", "   "])
    assert rows.shape == (3, DIMENSIONS)
    assert rows.dtype == np.float32
    assert np.linalg.norm(rows[0]) == pytest.approx(1.0, abs=1e-5)
    assert not rows[1].any() and not rows[2].any()
    assert encoder.encoder().vectors([]).shape == (0, DIMENSIONS)


def test_a_text_gets_the_same_vector_alone_or_padded_in_a_batch() -> None:
    # texts of many lengths share padded batches (several of them here); padding must
    # not leak into a vector
    lengths = [f"sentence number {i} " * (i % 20 + 1) for i in range(100)]
    texts = [KUBLAI, "Yes.", "word " * (MAX_TOKENS * 2), *lengths]
    together = encoder.encoder().vectors(texts)
    for at in (0, 1, 2, 50, len(texts) - 1):
        assert together[at] == pytest.approx(encoder.encoder().vectors([texts[at]])[0], abs=1e-5)


def test_a_long_text_is_cut_to_the_models_length() -> None:
    head = "The river flooded the valley. " * 60
    assert len(head.split()) > MAX_TOKENS
    a, b = encoder.encoder().vectors([head, head + "Markets rallied on strong earnings. " * 40])
    assert a @ b == pytest.approx(1.0, abs=1e-5)


def test_one_vector_is_cached_and_read_only() -> None:
    first = encoder.encoder().vector(QUESTION)
    assert encoder.encoder().vector(QUESTION) is first
    assert first @ encoder.encoder().vectors([QUESTION])[0] == pytest.approx(1.0, abs=1e-5)
    with pytest.raises(ValueError):
        first[0] = 1.0


def test_gelu_is_the_exact_one() -> None:
    h = np.linspace(-8, 8, 4001).astype(np.float32)
    exact = [0.5 * x * (1 + math.erf(x / math.sqrt(2))) for x in h.astype(float)]
    assert encoder._gelu(h.copy()) == pytest.approx(exact, abs=1e-6)


def test_weights_that_are_not_the_expected_file_are_refused(tmp_path: Path) -> None:
    (tmp_path / "model.safetensors").write_bytes(b"not the model")
    with pytest.raises(ModelError, match="checksum"):
        encoder.load(tmp_path)


def test_a_missing_model_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="cannot be read"):
        encoder.load(tmp_path / "nowhere")


def test_bad_input_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        encoder.encoder().vectors("not a list")  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        encoder.encoder().vectors([None])  # type: ignore[list-item]
    with pytest.raises(UsageError):
        encoder.encoder().vector(None)  # type: ignore[arg-type]


def test_model_files_that_are_missing_or_broken_are_model_errors(tmp_path: Path) -> None:
    from bot.vectors import files as model_files

    with pytest.raises(ModelError, match="not installed"):
        model_files.locate("no-such-package-for-summarybot", "weights.safetensors")
    broken = tmp_path / "broken.safetensors"
    broken.write_bytes(b"not safetensors")
    with pytest.raises(ModelError, match="cannot be read"):
        model_files.arrays(broken)
    with pytest.raises(ModelError, match="missing"):
        model_files.tokenizer(tmp_path / "tokenizer.json")
