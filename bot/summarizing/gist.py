"""The default summarizer: the sentences that carry a piece's point, in any genre.

Two passes, so that a long document costs little more than a short one:

1. Every candidate gets a cheap lexical score (bot.summarizing.centroid: TF-IDF
   centroid, title overlap, a position prior, length). The opening sentences and the
   best-scored others make a shortlist of at most ``shortlist`` sentences.
2. Only the shortlist goes through the sentence model (bot.vectors.sentences). Each shortlisted
   sentence is described by features (FEATURES: where it sits, the lexical score and
   its parts, how close its meaning is to the document's and to the title's,
   PacSum-style centrality towards the sentences after it, its length, whether it is a
   quote, a question or a photo caption, cues to the kind of text) and scored by a
   weighted sum whose weights are data (``gist_weights.json``, written by
   benchmarks/fit_summary_weights.py, fitted on GUM's genres and half of the CNN/DM news
   and checked on the other half). The shipped weights anchor the score on the parts of
   pass 1's lexical score and add the title's and the forward centrality's meaning
   terms, the latter weighing less in text that reports speech (news): few numbers,
   chosen across sets, so that they carry to unseen genres.

The summary is then picked greedily against redundancy (MMR on meaning), never with
two sentences that restate each other (``restatements``), and a sentence that cannot
stand alone (bot.summarizing.coherence) comes with the sentence it depends on, or is
left out.

Without the sentence model (a language it was not trained on, or the model files
missing) the same steps run on the lexical features alone, with their own weights.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np

from bot.document import Document
from bot.errors import ModelError
from bot.summarizing import centroid, coherence
from bot.summarizing.candidates import Candidate, is_boilerplate
from bot.summarizing.registry import Summarizer
from bot.text.language import any_analyzer

WEIGHTS_FILE = Path(__file__).with_name("gist_weights.json")


class TextEncoder(Protocol):
    """What gives sentence vectors: unit-length rows, one per text."""

    def vectors(self, texts: list[str]) -> np.ndarray: ...

LEXICAL_FEATURES: tuple[str, ...] = (
    "first", "lead_2", "lead_8", "depth", "paragraph_start", "lex_centroid", "lex_title", "lex_default",
    "position", "lex_rest", "reported",
    "log_words", "short", "long", "question", "quote", "said", "caption", "dangling",
    "lead_2_reported", "lead_2_impersonal", "first_reported", "first_impersonal", "in_lead", "in_lead_reported",
)
SEMANTIC_FEATURES: tuple[str, ...] = ("sem_mean", "sem_forward", "sem_backward", "sem_title", "sem_forward_reported")
FEATURES: tuple[str, ...] = LEXICAL_FEATURES + SEMANTIC_FEATURES

_QUOTE_OPEN = tuple("\"“‘«„'")
_SAID = re.compile(r"\b(?:said|says|told|tells|according\s+to)\b")
# Photo captions that cleaning left in the text, often run into the next sentence:
# "Merson (left) had another dig …", "Obesity: Babies given antibiotics … (file photo)"
_CAPTION = re.compile(
    r"\((?:pictured|centre|center|left|right|above|below|top|bottom|inset|file\s+photo|stock\s+image)"
    r"(?:[\s,]+\w+){0,3}\)|^[A-Z][\w'’-]*(?:\s+[\w'’-]+)?:\s+[A-Z]",
    re.IGNORECASE,
)
# the writer or the reader in person: letters, speeches, essays, guides, fiction
_PERSONAL = re.compile(r"\b(?:I|[Ww]e|[Yy]ou|[Mm]y|[Oo]ur|[Yy]our|me|us)\b")
_CENTROID_ONLY = centroid.Weights(title=0.0, position=0.0, length=0.0, boilerplate=0.0)


@dataclass(frozen=True)
class Model:
    """Fitted weights and the selection settings that go with them."""

    semantic: dict[str, float]  # feature -> weight, with the sentence model
    lexical: dict[str, float]  # feature -> weight, without it
    redundancy: float = 0.5  # MMR: cosine to the closest chosen sentence costs this much
    lexical_redundancy: float = 0.5  # the same on TF-IDF vectors, without the sentence model
    shortlist: int = 40  # sentences through the sentence model, at most
    lead: int = 12  # of which the opening ones, always
    fitted_on: tuple[str, ...] = ()  # for the record: the sets the weights were fitted on

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Model:
        try:
            semantic = {str(k): float(v) for k, v in dict(data["semantic"]).items()}  # type: ignore[call-overload]
            lexical = {str(k): float(v) for k, v in dict(data["lexical"]).items()}  # type: ignore[call-overload]
            settings = {k: data[k] for k in ("redundancy", "lexical_redundancy", "shortlist", "lead") if k in data}
            model = cls(semantic, lexical, fitted_on=tuple(data.get("fitted_on") or ()), **settings)  # type: ignore[arg-type]
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"The summary weights are malformed: {exc}.") from None
        unknown = (set(semantic) - set(FEATURES)) | (set(lexical) - set(LEXICAL_FEATURES))
        if unknown:
            raise ModelError(f"The summary weights name unknown features: {', '.join(sorted(unknown))}.")
        return model

    def to_dict(self) -> dict[str, object]:
        return {
            "fitted_on": list(self.fitted_on), "shortlist": self.shortlist, "lead": self.lead,
            "redundancy": self.redundancy, "lexical_redundancy": self.lexical_redundancy,
            "semantic": self.semantic, "lexical": self.lexical,
        }


@cache
def model() -> Model:
    """The shipped weights (read once)."""
    return load_model(WEIGHTS_FILE)


def load_model(path: Path) -> Model:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"The summary weights cannot be read: {exc}.") from None
    if not isinstance(data, dict):
        raise ModelError("The summary weights are malformed.")
    return Model.from_dict(data)


@dataclass(frozen=True)
class Pool:
    """The candidates as the scorer sees them, in document order."""

    texts: list[str]
    items: list[centroid.Item]
    title: str
    title_terms: list[str]
    previous: list[int | None]  # the candidate just before each one in the document, if any
    language: str

    def lexical(self) -> dict[str, np.ndarray]:
        """bot.summarizing.centroid's parts of the lexical score, computed once."""
        cached = self.__dict__.get("_lexical")
        if cached is None:
            cached, _ = centroid.parts(self.items, self.title_terms)
            object.__setattr__(self, "_lexical", cached)
        return cached


