"""The ranking signals of every paragraph for one question.

``lexical`` computes, over all paragraphs, the cheap signals (BM25 of paragraphs,
of their best sentence and of unstemmed words; idf-weighted coverage; adjacent term
pairs; character 4-gram cosines; question terms the paragraph holds only a relative
of; Dirichlet query likelihood; in-order matches; word-vector nearest-word matches
and text-vector cosines). ``semantic`` adds, for the candidates a first stage kept,
the sentence model's cosines, and ``typed`` the question-type signals (a sentence
holding the kind of expression asked for, a paragraph introducing the person asked
about). All are shares, cosines or unit-scaled scores, so weights carry across
documents of any length.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from bot.answering import qtypes
from bot.answering.arrays import best_per_owner, unit_scaled
from bot.answering.corpus import PREFIX, DocumentIndex
from bot.text import rarity as wordstats
from bot.text.language import fold
from bot.vectors import words as embeddings

MU = 200.0  # Dirichlet prior of the paragraph language model, in words
SENTENCE_MU = 20.0  # the same for sentences
FILLER_WEIGHT = 0.3  # question words that say what kind of answer is wanted, not what about
SOFT_CLOSE = 0.5  # a nearest-word cosine counted by the "close" soft matches
ORDER_CANDIDATES = 200  # sentences per question given the in-order match
EXPAND_MIN = 0.6  # word-vector cosine for a document word to join the query
EXPAND_MOST = 3  # document words added per question word

# stems of words that frame a question ("another term for", "what was it called", "how
# long", "in what year", "where is it located"); the later ones are the words found least
# often in the gold paragraph of the questions that use them, on the odd-position articles
FILLER = frozenset(
    "term name call refer known type kind exampl describ word mean long happen caus titl "
    "percentag occur give shown make hold main locat begin start place made reason date "
    "month year".split()
)


@dataclass
class Lexical:
    """The lexical signals of one question against every paragraph."""

    features: dict[str, np.ndarray]  # name -> one value per paragraph
    sentence_match: np.ndarray  # per sentence: unit BM25 + coverage (picks the quoted one)
    paragraph_cover: np.ndarray  # idf-weighted share of the question each paragraph holds
    sentence_cover: np.ndarray  # the same per sentence
    sentence_chars: np.ndarray  # per sentence: character 4-gram cosine with the question


def term_weights(index: DocumentIndex, query: list[str]) -> dict[str, float]:
    """idf-like weight of each distinct query term, never negative; a term the document
    lacks weighs most, so questions about other things cover little."""
    out = {}
    for term in query:
        df = index.paragraphs.df(term)
        weight = math.log(1.0 + (index.n_docs - df + 0.5) / (df + 0.5))
        out[term] = weight * (FILLER_WEIGHT if term in FILLER else 1.0)
    return out


def rarity_of(index: DocumentIndex, question: str) -> dict[str, float]:
    """Each question term's rarity in the language at large (of the rarest word it
    comes from)."""
    out: dict[str, float] = {}
    for word in index.words(fold(question)):
        for term in index.analyze(word):
            out[term] = max(out.get(term, 0.0), wordstats.rarity(word, index.language))
    return out


def _related(index: DocumentIndex, weights: dict[str, float]) -> np.ndarray:
    """Per paragraph, the summed weight of question terms it lacks but holds a
    relative of (a term with the same first letters)."""
    out = np.zeros(index.n)
    for term, weight in weights.items():
        if len(term) < PREFIX:
            continue
        found = np.zeros(index.n, dtype=bool)
        for other in index.relatives.get(term[:PREFIX], ()):
            hit = index.paragraphs.postings.get(other) if other != term else None
            if hit is not None:
                found[hit[0]] = True
        exact = index.paragraphs.postings.get(term)
        if exact is not None:
            found[exact[0]] = False
        out[found] += weight
    return out


def _ordered(
    index: DocumentIndex, query: list[str], weights: dict[str, float], s_cover: np.ndarray
) -> np.ndarray:
    """Per sentence, the weight of the longest run of question terms it holds in the
    question's order, gaps allowed (a question often restates one sentence with the
    answer swapped for "what"). Only the best-covering sentences sharing two terms
    or more are worth the dynamic programme."""
    out = np.zeros(len(index.sentence_terms))
    distinct = set(query)
    if len(distinct) < 2:
        return out
    shared = index.sentences.coverage(dict.fromkeys(distinct, 1.0))
    candidates = np.flatnonzero(shared >= 2)
    if len(candidates) > ORDER_CANDIDATES:
        candidates = candidates[np.argsort(-s_cover[candidates], kind="stable")]
        candidates = candidates[:ORDER_CANDIDATES]
    for at in candidates:
        out[at] = ordered_weight(query, index.sentence_terms[at], weights)
    return out


def lexical(index: DocumentIndex, query: list[str], question: str) -> Lexical:
    n = index.n
    owner = index.sentence_owner
    weights = term_weights(index, query)
    total = sum(weights.values()) or 1.0
    term_weight = {t: FILLER_WEIGHT for t in weights if t in FILLER}
    p_bm25 = index.paragraphs.scores(query, term_weight)
    s_bm25 = index.sentences.scores(query, term_weight)
    p_cover = index.paragraphs.coverage(weights) / total
    s_cover = index.sentences.coverage(weights) / total
    # in one article idf is noisy: a common word can be as rare there as a name
    rarity = rarity_of(index, question)
    rare = {t: w * rarity.get(t, wordstats.NEUTRAL) for t, w in weights.items()}
    rare_total = sum(rare.values()) or 1.0
    pairs = np.zeros(n)
    for pair in set(zip(query, query[1:], strict=False)):
        hit = index.bigrams.get(pair)
        if hit is not None:
            pairs[hit[0]] += 1.0
    s_chars = index.sentence_chars.scores(question)
    c_best, _ = best_per_owner(s_chars, owner, n)
    plain = index.plain_words(fold(question))
    s_likely = index.sentences.likelihood(query, SENTENCE_MU, index.paragraphs)
    features = {
        "bm25": unit_scaled(p_bm25),
        "sentence_bm25": unit_scaled(best_per_owner(s_bm25, owner, n)[0]),
        "cover": index.paragraphs.coverage(rare) / rare_total,
        "sentence_cover": best_per_owner(index.sentences.coverage(rare) / rare_total, owner, n)[0],
        "bigrams": pairs,
        "words": unit_scaled(index.plain.scores(plain)),
        "char_sentence": c_best,
        "char_paragraph": index.paragraph_chars.scores(question),
        "length": index.log_length,
        "relatives": _related(index, weights) / total,
        "likelihood": index.paragraphs.likelihood(query, MU, index.paragraphs),
        "sentence_likelihood": best_per_owner(
            s_likely - s_likely.min() if len(s_likely) else s_likely, owner, n
        )[0],
        "order": best_per_owner(_ordered(index, query, weights, s_cover) / total, owner, n)[0],
    }
    features.update(_soft(index, question, list(dict.fromkeys(plain))))
    return Lexical(
        features=features,
        sentence_match=unit_scaled(s_bm25) + s_cover,
        paragraph_cover=p_cover,
        sentence_cover=s_cover,
        sentence_chars=s_chars,
    )


def _soft(index: DocumentIndex, question: str, words: list[str]) -> dict[str, np.ndarray]:
    """Signals from word vectors: the question's words matched by their nearest word
    in each sentence and paragraph (weighted by idf, or idf times rarity; as is, cubed,
    or only when close), and the cosine of the whole question's vector with each
    paragraph's and each sentence's. ``words`` are the question's distinct plain words."""
    n = index.n
    owner = index.sentence_owner
    similar = index.soft.similar(words)
    sentences, paragraphs = index.soft.best(words, similar)
    # query expansion: the document's words close to a question word, weighted by closeness
    expansion = index.soft.neighbours(words, similar, EXPAND_MIN, EXPAND_MOST)
    expanded = np.zeros(n)
    for word, closeness in expansion.items():
        expanded += closeness * index.plain.scores([word])
    df = np.asarray([index.soft.df_of(w) for w in words])
    idf = np.log1p((index.n_docs - df + 0.5) / (df + 0.5))
    rare = idf * np.asarray([wordstats.rarity(w, index.language) for w in words])

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
        "vector_paragraph": index.paragraph_word_vectors @ asked,
        "vector_sentence": best_per_owner(index.sentence_word_vectors @ asked, owner, n)[0],
        "expanded": unit_scaled(expanded),
    }


