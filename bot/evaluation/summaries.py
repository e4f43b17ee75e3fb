"""ROUGE evaluation of the summarizers on the shared summarization sets.

Scores follow the published convention: Google's rouge-score, Porter stemming
on, ROUGE-1/2 and ROUGE-Lsum with one sentence a line, F1 averaged over
articles, as percentages. Four file formats are recognised by their fields:

- BBC News Summary: ``paragraphs``, ``title`` and extractive ``summary_sentences``;
  only rows with ``summary_split_verified`` are used, duplicate articles once.
- CNN/DM SummEval: ``article_tok`` with ``highlights``.
- CNN/DM REALSumm: ``article_tok_lower`` with ``highlights``.
- GUM: ``paragraphs`` as lists of sentences, a ``genre`` and one to five human
  one-sentence ``summaries``. A summary is scored against its best reference
  (rouge-score's ``score_multi``), and the report breaks the scores down by genre.

News sets default to 3-sentence summaries, GUM to 2 (its references are one sentence).
``half`` keeps one of two fixed halves of a set, so that weights fitted on one half
can be reported on the other: GUM's halves alternate within each genre, the other
sets' alternate rows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rouge_score import rouge_scorer

from bot.document import Document, Paragraph
from bot.errors import EmptyDocument, InputError, SourceNotFound, UsageError
from bot.reading.build import document_from_paragraphs
from bot.summarizing.candidates import is_furniture
from bot.summarizing.summarize import ALGORITHMS, summarize

METRICS = ("rouge1", "rouge2", "rougeLsum")
_HAS_WORD = re.compile(r"\w")
# PTB sentence ends: a separate " ." token followed by the next sentence
_PTB_SENTENCE_END = re.compile(r"(?<= [.!?]) (?=\S)")


def detokenize(text: str) -> str:
    """Undo the PTB tokenization of the CNN/DM sets ("it 's a test ." -> "it's a test.").

    Sentence splitting, and so Lead-3 itself, is tuned for text as people write it;
    on tokenized text it merges sentences and every method scores worse.
    """
    text = re.sub(r" (n't|'s|'re|'ve|'m|'ll|'d)\b", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r" ([.,!?;:%)\]}])", r"\1", text)
    text = re.sub(r"([(\[{$£]) ", r"\1", text)
    text = re.sub(r"(\w) - (\w)", r"\1-\2", text)
    return re.sub(r"([.,!?]) '(?= |$)", r"\1'", text)


@dataclass(frozen=True)
class Example:
    document: Document
    references: tuple[str, ...]  # one reference sentence a line
    genre: str = ""
    # True: each reference is a whole summary of its own, and the best one counts (GUM);
    # False: the references are the sentences of one summary (news highlights)
    alternatives: bool = False


@dataclass(frozen=True)
class GenreScore:
    genre: str
    rouge1: float
    rouge2: float
    rougeL: float
    n: int


@dataclass(frozen=True)
class AlgorithmScore:
    algorithm: str
    rouge1: float
    rouge2: float
    rougeL: float
    n: int
    genres: tuple[GenreScore, ...] = ()


@dataclass(frozen=True)
class SummaryReport:
    path: str
    format: str
    sentences: int
    scores: tuple[AlgorithmScore, ...]
    skipped: int = 0
    notes: tuple[str, ...] = field(default=())

    def score(self, algorithm: str) -> AlgorithmScore:
        for s in self.scores:
            if s.algorithm == algorithm:
                return s
        raise KeyError(algorithm)


def detect_format(row: dict[str, object]) -> str:
    """"bbc", "summeval", "realsumm" or "gum", from the fields of one row."""
    if "paragraphs" in row and "summaries" in row:
        return "gum"
    if "paragraphs" in row and "summary_sentences" in row:
        return "bbc"
    if "article_tok" in row and "highlights" in row:
        return "summeval"
    if "article_tok_lower" in row and "highlights" in row:
        return "realsumm"
    raise InputError(
        "This file is not a summarization set I know (BBC News Summary, SummEval, REALSumm or GUM)."
    )


def default_sentences(fmt: str) -> int:
    """The summary length each set is scored at: GUM's references are one sentence."""
    return 2 if fmt == "gum" else 3


def read_examples(path: str | Path, *, limit: int | None = None) -> tuple[str, list[Example], int]:
    """The format, up to ``limit`` usable examples, and how many rows were skipped."""
    file = Path(path)
    if not file.is_file():
        raise SourceNotFound(f"No such file: {file.name}")
    fmt = ""
    examples: list[Example] = []
    skipped = 0
    seen: set[tuple[str, ...]] = set()
    for row in _rows(file):
        if limit is not None and len(examples) >= limit:
            break
        fmt = fmt or detect_format(row)
        example = _example(fmt, row, seen)
        if example is None:
            skipped += 1
        else:
            examples.append(example)
    if not fmt:
        raise EmptyDocument(f"{file.name} has no rows.")
    return fmt, examples, skipped


