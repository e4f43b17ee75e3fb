from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from bot.errors import ModelError, UsageError
from bot.vectors import words
from bot.vectors.llama_bpe import LlamaBPE
from bot.vectors.words import DIMENSIONS, SHA256, TABLE, TOKENIZER, embedder, unit


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


def test_hard_and_difficult_are_close() -> None:
    hard, difficult = embedder().vectors(["hard", "difficult"])
    assert hard @ difficult > 0.7


# ids pinned from the tokenizers library (0.23.3) on wordllama 0.4.0.post1's
# l2_supercat_tokenizer_config.json, encode(text, add_special_tokens=False);
# benchmarks/check_llama_bpe.py compares the two on millions of texts
TOKENIZED = [
    ("", []),
    ("The college was established in 1850.",
     [450, 12755, 471, 7841, 297, 29871, 29896, 29947, 29945, 29900, 29889]),
    ("difficult", [5189]),
    ("unaffable", [1185, 600, 519]),  # merges by rank: "▁una" "ff" "able"
    ("a  b   c", [263, 29871, 289, 259, 274]),  # runs of spaces: "▁" "▁▁" before a word
    ("  two leading", [259, 1023, 8236]),
    ("   ", [268]),  # "▁▁▁▁": the "▁" put in front, then one per space
    ("tab\there\nnewline", [4434, 12, 4150, 13, 1482, 1220]),  # <0x09>, <0x0A>
    ("😀 emoji", [29871, 243, 162, 155, 131, 953, 29877, 2397]),  # byte fallback: F0 9F 98 80
    ("北京欢迎你", [29871, 30662, 30675, 233, 175, 165, 235, 194, 145, 30919]),
    ("Café naïve", [315, 28059, 1055, 30085, 345]),
    ("x<s>y</s>z <unk>", [921, 1, 343, 2, 503, 29871, 0]),  # special tokens as written
    ("\x00\x7f", [29871, 3, 130]),
    ("Ġ ▁ ", [29871, 31937, 1678]),  # "▁" written in the text is a space
]


@pytest.mark.parametrize(("text", "ids"), TOKENIZED)
def test_the_tokenizer_gives_the_librarys_ids(text: str, ids: list[int]) -> None:
    assert embedder().tokenizer.ids(text) == ids


def test_a_lone_surrogate_is_read_as_the_replacement_character() -> None:
    tokenizer = embedder().tokenizer
    assert tokenizer.ids("a\ud800b") == tokenizer.ids("a\ufffdb")


def test_words_apart_give_the_ids_of_the_sentence() -> None:
    # a word's ids do not depend on its neighbours (chunks are cached), also the second time
    tokenizer = embedder().tokenizer
    text = "the antidisestablishmentarianism of the river, the antidisestablishmentarianism"
    assert tokenizer.ids(text) == [i for word in text.split(" ") for i in tokenizer.ids(word)]
    assert tokenizer.ids(text) == tokenizer.ids(text)


def _model_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "wordllama"
    shutil.copytree(words.MODEL_DIR, copy)
    return copy


def test_the_shipped_files_load_from_a_copy(tmp_path: Path) -> None:
    loaded = words.load(_model_copy(tmp_path))
    texts = ["hard", "The college was established in 1850."]
    assert (loaded.vectors(texts) == embedder().vectors(texts)).all()


def test_a_tokenizer_with_two_vocabulary_entries_swapped_is_refused(tmp_path: Path) -> None:
    copy = _model_copy(tmp_path)
    tokenizer = json.loads((copy / TOKENIZER).read_text(encoding="utf-8"))
    vocab = tokenizer["vocab"]
    hard, easy = vocab.index("▁hard"), vocab.index("▁easy")
    vocab[hard], vocab[easy] = vocab[easy], vocab[hard]
    (copy / TOKENIZER).write_text(json.dumps(tokenizer, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ModelError, match=r"tokenizer\.json .*checksum differs"):
        words.load(copy)
    # pinned as it is, the swap is used: the file, not the code, decides the ids
    pinned = {**SHA256, TOKENIZER: hashlib.sha256((copy / TOKENIZER).read_bytes()).hexdigest()}
    swapped = words.load(copy, pinned)
    assert (swapped.vectors(["hard"]) == embedder().vectors(["easy"])).all()


def test_a_table_with_one_changed_byte_is_refused(tmp_path: Path) -> None:
    copy = _model_copy(tmp_path)
    table = bytearray((copy / TABLE).read_bytes())
    table[len(table) // 2] ^= 1
    (copy / TABLE).write_bytes(bytes(table))
    with pytest.raises(ModelError, match=r"l2_supercat_256\.safetensors .*checksum differs"):
        words.load(copy)


def test_missing_files_are_model_errors(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="cannot be read"):
        words.load(tmp_path / "nowhere")


def test_a_tokenizer_that_is_not_the_expected_format_is_refused(tmp_path: Path) -> None:
    copy = _model_copy(tmp_path)
    (copy / TOKENIZER).write_text('{"vocab": ["<unk>"]}', encoding="utf-8")
    pinned = {**SHA256, TOKENIZER: hashlib.sha256((copy / TOKENIZER).read_bytes()).hexdigest()}
    with pytest.raises(ModelError, match=r"tokenizer\.json cannot be read"):
        words.load(copy, pinned)


@pytest.mark.parametrize(
    ("vocabulary", "merges", "error"),
    [
        (["<unk>", "<s>", "</s>", "a", "a"], [], "repeats"),
        (["<s>", "<unk>", "</s>", "a"], [], "does not start"),
        (["<unk>", "<s>", "</s>", "a", "a\u2581b"], [], "inside"),
        (["<unk>", "<s>", "</s>", "a", "b"], [("a", "b")], "needs"),
    ],
)
def test_a_vocabulary_or_merges_the_tokenizer_cannot_use_are_refused(
    vocabulary: list[str], merges: list[tuple[str, str]], error: str
) -> None:
    with pytest.raises(ModelError, match=error):
        LlamaBPE(vocabulary, merges)


def test_characters_without_byte_tokens_become_one_unknown() -> None:
    # a toy vocabulary without byte tokens: unknown characters fuse into one <unk>
    tokenizer = LlamaBPE(["<unk>", "<s>", "</s>", "\u2581", "a", "\u2581a"], [("\u2581", "a")])
    assert tokenizer.ids("a") == [5]
    assert tokenizer.ids("xyz a") == [3, 0, 5]
