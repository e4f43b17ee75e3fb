"""Answering follow-up questions about a document by retrieving its paragraphs.

Paragraphs are ranked with BM25 (rank-bm25 supplies the corpus statistics and
idf; scoring is vectorised over postings so one question costs milliseconds
even on a book-length document). Each paragraph is also scored by its
best-matching sentence, and the two are mixed: a paragraph that answers
usually holds one sentence that matches the question densely.

Questions about a person's words ("what did Austin say?", "according to
Austin ...") are recognised by bot.answering.speakers and re-ranked so that paragraphs
where that person speaks come first, surname-only mentions and "he said"
carried over from the previous speaker included. Who speaks where is worked
out on the first such question and kept (most questions never need it).

Abstention: an answer is only given when the document covers enough of the
question. Coverage is the idf-weighted share of the question's terms found in
the best paragraph, averaged with the same share in the document's
best-covering sentence; terms absent from the document count at the highest
idf, so a question about something the article never mentions covers little
even if a few common words match. To that is added the best character 4-gram
cosine between the question and any sentence, which tells a close paraphrase
of one sentence from a few shared words, and, with the sentence model, the
best cosine of the question's meaning with any sentence's. Being shares and
cosines, none depends on document length or BM25's scale.

Ranking mixes paragraph BM25 with its best sentence's BM25 and coverage,
adjacent term pairs, BM25 over unstemmed words, and character 4-gram TF-IDF
cosines of the question against each sentence and each paragraph (SQuAD-style
questions paraphrase one sentence closely, and character n-grams catch what
stemming misses: "Normans"/"Normandy", "1990s"/"1990"), question terms the
paragraph holds only a relative of (same first five letters), and a
Dirichlet-smoothed query likelihood of the paragraph and of its best sentence.
Word vectors (bot.vectors.words) add what no spelling can: each question word counts
by how close the nearest word of a sentence or paragraph is ("difficult" for
"hard"), and the question's vector is compared with each paragraph's. The in-order
share of question terms in a sentence is one more signal. Last, and strongest, a
sentence model (bot.vectors.sentences, all-MiniLM-L6-v2) compares what the question means with
what each sentence means; it runs on English documents of up to MODEL_MAX_SENTENCES
sentences, and other documents are ranked by the rest (LEXICAL_WEIGHTS).
For ranking, coverage weighs each term by its idf in the document times its
rarity in the language at large (bot.text.rarity): inside one article idf is
noisy, and a word such as "year" can look as rare as a name. Words that frame a
question ("what type", "in what year", "how long") weigh less. The weights were
learnt with a listwise softmax loss on half of the SQuAD dev articles, never the
other half.

An empty question, or one made only of stop words, has nothing to look for:
``ask`` returns ``[]`` for it rather than raising.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from rank_bm25 import BM25Okapi

from bot.answering import speakers as entities
from bot.document import Document
from bot.errors import UsageError
from bot.text import rarity as wordstats
from bot.text.language import analyzer
from bot.vectors import sentences as encoder
from bot.vectors import words as embeddings

# Tuned on the odd-position SQuAD dev articles (see bot/eval_answers.py).
K1 = 0.9
B = 0.75
SENTENCE_K1 = 0.9
SENTENCE_B = 0.5
# The mixed score is a weighted sum of the signals below (see ``_features``), the weights
# learnt with a listwise (softmax) ranking loss on the odd-position articles only
# (benchmarks/fit_answer_weights.py). Signals that overlap get weights of both signs: the
# fit spends one against another, so a single weight means little on its own.
FEATURE_WEIGHTS: dict[str, float] = {
    "bm25": 0.143,  # unit-scaled paragraph BM25
    # unit-scaled BM25 of the paragraph's best sentence (the coverage and character
    # signals carry it; alone it over-rewards one repeated word)
    "sentence_bm25": -0.926,
    # share of the question found in the paragraph, each term weighted by its idf in the
    # document times its rarity in the language at large
    "cover": -0.52,
    "sentence_cover": 3.919,  # the same share in its best-covering sentence
    "bigrams": 0.683,  # per pair of adjacent question terms found adjacent in the paragraph
    "words": 1.461,  # unit-scaled BM25 over unstemmed words: the exact form asked about
    "char_sentence": 10.87,  # best cosine of character 4-grams, question vs a sentence
    "char_paragraph": -2.22,  # the same cosine against the whole paragraph
    "length": -0.899,  # per log of paragraph length: long paragraphs match anything a little
    # idf share of question terms the paragraph lacks but holds a relative of (same first
    # five letters: "invention"/"invented", "Normans"/"Normandy")
    "relatives": 0.699,
    "likelihood": 0.211,  # Dirichlet-smoothed query log-likelihood of the paragraph
    "sentence_likelihood": 0.017,  # the same of its best sentence (shifted to be >= 0)
    # idf share of the question's terms its best sentence holds in the question's order
    "order": -1.022,
    # word vectors (bot.vectors.words): each question word counts by how close the nearest
    # word of the paragraph is, so "difficult" answers "hard". The variants cube the
    # closeness or keep only close words; their negative weights make a few exact
    # matches worth more than many loose ones.
    "soft_paragraph": 7.578,
    "soft_paragraph_sharp": -4.448,
    "soft_paragraph_rare": 1.42,  # weighted by idf times rarity, as "cover"
    "soft_paragraph_close": -0.689,
    "soft_sentence_rare": 6.985,  # the best sentence's
    "soft_sentence_close": -3.663,
    "vector_paragraph": -1.493,  # cosine of the question's word-vector mean with the paragraph's
    "vector_sentence": -2.164,  # and with its best sentence's
    # the sentence model (bot.vectors.sentences): cosine of the question's meaning with the closest
    # sentence's, and with the paragraph's (the mean of its sentences')
    "model_sentence": 8.833,
    "model_paragraph": 4.973,
}
# The same signals without the sentence model, fitted the same way (``--lexical``): for
# documents too long to run the model over, and for languages other than English.
LEXICAL_WEIGHTS: dict[str, float] = {
    "bm25": 0.945,
    "sentence_bm25": -1.014,
    "cover": -0.115,
    "sentence_cover": 2.488,
    "bigrams": 0.666,
    "words": 1.593,
    "char_sentence": 11.18,
    "char_paragraph": 0.457,
    "length": -0.815,
    "relatives": 0.832,
    "likelihood": 0.03,
    "sentence_likelihood": 0.118,
    "order": -0.888,
    "soft_paragraph": 7.269,
    "soft_paragraph_sharp": -5.727,
    "soft_paragraph_rare": 3.788,
    "soft_paragraph_close": -1.35,
    "soft_sentence_rare": 7.598,
    "soft_sentence_close": -3.395,
    "vector_paragraph": 2.001,
    "vector_sentence": 1.577,
}
SCORE_SCALE = 1 / 5.0  # brings the sum back to the range of the speaker tiers below
CHAR_N = 4
PREFIX = 5  # letters two terms share to count as relatives
MU = 200.0  # Dirichlet prior of the paragraph language model, in words
SENTENCE_MU = 20.0  # the same for sentences
FILLER_WEIGHT = 0.3  # question words that say what kind of answer is wanted, not what about
# abstain below this evidence: the mean of two idf-weighted shares of the question (the
# share found in the best paragraph and the share found in the best sentence of the
# document) plus the best character 4-gram cosine of the question with any sentence
# (chosen on the odd-position articles: about 96 % answered there)
MIN_EVIDENCE = 0.455
# with the sentence model, the best cosine of the question's meaning with any sentence's
# is added to the evidence; a question about another article rarely comes close in
# meaning (chosen on the odd-position articles: 97 % answered there)
MODEL_MIN_EVIDENCE = 1.016
SOFT_CLOSE = 0.5  # a nearest-word cosine counted by the "close" soft matches
ORDER_CANDIDATES = 200  # sentences per question given the in-order match
# the sentence model costs 12 to 20 ms per sentence to index: above this many sentences
# (a 14,000-word report) the first question would wait too long, so only the lexical
# signals rank (LEXICAL_WEIGHTS)
MODEL_MAX_SENTENCES = 600
SPEAKER_BONUS = 10.0  # per tier: puts the asked-about person's paragraphs above the rest
SPEAKER_NUDGE = 0.3  # when the question has a topic of its own, the speaker only breaks ties


# stems of words that frame a question ("another term for", "what was it called", "how
# long", "in what year", "where is it located"); the later ones are the words found least
# often in the gold paragraph of the questions that use them, on the odd-position articles
_FILLER = frozenset(
    "term name call refer known type kind exampl describ word mean long happen caus titl "
    "percentag occur give shown make hold main locat begin start place made reason date "
    "month year".split()
)


class _FoldTable(dict):
    """str.translate table that strips accents, filled one character at a time."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        bare = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        # keep characters that decompose to nothing or change meaning when split (ligatures)
        self[code] = value = bare if len(bare) == 1 else char
        return value