def _rows(file: Path) -> Iterator[dict[str, object]]:
    with file.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                raise InputError(f"{file.name} line {number} is not valid JSON.") from None
            if not isinstance(row, dict):
                raise InputError(f"{file.name} line {number} is not a JSON object.")
            yield row


def _example(fmt: str, row: dict[str, object], seen: set[tuple[str, ...]]) -> Example | None:
    if fmt == "gum":
        return _gum_example(row)
    if fmt == "bbc":
        if not row.get("summary_split_verified"):
            return None
        paragraphs = tuple(str(p) for p in _items(row["paragraphs"]))
        if paragraphs in seen:  # the set repeats 136 articles
            return None
        seen.add(paragraphs)
        title = str(row.get("title") or "")
        refs = row["summary_sentences"]
    else:
        text = str(row["article_tok" if fmt == "summeval" else "article_tok_lower"])
        paragraphs = (detokenize(text),)
        title = ""
        # a few SummEval rows lack the raw highlights; their PTB form is always there
        refs = row.get("highlights") or _PTB_SENTENCE_END.split(str(row.get("reference_ptb") or ""))
    references = tuple(str(r).strip() for r in _items(refs) if _HAS_WORD.search(str(r)))
    if not references:
        return None
    try:
        document = document_from_paragraphs(list(paragraphs), title=title, language="english")
    except EmptyDocument:
        return None
    return Example(document, references)


def _gum_example(row: dict[str, object]) -> Example | None:
    """GUM keeps its own sentence split; its first paragraph is the title when it reads
    like one (a short line that does not end like a sentence), as a web page's would be."""
    blocks = [[str(s) for s in _items(p) if str(s).strip()] for p in _items(row["paragraphs"])]
    blocks = [b for b in blocks if b]
    references = tuple(
        str(r).strip() for r in _items(row.get("summaries")) if _HAS_WORD.search(str(r))
    )
    if not blocks or not references:
        return None
    first = " ".join(blocks[0])
    title = first if len(blocks[0]) == 1 and is_furniture(first) else ""
    paragraphs = tuple(Paragraph(i, " ".join(b), tuple(b)) for i, b in enumerate(blocks))
    document = Document(title=title, source=str(row.get("doc") or ""), language="english",
                        paragraphs=paragraphs)
    return Example(document, references, genre=str(row.get("genre") or ""), alternatives=True)


def select_half(examples: Sequence[Example], half: int) -> list[Example]:
    """Half 1 or 2 of ``examples``: alternate rows, counted within each genre (so both
    halves hold every genre); rows without a genre count as one genre."""
    if half not in (1, 2):
        raise UsageError("half must be 1 or 2.")
    seen: dict[str, int] = {}
    out = []
    for example in examples:
        at = seen.get(example.genre, 0)
        seen[example.genre] = at + 1
        if at % 2 == half - 1:
            out.append(example)
    return out


@lru_cache(maxsize=1)
def tokenize(text: str) -> list[str]:
    """rouge-score's own tokens of ``text`` (stemmed), for a fast ROUGE that agrees with it."""
    tokens: list[str] = _scorer()._tokenizer.tokenize(text)
    return tokens


def _scorer() -> rouge_scorer.RougeScorer:
    return rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)


def rouge(references: Sequence[str], summary: Sequence[str], *, alternatives: bool = False) -> dict[str, float]:
    """ROUGE-1/2/Lsum F1 (0..1) of ``summary`` sentences against ``references``: the
    sentences of one reference summary, or with ``alternatives`` each a reference of
    its own, the best one counting (for each measure separately, as ``score_multi`` does)."""
    if alternatives:
        got = _scorer().score_multi(list(references), "\n".join(summary))
    else:
        got = _scorer().score("\n".join(references), "\n".join(summary))
    return {m: got[m].fmeasure for m in METRICS}


def evaluate_summaries(
    path: str | Path,
    *,
    algorithms: Sequence[str] = ("lead", "default"),
    sentences: int | None = None,
    limit: int | None = None,
    half: int | None = None,
) -> SummaryReport:
    """ROUGE of each algorithm's ``sentences``-sentence summaries on the set at ``path``
    (by default 3 for news, 2 for GUM), on all of it or on one ``half``."""
    if isinstance(algorithms, str):
        algorithms = (algorithms,)
    unknown = [a for a in algorithms if a not in ALGORITHMS]
    if unknown or not algorithms:
        raise UsageError(f"Unknown summary algorithm(s) {', '.join(unknown) or '(none)'}; choose from: {', '.join(ALGORITHMS)}.")
    if sentences is not None and (isinstance(sentences, bool) or not isinstance(sentences, int) or sentences < 1):
        raise UsageError("The number of summary sentences must be a whole number of at least 1.")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise UsageError("The limit must be a whole number of at least 1.")
    if half is not None and half not in (1, 2):
        raise UsageError("half must be 1 or 2.")
    fmt, examples, skipped = read_examples(path, limit=limit)
    if half is not None:
        examples = select_half(examples, half)
    count = sentences or default_sentences(fmt)
    results = []
    for algorithm in dict.fromkeys(algorithms):
        per_genre: dict[str, list[dict[str, float]]] = {}
        for example in examples:
            summary = summarize(example.document, sentences=count, algorithm=algorithm)
            got = rouge(example.references, [s.text for s in summary], alternatives=example.alternatives)
            per_genre.setdefault(example.genre, []).append(got)
        everything = [got for rows in per_genre.values() for got in rows]
        genres = tuple(
            GenreScore(genre, *_means(rows), len(rows))
            for genre, rows in sorted(per_genre.items())
        ) if any(per_genre) else ()
        results.append(AlgorithmScore(algorithm, *_means(everything), len(everything), genres))
    return SummaryReport(str(path), fmt, count, tuple(results), skipped)


