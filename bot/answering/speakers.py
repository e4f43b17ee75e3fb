"""Questions about what a person said: whose paragraphs to quote, or that the person
is never quoted.

bot.answering.attribution finds who speaks in each paragraph (named next to a speech verb,
"he said" carried over from the last speaker, quotes nearby). Here that becomes a
tier per paragraph, and the plain fact a reader needs when the article only talks
*about* someone: "Putin isn't quoted in the article; he is mentioned in ...".
Mentions are looked for everywhere, inside quotations too ("We see no signs that
President Putin is preparing for peace," Stoltenberg said), because that is where
a person who does not speak is usually mentioned.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from bot.answering import attribution as entities
from bot.text.language import fold

SPEAKER_BONUS = 10.0  # per tier: puts the asked-about person's paragraphs above the rest
SPEAKER_NUDGE = 0.3  # when the question has a topic of its own, the speaker only breaks ties
QUOTED_TIER = 2.0  # from this tier on, the person speaks in the paragraph
SPEAKS_TIER = 1.5  # the person says something the attribution does not credit (entities.speaks)
ROLE_TIER = 2.0  # the person speaks as "the director", a role the document gives them alone


@dataclass(frozen=True)
class Speaker:
    """The person a speech question asks about, as found in the document."""

    name: str  # as the question writes it
    key: str | None  # bot.answering.attribution' key (surname, lower case); None if never a name run
    tiers: np.ndarray  # per paragraph: 3 named speaker, 2 "he said", 1.5 speaks unattributed,
    # 1 quoted nearby, 0.5 mentioned
    mentions: np.ndarray  # per paragraph: the name occurs anywhere (inside quotes too)

    @property
    def silent(self) -> bool:
        """Nothing suggests the person says anything in the article: only then may the
        reply say plainly that they are not quoted (otherwise their paragraphs answer)."""
        return not len(self.tiers) or float(self.tiers.max()) < SPEAKS_TIER

    @property
    def mentioned(self) -> bool:
        return bool(self.mentions.any())


class Speakers:
    """Who speaks where in one document, worked out on the first speech question."""

    def __init__(self, paragraphs: list[str], sentences: Sequence[Sequence[str]]) -> None:
        """``sentences``: each paragraph's sentences, as the document splits them."""
        self._raw = (paragraphs, sentences)
        self._attribution: list[entities.Attribution] | None = None

    # names are matched without accents: a reader asks about "Velazquez" on a page that
    # writes "Velázquez" (and "Velazquez isn't mentioned" would be false)
    @cached_property
    def _paragraphs(self) -> list[str]:
        return [fold(p) for p in self._raw[0]]

    @cached_property
    def _sentences(self) -> list[list[str]]:
        return [[fold(s) for s in paragraph] for paragraph in self._raw[1]]

    @property
    def attribution(self) -> list[entities.Attribution]:
        if self._attribution is None:
            self._attribution = entities.attribute(self._paragraphs)
        return self._attribution

    def find(self, speech: entities.SpeechQuestion, also: Sequence[str] = ()) -> Speaker:
        """Who ``speech`` asks about and where they speak; ``also`` are other ways the
        document writes the name ("BPD" for "Brookhaven Police Department")."""
        speech = replace(speech, tokens=tuple(fold(t) for t in speech.tokens))
        people = set().union(*(a.mentioned for a in self.attribution)) if self.attribution else set()
        # "what did the police detective say": whoever the page calls the detective, not
        # the Miami-Dade Police
        held = entities.role_holder(speech.tokens[-1], self._paragraphs, people) if speech.tokens else None
        key = held or entities.resolve(speech, people)
        tiers = np.zeros(len(self._paragraphs))
        if key is not None:
            for i, a in enumerate(self.attribution):
                if key in a.named_speakers:
                    tiers[i] = 3
                elif key in a.speakers:
                    tiers[i] = 2
                elif key in a.mentioned and a.quotes:
                    tiers[i] = 1
                elif key in a.mentioned:
                    tiers[i] = 0.5
        surname = held or (speech.tokens[-1] if speech.tokens else "")
        words = [re.escape(w) for w in (surname, *(fold(a) for a in also)) if w]
        pattern = re.compile(rf"\b(?:{'|'.join(words)})\b", re.IGNORECASE) if surname else None
        # the attribution knows no acronyms: "BPD said" is the Brookhaven Police Department
        alias = re.compile(rf"\b(?:{'|'.join(words[1:])})\b") if surname and also else None
        # a name is capitalised where the text uses it ("what did the dermatologist say"
        # in chat style is not about a person called Dermatologist)
        mentions = np.asarray(
            [bool(pattern) and _named(pattern, p) for p in self._paragraphs],  # type: ignore[arg-type]
            dtype=np.bool_,
        )
        if key is not None:
            # news names someone once and then by role: "the PAHO Director also urged ..."
            roles = entities.roles_of(key, self._paragraphs, people)
            for i, sentences in enumerate(self._sentences):
                if tiers[i] < ROLE_TIER and any(entities.speaks_as(r, sentences) for r in roles):
                    tiers[i] = ROLE_TIER
        # words the attribution missed: when it credits this person with none, under any
        # name (an acronym, a verb a few words on, "she said" after the name); otherwise
        # under the acronyms it does not know
        missed = pattern if pattern is not None and float(tiers.max(initial=0.0)) < QUOTED_TIER else alias
        if missed is not None:
            for i, paragraph in enumerate(self._paragraphs):
                if tiers[i] < SPEAKS_TIER and missed.search(paragraph) and entities.speaks(
                    self._sentences[i], missed
                ):
                    tiers[i] = SPEAKS_TIER
        return Speaker(speech.name, key, tiers, np.logical_or(mentions, tiers > 0))


_SENTENCE_START = re.compile(r"(?:^|[.!?:;“\"‘(]\s*)$")


def _named(pattern: re.Pattern[str], paragraph: str) -> bool:
    """Whether ``paragraph`` uses the word as a name: capitalised where a sentence does
    not start ("the report" in "what did the report say" is not a person)."""
    for m in pattern.finditer(paragraph):
        if m.group(0)[0].isupper() and not _SENTENCE_START.search(paragraph[max(0, m.start() - 3) : m.start()]):
            return True
    return False


_QUOTE = re.compile(r"[“”\"]")
_SAID_BY_PRONOUN = re.compile(
    rf"\b(?:he|she)\s+(?:{'|'.join(sorted(entities.SPEECH_VERBS))})\b", re.IGNORECASE
)


def speaker_sentence(sentences: tuple[str, ...] | list[str], key: str) -> str | None:
    """The sentence naming the speaker, which shows who said it; when the paragraph
    names them and then quotes them as "she said" ("Warren, who has ..., makes an
    exception. ... “a live demonstration ...,” she said Tuesday."), the quote."""
    key = fold(key)
    named = [s for s in sentences if key in {w.lower() for w in fold(s).replace("’", " ").split()}]
    named = [s for s in sentences if key in fold(s).lower()] if not named else named
    if named and not any(_QUOTE.search(s) for s in named):
        said = [s for s in sentences if _QUOTE.search(s) and _SAID_BY_PRONOUN.search(s)]
        if said:
            return said[0]
    return named[0] if named else None
