"""Article extraction benchmark on trafilatura's English evaluation pages.

For each of the 160 pages, the extracted text must contain every ``with`` snippet
and none of the ``without`` snippets. Scored for:

- ours: bot.reading.sources.read_bytes (trafilatura + lxml fallback + bot.reading.clean), text = title +
  paragraphs; and "ours+headings" with the headings cleaning set aside (kept in
  Document.meta) counted too;
- uncleaned: the readers' blocks before bot.reading.clean (trafilatura alone, in effect);
- baseline: the whole page's visible text (lxml text_content minus script/style).

Prints page pass rates, snippet recall (with) and rejection (without), the ratio
ours/baseline, and the time per page.

    python benchmarks/bench_extract.py [--data DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.errors import SummarybotError  # noqa: E402
from bot.reading.extract import extract  # noqa: E402
from bot.reading.sources import read_bytes  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "extraction" / "trafilatura_eval_en"


def _norm(text: str) -> str:
    return " ".join(text.split())


def ours(html: bytes, name: str, with_headings: bool) -> str:
    try:
        doc = read_bytes(html, name=name, content_type="text/html")
    except SummarybotError:
        return ""
    parts = [doc.title, *(p.text for p in doc.paragraphs)]
    if with_headings:
        parts.append(dict(doc.meta).get("headings", ""))
    return _norm("\n".join(parts))


def uncleaned(html: bytes, name: str) -> str:
    try:
        raw = extract(html, name=name, content_type="text/html")
    except SummarybotError:
        return ""
    return _norm("\n".join([raw.title, *raw.blocks]))


def baseline(html: bytes) -> str:
    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for el in list(root.iter("script", "style", "noscript", "template")):
        if el.getparent() is not None:
            el.drop_tree()
    return _norm(root.text_content())


class Score:
    def __init__(self) -> None:
        self.pages = self.passed = 0
        self.with_total = self.with_found = 0
        self.without_total = self.without_absent = 0
        self.seconds = 0.0

    def add(self, text: str, want: list[str], unwanted: list[str]) -> None:
        found = [_norm(s) in text for s in want]
        absent = [_norm(s) not in text for s in unwanted]
        self.pages += 1
        self.passed += all(found) and all(absent)
        self.with_total += len(found)
        self.with_found += sum(found)
        self.without_total += len(absent)
        self.without_absent += sum(absent)

    def line(self, label: str) -> str:
        return (f"{label:<15} pages passed {self.passed:>3}/{self.pages} = {self.rate:6.1%}   "
                f"with found {self.with_found / self.with_total:6.1%}   "
                f"without absent {self.without_absent / self.without_total:6.1%}   "
                f"{1000 * self.seconds / max(1, self.pages):6.1f} ms/page")

    @property
    def rate(self) -> float:
        return self.passed / max(1, self.pages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    cases = json.loads((args.data / "evaldata_en_subset.json").read_text(encoding="utf-8"))
    scores = {"ours": Score(), "ours+headings": Score(), "uncleaned": Score(), "baseline": Score()}
    for _url, case in cases.items():
        html = gzip.decompress((args.data / case["file_in_bench"]).read_bytes())
        want, unwanted = case.get("with", []), case.get("without", [])
        t = time.perf_counter()
        text = ours(html, case["file"], with_headings=False)
        scores["ours"].seconds += time.perf_counter() - t
        scores["ours"].add(text, want, unwanted)
        t = time.perf_counter()
        text = ours(html, case["file"], with_headings=True)
        scores["ours+headings"].seconds += time.perf_counter() - t
        scores["ours+headings"].add(text, want, unwanted)
        t = time.perf_counter()
        text = uncleaned(html, case["file"])
        scores["uncleaned"].seconds += time.perf_counter() - t
        scores["uncleaned"].add(text, want, unwanted)
        t = time.perf_counter()
        text = baseline(html)
        scores["baseline"].seconds += time.perf_counter() - t
        scores["baseline"].add(text, want, unwanted)
    for label, score in scores.items():
        print(score.line(label))
    base = scores["baseline"].rate
    for label in ("ours", "ours+headings", "uncleaned"):
        ratio = scores[label].rate / base if base else float("inf")
        print(f"ratio {label}/baseline (pages passed): {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
