"""Take WordLlama's "l2_supercat" files out of the wordllama wheel into bot/vectors/wordllama (run once).

    python benchmarks/convert_wordllama.py [--source SITE-PACKAGES/wordllama] [--out bot/vectors/wordllama]

A maintainer runs this once, when the shipped files are (re)made; the bot never runs it
and never downloads anything. It needs the standard library only (and, to find the
source by default, the installed ``wordllama`` 0.4.0.post1 wheel, whose files it reads
without importing the package).

Reads, from --source (the ``wordllama`` package directory):

* ``weights/l2_supercat_256.safetensors``: the table (32000 x 256 float16, key
  ``embedding.weight``), refused unless its SHA-256 is the wheel's;
* ``tokenizers/l2_supercat_tokenizer_config.json``: the Hugging Face tokenizer (Llama
  2's BPE), refused unless its SHA-256 is the wheel's and unless it is set up exactly as
  bot/vectors/llama_bpe.py tokenizes (normalizer, no pre-tokenizer, byte fallback,
  fused <unk>, the three special tokens, no dropout, no word prefix or suffix);
* the wheel's ``LICENSE`` (MIT, Lee Miller), from its dist-info.

Writes, to --out:

* ``l2_supercat_256.safetensors``: the table, copied byte for byte;
* ``tokenizer.json``: only what llama_bpe.py reads: ``vocab``, the tokens in id order,
  and ``merges``, each a pair of tokens, in rank order (one entry a line);
* ``LICENSE`` (copied) and ``NOTICE`` (attribution, Llama 2's notice, what was changed).

Then prints the SHA-256 of each written model file (bot/vectors/words.py pins them).
benchmarks/check_llama_bpe.py then checks that llama_bpe.py on the written
``tokenizer.json`` gives the library's ids on the original.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TABLE = "l2_supercat_256.safetensors"
TOKENIZER = "l2_supercat_tokenizer_config.json"
# the files of the wordllama 0.4.0.post1 wheel on PyPI
WHEEL_SHA256 = {
    f"weights/{TABLE}": "64b47a2dc493cb8e85944076601189739852d7b64e0e1eedcb1937a251cd9fd5",
    f"tokenizers/{TOKENIZER}": "93248f2a9ec36c7b35f700a033d5f36228aae48db61aee31007fa49062cdeb68",
}
# what bot/vectors/llama_bpe.py implements: anything else in the config is refused
EXPECTED = {
    "normalizer": {
        "type": "Sequence",
        "normalizers": [
            {"type": "Prepend", "prepend": "\u2581"},
            {"type": "Replace", "pattern": {"String": " "}, "content": "\u2581"},
        ],
    },
    "pre_tokenizer": None,
    "truncation": None,
    "padding": None,
}
EXPECTED_MODEL = {
    "type": "BPE",
    "dropout": None,
    "unk_token": "<unk>",
    "continuing_subword_prefix": None,
    "end_of_word_suffix": None,
    "fuse_unk": True,
    "byte_fallback": True,
    "ignore_merges": False,
}
SPECIAL = ["<unk>", "<s>", "</s>"]

NOTICE = """\
WordLlama "l2_supercat" word vectors
https://github.com/dleemiller/WordLlama
https://huggingface.co/dleemiller/word-llama-l2-supercat

Files taken from the wordllama 0.4.0.post1 wheel (PyPI) by Lee Miller, licensed under
the MIT License: see LICENSE in this directory.

The l2_supercat table is derived from Llama 2 token embeddings: as WordLlama's README
states, it was trained from codebooks concatenated from several models that use the
Llama 2 tokenizer, including LLaMA 2 70B and Phi 3 medium; its tokenizer is Llama 2's.

