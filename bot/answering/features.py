"""The ranking signals of a question against every paragraph of a Corpus.

Each signal is one number per paragraph, named as in FEATURES; bot.answering.index mixes
them with the learned weights of bot.answering.weights. Besides the signals, ``signals``
returns what abstention and quoting need: each paragraph's best sentence, the share of
the question each paragraph covers, and how close the closest sentence comes.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from bot.answering.corpus import PREFIX, Corpus
from bot.text import rarity as wordstats
from bot.text.language import fold
from bot.vectors import sentences as encoder
from bot.vectors import words as embeddings

# What each signal measures. Signals that overlap get learned weights of both signs: the
# fit spends one against another, so a single weight means little on its own.
FEATURES: dict[str, str] = {
    "bm25": "unit-scaled paragraph BM25",
    "sentence_bm25": "unit-scaled BM25 of the paragraph's best sentence (alone it "
    "over-rewards one repeated word; the coverage and character signals carry it)",
    "cover": "share of the question found in the paragraph, each term weighted by its idf "
    "in the document times its rarity in the language at large",
    "sentence_cover": "the same share in the paragraph's best-covering sentence",
    "bigrams": "pairs of adjacent question terms found adjacent in the paragraph",
    "words": "unit-scaled BM25 over unstemmed words: the exact form asked about",
    "char_sentence": "best cosine of character 4-grams, question vs a sentence",
    "char_paragraph": "the same cosine against the whole paragraph",
    "length": "log of paragraph length: long paragraphs match anything a little",
    "relatives": "idf share of question terms the paragraph lacks but holds a relative of "
    "(same first five letters: 'invention'/'invented', 'Normans'/'Normandy')",
    "likelihood": "Dirichlet-smoothed query log-likelihood of the paragraph",
    "sentence_likelihood": "the same of its best sentence (shifted to be >= 0)",
    "order": "idf share of the question's terms its best sentence holds in the question's order",
    "soft_paragraph": "word vectors: each question word counts by how close the nearest word "
    "of the paragraph is, so 'difficult' answers 'hard'",
    "soft_paragraph_sharp": "the same with the closeness cubed",
    "soft_paragraph_rare": "the same weighted by idf times rarity, as 'cover'",
    "soft_paragraph_close": "the same counting only close words",
    "soft_sentence_rare": "the best sentence's 'soft_paragraph_rare'",
    "soft_sentence_close": "the best sentence's 'soft_paragraph_close'",
    "vector_paragraph": "cosine of the question's word-vector mean with the paragraph's",
    "vector_sentence": "and with its best sentence's",
    "model_sentence": "the sentence model: cosine of the question's meaning with the "
    "closest sentence's (only when the model is used)",
    "model_paragraph": "and with the paragraph's, the mean of its sentences' (same)",
}
MODEL_FEATURES = ("model_sentence", "model_paragraph")

MU = 200.0  # Dirichlet prior of the paragraph language model, in words
SENTENCE_MU = 20.0  # the same for sentences
FILLER_WEIGHT = 0.3  # question words that say what kind of answer is wanted, not what about
SOFT_CLOSE = 0.5  # a nearest-word cosine counted by the "close" soft matches
ORDER_CANDIDATES = 200  # sentences per question given the in-order match

# stems of words that frame a question ("another term for", "what was it called", "how
# long", "in what year", "where is it located"); the later ones are the words found least
# often in the gold paragraph of the questions that use them, on the odd-position articles
FILLER = frozenset(
    "term name call refer known type kind exampl describ word mean long happen caus titl "
    "percentag occur give shown make hold main locat begin start place made reason date "
    "month year".split()
)


class Signals(NamedTuple):
    """A question's signals against every paragraph of a corpus."""

    features: dict[str, np.ndarray]  # name (as in FEATURES) -> one value per paragraph
    best_sentence: np.ndarray  # per paragraph, the global index of its best sentence
    cover: np.ndarray  # per paragraph, the idf-weighted share of the question it holds
    best_sentence_cover: float  # the largest such share of any one sentence
    # how close the closest sentence comes: its character cosine, plus its meaning's
    # cosine when the sentence model is used
    closeness: float


def unit_scaled(values: np.ndarray) -> np.ndarray:
    """``values`` divided by their maximum (all zeros when none is positive)."""
    top = values.max() if len(values) else 0.0
    return values / top if top > 0 else np.zeros_like(values)


