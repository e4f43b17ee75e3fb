"""Building what answering needs from a Document, once.

``DocumentIndex`` holds the lexical structures (BM25 postings over paragraphs,
sentences and unstemmed words, character 4-gram TF-IDF, word-vector matches,
adjacent term pairs) and the sentence-model vectors (bot.answering.sentence_vectors). The
lexical part takes milliseconds to build, even for a book; the sentence vectors
are the expensive part and are either computed in full when the document is small
enough (``eager``), brought from the article store, or filled per question for the
candidates a question needs.

Memory stays bounded for any accepted input (up to 15 MB of text): at most
MAX_INDEXED_SENTENCES sentences are indexed (a 15 MB text has ~150,000; the rest of
such a document is left out of answers), and the vectors take 768 bytes a sentence
(float16).
"""

from __future__ import annotations

import re

import numpy as np

from bot.answering import qtypes
from bot.answering.bm25 import Inverted, Postings
from bot.answering.chars import CharCosine
from bot.answering.sentence_vectors import SentenceVectors
from bot.answering.soft import SoftMatch
from bot.document import Document
from bot.errors import UsageError
from bot.text.language import analyzer, fold
from bot.vectors import words as embeddings

# Tuned on the odd-position SQuAD dev articles.
K1 = 0.9
B = 0.75
SENTENCE_K1 = 0.9
SENTENCE_B = 0.5
PREFIX = 5  # letters two terms share to count as relatives
# The sentence model encodes a document whole (at index build, or in the summarizing
# job) up to this many sentences and characters (~15 s of one core at the worst: the
# model's cost grows with the tokens, so a text of long run-on sentences counts by its
# characters); longer documents are encoded per question, only the first stage's
# candidates.
EAGER_MAX_SENTENCES = 1000
EAGER_MAX_CHARS = 150_000
# Bound on what one document may cost: past this many sentences paragraphs are left out
# of the index (reading already stops at bot.reading.build.MAX_WORDS, about 15,000
# sentences of prose).
MAX_INDEXED_SENTENCES = 20_000


# titles news abbreviates before a name
_TITLE_ABBREVIATIONS = {
    "gov": "governor", "govs": "governors", "sen": "senator", "sens": "senators",
    "rep": "representative", "reps": "representatives", "lt": "lieutenant",
    "gen": "general", "col": "colonel", "sgt": "sergeant", "capt": "captain",
    "pres": "president", "supt": "superintendent", "atty": "attorney", "dept": "department",
    "govt": "government", "univ": "university", "assn": "association", "corp": "corporation",
}
_QUOTED = re.compile(r"“[^”]*”?|\"[^\"]*\"?|«[^»]*»?|„[^“”]*[“”]?")


def quoted_share(text: str) -> float:
    """The share of ``text`` inside quotation marks (an unclosed quote runs to the end)."""
    if not text:
        return 0.0
    inside = sum(m.end() - m.start() for m in _QUOTED.finditer(text))
    return min(1.0, inside / len(text))


def indexed_sentences(document: Document) -> list[str]:
    """The sentences an index of ``document`` holds, in order (what stored vectors are
    for): each paragraph's sentences, or its text when it has none, up to
    MAX_INDEXED_SENTENCES."""
    out: list[str] = []
    for i, p in enumerate(document.paragraphs):
        pieces = p.pieces
        if len(out) + len(pieces) > MAX_INDEXED_SENTENCES and i > 0:
            break
        out.extend(pieces)
    return out


