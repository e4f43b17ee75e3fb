from __future__ import annotations

import hashlib
import math
import shutil
from pathlib import Path

import numpy as np
import pytest

from bot.errors import ModelError, UsageError
from bot.vectors import sentences as encoder
from bot.vectors import tensors
from bot.vectors.sentences import DIMENSIONS, MAX_TOKENS, MODEL_DIR, SHA256
from bot.vectors.wordpiece import WordPiece

KUBLAI = "Kublai's government faced financial difficulties after 1279."
QUESTION = "When was Kublai's administration running out of money?"


def test_vectors_match_sentence_transformers() -> None:
    # reference values from sentence-transformers 6.2 (PyTorch) on upstream's float32
    # weights. We ship them as float16 matrices: on 532 real sentences that moves a
    # vector's entries by at most 1.2e-4 (cosine to the float32 vector >= 0.9999997,
    # benchmarks/convert_minilm.py), hence 2e-4 here; a cosine between two texts moves
    # by up to twice that.
    kublai, question, broncos = encoder.encoder().vectors(
        [KUBLAI, QUESTION, "The Broncos took an early lead and never trailed."]
    )
    expected = [-0.01506, 0.04931, 0.03581, 0.01994, -0.05124, -0.0453]
    assert kublai[:6] == pytest.approx(expected, abs=2e-4)
    assert kublai @ question == pytest.approx(0.63214, abs=4e-4)
    assert kublai @ broncos == pytest.approx(0.03656, abs=4e-4)


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


def _model_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "minilm"
    shutil.copytree(MODEL_DIR, copy)
    return copy


def test_a_vocabulary_with_two_entries_swapped_is_refused(tmp_path: Path) -> None:
    # swapped, "Austin" would embed exactly as "Putin": the checksum is what stops it
    copy = _model_copy(tmp_path)
    vocab = (copy / "vocab.txt").read_text(encoding="utf-8").split("\n")
    austin, putin = vocab.index("austin"), vocab.index("putin")
    vocab[austin], vocab[putin] = vocab[putin], vocab[austin]
    (copy / "vocab.txt").write_text("\n".join(vocab), encoding="utf-8")
    with pytest.raises(ModelError, match=r"vocab\.txt .*checksum differs"):
        encoder.load(copy)
    pinned = {**SHA256, "vocab.txt": hashlib.sha256((copy / "vocab.txt").read_bytes()).hexdigest()}
    swapped = encoder.load(copy, pinned)
    assert swapped.vector("Austin") @ encoder.encoder().vector("Putin") > 0.9999


def test_weights_with_one_changed_byte_are_refused(tmp_path: Path) -> None:
    copy = _model_copy(tmp_path)
    weights = bytearray((copy / "model.safetensors").read_bytes())
    weights[len(weights) // 2] ^= 1
    (copy / "model.safetensors").write_bytes(bytes(weights))
    with pytest.raises(ModelError, match=r"model\.safetensors .*checksum differs"):
        encoder.load(copy)


def test_weights_that_are_not_the_expected_file_are_refused(tmp_path: Path) -> None:
    copy = _model_copy(tmp_path)
    (copy / "model.safetensors").write_bytes(b"not the model")
    with pytest.raises(ModelError, match="checksum"):
        encoder.load(copy)


def test_a_missing_model_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="cannot be read"):
        encoder.load(tmp_path / "nowhere")


