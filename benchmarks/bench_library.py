"""The channel's reading list: full-text search over every article of one channel.

    python benchmarks/bench_library.py [--articles 100,1000,10000] [--backends sqlite,postgres]
                                       [--questions 300] [--data ../shared/data]

Stores articles in ONE channel through ``Store.save_article`` (the path a summarized
link takes: the article, its card and its search rows in one transaction), growing the
same database to each size of ``--articles``, then asks SQuAD questions across the
whole channel and times, per question:

- search: ``search_paragraphs`` (the database's full-text search, 40 candidates),
- fetch: ``articles_by_id`` of the candidates' articles (what answering reads next),
- /summary search: ``search_articles`` with the question's words (10 cards),
- answer (the first ``--answers`` questions): the whole cross-article question as the
  Slack handler runs it, ``bot.slack.handlers.ask.library_answer``: search, the
  candidates' articles and stored sentence vectors, then the answer ranking and
  abstention (the question through the sentence model included). Slack is excluded.

Sentence vectors: in the bot, the job that summarizes an article stores the vectors of
all its sentences. Encoding 10,000 articles would take hours here, so before each timed
question (untimed) the benchmark stores, for each candidate article, the vectors of the
candidate paragraphs' sentences (cached by sentence): what the answer reads of them is
then exactly what it would read of a fully encoded article.

Also reported: recall@40 (the question's gold SQuAD paragraph among the 40 candidates,
any copy of it), answer top-1 (the first quoted paragraph is the gold one), load rate and database size. Articles are realistic text recombined:
SQuAD dev paragraphs (/work/shared/data/qa) and BBC and CNN/DM news paragraphs
(/work/shared/data/summarization), 20-40 paragraphs each; the SQuAD articles are among
the first 100, so every size holds every gold paragraph. SQLite's file is written under /tmp
(deleted after), PostgreSQL's tables in a fresh schema (dropped after; ``--pg-url``).
Targets at 10,000 articles: a whole cross-article answer <= 300 ms p50, <= 1 s p99.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import sqlalchemy as sa

from bot.answering.corpus import indexed_sentences
from bot.answering.sentence_vectors import SentenceVectors
from bot.document import Document, Paragraph
from bot.slack.handlers.ask import library_answer
from bot.storage.store import Store
from bot.text.sentences import split_sentences
from bot.vectors.sentences import encoder

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
PG_URL = "postgresql://postgres@127.0.0.1:5432/test"
TEAM, CHANNEL = "T0BENCH", "C0BENCH"


@dataclass(frozen=True)
class Source:
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    text: str
    gold: str  # the gold paragraph's text


def _lines(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def _chunks(title: str, paras: list[str], rng: random.Random) -> Iterator[Source]:
    i = 0
    while i < len(paras):
        n = rng.randint(20, 40)
        part = paras[i : i + n]
        if len(part) >= 10 or i == 0:
            yield Source(title, tuple(part))
        i += n


def _cnn_paragraphs(text: str) -> list[str]:
    sentences = [s.strip() for s in re.split(r"(?<= \.) ", text) if s.strip()]
    return [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]


def load_sources(data: Path, rng: random.Random) -> tuple[list[Source], list[Source], list[Question]]:
    """SQuAD articles in chunks, news paragraphs (BBC, CNN/DM), and SQuAD's questions."""
    squad: list[Source] = []
    gold: dict[tuple[int, int], str] = {}
    for row in _lines(data / "qa" / "squad_dev_even_articles.jsonl"):
        paras = list(row["paragraphs"])
        for j, p in enumerate(paras):
            gold[(row["article_idx"], j)] = p
        squad.extend(_chunks(row["title"].replace("_", " "), paras, rng))
    news: list[Source] = []
    for row in _lines(data / "summarization" / "bbc_news_summary.jsonl"):
        news.append(Source(row["title"], tuple(row["paragraphs"])))
    for name, key in (("cnndm_summeval100.jsonl", "article_tok"),
                      ("cnndm_realsumm100.jsonl", "article_tok_lower")):
        for row in _lines(data / "summarization" / name):
            paras = _cnn_paragraphs(row[key])
            news.append(Source(paras[0][:80], tuple(paras)))
    questions = [
        Question(row["question"], gold[(row["article_idx"], row["gold_paragraph_idx"])])
        for row in _lines(data / "qa" / "squad_dev_even_questions.jsonl")
    ]
    return squad, news, questions