def make_pool(document: Document, candidates: Sequence[Candidate], terms: Callable[[str], list[str]]) -> Pool:
    items = []
    previous: list[int | None] = []
    last_paragraph = None
    for order, cand in enumerate(candidates):
        items.append(centroid.Item(
            order=order, terms=terms(cand.ref.text), words=cand.words,
            paragraph_start=cand.ref.paragraph != last_paragraph,
            boilerplate=is_boilerplate(cand.ref.text),
        ))
        last_paragraph = cand.ref.paragraph
        adjacent = order > 0 and candidates[order - 1].index == cand.index - 1
        previous.append(order - 1 if adjacent else None)
    return Pool(
        texts=[c.ref.text for c in candidates], items=items, title=document.title,
        title_terms=terms(document.title), previous=previous, language=document.language,
    )


def lexical_features(pool: Pool, rows: np.ndarray, count: int) -> dict[str, np.ndarray]:
    """The features that need no sentence model, for the candidates at ``rows`` of a
    ``count``-sentence summary."""
    n = len(pool.items)
    part = pool.lexical()
    lex_centroid, lex_title = part["centroid"], part["title"]
    # the earlier default's whole score: centroid, title, a fading position prior, length
    lex_default = centroid.DEFAULT_WEIGHTS.centroid * lex_centroid + centroid.DEFAULT_WEIGHTS.title * lex_title + part["prior"]
    # its parts that were tuned on news, apart, so that a fit can weigh them again:
    # the fading position prior, and the rest of the prior (length, boilerplate)
    lex_rest = part["prior"] - centroid.DEFAULT_WEIGHTS.position * part["position"]
    order = rows.astype(float)
    words = np.array([pool.items[i].words for i in rows], dtype=float)
    texts = [pool.texts[i] for i in rows]
    kinds = [coherence.opener(t).kind for t in texts] if pool.language == "english" else [None] * len(texts)
    # What kind of text this is, from all of it: news reports who said what, in the
    # third person, and puts its point first; letters, speeches, guides and stories
    # speak in the first and second person and rarely do.
    reported = min(1.0, sum(_SAID.search(t) is not None for t in pool.texts) / max(n, 1) / 0.15)
    impersonal = 1.0 - sum(_PERSONAL.search(t) is not None for t in pool.texts) / max(n, 1)
    lead_2 = np.exp(-order / 2.0)
    first = (rows == 0).astype(float)
    return {
        # how much the whole text reports who said what (0 to 1), on every row
        "reported": np.full(len(rows), reported),
        # one of the first ``count``: what Lead-N would show
        "in_lead": (rows < count).astype(float),
        "in_lead_reported": (rows < count) * reported,
        "lead_2_reported": lead_2 * reported,
        "lead_2_impersonal": lead_2 * impersonal,
        "first_reported": first * reported,
        "first_impersonal": first * impersonal,
        "first": (rows == 0).astype(float),
        "lead_2": np.exp(-order / 2.0),
        "lead_8": np.exp(-order / 8.0),
        "depth": order / max(n - 1, 1),
        "paragraph_start": np.array([pool.items[i].paragraph_start for i in rows], dtype=float),
        "lex_centroid": lex_centroid[rows],
        "lex_title": lex_title[rows],
        "lex_default": lex_default[rows],
        "position": part["position"][rows],
        "lex_rest": lex_rest[rows],
        "log_words": np.log1p(words),
        "short": np.clip(8.0 - words, 0, None) / 8.0,
        "long": np.clip((words - 40.0) / 40.0, 0, 1.0),
        "question": np.array([t.rstrip(" \"'”’)").endswith("?") for t in texts], dtype=float),
        "quote": np.array([t.lstrip().startswith(_QUOTE_OPEN) for t in texts], dtype=float),
        "said": np.array([_SAID.search(t) is not None for t in texts], dtype=float),
        "caption": np.array([_CAPTION.search(t) is not None for t in texts], dtype=float),
        "dangling": np.array([k is not None for k in kinds], dtype=float),
    }


