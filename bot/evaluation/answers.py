"""How well questions find their paragraph, on SQuAD-style data.

For each question the paragraphs of its own article are ranked; top-1 / top-3
count the gold paragraph at rank 1 / within the first three. Scoring is
**strict**: only ``gold_paragraph_idx`` counts. The lenient figures (where a
paragraph listed in ``answer_also_in_paragraphs`` also counts, because it holds
the answer string too) are reported beside them, for information.

Ranking and abstention are measured separately, so each number means one thing:

- top-1 / top-3 rank with abstention off (``ask(..., abstain=False)``);
- *quoted* is, of the questions whose first answer is the gold paragraph, the
  share whose quoted sentence (the one shown in bold) holds the answer text;
- *answered* is the share of in-article questions that get an answer with
  abstention on;
- *abstained* is the share of questions asked of another article (question i of
  article a is asked of the article after a) that get ``[]``.

Two plain rank-bm25 baselines run in the same pass: BM25Okapi over lower-cased
``\\w+`` words, and over bot.language's stemmed stop-word-free terms.

Articles at odd positions were used to tune bot.answer; the report gives the
figures on those, on the held-out even positions and on all articles.

Reader questions on real pages (``realpage_dev.jsonl``: one line per page with its
``paragraphs`` and ``questions``, each with ``gold`` paragraph index or ``null`` when
the page does not answer it) are scored by ``evaluate_reader_questions``: top-1 /
top-3 with abstention off, then with the bot's own decision (``AnswerIndex.reply``)
the share of answerable questions answered (and answered with the gold paragraph
first) and the share of unanswerable ones declined, and the abstention curve: those
two shares for every threshold of the abstention model.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bot.answering.bm25 import BaselineIndex
from bot.answering.index import ANSWERED, AnswerIndex
from bot.errors import InputError, SourceNotFound, UsageError
from bot.reading.build import document_from_paragraphs
from bot.text.language import analyzer

ARTICLES_FILE = "squad_dev_even_articles.jsonl"
QUESTIONS_FILE = "squad_dev_even_questions.jsonl"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Split:
    n: int
    top1: float
    top3: float


@dataclass(frozen=True)
class AnswerReport:
    n: int  # questions
    articles: int
    top1: float  # strict: gold paragraph only
    top3: float
    lenient_top1: float  # gold or any paragraph that also holds the answer
    lenient_top3: float
    # of the questions whose first answer is the gold paragraph, the share whose quoted
    # sentence holds the answer text (the sentence a reader is pointed to)
    quoted: float
    answered: float  # in-article questions that got an answer (abstention on)
    abstained: float  # questions asked of another article that got none
    tuned: Split  # articles at odd positions (used for tuning)
    held_out: Split  # articles at even positions
    plain_bm25_top1: float  # rank-bm25 BM25Okapi, lower-cased \w+ words
    plain_bm25_top3: float
    stemmed_bm25_top1: float  # same over bot.language terms
    stemmed_bm25_top3: float
    ms_per_question: float  # ours, ranking one question on an indexed article
    seconds: float


def _read_jsonl(path: Path) -> list[dict]:
    try:
        with path.open(encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    except FileNotFoundError:
        raise SourceNotFound(f"No such file: {path.name}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path.name} is not a JSON-lines file ({exc.__class__.__name__}).") from None


def _paths(path: str | Path, articles_path: str | Path | None) -> tuple[Path, Path]:
    path = Path(path)
    if path.name == ARTICLES_FILE and articles_path is None:
        return path.with_name(QUESTIONS_FILE), path
    return path, Path(articles_path) if articles_path is not None else path.with_name(ARTICLES_FILE)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _share(hits: int, n: int) -> float:
    return hits / n if n else 0.0


def evaluate_answers(
    path: str | Path,
    *,
    articles_path: str | Path | None = None,
    limit: int | None = None,
    sentence_model: bool | None = None,
) -> AnswerReport:
    """Evaluate bot.answer on a questions file (or the articles file; the other one
    is looked up beside it). ``limit`` keeps the first ``limit`` questions;
    ``sentence_model`` is passed on to AnswerIndex (None: its default)."""
    if limit is not None and (not isinstance(limit, int) or limit < 1):
        raise UsageError("limit must be a positive whole number.")
    started = time.perf_counter()
    questions_path, articles_file = _paths(path, articles_path)
    if articles_path is None and _is_reader_file(questions_path):
        return evaluate_reader_questions(  # type: ignore[return-value]
            questions_path, limit=limit, sentence_model=sentence_model
        )
    questions = _read_jsonl(questions_path)[:limit]
    articles = _read_jsonl(articles_file)
    try:
        by_idx = {int(a["article_idx"]): pos for pos, a in enumerate(articles)}
        texts = [[str(p) for p in a["paragraphs"]] for a in articles]
        rows = [
            (by_idx[int(q["article_idx"])], str(q["question"]), int(q["gold_paragraph_idx"]),
             {int(i) for i in q.get("answer_also_in_paragraphs") or ()},
             [str(a) for a in q.get("answers") or ()])
            for q in questions
        ]
    except (KeyError, TypeError, ValueError):
        raise InputError("The QA files do not have the expected SQuAD fields.") from None
    if not rows:
        raise InputError("No questions to evaluate.")

    needed = sorted({a for a, *_ in rows} | {(a + 1) % len(articles) for a, *_ in rows})
    indexes = {
        a: AnswerIndex(
            document_from_paragraphs(texts[a], language="english"), sentence_model=sentence_model
        )
        for a in needed
    }
    terms = analyzer("english").terms
    plain = {a: BaselineIndex(texts[a], _words) for a in needed}
    stemmed = {a: BaselineIndex(texts[a], terms) for a in needed}

    hits = {"top1": 0, "top3": 0, "len1": 0, "len3": 0, "answered": 0, "abstained": 0,
            "p1": 0, "p3": 0, "s1": 0, "s3": 0, "quoted": 0}
    split_hits = {0: [0, 0, 0], 1: [0, 0, 0]}  # position parity -> [n, top1, top3]
    ranking_seconds = 0.0
    for article, question, gold, also, answers in rows:
        t0 = time.perf_counter()
        found = indexes[article].ask(question, abstain=False)
        ranking_seconds += time.perf_counter() - t0
        ranked = [a.paragraph_index for a in found]
        top1, top3 = ranked[:1] == [gold], gold in ranked[:3]
        hits["quoted"] += top1 and any(a in found[0].sentence for a in answers)
        hits["top1"] += top1
        hits["top3"] += top3
        ok = also | {gold}
        hits["len1"] += bool(ranked[:1]) and ranked[0] in ok
        hits["len3"] += bool(ok.intersection(ranked[:3]))
        hits["answered"] += bool(indexes[article].ask(question))
        hits["abstained"] += not indexes[(article + 1) % len(articles)].ask(question)
        split = split_hits[article % 2]
        split[0] += 1
        split[1] += top1
        split[2] += top3
        for key, base in (("p", plain), ("s", stemmed)):
            order = base[article].rank(question)
            hits[key + "1"] += order[:1] == [gold]
            hits[key + "3"] += gold in order[:3]

    n = len(rows)
    return AnswerReport(
        n=n,
        articles=len({a for a, *_ in rows}),
        top1=_share(hits["top1"], n),
        top3=_share(hits["top3"], n),
        lenient_top1=_share(hits["len1"], n),
        lenient_top3=_share(hits["len3"], n),
        quoted=_share(hits["quoted"], hits["top1"]),
        answered=_share(hits["answered"], n),
        abstained=_share(hits["abstained"], n),
        tuned=Split(split_hits[1][0], _share(split_hits[1][1], split_hits[1][0]),
                    _share(split_hits[1][2], split_hits[1][0])),
        held_out=Split(split_hits[0][0], _share(split_hits[0][1], split_hits[0][0]),
                       _share(split_hits[0][2], split_hits[0][0])),
        plain_bm25_top1=_share(hits["p1"], n),
        plain_bm25_top3=_share(hits["p3"], n),
        stemmed_bm25_top1=_share(hits["s1"], n),
        stemmed_bm25_top3=_share(hits["s3"], n),
        ms_per_question=1000 * ranking_seconds / n,
        seconds=time.perf_counter() - started,
    )


def format_answer_report(report: AnswerReport | ReaderReport) -> str:
    if isinstance(report, ReaderReport):
        return format_reader_report(report)
    pct = lambda x: f"{100 * x:5.1f} %"  # noqa: E731
    lines = [
        f"Answer retrieval: {report.n} questions over {report.articles} articles (strict: gold paragraph only)",
        f"{'':34}{'top-1':>9}{'top-3':>9}",
        f"{'summarybot':34}{pct(report.top1):>9}{pct(report.top3):>9}",
        f"{'  tuning half (odd articles)':34}{pct(report.tuned.top1):>9}{pct(report.tuned.top3):>9}"
        f"   n={report.tuned.n}",
        f"{'  held-out half (even articles)':34}{pct(report.held_out.top1):>9}"
        f"{pct(report.held_out.top3):>9}   n={report.held_out.n}",
        f"{'  lenient (answer also elsewhere)':34}{pct(report.lenient_top1):>9}"
        f"{pct(report.lenient_top3):>9}",
        f"{'rank-bm25, lower-cased words':34}{pct(report.plain_bm25_top1):>9}"
        f"{pct(report.plain_bm25_top3):>9}",
        f"{'rank-bm25, stemmed terms':34}{pct(report.stemmed_bm25_top1):>9}"
        f"{pct(report.stemmed_bm25_top3):>9}",
    ]
    if report.plain_bm25_top1:
        lines.append(f"top-1 ratio to plain rank-bm25: {report.top1 / report.plain_bm25_top1:.3f}")
    lines += [
        f"{'quoted sentence holds the answer:':35}{pct(report.quoted)} (of top-1 hits)",
        f"{'answered in-article:':35}{pct(report.answered)}",
        f"{'abstained on another article:':35}{pct(report.abstained)}",
        f"{report.ms_per_question:.2f} ms per question, {report.seconds:.1f} s in all",
    ]
    return "\n".join(lines)


def report_to_dict(report: AnswerReport | ReaderReport) -> dict:
    return asdict(report)


# -- reader questions on real pages ----------------------------------------------


@dataclass(frozen=True)
class CurvePoint:
    threshold: float
    answered: float  # answerable questions answered
    correct: float  # answerable questions answered with the gold paragraph first
    declined: float  # unanswerable questions declined


@dataclass(frozen=True)
class ReaderReport:
    pages: int
    answerable: int
    unanswerable: int
    top1: float  # ranking alone (abstention off), gold paragraph first
    top3: float
    quoted: float  # of top-1 hits, the bold span holds the answer text
    answered: float  # with the bot's decision: answerable questions answered
    answered_correct: float  # ... answered with the gold paragraph first
    declined: float  # unanswerable questions declined
    threshold: float  # the abstention threshold in force
    plain_bm25_top1: float
    plain_bm25_top3: float
    curve: tuple[CurvePoint, ...]
    ms_per_question: float  # p50 of one reply on an indexed page
    seconds: float


def _is_reader_file(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as fh:
            first = fh.readline()
    except (FileNotFoundError, UnicodeDecodeError):
        return False
    try:
        row = json.loads(first)
    except json.JSONDecodeError:
        return False
    return isinstance(row, dict) and "questions" in row and "paragraphs" in row


def evaluate_reader_questions(
    path: str | Path, *, limit: int | None = None, sentence_model: bool | None = None
) -> ReaderReport:
    """Score reader questions on real pages (see the module docstring). ``limit``
    keeps the first ``limit`` pages."""
    from bot.answering import scoring

    if limit is not None and (not isinstance(limit, int) or limit < 1):
        raise UsageError("limit must be a positive whole number.")
    started = time.perf_counter()
    pages = _read_jsonl(Path(path))[:limit]
    try:
        items = [
            ([str(p) for p in page["paragraphs"]],
             [(str(q["question"]), None if q.get("gold") is None else int(q["gold"]),
               str(q.get("answer") or "")) for q in page["questions"]])
            for page in pages
        ]
    except (KeyError, TypeError, ValueError):
        raise InputError("The reader-question file does not have the expected fields.") from None
    if not items:
        raise InputError("No pages to evaluate.")
    hits = dict.fromkeys(("top1", "top3", "quoted", "p1", "p3", "answered", "correct", "declined"), 0)
    # per question: (answerable, right paragraph first, hard decline, confidence)
    decisions: list[tuple[bool, bool, bool, float]] = []
    times: list[float] = []
    n_yes = n_no = 0
    for paragraphs, questions in items:
        index = AnswerIndex(
            document_from_paragraphs(paragraphs, language="english"), sentence_model=sentence_model
        )
        base = BaselineIndex(paragraphs, _words)
        for question, gold, answer_text in questions:
            t0 = time.perf_counter()
            reply = index.reply(question)
            times.append(time.perf_counter() - t0)
            answered = reply.kind == ANSWERED
            first_ok = answered and gold is not None and reply.answers[0].paragraph_index == gold
            hard = reply.declined_outright
            decisions.append((gold is not None, first_ok or (
                gold is not None and bool(reply.answers) and reply.answers[0].paragraph_index == gold
            ), hard, reply.confidence))
            if gold is None:
                n_no += 1
                hits["declined"] += not answered
                continue
            n_yes += 1
            hits["answered"] += answered
            hits["correct"] += first_ok
            found = index.ask(question, abstain=False)
            ranked = [a.paragraph_index for a in found]
            hits["top1"] += ranked[:1] == [gold]
            hits["top3"] += gold in ranked[:3]
            if ranked[:1] == [gold] and answer_text:
                hits["quoted"] += answer_text[:40].lower() in found[0].sentence.lower()
            order = base.rank(question)
            hits["p1"] += order[:1] == [gold]
            hits["p3"] += gold in order[:3]
    curve = []
    for step in range(21):
        t = step / 20
        yes = [d for d in decisions if d[0]]
        no = [d for d in decisions if not d[0]]
        curve.append(CurvePoint(
            t,
            _share(sum(not d[2] and d[3] >= t for d in yes), len(yes)),
            _share(sum(not d[2] and d[3] >= t and d[1] for d in yes), len(yes)),
            _share(sum(d[2] or d[3] < t for d in no), len(no)),
        ))
    times.sort()
    return ReaderReport(
        pages=len(items),
        answerable=n_yes,
        unanswerable=n_no,
        top1=_share(hits["top1"], n_yes),
        top3=_share(hits["top3"], n_yes),
        quoted=_share(hits["quoted"], hits["top1"]),
        answered=_share(hits["answered"], n_yes),
        answered_correct=_share(hits["correct"], n_yes),
        declined=_share(hits["declined"], n_no),
        threshold=scoring.threshold(sentence_model=sentence_model is not False),
        plain_bm25_top1=_share(hits["p1"], n_yes),
        plain_bm25_top3=_share(hits["p3"], n_yes),
        curve=tuple(curve),
        ms_per_question=1000 * times[len(times) // 2] if times else 0.0,
        seconds=time.perf_counter() - started,
    )


def format_reader_report(report: ReaderReport) -> str:
    pct = lambda x: f"{100 * x:5.1f} %"  # noqa: E731
    lines = [
        f"Reader questions: {report.answerable} answerable and {report.unanswerable} "
        f"unanswerable over {report.pages} pages",
        f"{'':34}{'top-1':>9}{'top-3':>9}",
        f"{'summarybot (ranking alone)':34}{pct(report.top1):>9}{pct(report.top3):>9}",
        f"{'rank-bm25, lower-cased words':34}{pct(report.plain_bm25_top1):>9}"
        f"{pct(report.plain_bm25_top3):>9}",
        f"{'quoted span holds the answer:':35}{pct(report.quoted)} (of top-1 hits)",
        f"with the bot's decision (threshold {report.threshold:.2f}):",
        f"{'  answerable answered:':35}{pct(report.answered)}",
        f"{'  ... with the gold paragraph first:':35}{pct(report.answered_correct)}",
        f"{'  unanswerable declined:':35}{pct(report.declined)}",
        "abstention curve (threshold: answered / answered right / declined):",
    ]
    lines += [
        f"  {p.threshold:4.2f}: {pct(p.answered)} / {pct(p.correct)} / {pct(p.declined)}"
        for p in report.curve
    ]
    lines.append(f"{report.ms_per_question:.1f} ms per question (p50), {report.seconds:.1f} s in all")
    return "\n".join(lines)