def test_safetensors_written_and_read_with_numpy(tmp_path: Path) -> None:
    arrays = {
        "b": np.arange(6, dtype=np.float16).reshape(2, 3),
        "a": np.array([1.5, -2.0], dtype=np.float32),
        "ids": np.arange(4, dtype=np.int64),
    }
    path = tmp_path / "t.safetensors"
    tensors.write(path, arrays, {"format": "pt"})
    data = path.read_bytes()
    assert int.from_bytes(data[:8], "little") % 8 == 0
    back = tensors.read(data)
    assert set(back) == set(arrays)
    for key, array in arrays.items():
        assert back[key].dtype == array.dtype and (back[key] == array).all()


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\xff" * 8,
        (10).to_bytes(8, "little") + b"not json!!",
        (2).to_bytes(8, "little") + b"[]",
        (60).to_bytes(8, "little") + b'{"x":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}    ',
        (60).to_bytes(8, "little") + b'{"x":{"dtype":"Q99","shape":[1],"data_offsets":[0,4]}}     '
        + bytes(4),
        (60).to_bytes(8, "little") + b'{"x":{"dtype":"F32","shape":[3],"data_offsets":[0,16]}}    '
        + bytes(16),
    ],
)
def test_broken_safetensors_are_model_errors(data: bytes) -> None:
    with pytest.raises(ModelError, match="cannot be read"):
        tensors.read(data)


# ids pinned from the tokenizers library (0.23) on upstream's tokenizer.json;
# benchmarks/check_wordpiece.py compares the two on every code point and 12,830 texts
TOKENIZED = [
    ("Café naïve RÉSUMÉ", [7668, 15743, 13746]),  # accents stripped, lower-cased
    ("ΟΔΟΣ", [1169, 29722, 29730, 29733]),  # lower-cased one character at a time: σ, not ς
    ("İstanbul", [9960]),
    ("北京欢迎你", [1781, 1755, 100, 100, 100]),  # CJK ideographs are words of their own
    ("I 👍 it 🥺", [1045, 100, 2009, 100]),
    ("a\x00b\u200bc\x0bd\x85e\ufffdf", [5925, 3207, 2546]),  # control and format chars dropped
    ("tab\there\u00a0nbsp", [21628, 2182, 1050, 5910, 2361]),
    ("x [CLS] y [sep]", [1060, 101, 1061, 1031, 19802, 1033]),  # special tokens as written
    ("don't stop U.S.A.", [2123, 1005, 1056, 2644, 1057, 1012, 1055, 1012, 1037, 1012]),
    ("हिन्दी", [1339, 29877, 29863, 29861, 29878]),  # spacing vowel signs (Mc) are kept
    ("a\u2e43b", [100]),  # punctuation newer than the library's Unicode tables: a letter
    ("unaffable", [14477, 20961, 3468]),
    ("x" * 100, [22038, *[20348] * 49]),
    ("x" * 101, [100]),  # a word over 100 characters is [UNK]
]


@pytest.mark.parametrize(("text", "ids"), TOKENIZED)
def test_wordpiece_gives_the_librarys_ids(text: str, ids: list[int]) -> None:
    assert encoder.encoder().tokenizer.ids(text) == [101, *ids, 102]


def test_wordpiece_cuts_a_long_text_keeping_sep() -> None:
    tokenizer = encoder.encoder().tokenizer
    whole = tokenizer.ids("the river flooded " * 100)
    assert len(whole) == 302
    assert tokenizer.ids("the river flooded " * 100, 8) == [*whole[:7], 102]
    assert tokenizer.ids("the river", 8) == tokenizer.ids("the river")


def test_a_vocabulary_without_the_special_tokens_is_refused() -> None:
    with pytest.raises(ModelError, match=r"\[CLS\]"):
        WordPiece(["[PAD]", "[UNK]", "[SEP]", "[MASK]", "word"])


def test_bad_input_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        encoder.encoder().vectors("not a list")  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        encoder.encoder().vectors([None])  # type: ignore[list-item]
    with pytest.raises(UsageError):
        encoder.encoder().vector(None)  # type: ignore[arg-type]


def test_model_files_that_are_missing_or_broken_are_model_errors(tmp_path: Path) -> None:
    from bot.vectors import tensors

    with pytest.raises(ModelError, match="weights.safetensors"):
        tensors.checked(tmp_path / "weights.safetensors", "0" * 64)
    broken = tmp_path / "broken.safetensors"
    broken.write_bytes(b"not safetensors")
    with pytest.raises(ModelError):
        tensors.read(broken.read_bytes(), "broken.safetensors")

