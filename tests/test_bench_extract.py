"""The extraction benchmark's full-ground-truth mode (``--gold``, the public benchmark's
layout) runs on any such set and scores the article body."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BODY = [
    "The harbour board voted on Tuesday to rebuild the north pier, which storms closed last "
    "winter, at a cost the board put at four million pounds over three years.",
    "Fishing crews had asked for the work since the pier was closed, saying boats now wait "
    "an hour or more for a berth at the south quay on busy mornings.",
    "Work starts in the spring, and the pier should reopen to boats in the summer of the "
    "following year, the board said in a statement after the vote.",
]


def _page(title: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    return (
        f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>Copyright the Harbour Gazette. All rights reserved.</footer></body></html>"
    )


def test_gold_mode_scores_each_system_against_the_article_body(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    truth = {}
    for key, title in (("pier", "Harbour board votes to rebuild the north pier"),
                       ("quay", "North pier to reopen after rebuild, board says")):
        (tmp_path / "html" / f"{key}.html.gz").write_bytes(gzip.compress(_page(title).encode()))
        truth[key] = {"articleBody": "\n".join(BODY)}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_extract.py"), "--gold", str(tmp_path),
         "--systems", "ours,ours-article,trafilatura", "--json"],
        capture_output=True, text=True, timeout=300, check=True,
    )
    scores = json.loads(result.stdout)
    assert set(scores) == {"ours", "ours-article", "trafilatura"}
    # the whole body is found; the headline, which the ground truth does not hold, costs
    # "ours" precision, and the article body alone has none of it
    assert scores["ours-article"]["recall"] == scores["ours"]["recall"] == 1.0
    assert scores["ours-article"]["precision"] == 1.0 > scores["ours"]["precision"]
    assert all(s["empty"] == 0 for s in scores.values())