def best_per_owner(values: np.ndarray, owner: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per owner (paragraph): the largest value among its rows and that row's position."""
    best = np.zeros(n)
    where = np.full(n, -1, dtype=np.int64)
    if len(values):
        order = np.lexsort((-np.arange(len(values)), values, owner))
        # sorted by (owner, value, earliest last): each owner's last row is its best
        owners = owner[order]
        last = np.r_[owners[1:] != owners[:-1], True]
        best[owners[last]] = values[order][last]
        where[owners[last]] = order[last]
    return best, where


def ordered_weight(query: list[str], terms: list[str], weights: dict[str, float]) -> float:
    """The weight of the heaviest common subsequence of ``query`` and ``terms``."""
    previous = [0.0] * (len(terms) + 1)
    for term in query:
        weight = weights.get(term, 0.0)
        current = [0.0]
        for j, other in enumerate(terms):
            current.append(
                previous[j] + weight if term == other else max(previous[j + 1], current[j])
            )
        previous = current
    return previous[-1]


def term_weights(corpus: Corpus, query: list[str]) -> dict[str, float]:
    """idf-like weight of each distinct query term, never negative; a term the document
    lacks weighs most, so questions about other things cover little."""
    out = {}
    for term in query:
        df = corpus.paragraphs.df(term)
        weight = math.log(1.0 + (corpus.n - df + 0.5) / (df + 0.5))
        out[term] = weight * (FILLER_WEIGHT if term in FILLER else 1.0)
    return out


def signals(corpus: Corpus, query: list[str], question: str) -> Signals:
    """Every signal of ``question`` (whose index terms are ``query``) per paragraph."""
    n = corpus.size
    owner = corpus.sentence_owner
    weights = term_weights(corpus, query)
    total = sum(weights.values()) or 1.0
    term_weight = {t: FILLER_WEIGHT for t in weights if t in FILLER}
    p_bm25 = corpus.paragraphs.scores(query, term_weight)
    s_bm25 = corpus.sentences.scores(query, term_weight)
    p_cover = corpus.paragraphs.coverage(weights) / total
    s_cover = corpus.sentences.coverage(weights) / total
    # the sentence quoted as the answer: the one matching most, in words and in meaning
    # (meaning makes it hold the answer 1.3 points more often on SQuAD)
    meanings = _meanings(corpus, question)
    match = unit_scaled(s_bm25) + s_cover
    _, where = best_per_owner(match if meanings is None else match + meanings[0], owner, n)
    # in one article idf is noisy: a common word can be as rare there as a name
    rarity = _rarity(corpus, question)
    rare = {t: w * rarity.get(t, wordstats.NEUTRAL) for t, w in weights.items()}
    rare_total = sum(rare.values()) or 1.0
    pairs = np.zeros(n)
    for pair in set(zip(query, query[1:], strict=False)):
        hit = corpus.bigrams.get(pair)
        if hit is not None:
            pairs[hit[0]] += 1.0
    c_best, _ = best_per_owner(corpus.sentence_chars.scores(question), owner, n)
    plain = corpus.plain_words(fold(question))
    s_likely = corpus.sentences.likelihood(query, SENTENCE_MU, corpus.paragraphs)
    features = {
        "bm25": unit_scaled(p_bm25),
        "sentence_bm25": unit_scaled(best_per_owner(s_bm25, owner, n)[0]),
        "cover": corpus.paragraphs.coverage(rare) / rare_total,
        "sentence_cover": best_per_owner(corpus.sentences.coverage(rare) / rare_total, owner, n)[0],
        "bigrams": pairs,
        "words": unit_scaled(corpus.plain.scores(plain)),
        "char_sentence": c_best,
        "char_paragraph": corpus.paragraph_chars.scores(question),
        "length": corpus.log_length,
        "relatives": _related(corpus, weights) / total,
        "likelihood": corpus.paragraphs.likelihood(query, MU, corpus.paragraphs),
        "sentence_likelihood": best_per_owner(
            s_likely - s_likely.min() if len(s_likely) else s_likely, owner, n
        )[0],
        "order": best_per_owner(_ordered(corpus, query, weights, s_cover) / total, owner, n)[0],
    }
    features.update(_soft(corpus, question, list(dict.fromkeys(plain))))
    closeness = float(c_best.max()) if n else 0.0
    if meanings is not None:
        features["model_sentence"] = best_per_owner(meanings[0], owner, n)[0]
        features["model_paragraph"] = meanings[1]
        closeness += float(meanings[0].max()) if n else 0.0
    best_cover = float(s_cover.max()) if len(s_cover) else 0.0
    return Signals(features, where, p_cover, best_cover, closeness)


def _rarity(corpus: Corpus, question: str) -> dict[str, float]:
    """Each question term's rarity in the language at large (of the rarest word it
    comes from)."""
    out: dict[str, float] = {}
    for word in corpus.words(fold(question)):
        for term in corpus.terms(word):
            out[term] = max(out.get(term, 0.0), wordstats.rarity(word, corpus.language))
    return out


def _related(corpus: Corpus, weights: dict[str, float]) -> np.ndarray:
    """Per paragraph, the summed weight of question terms it lacks but holds a relative
    of (a term with the same first letters)."""
    postings = corpus.paragraphs.postings
    out = np.zeros(corpus.size)
    for term, weight in weights.items():
        if len(term) < PREFIX:
            continue
        found = np.zeros(corpus.size, dtype=bool)
        for other in corpus.relatives.get(term[:PREFIX], ()):
            hit = postings.get(other) if other != term else None
            if hit is not None:
                found[hit[0]] = True
        exact = postings.get(term)
        if exact is not None:
            found[exact[0]] = False
        out[found] += weight
    return out


def _meanings(corpus: Corpus, question: str) -> tuple[np.ndarray, np.ndarray] | None:
    """Cosines of the question's meaning with each sentence's and each paragraph's;
    None without the sentence model."""
    if corpus.meanings is None:
        return None
    asked = encoder.encoder().vector(question)
    return corpus.meanings[0] @ asked, corpus.meanings[1] @ asked


def _soft(corpus: Corpus, question: str, words: list[str]) -> dict[str, np.ndarray]:
    """Signals from word vectors: the question's words matched by their nearest word in
    each sentence and paragraph (weighted by idf, or idf times rarity; as is, cubed, or
    only when close), and the cosine of the whole question's vector with each paragraph's
    and each sentence's. ``words`` are the question's distinct plain words."""
    n = corpus.size
    owner = corpus.sentence_owner
    sentences, paragraphs = corpus.soft.best(words)
    df = np.asarray([corpus.soft.df_of(w) for w in words])
    idf = np.log1p((corpus.n - df + 0.5) / (df + 0.5))
    rare = idf * np.asarray([wordstats.rarity(w, corpus.language) for w in words])

    def share(matched: np.ndarray, weight: np.ndarray) -> np.ndarray:
        total = weight.sum()
        return weight @ matched / total if total > 0 else np.zeros(matched.shape[1])

    def close(matched: np.ndarray) -> np.ndarray:
        return np.where(matched >= SOFT_CLOSE, matched, 0.0)

    asked = embeddings.embedder().vectors([question])[0]
    return {
        "soft_paragraph": share(paragraphs, idf),
        "soft_paragraph_sharp": share(paragraphs**3, idf),
        "soft_paragraph_rare": share(paragraphs, rare),
        "soft_paragraph_close": share(close(paragraphs), idf),
        "soft_sentence_rare": best_per_owner(share(sentences, rare), owner, n)[0],
        "soft_sentence_close": best_per_owner(share(close(sentences), idf), owner, n)[0],
        "vector_paragraph": corpus.paragraph_vectors @ asked,
        "vector_sentence": best_per_owner(corpus.sentence_vectors @ asked, owner, n)[0],
    }


def _ordered(
    corpus: Corpus, query: list[str], weights: dict[str, float], s_cover: np.ndarray
) -> np.ndarray:
    """Per sentence, the weight of the longest run of question terms it holds in the
    question's order, gaps allowed (a question often restates one sentence with the
    answer swapped for "what"). Only the best-covering sentences sharing two terms or
    more are worth the dynamic programme."""
    out = np.zeros(len(corpus.sentence_terms))
    distinct = set(query)
    if len(distinct) < 2:
        return out
    shared = corpus.sentences.coverage(dict.fromkeys(distinct, 1.0))
    candidates = np.flatnonzero(shared >= 2)
    if len(candidates) > ORDER_CANDIDATES:
        candidates = candidates[np.argsort(-s_cover[candidates], kind="stable")]
        candidates = candidates[:ORDER_CANDIDATES]
    for at in candidates:
        out[at] = ordered_weight(query, corpus.sentence_terms[at], weights)
    return out