def pool_reports(reports: Sequence[SummaryReport]) -> SummaryReport:
    """The reports of several sets as one: each algorithm's means over all their
    documents (every document weighs the same, whichever set it came from)."""
    if not reports:
        raise UsageError("There are no reports to pool.")
    algorithms = [s.algorithm for s in reports[0].scores]
    if any([s.algorithm for s in r.scores] != algorithms for r in reports):
        raise UsageError("Reports can only be pooled when they score the same algorithms.")
    scores = []
    for at, algorithm in enumerate(algorithms):
        parts = [r.scores[at] for r in reports]
        n = sum(p.n for p in parts)
        r1, r2, rl = (sum(getattr(p, m) * p.n for p in parts) / n if n else 0.0 for m in ("rouge1", "rouge2", "rougeL"))
        scores.append(AlgorithmScore(algorithm, r1, r2, rl, n))
    sentences = {r.sentences for r in reports}
    return SummaryReport(
        " + ".join(Path(r.path).name for r in reports), "pooled",
        sentences.pop() if len(sentences) == 1 else 0, tuple(scores), sum(r.skipped for r in reports),
    )


def _means(rows: Sequence[dict[str, float]]) -> tuple[float, float, float]:
    n = len(rows)
    r1, r2, rl = (100.0 * sum(r[m] for r in rows) / n if n else 0.0 for m in METRICS)
    return r1, r2, rl


def format_summary_report(report: SummaryReport) -> str:
    """A table, one row per algorithm, with each one's gain over Lead when Lead was run."""
    lead = next((s for s in report.scores if s.algorithm == "lead"), None)
    lines = [
        f"{Path(report.path).name} ({report.format}), {report.sentences}-sentence summaries,"
        f" ROUGE F1 x100 (stemmed; R-L is rougeLsum)",
        f"{'algorithm':<12}{'R-1':>7}{'R-2':>7}{'R-L':>7}{'n':>6}"
        + (f"{'dR-1':>8}{'dR-2':>7}{'dR-L':>7}" if lead else ""),
    ]
    for s in report.scores:
        line = f"{s.algorithm:<12}{s.rouge1:>7.2f}{s.rouge2:>7.2f}{s.rougeL:>7.2f}{s.n:>6}"
        if lead:
            line += f"{s.rouge1 - lead.rouge1:>+8.2f}{s.rouge2 - lead.rouge2:>+7.2f}{s.rougeL - lead.rougeL:>+7.2f}"
        lines.append(line)
    if report.skipped:
        lines.append(f"({report.skipped} rows skipped: unverified, duplicate or empty)")
    if report.scores and report.scores[0].genres:
        lines.append("")
        lines.append("by genre, R-1 / R-2:")
        lines.append(f"{'genre':<12}{'n':>4}" + "".join(f"{s.algorithm:>16}" for s in report.scores))
        for at, genre in enumerate(report.scores[0].genres):
            cells = "".join(
                f"{s.genres[at].rouge1:>9.2f} /{s.genres[at].rouge2:>5.2f}" for s in report.scores
            )
            lines.append(f"{genre.genre:<12}{genre.n:>4}{cells}")
    return "\n".join(lines)


def report_to_dict(report: SummaryReport) -> dict[str, object]:
    lead = next((s for s in report.scores if s.algorithm == "lead"), None)
    rows = []
    for s in report.scores:
        row: dict[str, object] = {
            "algorithm": s.algorithm,
            "rouge1": round(s.rouge1, 4),
            "rouge2": round(s.rouge2, 4),
            "rougeL": round(s.rougeL, 4),
            "n": s.n,
        }
        if s.genres:
            row["genres"] = {
                g.genre: {"rouge1": round(g.rouge1, 4), "rouge2": round(g.rouge2, 4),
                          "rougeL": round(g.rougeL, 4), "n": g.n}
                for g in s.genres
            }
        if lead:
            row["delta_vs_lead"] = {
                "rouge1": round(s.rouge1 - lead.rouge1, 4),
                "rouge2": round(s.rouge2 - lead.rouge2, 4),
                "rougeL": round(s.rougeL - lead.rougeL, 4),
            }
        rows.append(row)
    return {
        "path": report.path,
        "format": report.format,
        "sentences": report.sentences,
        "skipped": report.skipped,
        "scores": rows,
    }


def _items(value: object) -> list[object]:
    """A JSON list field as a list (anything else is empty)."""
    return list(value) if isinstance(value, list | tuple) else []
