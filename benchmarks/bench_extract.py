"""Article extraction benchmark: ours against trafilatura alone, in the same run.

Two kinds of data:

- the 160 English pages of trafilatura's evaluation (``--data``, the default): each
  page has snippets the article text must contain (``with``) and must not contain
  (``without``), not a full ground truth. Scored per page, then averaged:

  * snippet recall: the share of each ``with`` snippet's 4-word shingles found in
    the text (a snippet shorter than 4 words is one shingle), averaged;
  * snippet precision: 1 - the same share for the ``without`` snippets (pages with
    none are left out), so boilerplate that leaks lowers it;
  * snippet F1: their harmonic mean;
  * pass rates: pages whose text contains every ``with`` snippet and none of the
    ``without`` snippets, whitespace-normalized (the README's figure);
  * empty pages: pages that gave no text.

  The pages are split in two fixed halves by a hash of the file name: ``tune``
  (the only half any threshold was tuned on) and ``held`` (held out). Both are
  reported, with the whole set.

- a set with full ground truth (``--gold DIR``: ``DIR/ground-truth.json`` mapping
  an id to ``{"articleBody": ...}`` and ``DIR/html/ID.html.gz``, the layout of the
  public article-extraction benchmark): shingle precision, recall and F1 of the
  article body, 4-word shingles, as that benchmark computes them (each page's
  true/false positives and misses as shares of their sum; precision averaged over
  pages that predicted something, recall over pages with a body; F1 of the two
  means).

Systems, each page's text being what a person would read:

- ``ours``: bot.reading.sources.read_bytes -> the title, then the paragraphs and the headings
  in reading order (headings are kept out of the summary but are the article's);
- ``ours-article``: ``ours`` without the title: the article body, headings and paragraphs
  in reading order (``summarybot extract --json``'s ``text``), as trafilatura's output and a
  full ground truth's ``articleBody`` hold it;
- ``ours-body``: the title and the paragraphs only (what summaries and answers use);
- ``trafilatura``: ``trafilatura.extract(html, include_comments=False)``, trafilatura
  alone with its defaults (the public benchmark's runner);
- ``page``: the whole page's visible text (lxml text_content minus script/style).

    python benchmarks/bench_extract.py [--data DIR | --gold DIR] [--half tune|held|all]
                                       [--systems ours,ours-article,...] [--show N] [--json]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import logging
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import lxml.etree
import lxml.html

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.errors import SummarybotError  # noqa: E402
from bot.reading.sources import read_bytes  # noqa: E402

SHARED_DATA = Path(os.environ.get("SUMMARYBOT_SHARED_DATA", ROOT.parent / "shared" / "data"))
DEFAULT_DATA = SHARED_DATA / "extraction" / "trafilatura_eval_en"
SHINGLE = 4
_TOKEN = re.compile(r"\w+")


# -- systems ------------------------------------------------------------------


def ours(html: bytes, name: str) -> str:
    try:
        doc = read_bytes(html, name=name, content_type="text/html")
    except SummarybotError:
        return ""
    meta = dict(doc.meta)
    # the reading order of headings and paragraphs, when the reader recorded it
    order = meta.get("layout")
    if order is None:
        parts = [doc.title, *(p.text for p in doc.paragraphs), meta.get("headings", "")]
        return "\n".join(parts)
    headings = iter(meta.get("headings", "").split("\n"))
    paragraphs = iter(p.text for p in doc.paragraphs)
    parts = [doc.title]
    for kind in order:
        parts.append(next(headings, "") if kind == "h" else next(paragraphs, ""))
    return "\n".join(parts)


def ours_article(html: bytes, name: str) -> str:
    """``ours`` without the title: the article body (headings and paragraphs in reading
    order), which is what the benchmarks' ground truth holds."""
    text = ours(html, name)
    return text.split("\n", 1)[1] if "\n" in text else ""


def ours_body(html: bytes, name: str) -> str:
    try:
        doc = read_bytes(html, name=name, content_type="text/html")
    except SummarybotError:
        return ""
    return "\n".join([doc.title, *(p.text for p in doc.paragraphs)])


def trafilatura_alone(html: bytes, name: str) -> str:
    import trafilatura

    return trafilatura.extract(html.decode("utf-8", errors="replace"), include_comments=False) or ""


def page_text(html: bytes, name: str) -> str:
    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for el in list(root.iter("script", "style", "noscript", "template")):
        if el.getparent() is not None:
            el.drop_tree()
    return root.text_content()


SYSTEMS: dict[str, Callable[[bytes, str], str]] = {
    "ours": ours,
    "ours-article": ours_article,
    "ours-body": ours_body,
    "trafilatura": trafilatura_alone,
    "page": page_text,
}


# -- scoring ------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """Counts of the text's n-token shingles; a text shorter than n is one shingle."""
    words = tokens(text)
    if len(words) < n:
        return Counter([tuple(words)] if words else [])
    return Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


