"""Whom a sentence is about, so an answer about someone else is not given as the answer.

Readers ask about one company or player ("How much carbon did Microsoft emit in
2018?") and the closest sentence is often the same fact about another ("Including
indirect sources, it emitted more than 44 million metric tons of carbon in 2018.",
where "it" is Amazon). Shared words and meaning cannot see that; the sentence's
subject can.

Only surface cues, as in bot.answering.attribution, and only where they are reliable:

- the question asks for a number, time, duration or frequency of a name, named right
  after the auxiliary or as a possessive ("how much did Microsoft emit", "when did
  Embiid's streak end"): such a fact belongs to its subject. Other questions are
  left alone: "who", "which" and "what company" are answered by another name, "how
  did Tatum do" by what others did to him, "what was the Yuan's state religion" by a
  sentence whose subject is the answer;
- the sentence's subject is the name that opens its main clause (after an opening
  phrase such as "In 2018," and an article), unless the clause is passive ("Newton
  was limited by Denver's defense": the doer is elsewhere). A capitalised first word
  counts only when the document writes it as a name ("Amazon", not "Tension");
- names are the same when they share a word, when one is the other's initials, or
  when the document writes them as one name ("Kublai" and "Khan", "Carolina" and
  "Panthers");
- "it" opening the clause stands for the name the previous sentence of the same
  paragraph opens with; "he"/"she" for that name, or, after "The Sixers ...", the
  last full name there; unless the asked name is in that sentence, when the pronoun
  might be it.

Anything else has no known subject, and then nothing is claimed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from bot.answering.attribution import CLAUSE_WORDS

_WORD = re.compile(r"[\w’'.\-&]+|,")
_NAME_WORD = re.compile(r"^[A-Z][\w’'.\-&]*$")
# capitalised words that open a clause without being anyone's name
_NOT_NAMES = CLAUSE_WORDS | frozenset(
    "there here my your however meanwhile also still yet then thus although though despite "
    "since until during including according last next earlier later today yesterday "
    "tomorrow now each every some many most all both one two three other another such".split()
)
# lower-case words a name may hold between capitalised ones ("Panel on Climate Change")
_CONNECTORS = frozenset("of on for and de la le van von der da al bin".split())
# an opening phrase before the main clause ("In 2018,", "Including indirect sources,")
_OPENERS = frozenset(
    "in on at after before during since until by with without for from as while when "
    "although though despite including according under over between among across "
    "however meanwhile still also then later earlier last this that yet instead recently "
    "separately finally additionally similarly overall ultimately initially currently "
    "eventually indeed".split()
)
_MAX_OPENER_WORDS = 12
_PASSIVE = re.compile(
    r"(?:was|were|is|are|be|been|being|got|gets|(?:has|have|had)\s+been)\s+(?:\w+ly\s+)?"
    r"\w+(?:ed|en|wn|ld|ht|ung)\b"
)
_PERSON_PRONOUNS = frozenset({"he", "she"})
_THING_PRONOUNS = frozenset({"it"})
_BULLETS = "•·*-–—\"“”'‘’ "

_AUX = r"(?:did|does|do|has|have|had|is|are|was|were|will|would|can|could|should|might)"
_Q_NAME = r"[A-Z][\w’'.\-&]*(?:\s+(?:(?:of|de|van|von|der|da|al)\s+)?[A-Z][\w’'.\-&]*)*"
_AFTER_AUX = re.compile(rf"\b(?i:{_AUX})\s+(?:(?i:the)\s+)?({_Q_NAME})(?=\s+[a-z0-9])")
_POSSESSIVE = re.compile(rf"\b({_Q_NAME})[’']s?\s")
# a question asking for a person or a thing is answered by another name
_ASKS_FOR_NAME = re.compile(
    r"^\s*(?:who|whom|whose|which)\b|^\s*what\s+(?!(?:year|time|day|date|month|percentage|"
    r"share|price|amount|number|size|age)\b)(?!" + _AUX + r"\b)[a-z]+",
    re.IGNORECASE,
)

Names = Callable[[str], bool]  # whether a capitalised word is written as a name in the document


def asked_about(question: str) -> list[str]:
    """The names a question asks a number or time of (see the module docstring); the
    caller asks only of questions asking for a number, time, duration or frequency."""
    if _ASKS_FOR_NAME.search(question):
        return []
    found = [m.group(1) for m in _AFTER_AUX.finditer(question)]
    found += [m.group(1) for m in _POSSESSIVE.finditer(question)]
    found = [re.sub(r"[’']s?$", "", n) for n in found]
    return list(dict.fromkeys(n for n in found if n.split()[0].lower() not in _NOT_NAMES))


def _main_clause(sentence: str) -> list[str]:
    """The sentence's words from its main clause on (an opening phrase skipped)."""
    words = _WORD.findall(sentence.lstrip(_BULLETS))
    if words and words[0].lower() in _OPENERS:
        for k, word in enumerate(words[: _MAX_OPENER_WORDS + 1]):
            if word == ",":
                return words[k + 1 :]
    return words


