"""What the cleaning drops from text that holds no page furniture.

    python benchmarks/audit_clean.py [--data ../shared/data] [--show]

Each BBC News article and SQuAD dev article (paragraphs of prose), and each GUM document
(its paragraphs; GUM keeps titles, bylines, datelines and captions), is given to
bot.reading.clean as a web page's blocks, with its title. A paragraph the cleaning neither
keeps nor keeps as a heading is counted as dropped: in BBC News and SQuAD nearly all
should stay (a writer's bio at the end may go), in GUM its captions, datelines and bylines
should go and nothing else. Prints the counts per set and, with ``--show``, each dropped
paragraph, for reading.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.document import RawArticle  # noqa: E402
from bot.reading.clean import clean  # noqa: E402

DATA = Path(os.environ.get("SUMMARYBOT_SHARED_DATA", ROOT.parent / "shared" / "data"))


def _flat(text: str) -> str:
    return " ".join(text.split())


def documents(data: Path) -> Iterator[tuple[str, str, str, list[str]]]:
    """(set, name, title, paragraphs) of every document of the three sets."""
    with open(data / "summarization" / "bbc_news_summary.jsonl", encoding="utf-8") as lines:
        for line in lines:
            doc = json.loads(line)
            yield "bbc", doc["id"], doc["title"], doc["paragraphs"]
    with open(data / "qa" / "squad_dev_even_articles.jsonl", encoding="utf-8") as lines:
        for line in lines:
            doc = json.loads(line)
            yield "squad", doc["title"], doc["title"].replace("_", " "), doc["paragraphs"]
    with open(data / "summarization" / "gum_dev.jsonl", encoding="utf-8") as lines:
        for line in lines:
            doc = json.loads(line)
            paragraphs = [" ".join(p) for p in doc["paragraphs"]]
            # a GUM document's first paragraph is its title
            yield "gum", doc["doc"], _flat(paragraphs[0]), paragraphs[1:]


def dropped(title: str, paragraphs: list[str]) -> list[str]:
    """The paragraphs the cleaning drops (neither kept nor kept as a heading)."""
    blocks = tuple(p for p in (_flat(p) for p in paragraphs) if p)
    out = clean(RawArticle(title, None, None, blocks, "html"))
    kept = set(out.blocks) | set(dict(out.meta).get("headings", "").split("\n"))
    return [b for b in blocks if b not in kept]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--show", action="store_true", help="print each dropped paragraph")
    args = parser.parse_args()
    totals: dict[str, list[int]] = {}
    for part, name, title, paragraphs in documents(args.data):
        lost = dropped(title, paragraphs)
        count = totals.setdefault(part, [0, 0])
        count[0] += len(lost)
        count[1] += sum(1 for p in paragraphs if p.strip())
        if args.show:
            for block in lost:
                print(f"{part}/{name} | {block[:200]}")
    for part, (lost, total) in totals.items():
        print(f"{part:6} dropped {lost:4} of {total:6} paragraphs")


if __name__ == "__main__":
    main()
