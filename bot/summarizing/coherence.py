"""Which summary sentences cannot stand alone, and what they need before them.

An extract is read without the text around it. A sentence that opens with a pronoun
("He said …"), a discourse connective ("However, …", "Better yet, …"), a word that
compares with something said before ("Trump sent a similar message …") or a surname
the summary has not introduced ("Prakash said …") points at a sentence the reader
never sees. For each candidate, ``requirements`` says which earlier candidate must be
in the summary with it (the sentence before it, or the one that first names the
person in full), or that it must not be shown at all.

Surface cues only, English only: other languages get no requirements.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# a longer chain than this (a sentence needing one that needs another ...) is dropped
MAX_CHAIN = 2

_OPEN_QUOTE = "\"'“‘«„"
_LEAD_PUNCT = re.compile(r"^[\s\"'“‘«„(\[—–-]+")
_WORDS = re.compile(r"[A-Za-z][\w'’-]*")

# Openers that continue the previous sentence. Matched case-sensitively on the first
# words, so that "So-called", "Stillwater" or "Thus far" in a name are not taken.
_CONNECTIVES = re.compile(
    r"""^(?:
        However|But|And|Or|Nor|Yet|So|Also|Too|Still|Then|Thus|Hence|Therefore|Meanwhile
      | Moreover|Furthermore|Nevertheless|Nonetheless
      | Additionally|Consequently|Accordingly|Similarly|Likewise|Indeed
      # as prepositions these start a self-contained sentence ("Besides calling for
      # ammunition, the NATO chief said …"); with a comma they point back
      | (?:Further|Besides|Instead|Otherwise|Again|Rather)(?=,)
      | Secondly|Second|Third|Fourth|Finally|Lastly|Plus|Regardless|Alternatively
      | Conversely|Anyway
      | Better\s+yet|Better\s+still|Worse(?:\s+yet|\s+still)?|Even\s+so|Even\s+then|Even\s+worse
      | As\s+a\s+result|As\s+such|In\s+fact|In\s+addition|In\s+contrast|By\s+contrast
      | On\s+the\s+other\s+hand|On\s+the\s+contrary|On\s+top\s+of\s+that|At\s+the\s+same\s+time
      | After\s+all|That\s+said|Having\s+said\s+that|For\s+example|For\s+instance|In\s+turn
      | In\s+other\s+words|That\s+is|Which\s+(?:is\s+to\s+say|means|is\s+why)|Not\s+only\s+that
      | What'?s\s+more|To\s+be\s+sure|Then\s+again|Either\s+way|In\s+the\s+meantime
      | Because\s+of\s+(?:this|that)|Despite\s+(?:this|that)|In\s+(?:this|that)\s+case
      | Until\s+then|Since\s+then|By\s+then|At\s+that\s+(?:point|time)|Unlike\s+(?:him|her|them|it)
      | First(?=,)
    )(?![\w'’-])""",
    re.VERBOSE,
)
# Pronouns and determiners that point back. "I", "we" and "you" are the writer's and
# reader's own, so they stand alone.
_PRONOUNS = re.compile(
    r"^(?:He|She|They|It|Its|His|Her|Hers|Him|Them|Their|Theirs|Both|Neither|Such|Another|"
    r"Others?|Those|These|This|That|The\s+(?:latter|former|same|other|two|three|pair|couple))\b"
    r"(?!-)"
)
# "This week", "That night", "This paper": time and the document itself are not back-references.
_DEICTIC = re.compile(
    r"^(?:This|That|These|Those)\s+(?:(?:past|coming|last|next|same)\s+)?(?:week|weekend|year|month|"
    r"morning|afternoon|evening|night|day|summer|winter|spring|autumn|fall|season|time|"
    r"paper|study|article|report|book|chapter|section|guide|essay|post|page|piece|story|"
    r"letter|speech|interview|document|review|tutorial|recipe|video|episode|list|work)s?\b"
)
# "It is hard to say whether …", "It was not until …": an empty subject, not a reference.
_EXPLETIVE_IT = re.compile(
    r"^It(?:'s|’s|\s+is|\s+was|\s+will\s+be|\s+would\s+be|\s+has\s+been|\s+had\s+been|\s+seems|"
    r"\s+seemed|\s+remains|\s+appears|\s+may\s+be|\s+might\s+be|\s+can\s+be|\s+could\s+be|\s+should\s+be)"
    r"(?:[\s,]+\w+){0,5}?[\s,]+(?:to|that|whether|how|why|when|if|until|since)\b"
)
# Words early in a sentence that compare with something said before it.
_BACK_REFERENCE = re.compile(
    r"\b(?:similar|similarly|likewise|also|too|again|another|same|such|as\s+well|"
    r"the\s+latter|the\s+former|other\s+(?:hand|side))\b",
    re.IGNORECASE,
)
_BACK_REFERENCE_WORDS = 6
# "Like Mein Kampf, it gave …", "In 2004, he won …": a pronoun subject after a short opening phrase
_PRONOUN_AFTER_PHRASE = re.compile(r"^[^,;:“”\"]{2,40},\s+(?:it|he|she|they)\s+(?!is\s|was\s|'s\s)[a-z]")
# “…,” he said: a quote attributed by pronoun to someone named elsewhere
_QUOTE_BY_PRONOUN = re.compile(r"[,.!?…]\s*[\"”’]\s+(?:he|she|they)\s+[a-z]+")  # only the first few words: "also" late in a sentence is harmless

# Name runs: capitalised words, possibly joined by particles ("Ludwig van Beethoven").
_NAME_RUN = re.compile(
    r"\b[A-Z][a-z][\w'’.-]*(?:\s+(?:(?:de|van|von|der|da|al|bin|le|la|del|di)\s+)?[A-Z][a-z][\w'’-]*)+"
)
_TITLES = frozenset(
    "mr mrs ms miss dr prof sir dame lord lady president senator sen rep representative governor "
    "gov mayor minister secretary general gen colonel col captain capt judge justice rabbi father "
    "sister pope king queen prince princess chancellor chief coach officer detective sergeant sgt "
    "ambassador commissioner professor doctor speaker chairman chairwoman ceo founder director".split()
)
# First words that make a run an institution or a place, not a person.
_NOT_GIVEN_NAMES = frozenset(
    "the a an this that these those its his her their our in on at of for and but or if when "
    "while after before as by with from to new north south east west united national federal "
    "state states city county university college school department ministry court council party "
    "house senate congress parliament supreme democratic republican labour conservative liberal "
    "royal great upper lower central southern northern eastern western international american "
    "british european african asian chinese indian russian world global first second last "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december st saint mount lake river fort port "
    "bank group company corporation inc street avenue road square park museum hospital church".split()
)
_MAX_NAME_WORDS = 4


@dataclass(frozen=True)
class Reading:
    """Why a sentence cannot stand alone, if it cannot."""

    kind: str | None  # "connective", "pronoun", "reference", "surname", "fragment" or None
    surname: str | None = None


def _opening(text: str) -> str:
    return _LEAD_PUNCT.sub("", text)


def opener(text: str) -> Reading:
    """How ``text`` depends on what came before it (kind None: it stands alone).

    Surnames are judged by ``requirements``, which knows the document's names; here a
    sentence only reports the person it opens with."""
    head = _opening(text)
    if not head:
        return Reading(None)
    if head[0].islower():
        # a sentence split inside a quote or a list: the start is elsewhere
        return Reading("fragment")
    if _CONNECTIVES.match(head):
        return Reading("connective")
    if _PRONOUNS.match(head) and not _DEICTIC.match(head) and not _EXPLETIVE_IT.match(head):
        return Reading("pronoun")
    first_words = " ".join(_WORDS.findall(head)[:_BACK_REFERENCE_WORDS])
    if _BACK_REFERENCE.search(first_words):
        return Reading("reference")
    if head[0] != text.lstrip()[0] and _QUOTE_BY_PRONOUN.search(text):
        return Reading("pronoun")
    if _PRONOUN_AFTER_PHRASE.match(head):
        return Reading("pronoun")
    return Reading(None)


def _person(run: str) -> tuple[str, bool] | None:
    """(surname, introduced in full) for a name run that looks like a person's."""
    words = run.replace("’", "'").split()
    words = [w[:-2] if w.endswith("'s") else w for w in words]
    titled = False
    while words and words[0].lower().rstrip(".") in _TITLES:
        words = words[1:]
        titled = True
    if not words or len(words) > _MAX_NAME_WORDS:
        return None
    if words[0].lower() in _NOT_GIVEN_NAMES or any(w.isupper() and len(w) > 1 for w in words):
        return None
    return words[-1], titled or len(words) > 1


def _first_word_surname(text: str) -> str | None:
    """The capitalised word a sentence opens with, after an honorific ("Mr. Clark")."""
    words = _WORDS.findall(_opening(text))[:3]
    while words and words[0].lower().rstrip(".") in _TITLES:
        words = words[1:]
    if not words or not words[0][0].isupper():
        return None
    word = words[0][:-2] if words[0].endswith(("'s", "’s")) else words[0]
    # a full name opening the sentence introduces the person there and then
    if len(words) > 1 and words[1][:1].isupper():
        return None
    return word


def requirements(
    texts: Sequence[str],
    previous: Sequence[int | None],
    *,
    title: str = "",
    language: str = "english",
) -> list[tuple[int, ...] | None]:
    """For each candidate sentence, the candidates that must be shown before it.

    ``texts`` are the candidates in document order; ``previous[i]`` is the candidate
    that is the sentence just before candidate ``i`` in the document, or None when that
    sentence is not a candidate (a caption, a heading) or there is none. The answer for
    ``i`` is ``()`` (stands alone), a tuple of candidates to show with it, or None (it
    points at something no summary can show: leave it out).
    """
    if language != "english":
        return [() for _ in texts]
    # Where each person is first named in full, and whether they were ever named so.
    introduced: dict[str, int] = {}
    for i, text in enumerate(texts):
        for match in _NAME_RUN.finditer(text):
            person = _person(match.group(0))
            if person and person[1]:
                introduced.setdefault(person[0], i)
    in_title = {w.strip("'’").lower() for w in _WORDS.findall(title)}
    direct: list[tuple[int, ...] | None] = []
    for i, text in enumerate(texts):
        reading = opener(text)
        if reading.kind is not None:
            if i == 0 and previous[i] is None:
                # the document's first sentence points at its title, which the reader sees
                direct.append(())
            else:
                prior = previous[i]
                direct.append((prior,) if prior is not None else None)
            continue
        surname = _first_word_surname(text)
        where = introduced.get(surname) if surname else None
        if surname and where is not None and where < i and surname.lower() not in in_title:
            direct.append((where,))
        else:
            direct.append(())
    return [_closure(i, direct) for i in range(len(texts))]


def _closure(i: int, direct: Sequence[tuple[int, ...] | None]) -> tuple[int, ...] | None:
    needed: list[int] = []
    frontier = [i]
    while frontier:
        at = frontier.pop()
        wants = direct[at]
        if wants is None:
            return None
        for j in wants:
            if j != i and j not in needed:
                needed.append(j)
                frontier.append(j)
        if len(needed) > MAX_CHAIN:
            return None
    return tuple(sorted(needed))
