"""Sentence splitting: plain pySBD (the baseline) against bot.text.sentences, same run.

    python benchmarks/bench_sentences.py

Builds a ~150,000-word document from the NATO reference article (repeated),
the CNN/DailyMail SummEval articles (lightly de-tokenized back to running
text) and BBC News articles, then times splitting every paragraph with each
splitter, prints both times and the ratio, how often the two agree per
paragraph, and the Golden Rules scores of both.
"""

from __future__ import annotations

import collections
import json
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pysbd  # noqa: E402  (the baseline; bot/ itself imports pysbd only in bot.text.sentences)

from bot.text.sentences import split_paragraphs, split_sentences  # noqa: E402

DATA = Path(os.environ.get("SUMMARYBOT_SHARED_DATA", ROOT.parent / "shared" / "data"))
TARGET_WORDS = 150_000
LANGS = {
    "English": "english",
    "German": "german",
    "Spanish": "spanish",
    "Italian": "italian",
    "Russian": "russian",
    "Dutch": "dutch",
    "Greek": "greek",
    "Arabic": "arabic",
}
PYSBD_CODES = {"english": "en", "german": "de", "spanish": "es", "italian": "it",
               "russian": "ru", "dutch": "nl", "greek": "el", "arabic": "ar"}


def detokenize(text: str) -> str:
    """Undo PTB tokenization enough to look like running text."""
    text = re.sub(r" ([.,!?;:%)\]}])", r"\1", text)
    text = re.sub(r"([(\[{$]) ", r"\1", text)
    text = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)
    text = text.replace("`` ", '"').replace(" ''", '"')
    text = re.sub(r"(?<=[,.!?]) '(?= |$)", "'", text)  # closing single quotes
    return text


def build_document() -> list[str]:
    nato = split_paragraphs((DATA / "articles" / "nato_offensive.txt").read_text())
    cnndm = []
    with open(DATA / "summarization" / "cnndm_summeval100.jsonl") as fh:
        for line in fh:
            cnndm.append(detokenize(json.loads(line)["article_tok"]))
    bbc = []
    with open(DATA / "summarization" / "bbc_news_summary.jsonl") as fh:
        for line in fh:
            bbc.extend(json.loads(line)["paragraphs"])
            if len(bbc) > 3000:
                break
    paragraphs: list[str] = []
    words = 0
    sources = [nato * 20, cnndm, bbc]
    for source in sources:
        for p in source:
            if words >= TARGET_WORDS:
                break
            paragraphs.append(p)
            words += len(p.split())
    return paragraphs


def baseline(paragraph: str, seg: pysbd.Segmenter) -> list[str]:
    return [s.strip() for s in seg.segment(paragraph) if s.strip()]


def golden(split) -> tuple[str, dict[str, tuple[int, int]]]:
    rules = json.loads((DATA / "sbd" / "golden_rules_en.json").read_text())
    en = sum(split(r["text"], "english") == r["expected"] for r in rules)
    per: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for r in json.loads((DATA / "sbd" / "golden_rules_all_langs.json").read_text()):
        lang = LANGS.get(r["lang"])
        if lang is None:
            continue
        per[r["lang"]][1] += 1
        # the source file escapes its line breaks
        per[r["lang"]][0] += split(r["text"].replace("\\n", "\n"), lang) == r["expected"]
    return f"{en}/{len(rules)} = {100 * en / len(rules):.1f} %", {k: tuple(v) for k, v in per.items()}


def main() -> None:
    paragraphs = build_document()
    words = sum(len(p.split()) for p in paragraphs)
    chars = sum(len(p) for p in paragraphs)
    print(f"document: {len(paragraphs)} paragraphs, {words:,} words, {chars:,} characters")

    split_sentences("Warm up. Both splitters load their rules first.")
    seg = pysbd.Segmenter(language="en", clean=False)
    seg.segment("Warm up. Both splitters load their rules first.")

    # CPU time of this process: the machine may be shared, and wall time then
    # measures the neighbours as much as the code
    t0, c0 = time.perf_counter(), time.process_time()
    ours = [split_sentences(p) for p in paragraphs]
    w_ours, t_ours = time.perf_counter() - t0, time.process_time() - c0

    t0, c0 = time.perf_counter(), time.process_time()
    base = [baseline(p, seg) for p in paragraphs]
    w_base, t_base = time.perf_counter() - t0, time.process_time() - c0

    same = sum(a == b for a, b in zip(ours, base, strict=True))
    n_ours = sum(map(len, ours))
    n_base = sum(map(len, base))
    print(f"pysbd (baseline): {t_base:.3f} s CPU ({w_base:.3f} s wall), {n_base} sentences")
    print(f"bot.text.sentences:    {t_ours:.3f} s CPU ({w_ours:.3f} s wall), {n_ours} sentences")
    print(f"speed-up: {t_base / t_ours:.1f}x (ours takes {100 * t_ours / t_base:.1f} % of pysbd's time)")
    print(f"paragraphs split identically: {same}/{len(paragraphs)} = {100 * same / len(paragraphs):.1f} %")

    def pysbd_split(text: str, language: str) -> list[str]:
        code = PYSBD_CODES[language]
        return baseline(text, pysbd.Segmenter(language=code, clean=False))

    for name, split in (("pysbd", pysbd_split), ("ours", split_sentences)):
        en, per = golden(split)
        langs = ", ".join(f"{k} {a}/{b}" for k, (a, b) in per.items())
        print(f"golden rules {name:5}: English {en}; all-langs file: {langs}")

    if "-v" in sys.argv:
        for a, b in zip(ours, base, strict=True):
            if a != b:
                print("---\nours :", a, "\npysbd:", b)


if __name__ == "__main__":
    main()