class DocumentIndex:
    """The lexical structures of one document, and its sentence vectors."""

    def __init__(
        self,
        document: Document,
        *,
        sentence_model: bool | None = None,
        vectors: SentenceVectors | None = None,
        encode_all: bool | None = None,
    ) -> None:
        if not isinstance(document, Document):
            raise UsageError("AnswerIndex needs a Document.")
        if sentence_model is not None and not isinstance(sentence_model, bool):
            raise UsageError("sentence_model must be True, False or None.")
        self.document = document
        self.language = document.language
        tools = analyzer(document.language)
        self.analyze = tools.terms
        self._abbreviations: dict[str, str] = {}
        if document.language == "english":
            for short, full in _TITLE_ABBREVIATIONS.items():
                for a, b in zip(self.analyze(short), self.analyze(full), strict=False):
                    self._abbreviations[a] = b
        self.stop_words = tools.stop_words
        self.words = tools.words
        sentences: list[str] = []
        owner: list[int] = []
        sentence_terms: list[list[str]] = []
        sentence_words: list[list[str]] = []
        para_terms: list[list[str]] = []
        para_words: list[list[str]] = []
        n_indexed = 0
        for i, p in enumerate(document.paragraphs):
            pieces = p.pieces
            if n_indexed + len(pieces) > MAX_INDEXED_SENTENCES and i > 0:
                break
            n_indexed += len(pieces)
            para_words.append(self.plain_words(fold(p.text)))
            # the sentences are verbatim pieces of the paragraph, so their terms make up
            # the paragraph's: the text is analysed once
            terms: list[str] = []
            for s in pieces:
                sentences.append(s)
                owner.append(i)
                sentence_terms.append(self.terms(s))
                sentence_words.append(self.plain_words(fold(s)))
                terms.extend(sentence_terms[-1])
            para_terms.append(terms)
        self.n = len(para_terms)  # paragraphs indexed (a prefix of the document's)
        self.paragraph_texts = [p.text for p in document.paragraphs[: self.n]]
        self.paragraphs = Postings(para_terms, K1, B)
        self.sentence_texts = sentences
        self.sentence_owner = np.asarray(owner, dtype=np.int64)
        # each paragraph's sentences are rows first[i] .. first[i + 1] - 1
        self.first_sentence = np.searchsorted(self.sentence_owner, np.arange(self.n + 1))
        self.sentences = Postings(sentence_terms, SENTENCE_K1, SENTENCE_B)
        self.sentence_terms = sentence_terms
        self.soft = SoftMatch(sentence_words, self.sentence_owner, self.n)
        sums = embeddings.embedder().sums(sentences)
        by_paragraph = np.zeros((self.n, sums.shape[1]), dtype=np.float32)
        np.add.at(by_paragraph, self.sentence_owner, sums)
        self.paragraph_word_vectors = embeddings.unit(by_paragraph)
        self.sentence_word_vectors = embeddings.unit(sums)
        self.bigrams = Inverted(
            [dict.fromkeys(zip(terms, terms[1:], strict=False), 1) for terms in para_terms]
        )
        self.n_docs = max(self.n, 1)
        self.plain = Postings(para_words, K1, B)
        self.sentence_chars = CharCosine(sentences)
        self.paragraph_chars = CharCosine(self.paragraph_texts)
        self.quoted_share = np.asarray([quoted_share(t) for t in sentences])
        self.log_length = np.log1p(np.asarray([len(t) for t in para_terms], dtype=np.float64))
        # terms by their first letters, for questions that word a thing differently
        self.relatives: dict[str, list[str]] = {}
        for term in self.paragraphs.postings.terms():
            if len(term) >= PREFIX:
                self.relatives.setdefault(term[:PREFIX], []).append(term)
        # per (kind, numbers asked): sentence row -> holds an expression of that kind
        self._kinds: dict[tuple[str, str | None, frozenset[str]], dict[int, bool]] = {}
        if sentence_model is None:
            sentence_model = document.language == "english"
        self.vectors: SentenceVectors | None = None
        if vectors is not None:
            if vectors.sentences != sentences:
                raise UsageError("The sentence vectors belong to another document.")
            self.vectors = vectors
        elif sentence_model:
            self.vectors = SentenceVectors(sentences)
            if encode_all is None:
                encode_all = (
                    len(sentences) <= EAGER_MAX_SENTENCES
                    and sum(map(len, sentences)) <= EAGER_MAX_CHARS
                )
            if encode_all:
                self.vectors.encode_all()

    def sentence_kinds(
        self, kind: str, unit: str | None, asked: set[str], rows: np.ndarray
    ) -> np.ndarray:
        """Whether each sentence ``rows`` holds an expression of ``kind`` (numbers in
        ``asked`` left out), remembered per sentence: questions share their kinds."""
        key = (kind, unit, frozenset(asked))
        if key not in self._kinds and len(self._kinds) >= 64:
            self._kinds.clear()  # bounded: a long chat with many numbers starts afresh
        known = self._kinds.setdefault(key, {})
        out = np.empty(len(rows), dtype=bool)
        for at, row in enumerate(rows.tolist()):
            value = known.get(row)
            if value is None:
                value = known[row] = qtypes.holds(kind, self.sentence_texts[row], asked, unit)
            out[at] = value
        return out

    def terms(self, text: str) -> list[str]:
        # "Temur" in a question should find "Temür" in the text
        terms = self.analyze(fold(text))
        if self._abbreviations:
            # news writes "Gov. Bevin" where a reader asks about the governor
            terms = [self._abbreviations.get(t, t) for t in terms]
        return terms

    def plain_words(self, text: str) -> list[str]:
        stops = self.stop_words
        return [w for w in self.words(text) if w not in stops]