def semantic_features(
    vectors: np.ndarray, title_vector: np.ndarray | None, reported: np.ndarray | float
) -> dict[str, np.ndarray]:
    """Meaning features of the shortlisted sentences (unit ``vectors``, document order).

    ``sem_mean``: closeness to the shortlist's mean meaning. ``sem_forward`` and
    ``sem_backward``: mean similarity to the shortlisted sentences after and before
    it (PacSum's directed centrality: a sentence the rest of the text elaborates on
    is central in its forward direction). ``sem_title``: closeness to the title's meaning.
    ``sem_forward_reported``: forward centrality scaled by how much the text reports
    speech (the lexical feature ``reported``), so that news, whose opening is its
    point whatever follows it, can weigh centrality less than essays and guides do.
    """
    n = len(vectors)
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    sem_mean = vectors @ (mean / norm) if norm > 0 else np.zeros(n)
    sims = vectors @ vectors.T
    upper = np.triu(sims, 1)
    after = np.arange(n - 1, -1, -1, dtype=float)  # how many sentences follow each one
    before = np.arange(n, dtype=float)
    forward = upper.sum(axis=1) / np.maximum(after, 1)
    backward = upper.sum(axis=0) / np.maximum(before, 1)
    title = vectors @ title_vector if title_vector is not None else np.zeros(n)
    return {
        "sem_mean": sem_mean, "sem_forward": forward, "sem_backward": backward, "sem_title": title,
        "sem_forward_reported": forward * reported,
    }