def _is_name_word(word: str) -> bool:
    return bool(_NAME_WORD.match(word)) and word.lower() not in _NOT_NAMES


def _name_run(words: list[str], start: int) -> list[str]:
    run: list[str] = []
    k = start
    while k < len(words):
        bare = re.sub(r"[’']s$", "", words[k])
        if _is_name_word(bare):
            run.append(bare.strip(".’'"))
            if bare != words[k]:  # "Amazon's": the name ends at the possessive
                break
        elif run and bare in _CONNECTORS and k + 1 < len(words) and _is_name_word(words[k + 1]):
            run.append(bare)
        else:
            break
        k += 1
    return run


def _opening(sentence: str, names: Names) -> tuple[str, str | None]:
    """How the main clause opens: ("name", the name), ("person"/"thing", None) for a
    pronoun, or ("", None) when it opens with anything else."""
    words = _main_clause(sentence)
    if not words:
        return "", None
    first = words[0].lower()
    if first in _PERSON_PRONOUNS:
        return "person", None
    if first in _THING_PRONOUNS:
        return "thing", None
    start = 1 if first == "the" else 0
    run = _name_run(words, start)
    if not run or (start == 0 and len(run) == 1 and not names(run[0])):
        return "", None  # "Tension with Paris led to ...": a capitalised common word
    if _PASSIVE.match(" ".join(words[start + len(run) :])):
        return "", None
    return ("the-name" if start else "name"), " ".join(run)


def _last_full_name(sentence: str) -> str | None:
    """The last run of two or more capitalised words not opening the sentence."""
    words = _WORD.findall(sentence)
    found = None
    k = 1
    while k < len(words):
        run = _name_run(words, k) if words[k - 1].lower() != "the" else []
        if len(run) >= 2:
            found = " ".join(run)
        k += max(1, len(run))
    return found


def subject(
    sentences: list[str] | tuple[str, ...], row: int, first: int, names: Names, asked: Iterable[str] = ()
) -> str | None:
    """The name sentence ``row`` is about, or None when its surface does not say.
    ``first`` is the row of its paragraph's first sentence (a pronoun is resolved
    only within the paragraph); ``asked`` are the names the question is about."""
    how, name = _opening(sentences[row], names)
    if how in ("name", "the-name"):
        return name
    if not how or row <= first:
        return None
    before = sentences[row - 1]
    before_how, before_name = _opening(before, names)
    if how == "thing":
        return before_name if before_how in ("name", "the-name") else None
    if any(same(a, before) for a in asked):
        return None  # "he" might be the one asked about
    if before_how == "name":
        return before_name
    if before_how == "the-name":  # "The Sixers got a stint out of Paul Reed. He ..."
        return _last_full_name(before)
    return None


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _stem(word: str) -> str:
    return re.sub(r"s$", "", re.sub(r"[’']s?$", "", word.lower()))


def _stems(text: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"[\w’']+", text) if len(w) > 1}


def same(asked: str, text: str, aliases: Iterable[frozenset[str]] = ()) -> bool:
    """Whether ``text`` names ``asked``: one of its words (a plural or possessive
    ending aside), its initials ("IPCC" for "Intergovernmental Panel on Climate
    Change"), or a word written with one of asked's in a name of ``aliases``."""
    mine, theirs = _stems(asked), _stems(text)
    if mine & theirs:
        return True
    if any(mine & alias and theirs & alias for alias in aliases):
        return True
    if asked.isupper() and len(asked) >= 2:
        return any(_initials(" ".join(run)) == asked for run in _runs(text))
    return False


def aliases(texts: Iterable[str]) -> list[frozenset[str]]:
    """The word stems of every name of two or more words the texts write ("Kublai
    Khan", "Carolina Panthers"): its words name one thing ("Microsoft and Amazon"
    are two)."""
    found = {frozenset(_stem(w) for w in run if w not in _CONNECTORS)
             for text in texts for run in _runs(text) if "and" not in run}
    return [a for a in found if len(a) >= 2]


def _runs(text: str) -> list[list[str]]:
    words = _WORD.findall(text)
    runs = []
    k = 0
    while k < len(words):
        run = _name_run(words, k)
        if len(run) >= 2:
            runs.append(run)
        k += max(1, len(run))
    return runs


def someone_else(
    asked: list[str],
    sentence: str,
    about: str | None,
    named: Iterable[str] = (),
    known: Iterable[frozenset[str]] = (),
) -> bool:
    """Whether a sentence about ``about`` answers a question about ``asked`` for
    someone else: no asked name is anywhere in it, and its subject is none of the
    names the question gives (``named``: all of them, "Sarah Jane" in "did the Doctor
    appear in the Sarah Jane series"), ``known`` being the document's aliases."""
    if not asked or not about:
        return False
    known = list(known)
    if any(same(a, sentence, known) for a in asked):
        return False
    return not any(same(n, about, known) for n in (*asked, *named))