_FOLD = _FoldTable()


def _fold(text: str) -> str:
    return text if text.isascii() else text.translate(_FOLD)


def _unit(values: np.ndarray) -> np.ndarray:
    top = values.max() if len(values) else 0.0
    return values / top if top > 0 else np.zeros_like(values)


def _best_per_owner(values: np.ndarray, owner: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
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


@dataclass(frozen=True)
class Answer:
    paragraph_index: int
    paragraph: str
    sentence: str  # the sentence of the paragraph that best answers
    score: float


class _Inverted:
    """term -> (document ids, counts) as numpy slices of one sorted array, built
    without a Python object per posting."""

    def __init__(self, docs: list[dict[str, int]]) -> None:
        vocab: dict[str, int] = {}
        term_ids: list[int] = []
        counts: list[int] = []
        lengths: list[int] = []
        for freqs in docs:
            lengths.append(len(freqs))
            for term, tf in freqs.items():
                term_ids.append(vocab.setdefault(term, len(vocab)))
                counts.append(tf)
        terms = np.asarray(term_ids, dtype=np.int64)
        order = np.argsort(terms, kind="stable")  # stable: ids stay ascending per term
        self._ids = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)[order]
        self._counts = np.asarray(counts, dtype=np.float64)[order]
        self._starts = np.r_[0, np.cumsum(np.bincount(terms, minlength=len(vocab)))]
        self._vocab = vocab

    def terms(self) -> list[str]:
        return list(self._vocab)

    def get(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        at = self._vocab.get(term)
        if at is None:
            return None
        lo, hi = self._starts[at], self._starts[at + 1]
        return self._ids[lo:hi], self._counts[lo:hi]


def _char_text(text: str) -> str:
    return " " + " ".join(_fold(text).lower().split()) + " "


def _gram_keys(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The character 4-grams of each text (lower-cased, spaces collapsed and padded) as
    64-bit hashes, with the index of the text each comes from. Character n-grams match
    across inflections, compounds and spellings the stemmer does not join; hashing them
    in numpy keeps indexing a book-length document fast."""
    padded = [_char_text(t) for t in texts]
    lengths = np.asarray([len(t) for t in padded], dtype=np.int64)
    codes = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    if len(codes) < CHAR_N:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    keys = codes[: len(codes) - CHAR_N + 1].copy()
    for shift in range(1, CHAR_N):
        # int64 arithmetic wraps: a polynomial hash, collisions vanishingly rare
        keys = keys * 1_000_003 + codes[shift : len(codes) - CHAR_N + 1 + shift]
    owner = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)[: len(keys)]
    starts = np.r_[0, np.cumsum(lengths)[:-1]]
    # grams that run past the end of their text into the next one are dropped
    inside = np.arange(len(keys)) - starts[owner] <= lengths[owner] - CHAR_N
    return keys[inside], owner[inside]


class _CharCosine:
    """TF-IDF cosine of character 4-grams between a question and every unit (sentence or
    paragraph), scored over postings."""

    def __init__(self, texts: list[str]) -> None:
        self.size = len(texts)
        keys, owner = _gram_keys(texts)
        order = np.lexsort((owner, keys))
        keys, owner = keys[order], owner[order]
        new_pair = (
            np.r_[True, (keys[1:] != keys[:-1]) | (owner[1:] != owner[:-1])]
            if len(keys)
            else np.zeros(0, bool)
        )
        pair_at = np.flatnonzero(new_pair)
        counts = np.diff(np.r_[pair_at, len(keys)]).astype(np.float64)
        pair_keys, self._ids = keys[pair_at], owner[pair_at]
        key_at = (
            np.flatnonzero(np.r_[True, pair_keys[1:] != pair_keys[:-1]])
            if len(pair_keys)
            else pair_at[:0]
        )
        self._vocab = pair_keys[key_at]
        self._starts = np.r_[key_at, len(pair_keys)]
        df = np.diff(self._starts).astype(np.float64)
        self.idf = np.log(max(self.size, 1) / np.maximum(df, 1.0)) + 1.0
        self._weights = counts * np.repeat(self.idf, df.astype(np.int64))
        norm = np.sqrt(np.bincount(self._ids, weights=self._weights**2, minlength=self.size))
        self.norm = np.where(norm > 0, norm, 1.0)

    def scores(self, question: str) -> np.ndarray:
        out = np.zeros(self.size)
        keys, _ = _gram_keys([question])
        grams, counts = np.unique(keys, return_counts=True)
        at = np.searchsorted(self._vocab, grams)
        found = (
            (at < len(self._vocab)) & (self._vocab[np.minimum(at, len(self._vocab) - 1)] == grams)
            if len(self._vocab)
            else at < 0
        )
        q_norm = 0.0
        # grams the document lacks have no idf here, as in training
        for where, count in zip(at[found], counts[found], strict=True):
            weight = count * self.idf[where]
            q_norm += weight * weight
            lo, hi = self._starts[where], self._starts[where + 1]
            out[self._ids[lo:hi]] += weight * self._weights[lo:hi]
        return out / (self.norm * math.sqrt(q_norm)) if q_norm > 0 else out


class _Postings:
    """A BM25 index over a list of token lists, scored with numpy over postings."""

    def __init__(self, corpus: list[list[str]], k1: float, b: float) -> None:
        # rank-bm25 cannot take an empty corpus or all-empty documents (avgdl = 0)
        safe = corpus if any(corpus) else [["\0"]]
        self.bm25 = BM25Okapi(safe, k1=k1, b=b)
        self.size = len(corpus)
        doc_len = np.asarray(self.bm25.doc_len, dtype=np.float64)
        self.norm = k1 * (1.0 - b + b * doc_len / max(self.bm25.avgdl, 1e-9))
        self.postings = _Inverted(self.bm25.doc_freqs if any(corpus) else [{}] * len(corpus))
        self.k1 = k1
        self.lengths = np.asarray([len(d) for d in corpus], dtype=np.float64)
        self.total = max(float(self.lengths.sum()), 1.0)

    def df(self, term: str) -> int:
        hit = self.postings.get(term)
        return 0 if hit is None else len(hit[0])

    def scores(self, query: list[str], weights: dict[str, float] | None = None) -> np.ndarray:
        """rank-bm25's ``get_scores`` (each term optionally scaled by ``weights``), in time
        proportional to the postings rather than to the corpus."""
        out = np.zeros(self.size)
        for term in query:
            hit = self.postings.get(term)
            if hit is None:
                continue
            ids, tf = hit
            scale = weights.get(term, 1.0) if weights else 1.0
            out[ids] += scale * self.bm25.idf[term] * tf * (self.k1 + 1) / (tf + self.norm[ids])
        return out

    def likelihood(self, query: list[str], mu: float, background: _Postings) -> np.ndarray:
        """Per document, the log-likelihood of ``query`` under its unigram language model,
        Dirichlet-smoothed with ``background``'s term frequencies (terms ``background``
        lacks are left out: they cost every document the same)."""
        out = np.zeros(self.size)
        for term in query:
            p_background = background.frequency(term) / background.total
            if p_background <= 0:
                continue
            out += np.log(mu * p_background / (self.lengths + mu))
            hit = self.postings.get(term)
            if hit is not None:
                out[hit[0]] += np.log1p(hit[1] / (mu * p_background))
        return out

    def frequency(self, term: str) -> float:
        """How often ``term`` occurs in the whole corpus."""
        hit = self.postings.get(term)
        return 0.0 if hit is None else float(hit[1].sum())

    def coverage(self, weights: dict[str, float]) -> np.ndarray:
        """Per document, the summed weight of the distinct terms it contains."""
        out = np.zeros(self.size)
        for term, weight in weights.items():
            hit = self.postings.get(term)
            if hit is not None:
                out[hit[0]] += weight
        return out


def _ordered_weight(query: list[str], terms: list[str], weights: dict[str, float]) -> float:
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


class _SoftMatch:
    """How closely each word of a question is matched in each sentence and each
    paragraph: the cosine of its word vector with the nearest word's there (1 for the
    word itself, 0 for nothing alike). Words are compared as vectors once per distinct
    word of the document; per question this is one small matrix product."""

    def __init__(self, sentence_words: list[list[str]], owner: np.ndarray, n: int) -> None:
        self._embed = embeddings.embedder()
        vocab: dict[str, int] = {}
        flat = [vocab.setdefault(w, len(vocab)) for words in sentence_words for w in words]
        self._vocab = vocab
        self._vectors = self._embed.vectors(list(vocab))
        sizes = np.asarray([len(words) for words in sentence_words], dtype=np.int64)
        self._sentences = _Runs(np.asarray(flat, dtype=np.int64), sizes)
        # each paragraph's distinct words, for the paragraph-level match
        word_owner = np.repeat(owner, sizes)
        pairs = np.unique(np.stack([word_owner, self._sentences.ids]), axis=1)
        self._paragraphs = _Runs(pairs[1], np.bincount(pairs[0], minlength=n))
        self.df = np.bincount(pairs[1], minlength=len(vocab)).astype(np.float64)

    def df_of(self, word: str) -> float:
        at = self._vocab.get(word)
        return 0.0 if at is None else float(self.df[at])

    def best(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(words x sentences, words x paragraphs) nearest-word cosines, clipped at 0."""
        known = np.asarray([self._vocab.get(w, -1) for w in words], dtype=np.int64)
        found = known >= 0
        asked = np.empty((len(words), self._vectors.shape[1]), dtype=np.float32)
        asked[found] = self._vectors[known[found]]
        asked[~found] = self._embed.vectors([w for w, at in zip(words, known, strict=True) if at < 0])
        similar = np.clip(asked @ self._vectors.T, 0.0, 1.0)
        similar[found, known[found]] = 1.0
        return self._sentences.best(similar), self._paragraphs.best(similar)