Llama 2 is licensed under the LLAMA 2 Community License, Copyright \u00a9 Meta Platforms,
Inc. All Rights Reserved. (https://ai.meta.com/llama/license/)

Changes made for summarybot (by benchmarks/convert_wordllama.py):
- l2_supercat_256.safetensors: unchanged (weights/l2_supercat_256.safetensors).
- tokenizer.json: the vocabulary and merges of
  tokenizers/l2_supercat_tokenizer_config.json, without the rest of the
  configuration (which bot/vectors/llama_bpe.py implements).
"""


def _default_source() -> Path:
    dist = importlib.metadata.distribution("wordllama")
    return Path(str(dist.locate_file("wordllama")))


def _license(source: Path) -> Path:
    dist = importlib.metadata.distribution("wordllama")
    for file in dist.files or ():
        if file.name == "LICENSE":
            return Path(str(dist.locate_file(file)))
    raise SystemExit(f"no LICENSE in the wordllama wheel beside {source}")


def _tokenizer(config: dict) -> dict[str, list]:
    for key, value in EXPECTED.items():
        if config.get(key) != value:
            raise SystemExit(f"the tokenizer's {key} is {config.get(key)!r}, not {value!r}")
    model = config["model"]
    for key, value in EXPECTED_MODEL.items():
        if model.get(key) != value:
            raise SystemExit(f"the tokenizer's model {key} is {model.get(key)!r}, not {value!r}")
    added = config["added_tokens"]
    if [(t["id"], t["content"], t["normalized"], t["special"]) for t in added] != [
        (i, s, False, True) for i, s in enumerate(SPECIAL)
    ] or any(t["single_word"] or t["lstrip"] or t["rstrip"] for t in added):
        raise SystemExit(f"the tokenizer's added tokens are not <unk> <s> </s>: {added}")
    ids = model["vocab"]
    vocab = sorted(ids, key=ids.__getitem__)
    if [ids[t] for t in vocab] != list(range(len(vocab))) or vocab[:3] != SPECIAL:
        raise SystemExit("the vocabulary's ids are not 0..n-1 from <unk> <s> </s>")
    merges = []
    for merge in model["merges"]:
        pair = merge.split(" ") if isinstance(merge, str) else list(merge)
        if len(pair) != 2 or pair[0] + pair[1] not in ids:
            raise SystemExit(f"the merge {merge!r} is not two tokens making a third")
        merges.append(pair)
    return {"vocab": vocab, "merges": merges}


def _json_lines(data: dict[str, list]) -> str:
    """The tokenizer as JSON, one entry a line (readable and diffable)."""
    parts = []
    for key, items in data.items():
        rows = ",\n".join(json.dumps(item, ensure_ascii=False) for item in items)
        parts.append(f"{json.dumps(key)}: [\n{rows}\n]")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def convert(source: Path, out: Path) -> dict[str, str]:
    data = {name: (source / name).read_bytes() for name in WHEEL_SHA256}
    for name, expected in WHEEL_SHA256.items():
        if hashlib.sha256(data[name]).hexdigest() != expected:
            raise SystemExit(f"{source / name} is not the wordllama 0.4.0.post1 wheel's file")
    tokenizer = _tokenizer(json.loads(data[f"tokenizers/{TOKENIZER}"]))
    out.mkdir(parents=True, exist_ok=True)
    (out / TABLE).write_bytes(data[f"weights/{TABLE}"])
    (out / "tokenizer.json").write_text(_json_lines(tokenizer), encoding="utf-8")
    if json.loads((out / "tokenizer.json").read_text(encoding="utf-8")) != tokenizer:
        raise SystemExit("tokenizer.json does not read back as written")
    shutil.copyfile(_license(source), out / "LICENSE")
    (out / "NOTICE").write_text(NOTICE, encoding="utf-8")
    return {name: hashlib.sha256((out / name).read_bytes()).hexdigest() for name in (TABLE, "tokenizer.json")}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "bot" / "vectors" / "wordllama")
    args = parser.parse_args()
    for name, digest in convert(args.source or _default_source(), args.out).items():
        print(f"{digest}  {name}")


if __name__ == "__main__":
    main()