def articles(squad: list[Source], news: list[Source], rng: random.Random) -> Iterator[Source]:
    """News stories strung together to 20-40 paragraphs, again and again in a new order
    each pass (the same paragraphs recombined), with every SQuAD chunk among the first
    100 articles at random places (ties in ranking favour neither)."""
    stories = _news(news, rng)
    first = squad + [next(stories) for _ in range(max(0, 100 - len(squad)))]
    rng.shuffle(first)
    yield from first
    yield from stories


def _news(news: list[Source], rng: random.Random) -> Iterator[Source]:
    while True:
        order = news[:]
        rng.shuffle(order)
        paras: list[str] = []
        title = ""
        for story in order:
            title = title or story.title
            paras.extend(story.paragraphs)
            if len(paras) >= rng.randint(20, 40):
                yield Source(title, tuple(paras[:40]))
                paras, title = [], ""


_SPLIT: dict[str, tuple[str, ...]] = {}


def _sentences(paragraph: str) -> tuple[str, ...]:
    if paragraph not in _SPLIT:
        _SPLIT[paragraph] = tuple(split_sentences(paragraph)) or (paragraph,)
    return _SPLIT[paragraph]


def document(source: Source, k: int) -> Document:
    return Document(
        title=source.title,
        source=f"https://news.example.com/{k}",
        language="english",
        paragraphs=tuple(Paragraph(i, p, _sentences(p)) for i, p in enumerate(source.paragraphs)),
    )


_ENCODED: dict[str, np.ndarray] = {}


def store_candidate_vectors(store: Store, question: str, limit: int) -> None:
    """Untimed: give each candidate article stored vectors for its candidate paragraphs'
    sentences (see the module's docstring)."""
    hits = store.search_paragraphs(TEAM, CHANNEL, question, limit)
    wanted: dict[int, set[int]] = {}
    for h in hits:
        wanted.setdefault(h.article_id, set()).add(h.paragraph)
    for article_id, article in store.articles_by_id(wanted).items():
        doc = article.document
        sentences = indexed_sentences(doc)
        stored = store.vectors_for(article_id)
        vectors = SentenceVectors.from_bytes(sentences, stored) if stored else SentenceVectors(sentences)
        rows: list[int] = []
        start = 0
        for i, p in enumerate(doc.paragraphs):
            count = len(p.sentences or (p.text,))
            if i in wanted[article_id]:
                rows.extend(r for r in range(start, start + count) if r < len(sentences))
            start += count
        missing = [r for r in rows if not vectors.filled[r]]
        if not missing:
            continue
        new = sorted({sentences[r] for r in missing} - _ENCODED.keys())
        if new:
            _ENCODED.update(zip(new, encoder().vectors(new), strict=True))
        for r in missing:
            vectors.rows[r] = _ENCODED[sentences[r]]
            vectors.filled[r] = True
        store.save_vectors(article_id, vectors.to_bytes())


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _size(store: Store) -> str:
    with store.engine.connect() as conn:
        if store.is_postgres:
            total = conn.execute(
                sa.text(
                    "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = :s AND c.relkind = 'r'"
                ),
                {"s": store.schema},
            ).scalar_one()
        else:
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()
            total = pages * conn.exec_driver_sql("PRAGMA page_size").scalar_one()
    return f"{int(total) / 1e6:,.0f} MB"


def measure(store: Store, questions: list[Question], texts: dict[int, tuple[str, ...]],
            limit: int, answers: int) -> dict[str, object]:
    for q in questions[:20]:  # warm the caches, as a running server's are
        store.search_paragraphs(TEAM, CHANNEL, q.text, limit)
    search, fetch, cards, found = [], [], [], 0
    for q in questions:
        t0 = time.perf_counter()
        hits = store.search_paragraphs(TEAM, CHANNEL, q.text, limit)
        t1 = time.perf_counter()
        store.articles_by_id({h.article_id for h in hits})
        t2 = time.perf_counter()
        store.search_articles(TEAM, CHANNEL, q.text, 10)
        t3 = time.perf_counter()
        search.append(1000 * (t1 - t0))
        fetch.append(1000 * (t2 - t1))
        cards.append(1000 * (t3 - t2))
        found += any(texts[h.article_id][h.paragraph] == q.gold for h in hits)
    answered, right = [], 0
    # a running bot has answered before: the tables a first answer loads (word vectors,
    # word frequencies) are in memory
    store_candidate_vectors(store, questions[-1].text, limit)
    library_answer(store, TEAM, CHANNEL, questions[-1].text, top=2)
    for q in questions[:answers]:
        store_candidate_vectors(store, q.text, limit)
        t0 = time.perf_counter()
        reply = library_answer(store, TEAM, CHANNEL, q.text, top=2)
        answered.append(1000 * (time.perf_counter() - t0))
        first = reply.found.found[0] if reply.found.found else None
        right += first is not None and texts[first.key][first.paragraph_index] == q.gold
    return {
        "search": search,
        "fetch": fetch,
        "cards": cards,
        "recall": found / len(questions),
        "answer": answered,
        "top1": right / max(1, len(answered)),
    }