class _Runs:
    """Word ids of consecutive units (sentences or paragraphs) in one flat array."""

    def __init__(self, ids: np.ndarray, sizes: np.ndarray) -> None:
        self.ids = ids
        self._sizes = sizes
        self._starts = np.r_[0, np.cumsum(sizes)[:-1]].astype(np.int64)

    def best(self, similar: np.ndarray) -> np.ndarray:
        """Per row of ``similar`` (a word against the vocabulary) and unit, the largest
        similarity of any word of the unit; 0 for an empty unit."""
        out = np.zeros((similar.shape[0], len(self._sizes)))
        if not len(self.ids) or not similar.shape[0]:
            return out
        filled = self._sizes > 0
        out[:, filled] = np.maximum.reduceat(similar[:, self.ids], self._starts[filled], axis=1)
        return out


class AnswerIndex:
    """Everything needed to answer questions about one document, built once."""

    def __init__(self, document: Document, *, sentence_model: bool | None = None) -> None:
        """``sentence_model`` says whether to rank with bot.vectors.sentences's sentence vectors;
        by default they are used for English documents of at most MODEL_MAX_SENTENCES
        sentences."""
        if not isinstance(document, Document):
            raise UsageError("AnswerIndex needs a Document.")
        if sentence_model is not None and not isinstance(sentence_model, bool):
            raise UsageError("sentence_model must be True, False or None.")
        self.document = document
        language_tools = analyzer(document.language)
        self._analyze = language_tools.terms
        self._stop_words = language_tools.stop_words
        self._words = language_tools.words
        paragraphs = [p.text for p in document.paragraphs]
        sentences: list[str] = []
        owner: list[int] = []
        sentence_terms: list[list[str]] = []
        sentence_words: list[list[str]] = []
        para_terms: list[list[str]] = []
        para_words: list[list[str]] = []
        for i, p in enumerate(document.paragraphs):
            folded = _fold(p.text)
            para_words.append(self._plain_words(folded))
            # the sentences are verbatim pieces of the paragraph, so their terms make up
            # the paragraph's: the text is analysed once
            terms: list[str] = []
            for s in p.sentences or (p.text,):
                sentences.append(s)
                owner.append(i)
                sentence_terms.append(self._terms(s))
                sentence_words.append(self._plain_words(_fold(s)))
                terms.extend(sentence_terms[-1])
            para_terms.append(terms)
        self._paragraphs = _Postings(para_terms, K1, B)
        self._sentences_text = sentences
        self._sentence_owner = np.asarray(owner, dtype=np.int64)
        self._sentences = _Postings(sentence_terms, SENTENCE_K1, SENTENCE_B)
        self._sentence_terms = sentence_terms
        self._soft = _SoftMatch(sentence_words, self._sentence_owner, len(paragraphs))
        sums = embeddings.embedder().sums(sentences)
        by_paragraph = np.zeros((len(paragraphs), sums.shape[1]), dtype=np.float32)
        np.add.at(by_paragraph, self._sentence_owner, sums)
        self._paragraph_vectors = embeddings.unit(by_paragraph)
        self._sentence_vectors = embeddings.unit(sums)
        if sentence_model is None:
            sentence_model = document.language == "english" and len(sentences) <= MODEL_MAX_SENTENCES
        self._model: tuple[np.ndarray, np.ndarray] | None = None
        if sentence_model:
            meanings = encoder.encoder().vectors(sentences)
            by_paragraph = np.zeros((len(paragraphs), meanings.shape[1]), dtype=np.float32)
            np.add.at(by_paragraph, self._sentence_owner, meanings)
            self._model = (meanings, embeddings.unit(by_paragraph))
        self._bigrams = _Inverted(
            [dict.fromkeys(zip(terms, terms[1:], strict=False), 1) for terms in para_terms]
        )
        self._n = max(len(paragraphs), 1)
        self._plain = _Postings(para_words, K1, B)
        self._sentence_chars = _CharCosine(sentences)
        self._paragraph_chars = _CharCosine(paragraphs)
        self._log_length = np.log1p(np.asarray([len(t) for t in para_terms], dtype=np.float64))
        self._language = document.language
        # terms by their first letters, for questions that word a thing differently
        self._relatives: dict[str, list[str]] = {}
        for term in self._paragraphs.postings.terms():
            if len(term) >= PREFIX:
                self._relatives.setdefault(term[:PREFIX], []).append(term)

    @property
    def sentence_model(self) -> bool:
        """Whether this index ranks with the sentence model."""
        return self._model is not None

    @cached_property
    def _attribution(self) -> list[entities.Attribution]:
        # built on the first "what did X say" question: most questions never need it
        return entities.attribute([p.text for p in self.document.paragraphs])

    @cached_property
    def _people(self) -> set[str]:
        return set().union(*(a.mentioned for a in self._attribution))

    def _terms(self, text: str) -> list[str]:
        # "Temur" in a question should find "Temür" in the text
        return self._analyze(_fold(text))

    def _plain_words(self, text: str) -> list[str]:
        stops = self._stop_words
        return [w for w in self._words(text) if w not in stops]

    def _weights(self, query: list[str]) -> dict[str, float]:
        """idf-like weight of each distinct query term, never negative; a term the document
        lacks weighs most, so questions about other things cover little."""
        out = {}
        for term in query:
            df = self._paragraphs.df(term)
            weight = math.log(1.0 + (self._n - df + 0.5) / (df + 0.5))
            out[term] = weight * (FILLER_WEIGHT if term in _FILLER else 1.0)
        return out

    def _rarity(self, question: str) -> dict[str, float]:
        """Each question term's rarity in the language at large (of the rarest word it
        comes from)."""
        out: dict[str, float] = {}
        for word in self._words(_fold(question)):
            for term in self._analyze(word):
                out[term] = max(out.get(term, 0.0), wordstats.rarity(word, self._language))
        return out

    def _related(self, weights: dict[str, float]) -> np.ndarray:
        """Per paragraph, the summed weight of question terms it lacks but holds a
        relative of (a term with the same first letters)."""
        out = np.zeros(self._paragraphs.size)
        for term, weight in weights.items():
            if len(term) < PREFIX:
                continue
            found = np.zeros(self._paragraphs.size, dtype=bool)
            for other in self._relatives.get(term[:PREFIX], ()):
                hit = self._paragraphs.postings.get(other) if other != term else None
                if hit is not None:
                    found[hit[0]] = True
            exact = self._paragraphs.postings.get(term)
            if exact is not None:
                found[exact[0]] = False
            out[found] += weight
        return out

    def _features(
        self, query: list[str], question: str
    ) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray, float, float]:
        """The ranking signals per paragraph (named as in FEATURE_WEIGHTS), its best
        sentence's global position, the idf-weighted share of the question each
        paragraph covers, the largest such share of any one sentence, and how close
        the closest sentence comes: its character cosine, plus its meaning's cosine when
        the sentence model is used."""
        n = len(self.document.paragraphs)
        owner = self._sentence_owner
        weights = self._weights(query)
        total = sum(weights.values()) or 1.0
        term_weight = {t: FILLER_WEIGHT for t in weights if t in _FILLER}
        p_bm25 = self._paragraphs.scores(query, term_weight)
        s_bm25 = self._sentences.scores(query, term_weight)
        p_cover = self._paragraphs.coverage(weights) / total
        s_cover = self._sentences.coverage(weights) / total
        # the sentence quoted as the answer: the one matching most, in words and in meaning
        # (meaning makes it hold the answer 1.3 points more often on SQuAD)
        meanings = self._meanings(question)
        match = _unit(s_bm25) + s_cover
        _, where = _best_per_owner(match if meanings is None else match + meanings[0], owner, n)
        # in one article idf is noisy: a common word can be as rare there as a name
        rarity = self._rarity(question)
        rare = {t: w * rarity.get(t, wordstats.NEUTRAL) for t, w in weights.items()}
        rare_total = sum(rare.values()) or 1.0
        pairs = np.zeros(n)
        for pair in set(zip(query, query[1:], strict=False)):
            hit = self._bigrams.get(pair)
            if hit is not None:
                pairs[hit[0]] += 1.0
        c_best, _ = _best_per_owner(self._sentence_chars.scores(question), owner, n)
        plain = self._plain_words(_fold(question))
        s_likely = self._sentences.likelihood(query, SENTENCE_MU, self._paragraphs)
        features = {
            "bm25": _unit(p_bm25),
            "sentence_bm25": _unit(_best_per_owner(s_bm25, owner, n)[0]),
            "cover": self._paragraphs.coverage(rare) / rare_total,
            "sentence_cover": _best_per_owner(
                self._sentences.coverage(rare) / rare_total, owner, n
            )[0],
            "bigrams": pairs,
            "words": _unit(self._plain.scores(plain)),
            "char_sentence": c_best,
            "char_paragraph": self._paragraph_chars.scores(question),
            "length": self._log_length,
            "relatives": self._related(weights) / total,
            "likelihood": self._paragraphs.likelihood(query, MU, self._paragraphs),
            "sentence_likelihood": _best_per_owner(
                s_likely - s_likely.min() if len(s_likely) else s_likely, owner, n
            )[0],
            "order": _best_per_owner(self._ordered(query, weights, s_cover) / total, owner, n)[0],
        }
        features.update(self._soft_features(question, list(dict.fromkeys(plain))))
        closeness = float(c_best.max()) if n else 0.0
        if meanings is not None:
            features["model_sentence"] = _best_per_owner(meanings[0], owner, n)[0]
            features["model_paragraph"] = meanings[1]
            closeness += float(meanings[0].max()) if n else 0.0
        best_cover = float(s_cover.max()) if len(s_cover) else 0.0
        return features, where, p_cover, best_cover, closeness

    def _meanings(self, question: str) -> tuple[np.ndarray, np.ndarray] | None:
        """Cosines of the question's meaning with each sentence's and each paragraph's;
        None without the sentence model."""
        if self._model is None:
            return None
        asked = encoder.encoder().vector(question)
        return self._model[0] @ asked, self._model[1] @ asked

    def _soft_features(self, question: str, words: list[str]) -> dict[str, np.ndarray]:
        """Signals from word vectors: the question's words matched by their nearest word
        in each sentence and paragraph (weighted by idf, or idf times rarity; as is, cubed,
        or only when close), and the cosine of the whole question's vector with each
        paragraph's and each sentence's. ``words`` are the question's distinct plain words."""
        n = len(self.document.paragraphs)
        owner = self._sentence_owner
        sentences, paragraphs = self._soft.best(words)
        df = np.asarray([self._soft.df_of(w) for w in words])
        idf = np.log1p((self._n - df + 0.5) / (df + 0.5))
        rare = idf * np.asarray([wordstats.rarity(w, self._language) for w in words])

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
            "soft_sentence_rare": _best_per_owner(share(sentences, rare), owner, n)[0],
            "soft_sentence_close": _best_per_owner(share(close(sentences), idf), owner, n)[0],
            "vector_paragraph": self._paragraph_vectors @ asked,
            "vector_sentence": _best_per_owner(self._sentence_vectors @ asked, owner, n)[0],
        }

    def _ordered(
        self, query: list[str], weights: dict[str, float], s_cover: np.ndarray
    ) -> np.ndarray:
        """Per sentence, the weight of the longest run of question terms it holds in the
        question's order, gaps allowed (a question often restates one sentence with the
        answer swapped for "what"). Only the best-covering sentences sharing two terms
        or more are worth the dynamic programme."""
        out = np.zeros(len(self._sentence_terms))
        distinct = set(query)
        if len(distinct) < 2:
            return out
        shared = self._sentences.coverage(dict.fromkeys(distinct, 1.0))
        candidates = np.flatnonzero(shared >= 2)
        if len(candidates) > ORDER_CANDIDATES:
            candidates = candidates[np.argsort(-s_cover[candidates], kind="stable")]
            candidates = candidates[:ORDER_CANDIDATES]
        for at in candidates:
            out[at] = _ordered_weight(query, self._sentence_terms[at], weights)
        return out

    def _score(
        self, query: list[str], question: str
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, float, float]:
        """Mixed score per paragraph, and the rest of what ``_features`` gives."""
        features, where, p_cover, best_cover, closeness = self._features(query, question)
        weights = FEATURE_WEIGHTS if self._model is not None else LEXICAL_WEIGHTS
        mixed = SCORE_SCALE * sum(weight * features[name] for name, weight in weights.items())
        # without the sentence model, only paragraphs sharing a term with the question are
        # candidates at all; the model can see an answer that shares no word with it
        candidate = p_cover > 0 if self._model is None else np.ones(len(mixed), dtype=bool)
        mixed = np.where(candidate, mixed - mixed.min() + 1e-6, 0.0)
        return mixed, where, p_cover, best_cover, closeness

    def ask(self, question: str, *, top: int = 3, abstain: bool = True) -> list[Answer]:
        """The ``top`` best paragraphs for ``question``, best first; ``[]`` when the
        document does not answer it. ``abstain=False`` always ranks (for evaluation)."""
        if not isinstance(question, str):
            raise UsageError("The question must be text.")
        if not isinstance(top, int) or isinstance(top, bool) or top < 1:
            raise UsageError("top must be a positive whole number.")
        if not self.document.paragraphs:
            return []
        query = self._terms(question)
        speech = entities.speech_question(question)
        speaker = entities.resolve(speech, self._people) if speech else None
        if not query and speaker is None:
            return []
        mixed, where, cover, sentence_cover, closeness = self._score(query, question)
        if speaker is not None and speech is not None:
            named = set(self._terms(speech.name))
            if not [t for t in query if t not in named]:
                return self._speaker_answers(speaker, mixed, where, top)
            # a question with its own topic ("what did Luther think was the source of ...")
            # is answered by content first; the speaker only breaks near-ties
            mixed = mixed + SPEAKER_NUDGE * self._tiers(speaker) / 3.0
        order = np.argsort(-mixed, kind="stable")[:top]
        evidence = (cover[order[0]] + sentence_cover) / 2 + closeness
        least = MIN_EVIDENCE if self._model is None else MODEL_MIN_EVIDENCE
        if abstain and (mixed[order[0]] <= 0 or evidence < least):
            return []
        return [self._answer(int(i), float(mixed[i]), where) for i in order if mixed[i] > 0]

    def _tiers(self, speaker: str) -> np.ndarray:
        """How strongly each paragraph is ``speaker`` speaking: 3 named, 2 "he said", 1 quoted
        nearby, 0.5 merely mentioned."""
        tier = np.zeros(len(self._attribution))
        for i, a in enumerate(self._attribution):
            if speaker in a.named_speakers:
                tier[i] = 3
            elif speaker in a.speakers:
                tier[i] = 2
            elif speaker in a.mentioned and a.quotes:
                tier[i] = 1
            elif speaker in a.mentioned:
                tier[i] = 0.5
        return tier

    def _speaker_answers(
        self, speaker: str, mixed: np.ndarray, s_where: np.ndarray, top: int
    ) -> list[Answer]:
        # the question is only the name: the speaker's paragraphs are the answer
        tier = self._tiers(speaker)
        if tier.max() <= 0:
            return []
        keep = tier >= (1 if tier.max() >= 1 else 0.5)
        ranked = SPEAKER_BONUS * tier + mixed
        order = [int(i) for i in np.argsort(-ranked, kind="stable") if keep[i]][:top]
        return [self._speaker_answer(i, float(ranked[i]), speaker, s_where) for i in order]

    def _speaker_answer(
        self, index: int, score: float, speaker: str, s_where: np.ndarray
    ) -> Answer:
        sentences = self.document.paragraphs[index].sentences or (
            self.document.paragraphs[index].text,
        )
        # the sentence naming the speaker shows who said it; fall back to the best match
        named = [
            s for s in sentences if speaker in {w.lower() for w in s.replace("’", " ").split()}
        ]
        named = [s for s in sentences if speaker in s.lower()] if not named else named
        chosen = named[0] if named else self._sentences_text[int(s_where[index])]
        return Answer(index, self.document.paragraphs[index].text, chosen, score)

    def _answer(self, index: int, score: float, s_where: np.ndarray) -> Answer:
        sentence = self._sentences_text[int(s_where[index])] if s_where[index] >= 0 else ""
        return Answer(index, self.document.paragraphs[index].text, sentence, score)


def answer(document: Document, question: str, *, top: int = 3) -> list[Answer]:
    """One-off convenience: index ``document`` and ask it ``question``."""
    return AnswerIndex(document).ask(question, top=top)


class BaselineIndex:
    """Stock rank-bm25 ``BM25Okapi`` over a tokenizer of your choice: the yardstick that
    bot.evaluation.answers reports next to ``AnswerIndex``."""

    def __init__(self, texts: list[str], tokenize: Callable[[str], list[str]]) -> None:
        if not texts:
            raise UsageError("BaselineIndex needs at least one paragraph.")
        self._tokenize = tokenize
        corpus = [tokenize(t) for t in texts]
        self._bm25 = BM25Okapi(corpus if any(corpus) else [["\0"]])

    def rank(self, question: str) -> list[int]:
        """Paragraph indices, best first (stable on ties)."""
        scores = self._bm25.get_scores(self._tokenize(question))
        return [int(i) for i in np.argsort(-scores, kind="stable")]