def candidate_sentences(index: DocumentIndex, candidates: np.ndarray) -> np.ndarray:
    """The sentence rows of the paragraphs ``candidates``, in the candidates' order."""
    if not len(candidates):
        return np.zeros(0, dtype=np.int64)
    return np.concatenate(
        [np.arange(index.first_sentence[p], index.first_sentence[p + 1]) for p in candidates]
    )


def semantic(
    index: DocumentIndex, asked: np.ndarray, candidates: np.ndarray
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The sentence model's signals for the paragraphs ``candidates`` (0 elsewhere): the
    cosine of the question's meaning with the closest sentence's and with the
    paragraph's (the mean of its sentences'), and the per-sentence cosines (0 for a
    sentence without a vector)."""
    assert index.vectors is not None
    n = index.n
    rows = candidate_sentences(index, candidates)
    cosines = index.vectors.cosines(asked, rows)
    keep = np.zeros(len(cosines), dtype=bool)
    keep[rows] = True
    keep &= index.vectors.filled
    best, _ = best_per_owner(cosines, index.sentence_owner, n)
    paragraph = np.zeros(n)
    kept = np.flatnonzero(keep)
    if len(kept):
        # each candidate paragraph's vector is the mean of its sentences'
        owners, starts = np.unique(index.sentence_owner[kept], return_index=True)
        sums = np.add.reduceat(index.vectors.rows[kept].astype(np.float32), starts, axis=0)
        paragraph[owners] = embeddings.unit(sums) @ asked
    return {"model_sentence": best, "model_paragraph": paragraph}, cosines


# how close a word's vector must come to a counted noun the document never uses to stand
# for it ("rocks": "stones" 0.57; not "airlines": "carriers" 0.33, nor "places": "venues")
COUNTED_ALIKE = 0.5
# words that follow "how many/much" without naming what is counted
_NOT_COUNTED = frozenset("mani much more peopl time".split())
# "how much bigger", "how much less rain": a comparison asks by how much, not how much of it
_COMPARATIVES = frozenset(
    "more less fewer extra bigger larger smaller faster slower quicker higher lower longer "
    "shorter cheaper dearer older younger heavier lighter stronger weaker better worse greater "
    "further farther wider narrower deeper taller richer poorer hotter colder warmer cooler "
    "louder later earlier sooner".split()
)


def _counted_alike(index: DocumentIndex, words: tuple[str, ...]) -> set[str]:
    """The document's (plain) words whose vectors come close to what is counted
    (COUNTED_ALIKE): "stones" for "rocks", "vehicles" for "cars"."""
    asked = [w for w in words if w not in _COMPARATIVES]
    close = index.soft.neighbours(asked, index.soft.similar(asked), COUNTED_ALIKE, 3)
    # what is counted is named in the plural ("two stones"), not as "location"; and as
    # the word itself: "locations" does not make "located" a count of places
    many = any(qtypes.plural(w) for w in asked)
    return {w for w in close if qtypes.plural(w) or not many}


def _names_counted(counted: set[str], terms: list[str]) -> bool:
    """Whether a sentence's ``terms`` name what is counted, a compound's part too:
    "rain" in "rainfall", "stations" in "a 14-station trip"."""
    return any(
        t == c or (len(c) >= 4 and (t.startswith(c) or t.endswith("-" + c)))
        for t in terms
        for c in counted
    )


@dataclass
class Typed:
    """Question-type signals per paragraph, and per sentence whether it holds the kind of
    expression the question asks for (all True for kinds that ask for none)."""

    features: dict[str, np.ndarray]
    sentence_holds: np.ndarray


TYPED_FEATURES = (
    "type_sentence",
    "type_paragraph",
    "cause_sentence",
    "intro",
    "first_mention",
    "head_sentence",
    "head_paragraph",
    "quoted_sentence",
    "stance",
    "name_cover",
    "name_cover_sentence",
    "modal_sentence",
    "person_sentence",
)
# capitalised words of a question after its first, and the words that are never names
_NAME_IN_QUESTION = re.compile(r"\b[A-Z][\w'’.-]*")
_QUESTION_WORDS = frozenset(
    "i what who whom whose which when where why how is are was were did does do has have "
    "had can could will would should".split()
)


def question_names(question: str) -> list[str]:
    """The names a question capitalises ("Kentucky" in "Who won the race in Kentucky?")."""
    words = _NAME_IN_QUESTION.findall(question)
    if words and question.lstrip().startswith(words[0]):
        words = words[1:]
    return [w.strip(".’'") for w in words if w.lower().strip(".’'") not in _QUESTION_WORDS]


def typed(
    index: DocumentIndex,
    kind: qtypes.QuestionType,
    question: str,
    best: np.ndarray,
    candidates: np.ndarray,
) -> Typed:
    """``best`` is each paragraph's quoted sentence row (-1 for none). Only the
    sentences of ``candidates`` are looked at: the regexes cost time per sentence."""
    n = index.n
    owner = index.sentence_owner
    holds = np.ones(len(index.sentence_texts), dtype=bool)
    out = {name: np.zeros(n) for name in TYPED_FEATURES}
    rows = candidate_sentences(index, candidates)
    if kind.kind in qtypes.TYPED or kind.kind == qtypes.WHY:
        asked = qtypes.numbers_in(question)
        holds[:] = False
        holds[rows] = index.sentence_kinds(kind.kind, kind.unit, asked, rows)
        if kind.kind == qtypes.QUANTITY and kind.counted:
            # "how many tanks": the number must come with what is counted, in one sentence
            counted = {
                t for w in kind.counted if w not in _COMPARATIVES for t in index.terms(w)
            } - _NOT_COUNTED
            alike: set[str] = set()
            if counted and all(index.paragraphs.postings.get(t) is None for t in counted):
                # "how many rocks" of a page that says "two stones": the page's own word
                alike = _counted_alike(index, kind.nouns or kind.counted)
            if alike:
                texts = index.sentence_texts
                holds[rows] &= np.asarray(
                    [bool(alike.intersection(index.plain_words(fold(texts[r])))) for r in rows],
                    dtype=bool,
                )
            elif counted:
                near = np.asarray(
                    [_names_counted(counted, index.sentence_terms[r]) for r in rows], dtype=bool
                )
                holds[rows] &= near
        per_paragraph = np.bincount(owner, weights=holds.astype(float), minlength=n) > 0
        at_best = np.where(best >= 0, holds[np.maximum(best, 0)], False)
        name = "cause_sentence" if kind.kind == qtypes.WHY else "type_sentence"
        out[name] = at_best.astype(float)
        if kind.kind != qtypes.WHY:
            out["type_paragraph"] = per_paragraph.astype(float)
    if kind.kind == qtypes.WHICH and kind.head:
        # "which law": how close the nearest word comes to "law" ("Act", "legislation")
        sentences, paragraphs = index.soft.best([kind.head])
        out["head_paragraph"] = paragraphs[0]
        out["head_sentence"] = np.where(best >= 0, sentences[0][np.maximum(best, 0)], 0.0)
    if kind.kind == qtypes.AUTHOR:
        # what the writer wants: a paragraph in the writer's voice, saying what should be done
        rows_stance = np.asarray([qtypes.takes_a_stance(index.sentence_texts[r]) for r in rows], dtype=float)
        stance = np.zeros(len(index.sentence_texts))
        stance[rows] = rows_stance
        out["stance"] = (np.bincount(owner, weights=stance, minlength=n) > 0).astype(np.float64)
    names = [terms for terms in (index.terms(w) for w in question_names(question)) if terms]
    if names:
        # a question's names belong in its answer: the Mississippi race does not answer
        # "who won the race in Kentucky"
        present = np.zeros(n)
        in_sentence = np.zeros(n)
        for terms in names:
            hit = index.paragraphs.postings.get(terms[-1])
            if hit is not None:
                present[hit[0]] += 1.0
            ok = np.asarray([terms[-1] in index.sentence_terms[r] for r in rows], dtype=float)
            per_sentence = np.zeros(len(index.sentence_texts))
            per_sentence[rows] = ok
            in_sentence += np.where(best >= 0, per_sentence[np.maximum(best, 0)], 0.0)
        out["name_cover"] = present / len(names)
        out["name_cover_sentence"] = in_sentence / len(names)
    if qtypes.asks_about_the_past(question) and kind.kind not in (qtypes.AUTHOR, qtypes.WHY):
        # "who won": what happened, not what someone predicted or urged
        modal = np.zeros(len(index.sentence_texts))
        modal[rows] = [qtypes.speculates(index.sentence_texts[r]) for r in rows]
        out["modal_sentence"] = np.where(best >= 0, modal[np.maximum(best, 0)], 0.0)
    if kind.kind == qtypes.PERSON:
        asked_names = {w.lower() for w in question_names(question)}
        person = np.zeros(len(index.sentence_texts))
        person[rows] = [qtypes.names_a_person(index.sentence_texts[r], asked_names) for r in rows]
        out["person_sentence"] = np.where(best >= 0, person[np.maximum(best, 0)], 0.0)
    # a quotation is a claim someone made, not the article's account of what happened
    out["quoted_sentence"] = np.where(best >= 0, index.quoted_share[np.maximum(best, 0)], 0.0)
    if kind.kind in (qtypes.WHO_IS, qtypes.DEFINITION) and kind.target:
        pattern = qtypes.target_pattern(kind.target)
        # "who is the secretary general?" asks who holds a role
        role = kind.kind == qtypes.WHO_IS and not kind.target[:1].isupper()
        if pattern is not None:
            intro = np.zeros(n)
            mentioned = np.zeros(n, dtype=bool)
            full = np.zeros(n, dtype=bool)
            # the first mention may lie outside the candidates: every sentence is
            # looked at, but only those naming the target get the costlier patterns
            for row, text in enumerate(index.sentence_texts):
                if not pattern.search(text):
                    continue
                p = owner[row]
                mentioned[p] = True
                if qtypes.introduces(pattern, text) or (role and qtypes.names_holder(pattern, text)):
                    intro[p] = 1.0
                if kind.kind == qtypes.WHO_IS and qtypes.full_name_mentioned(pattern, text):
                    full[p] = True
            out["intro"] = intro
            first = np.flatnonzero(full if full.any() else mentioned)
            if len(first):
                out["first_mention"][first[0]] = 1.0
    return Typed(out, holds)


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