def run(backend: str, sizes: list[int], questions: list[Question], squad: list[Source],
        news: list[Source], args: argparse.Namespace) -> list[str]:
    rng = random.Random(args.seed)
    tmp = Path(tempfile.mkdtemp(prefix="bench_library_"))
    if backend == "sqlite":
        store = Store(f"sqlite:///{tmp / 'library.db'}")
    else:
        store = Store(args.pg_url, schema=f"bench_{uuid.uuid4().hex[:10]}")
    rows = []
    texts: dict[int, tuple[str, ...]] = {}
    stream = articles(squad, news, rng)
    loaded, load_seconds = 0, 0.0
    try:
        for size in sizes:
            t0 = time.perf_counter()
            while loaded < size:
                source = next(stream)
                doc = document(source, loaded)
                article_id = store.save_article(
                    team_id=TEAM, channel_id=CHANNEL, thread_ts=f"{1_700_000_000 + loaded}.000100",
                    document=doc, channel_type="channel", summary=source.paragraphs[0][:200],
                )
                texts[article_id] = source.paragraphs
                loaded += 1
            load_seconds += time.perf_counter() - t0
            if store.is_postgres:  # what autovacuum does after a load
                with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                    c.exec_driver_sql("VACUUM ANALYZE")
                store.refresh_search_statistics()
            paragraphs = sum(len(t) for t in texts.values())
            result = measure(store, questions, texts, args.limit, args.answers)
            s, f, c, a = result["search"], result["fetch"], result["cards"], result["answer"]
            assert isinstance(s, list) and isinstance(f, list) and isinstance(c, list)
            assert isinstance(a, list) and a
            row = (
                f"| {backend} | {size:,} | {paragraphs:,} | {_size(store)} | "
                f"{loaded / load_seconds:,.0f}/s | "
                f"{statistics.median(s):.1f} / {_pct(s, 0.99):.1f} | "
                f"{statistics.median(f):.1f} / {_pct(f, 0.99):.1f} | "
                f"{statistics.median(c):.1f} / {_pct(c, 0.99):.1f} | "
                f"{100 * float(result['recall']):.1f} % |"  # type: ignore[arg-type]
                f" **{statistics.median(a):.0f} / {_pct(a, 0.99):.0f}** | "
                f"{100 * float(result['top1']):.1f} % |"  # type: ignore[arg-type]
            )
            print(row, flush=True)
            rows.append(row)
    finally:
        store.close()
        if store.is_postgres:
            with store.engine.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{store.schema}" CASCADE'))
            store.engine.dispose()
        for path in sorted(tmp.glob("*"), reverse=True):
            path.unlink()
        tmp.rmdir()
    return rows


HEADER = (
    "| backend | articles | paragraphs | database | load | search p50 / p99 ms | "
    "fetch p50 / p99 ms | /summary search p50 / p99 ms | recall@40 | "
    "whole answer p50 / p99 ms | answer top-1 |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", default="100,1000,10000",
                        help="database sizes, comma-separated (grown in one database)")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--limit", type=int, default=40, help="candidates per question")
    parser.add_argument("--answers", type=int, default=100,
                        help="questions answered whole (the first of --questions)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--pg-url", default=PG_URL)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    sizes = sorted(int(n) for n in args.articles.split(","))
    rng = random.Random(args.seed)
    squad, news, questions = load_sources(args.data, rng)
    questions = rng.sample(questions, min(args.questions, len(questions)))
    print(f"{len(questions)} SQuAD questions, {args.limit} candidates each; "
          f"{len(squad)} SQuAD chunks, {len(news)} news stories\n")
    encoder().vector("warm up")  # a running bot has its model loaded
    print(HEADER, flush=True)
    rows = []
    for backend in args.backends.split(","):
        rows += run(backend, sizes, questions, squad, news, args)
    print("\n" + HEADER + "\n" + "\n".join(rows))


if __name__ == "__main__":
    main()
