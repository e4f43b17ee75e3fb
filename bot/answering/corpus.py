"""What answering needs of one document, built once: its paragraphs and sentences as
terms, BM25 postings, character n-grams, word vectors and (for English documents of up
to MODEL_MAX_SENTENCES sentences) the sentence model's vectors.

A Corpus is read-only once built; bot.answering.features computes a question's signals
from it and bot.answering.index ranks with them.
"""

from __future__ import annotations

import numpy as np

from bot.answering.bm25 import Inverted, Postings
from bot.answering.chars import CharCosine
from bot.answering.soft import SoftMatch
from bot.document import Document
from bot.text.language import analyzer, fold
from bot.vectors import sentences as encoder
from bot.vectors import words as embeddings

# Tuned on the odd-position SQuAD dev articles (see bot.evaluation.answers).
K1 = 0.9
B = 0.75
SENTENCE_K1 = 0.9
SENTENCE_B = 0.5
PREFIX = 5  # letters two terms share to count as relatives
# the sentence model costs 12 to 20 ms per sentence to index: above this many sentences
# (a 14,000-word report) the first question would wait too long, so only the lexical
# signals rank (the "lexical" weights)
MODEL_MAX_SENTENCES = 600


class Corpus:
    """The built index data of one document."""

    def __init__(self, document: Document, *, sentence_model: bool | None = None) -> None:
        self.document = document
        self.language = document.language
        language_tools = analyzer(document.language)
        self._analyze = language_tools.terms
        self.stop_words = language_tools.stop_words
        self._words = language_tools.words
        paragraphs = [p.text for p in document.paragraphs]
        sentences: list[str] = []
        owner: list[int] = []
        sentence_terms: list[list[str]] = []
        sentence_words: list[list[str]] = []
        para_terms: list[list[str]] = []
        para_words: list[list[str]] = []
        for i, p in enumerate(document.paragraphs):
            para_words.append(self.plain_words(fold(p.text)))
            # the sentences are verbatim pieces of the paragraph, so their terms make up
            # the paragraph's: the text is analysed once
            terms: list[str] = []
            for s in p.sentences or (p.text,):
                sentences.append(s)
                owner.append(i)
                sentence_terms.append(self.terms(s))
                sentence_words.append(self.plain_words(fold(s)))
                terms.extend(sentence_terms[-1])
            para_terms.append(terms)
        self.size = len(paragraphs)
        self.n = max(len(paragraphs), 1)
        self.paragraphs = Postings(para_terms, K1, B)
        self.sentences_text = sentences
        self.sentence_owner = np.asarray(owner, dtype=np.int64)
        self.sentences = Postings(sentence_terms, SENTENCE_K1, SENTENCE_B)
        self.sentence_terms = sentence_terms
        self.soft = SoftMatch(sentence_words, self.sentence_owner, len(paragraphs))
        sums = embeddings.embedder().sums(sentences)
        by_paragraph = np.zeros((len(paragraphs), sums.shape[1]), dtype=np.float32)
        np.add.at(by_paragraph, self.sentence_owner, sums)
        self.paragraph_vectors = embeddings.unit(by_paragraph)
        self.sentence_vectors = embeddings.unit(sums)
        if sentence_model is None:
            sentence_model = document.language == "english" and len(sentences) <= MODEL_MAX_SENTENCES
        # the sentence model's unit vectors of each sentence and each paragraph (the mean
        # of its sentences'), or None when the model is not used
        self.meanings: tuple[np.ndarray, np.ndarray] | None = None
        if sentence_model:
            meanings = encoder.encoder().vectors(sentences)
            by_paragraph = np.zeros((len(paragraphs), meanings.shape[1]), dtype=np.float32)
            np.add.at(by_paragraph, self.sentence_owner, meanings)
            self.meanings = (meanings, embeddings.unit(by_paragraph))
        self.bigrams: Inverted[tuple[str, str]] = Inverted(
            [dict.fromkeys(zip(terms, terms[1:], strict=False), 1) for terms in para_terms]
        )
        self.plain = Postings(para_words, K1, B)
        self.sentence_chars = CharCosine(sentences)
        self.paragraph_chars = CharCosine(paragraphs)
        self.log_length = np.log1p(np.asarray([len(t) for t in para_terms], dtype=np.float64))
        # terms by their first letters, for questions that word a thing differently
        self.relatives: dict[str, list[str]] = {}
        for term in self.paragraphs.postings.terms():
            if len(term) >= PREFIX:
                self.relatives.setdefault(term[:PREFIX], []).append(term)

    def terms(self, text: str) -> list[str]:
        """Index terms of ``text``: "Temur" in a question finds "Temür" in the text."""
        return self._analyze(fold(text))

    def plain_words(self, text: str) -> list[str]:
        """The words of ``text`` without stop words, unstemmed."""
        stops = self.stop_words
        return [w for w in self._words(text) if w not in stops]

    def words(self, text: str) -> list[str]:
        return self._words(text)
