"""Check that bot.vectors.llama_bpe gives exactly the ids of the ``tokenizers`` library,
and that bot.vectors.words gives exactly the vectors it gave through that library.

    python benchmarks/check_llama_bpe.py [--data ../shared/data] [--old-rev REV]

A maintainer's check, run when the tokenizer changes. It needs what the bot no longer
installs: ``tokenizers`` and the ``wordllama`` 0.4.0.post1 wheel, whose original
``l2_supercat_tokenizer_config.json`` it reads (and ``safetensors``, for the vectors).
It compares, text by text, the ids of our tokenizer (on the vocabulary and merges
shipped in bot/vectors/wordllama) and of the library's ``encode_batch(texts,
add_special_tokens=False)`` on:

* every string of every JSON file under --data (SQuAD, GUM, BBC, CNN/DM, the real pages'
  questions, the sentence-boundary rules, the extraction snippets), whole, line by
  line, sentence by sentence, and every distinct word of them;
* every line of the 160 web pages (raw HTML) under --data/extraction;
* the test fixtures (tests/fixtures/*.txt, whole and line by line) and tests/nasty.py's
  strings;
* every Unicode code point alone, between letters ("a" + c + "b"), after a space and
  doubled, and random runs of code points, spaces, tabs and line breaks;
* words of the corpus joined by random runs of spaces, tabs and line breaks, and
  special tokens (<s>, </s>, <unk>) written in and around words;
* hand-written nasty strings: emoji, CJK, control characters, "▁" written in the text.

Then it compares bot.vectors.words' ``vectors`` and ``sums`` with those of the code at
--old-rev (git; by default the last commit that read WordLlama's files through
``tokenizers`` and ``safetensors``), on thousands of sentences, paragraphs and
questions: they must be equal bit for bit.

It prints the count of texts compared and every disagreement, and exits 1 on any.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.metadata
import json
import random
import re
import subprocess
import sys
import types
from pathlib import Path

import check_wordpiece  # the same comparison and hostile strings (run from benchmarks/)
import numpy as np
from check_wordpiece import _nasty_module
from tokenizers import Tokenizer

from bot.vectors import words

ROOT = Path(__file__).resolve().parents[1]
OLD_REV = "213ed6bb7b7c40fa9136993385c6b2bd92ae1cb0"  # before the files were vendored
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")

NASTY = [
    "",
    " ",
    "  ",
    "   ",
    "\t",
    "\n",
    "\r\n",
    " \t \n ",
    "▁",
    "▁▁ ▁",
    "a▁b ▁c▁ d",
    "word▁",
    "<s>",
    "</s>",
    "<unk>",
    "<s></s><unk>",
    "<<s>>",
    "</s/>",
    "<unk",
    "unk>",
    "a <s> b",
    " <s> ",
    "x<s>y</s>z<unk>",
    "<S> </S> <UNK> < s >",
    "<0x0A> <0xFF> <0x41>",
    "Café naïve façade résumé Ångström Øresund Łódź Straße ΟΔΟΣ Σ İstanbul ǅ ﬁ ﬀ ẞ",
    "北京欢迎你 東京 서울 กรุงเทพ Москва القاهرة תל אביב हिन्दी 𠀋𪚲 豈 丽",
    "emoji 😀👍🏽👨‍👩‍👧‍👦🇺🇦 🥺 🫠 ❤️ ☃ ✓ ™ © ®",
    "😀😀😀 😀 😀",
    "control\x00chars\x01\x07\x1b[31m\x7f\x85\x9f\u200b\u200c\u200d\u2060\ufeff\ufffd here",
    "bidi \u202a\u202b\u202e\u2066\u2069 and private \ue000\U000f0000 tags \U000e0041",
    "mixed\u00a0nbsp\u2009thin\u202fnarrow\u3000ideographic\u2028line\u2029para\u1680ogham",
    "Zalgo t̸̢̛̗̩̙̞̜̄̈́͊̽͘ë̶̢̟̺̖̲́s̴̡̟̜̑̓t̷̰̹̒",
    "math 𝐀𝐁𝐂 𝔄𝔅 𝕬 ℌ ℍ ℕ ⅰⅱⅲ Ⅳ ① ⑴ ⒜",
    "x" * 1000,
    "ab" * 5000,
    "word " * 2000,
    " " * 100,
    "\t" * 50 + "\n" * 50,
    "trailing spaces   \n\n  and  multiple   gaps\t\tok",
    "def f(x):\n    return x  # code\n\n\tif x:\n\t\tpass",
    "numbers 3.14159 1,000,000 -42 +7 1e-10 0x1F 2024-01-31 12:34:56",
    "email a.b-c_d@example.co.uk http://x.y/z?q=1&r=2#frag C++ C# F# .NET node.js",
]


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    return []


def _corpus(data: Path) -> tuple[list[str], list[str]]:
    """Texts from the data and fixtures, and the distinct words in them."""
    strings: list[str] = []
    for path in sorted(data.rglob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                strings.extend(_strings(json.loads(line)))
    for path in sorted(data.rglob("*.json")):
        strings.extend(_strings(json.loads(path.read_text(encoding="utf-8"))))
    for path in sorted((ROOT / "tests" / "fixtures").rglob("*.txt")):
        strings.append(path.read_text(errors="replace"))
    texts: dict[str, None] = {}
    for s in strings:
        texts[s] = None
        for line in s.splitlines():
            texts[line] = None
            for sentence in _SENTENCE_END.split(line):
                texts[sentence] = None
    for path in sorted(data.rglob("*.html.gz")):
        for line in gzip.decompress(path.read_bytes()).decode("utf-8", "replace").splitlines():
            texts[line] = None
    found = {w: None for t in list(texts) for w in t.split()}
    return list(texts), list(found)


def _code_points() -> list[str]:
    points = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    texts = [*points, *(f"a{c}b" for c in points), *(f" {c}{c}" for c in points)]
    rng = random.Random(0)
    pool = points[:0x3000] + [" ", " ", "  ", "\t", "\n", "▁", "<s>", "</s>", "<unk>"]
    for _ in range(50_000):
        texts.append("".join(rng.choice(pool) for _ in range(rng.randint(1, 16))))
    for _ in range(10_000):
        texts.append("".join(rng.choice(points) for _ in range(rng.randint(1, 8))))
    return texts


def _spaced(vocabulary: list[str], count: int) -> list[str]:
    """Words joined by random runs of whitespace, with special tokens here and there."""
    rng = random.Random(1)
    gaps = ["", " ", "  ", "   ", "    ", "\t", "\n", " \n ", "\n\n", " \t", "▁", "▁ "]
    specials = ["<s>", "</s>", "<unk>", "<", ">"]
    texts = []
    for _ in range(count):
        parts = [rng.choice(gaps)]
        for _ in range(rng.randint(1, 8)):
            word = rng.choice(vocabulary)
            if rng.random() < 0.1:
                at = rng.randint(0, len(word))
                word = word[:at] + rng.choice(specials) + word[at:]
            parts += [word, rng.choice(gaps)]
        texts.append("".join(parts))
    return texts


def compare_ids(reference: Tokenizer, groups: dict[str, list[str]]) -> tuple[int, int]:
    def library_ids(texts: list[str]) -> list[list[int]]:
        out: list[list[int]] = []
        for at in range(0, len(texts), 100_000):  # bounded memory on millions of texts
            batch = reference.encode_batch(texts[at : at + 100_000], add_special_tokens=False)
            out.extend(e.ids for e in batch)
        return out

    return check_wordpiece.compare_ids(groups, library_ids, words.embedder().tokenizer.ids)


def _old_words(rev: str) -> types.ModuleType:
    """bot.vectors.words as it was at ``rev``, with the bot.vectors.files it read through."""
    modules = {}
    for name in ("files", "words"):
        source = subprocess.run(
            ["git", "show", f"{rev}:bot/vectors/{name}.py"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        module = types.ModuleType(f"bot.vectors.{name}")
        if name == "files":
            sys.modules["bot.vectors.files"] = module  # what the old words imports
        exec(compile(source, f"{rev}:bot/vectors/{name}.py", "exec"), module.__dict__)  # noqa: S102
        modules[name] = module
    import bot.vectors

    del sys.modules["bot.vectors.files"]
    if hasattr(bot.vectors, "files"):
        delattr(bot.vectors, "files")
    return modules["words"]


def compare_vectors(rev: str, texts: list[str]) -> int:
    old = _old_words(rev).embedder()
    new = words.embedder()
    bad = 0
    for method in ("vectors", "sums"):
        a, b = getattr(old, method)(texts), getattr(new, method)(texts)
        differ = np.flatnonzero((a != b).any(axis=1))
        bad += len(differ)
        print(
            f"Embedder.{method}: {len(texts)} texts, {len(differ)} differ "
            f"(dtype {a.dtype}/{b.dtype}, largest |difference| {np.abs(a - b).max():.1e})"
        )
        for i in differ[:10]:
            print(f"  {texts[i][:80]!r}")
    return bad


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--old-rev", default=OLD_REV)
    args = parser.parse_args()
    dist = importlib.metadata.distribution("wordllama")
    config = dist.locate_file("wordllama/tokenizers/l2_supercat_tokenizer_config.json")
    reference = Tokenizer.from_file(str(config))
    reference.no_padding()
    reference.no_truncation()

    corpus, found = _corpus(args.data)
    groups = {
        "corpus": corpus,
        "words": found,
        "nasty": NASTY + _nasty_module(),
        "code points": _code_points(),
        "spaced words": _spaced(found, 200_000),
    }
    total, failures = compare_ids(reference, groups)
    print(f"ids: {total} texts compared, {failures} differ", flush=True)

    rng = random.Random(2)
    sample = rng.sample(corpus, 5000) + NASTY + rng.sample(found, 1000)
    failures += compare_vectors(args.old_rev, sample)
    print("all equal" if not failures else f"{failures} differences")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