def shortlist(pool: Pool, size: int, lead: int) -> np.ndarray:
    """The candidates worth the sentence model: the opening ones and the lexically best."""
    n = len(pool.items)
    if n <= size:
        return np.arange(n)
    part = pool.lexical()
    weights = centroid.DEFAULT_WEIGHTS
    salience = weights.centroid * part["centroid"] + weights.title * part["title"] + part["prior"]
    rest = np.argsort(-salience[lead:], kind="stable")[: size - lead] + lead
    return np.sort(np.concatenate([np.arange(lead), rest]))


def matrix(features: dict[str, np.ndarray], names: Sequence[str]) -> np.ndarray:
    return np.stack([features[name] for name in names], axis=1)


def select(
    scores: np.ndarray,
    similarity: np.ndarray,
    needs: Sequence[tuple[int, ...] | None],
    count: int,
    redundancy: float,
    restates: np.ndarray | None = None,
) -> list[int]:
    """Greedy MMR over positions in ``scores``; a sentence comes with the ones it needs.

    A sentence that needs others is weighed as the whole bundle, by its score per
    summary slot, so that two fair sentences never push out a good one by accident.
    ``restates`` (square, boolean) marks pairs that say the same thing: never both.
    """
    n = len(scores)
    chosen: list[int] = []
    closest = np.full(n, -np.inf)  # similarity of each sentence to the closest chosen one
    blocked = np.zeros(n, dtype=bool)  # restates a chosen sentence

    def value(members: list[int]) -> float:
        penalty = np.where(np.isfinite(closest[members]), np.maximum(closest[members], 0.0), 0.0)
        return float(np.mean(scores[members] - redundancy * penalty))

    while len(chosen) < count:
        best: list[int] | None = None
        best_value = -math.inf
        for i in range(n):
            wanted = needs[i]
            if i in chosen or wanted is None:
                continue
            members = [j for j in (*wanted, i) if j not in chosen]
            if len(chosen) + len(members) > count or blocked[members].any():
                continue
            v = value(members)
            if v > best_value:
                best, best_value = members, v
        if best is None:
            break
        for j in best:
            chosen.append(j)
            closest = np.maximum(closest, similarity[j])
            if restates is not None:
                blocked |= restates[j]
    return sorted(chosen)


RESTATE_SHARE = 0.8  # of the shorter sentence's content terms, found in the longer one
RESTATE_MIN_TERMS = 5  # shorter sentences ("He said no.") share terms by chance


def restatements(terms: Sequence[Sequence[str]]) -> np.ndarray:
    """Which pairs of sentences (given as their content terms) say the same thing in
    nearly the same words: most of the shorter one's terms, and all its numbers, are in
    the longer one (a standfirst or a photo caption repeated in the body, a pull quote;
    not "In region 2, output rose 11 percent" after "In region 1, output rose 10
    percent"). MMR alone lets such a pair through when both score well."""
    sets = [set(t) for t in terms]
    numbers = [{t for t in s if any(c.isdigit() for c in t)} for s in sets]
    n = len(sets)
    out = np.zeros((n, n), dtype=bool)
    for i in range(n):
        for j in range(i + 1, n):
            short, other = (i, j) if len(sets[i]) <= len(sets[j]) else (j, i)
            a, b = sets[short], sets[other]
            if (
                len(a) >= RESTATE_MIN_TERMS
                and len(a & b) >= RESTATE_SHARE * len(a)
                and numbers[short] <= b
            ):
                out[i, j] = out[j, i] = True
    return out