def shingle_match(true: str, pred: str, n: int = SHINGLE) -> tuple[float, float, float]:
    """(tp, fp, fn) over shingle counts, as shares of their sum (so long pages weigh
    no more than short ones)."""
    t, p = shingles(true, n), shingles(pred, n)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def gold_scores(matches: list[tuple[float, float, float]]) -> dict[str, float]:
    def precision(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else (0.0 if tp == fp == 0 else tp / (tp + fp))

    def recall(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else (0.0 if tp == fn == 0 else tp / (tp + fn))

    ps = [precision(*m) for m in matches if m[0] + m[1] > 0]
    rs = [recall(*m) for m in matches if m[0] + m[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def _norm(text: str) -> str:
    return " ".join(text.split())


def snippet_share(snippet: str, pred: Counter[tuple[str, ...]], pred_tokens: str) -> float:
    """The share of the snippet's shingles that occur in the prediction."""
    own = shingles(snippet)
    if not own:
        return 0.0
    if len(tokens(snippet)) < SHINGLE:
        # a short snippet is found when its words occur in a row
        return 1.0 if f" {' '.join(tokens(snippet))} " in pred_tokens else 0.0
    return sum(1 for s in own if s in pred) / len(own)


@dataclass
class SnippetScore:
    pages: int = 0
    passed: int = 0
    empty: int = 0
    recall: list[float] = field(default_factory=list)
    precision: list[float] = field(default_factory=list)
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    def add(self, name: str, text: str, want: list[str], unwanted: list[str]) -> None:
        flat = _norm(text)
        pred = shingles(text)
        pred_tokens = f" {' '.join(tokens(text))} "
        self.pages += 1
        self.empty += not flat
        ok = all(_norm(s) in flat for s in want) and not any(_norm(s) in flat for s in unwanted)
        self.passed += ok
        if not ok:
            self.failures.append(name)
        if want:
            self.recall.append(sum(snippet_share(s, pred, pred_tokens) for s in want) / len(want))
        if unwanted:
            leak = sum(snippet_share(s, pred, pred_tokens) for s in unwanted) / len(unwanted)
            self.precision.append(1.0 - leak)

    def summary(self) -> dict[str, float]:
        r = sum(self.recall) / max(1, len(self.recall))
        p = sum(self.precision) / max(1, len(self.precision))
        return {
            "pages": self.pages, "pass": self.passed / max(1, self.pages), "empty": self.empty,
            "recall": r, "precision": p, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "ms_per_page": 1000 * self.seconds / max(1, self.pages),
        }


def half_of(name: str) -> str:
    """A fixed split: the first byte of the file name's MD5, even or odd."""
    return "tune" if hashlib.md5(name.encode("utf-8")).digest()[0] % 2 == 0 else "held"


# -- runs ---------------------------------------------------------------------


def run_snippets(data: Path, systems: list[str], half: str) -> dict[str, dict[str, SnippetScore]]:
    cases = json.loads((data / "evaldata_en_subset.json").read_text(encoding="utf-8"))
    results: dict[str, dict[str, SnippetScore]] = {
        part: {s: SnippetScore() for s in systems} for part in ("tune", "held", "all")
    }
    for case in cases.values():
        part = half_of(case["file"])
        if half != "all" and part != half:
            continue
        html = gzip.decompress((data / case["file_in_bench"]).read_bytes())
        want, unwanted = case.get("with", []), case.get("without", [])
        for system in systems:
            started = time.perf_counter()
            text = SYSTEMS[system](html, case["file"])
            spent = time.perf_counter() - started
            for bucket in (part, "all"):
                score = results[bucket][system]
                score.seconds += spent
                score.add(case["file"], text, want, unwanted)
    return results


def run_gold(data: Path, systems: list[str]) -> dict[str, dict[str, float]]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    out: dict[str, dict[str, float]] = {}
    for system in systems:
        matches = []
        empty = 0
        started = time.perf_counter()
        for key, item in truth.items():
            html = gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes())
            text = SYSTEMS[system](html, f"{key}.html")
            empty += not text.strip()
            matches.append(shingle_match(item.get("articleBody") or "", text))
        scores = gold_scores(matches)
        scores["empty"] = empty
        scores["ms_per_page"] = 1000 * (time.perf_counter() - started) / max(1, len(truth))
        out[system] = scores
    return out


def _rows(results: dict[str, dict[str, SnippetScore]]) -> Iterable[str]:
    yield (f"{'half':<5} {'system':<12} {'pages':>5} {'pass':>7} {'empty':>5} "
           f"{'recall':>7} {'precis.':>7} {'F1':>7} {'ms/page':>8}")
    for part in ("tune", "held", "all"):
        for system, score in results[part].items():
            if not score.pages:
                continue
            s = score.summary()
            yield (f"{part:<5} {system:<12} {s['pages']:>5} {s['pass']:>7.1%} {s['empty']:>5} "
                   f"{s['recall']:>7.3f} {s['precision']:>7.3f} {s['f1']:>7.3f} {s['ms_per_page']:>8.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the snippet set")
    parser.add_argument("--gold", type=Path, help="a set with full ground truth instead")
    parser.add_argument("--half", choices=("tune", "held", "all"), default="all")
    parser.add_argument("--systems", default="ours,ours-article,ours-body,trafilatura,page")
    parser.add_argument("--show", type=int, default=0, help="list up to N failing pages per system")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = [s for s in systems if s not in SYSTEMS]
    if unknown:
        parser.error(f"unknown systems: {', '.join(unknown)} (known: {', '.join(SYSTEMS)})")
    # the reader's own warnings (pages that gave little text) would drown the table
    logging.basicConfig(level=logging.ERROR)
    if args.gold:
        scores = run_gold(args.gold, systems)
        if args.json:
            print(json.dumps(scores, indent=2))
            return 0
        print(f"{'system':<12} {'precision':>9} {'recall':>7} {'F1':>7} {'empty':>5} {'ms/page':>8}")
        for system, s in scores.items():
            print(f"{system:<12} {s['precision']:>9.3f} {s['recall']:>7.3f} {s['f1']:>7.3f} "
                  f"{int(s['empty']):>5} {s['ms_per_page']:>8.1f}")
        return 0
    results = run_snippets(args.data, systems, args.half)
    if args.json:
        print(json.dumps({part: {s: sc.summary() for s, sc in r.items()} for part, r in results.items()},
                         indent=2))
        return 0
    for row in _rows(results):
        print(row)
    if args.show:
        for system, score in results["all"].items():
            print(f"\n{system} fails: {', '.join(score.failures[: args.show])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