def choose(
    document: Document,
    candidates: Sequence[Candidate],
    count: int,
    terms: Callable[[str], list[str]],
    *,
    sentence_model: bool | None = None,
    weights: Model | None = None,
    encoder: TextEncoder | None = None,
) -> list[int]:
    """Positions in ``candidates`` (document order) of the ``count`` sentences chosen.

    ``encoder`` gives sentence vectors (default: the shared sentence model,
    bot.vectors.sentences); ``sentence_model`` False ranks without it."""
    if count <= 0 or not candidates:
        return []
    weights = weights or model()
    pool = make_pool(document, candidates, terms)
    if sentence_model is None:
        # the sentence model was trained on English; the shortlist bounds its cost
        sentence_model = document.language == "english"
    rows = shortlist(pool, weights.shortlist, weights.lead)
    features = lexical_features(pool, rows, count)
    vectors = None
    if sentence_model:
        vectors = _vectors([pool.texts[i] for i in rows], pool.title, encoder)
    if vectors is not None:
        sentence_vectors, title_vector = vectors
        features.update(semantic_features(sentence_vectors, title_vector, features["reported"]))
        table, redundancy = weights.semantic, weights.redundancy
        similarity = sentence_vectors @ sentence_vectors.T
    else:
        table, redundancy = weights.lexical, weights.lexical_redundancy
        similarity = _lexical_similarity(pool, rows)
    names = list(table)
    scores = matrix(features, names) @ np.array([table[k] for k in names])
    needs = requirements(pool, rows, count)
    restates = restatements([pool.items[int(i)].terms for i in rows])
    picked = select(scores, similarity, needs, min(count, len(rows)), redundancy, restates)
    if len(picked) < min(count, len(rows)):
        # too few sentences stand alone: fill up with the best of the rest, rather
        # than give a shorter summary than asked for (but never with a sentence that
        # restates one already there)
        rest = [int(i) for i in np.argsort(-scores, kind="stable") if i not in picked]
        rest.sort(key=lambda i: needs[i] is None)  # stable: best-scored first within each
        for i in rest:
            if len(picked) >= min(count, len(rows)):
                break
            if not restates[i, picked].any():
                picked.append(i)
        picked.sort()
    return sorted(int(rows[i]) for i in picked)


def requirements(pool: Pool, rows: np.ndarray, count: int) -> list[tuple[int, ...] | None]:
    """For each shortlisted sentence, the shortlisted ones it must be shown with
    (positions in ``rows``), or None when it must not be shown."""
    needs_all = coherence.requirements(pool.texts, pool.previous, title=pool.title, language=pool.language)
    local = {int(r): at for at, r in enumerate(rows)}
    # Sentences about the document itself (thanks, disclaimers, road maps) are never
    # its point; they stay out unless too little else is left.
    about_itself = {int(r) for r in rows if pool.items[int(r)].boilerplate}
    if len(rows) - len(about_itself) < count:
        about_itself = set()
    needs: list[tuple[int, ...] | None] = []
    for r in rows:
        wanted = needs_all[int(r)]
        if int(r) in about_itself or wanted is None or any(j not in local for j in wanted):
            needs.append(None)  # what it needs was not shortlisted: it cannot be shown
        else:
            needs.append(tuple(local[j] for j in wanted))
    return needs


def _vectors(
    texts: list[str], title: str, given: TextEncoder | None
) -> tuple[np.ndarray, np.ndarray | None] | None:
    from bot.vectors.sentences import encoder

    try:
        model_ = given if given is not None else encoder()
    except ModelError:
        return None  # no sentence model installed: the lexical weights do the job
    out = model_.vectors([*texts, title] if title.strip() else texts)
    if title.strip():
        return out[:-1], out[-1]
    return out, None


def _lexical_similarity(pool: Pool, rows: np.ndarray) -> np.ndarray:
    """Cosine of the shortlisted sentences' TF-IDF vectors (the fallback's redundancy)."""
    _, tfidf = centroid.scores([pool.items[int(i)] for i in rows], pool.title_terms, _CENTROID_ONLY)
    k = len(rows)
    dense = np.zeros((k, len(tfidf.idf)))
    dense[tfidf.sentence, tfidf.term] = tfidf.value
    return dense @ dense.T


def summarizer(name: str) -> Summarizer:
    """The default summarizer, as the registry hands it out."""

    def gist(document: Document, pool: Sequence[Candidate], count: int) -> list[int]:
        return choose(document, pool, count, any_analyzer(document.language).terms)

    return gist
