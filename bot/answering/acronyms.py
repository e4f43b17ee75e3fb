"""Acronyms and the names they stand for, as one document writes them.

News names an organisation in full once and by its initials after ("Brookhaven Police
Department reported ..." then "BPD said ..."). Asked "what did the Brookhaven Police
Department say?", the bot must hear "BPD said" as the department speaking. An acronym is
read as the name in the document whose capitalised words have those initials (small
joining words such as "of" and "and" skipped: "Universities and Colleges Employers
Association" is UCEA). Nothing is guessed beyond the document.

Only who speaks uses this, not the ranking's words: adding a question's acronym's full
name to its words pulled every "IPCC" question towards the one paragraph spelling it out
(SQuAD held-out top-1 85.7 -> 84.7 %), and adding it only where the document never writes
the acronym still made questions asked of the wrong article look answered more often
(declined 97.1 -> 96.5 %), with no reader question helped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_ACRONYM = re.compile(r"\b[A-Z]{2,6}s?\b")
# capitalised words, and the small words that may join them inside a name
_WORD = re.compile(r"[A-Za-z][\w’'&-]*")
_JOINERS = frozenset({"of", "and", "for", "the", "on", "in", "&"})
_MAX_NAME_WORDS = 8


def _names(text: str) -> Iterable[list[str]]:
    """Runs of capitalised words (joining words allowed inside) in ``text``."""
    run: list[str] = []
    pending: list[str] = []  # a joining word just after a capitalised one ("of")
    end = 0
    for m in _WORD.finditer(text):
        word = m.group(0)
        if run and text[end : m.start()].strip():
            # punctuation between ("Operator, the nonprofit") ends a name
            yield run
            run, pending = [], []
        end = m.end()
        if word[0].isupper() and not word.isupper():
            run.extend(pending)
            run.append(word)
            pending = []
        elif run and word.lower() in _JOINERS and not pending:
            pending.append(word)
        else:
            if run:
                yield run
            run, pending = [], []
    if run:
        yield run


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w.lower() not in _JOINERS).upper()


class Acronyms:
    """The document's names by their initials and the acronyms it writes, each found the
    first time a question needs it (a long document's names cost a fifth of a second)."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._texts = texts
        self._by_initials: dict[str, str] | None = None
        self._written: set[str] | None = None

    def _names_by_initials(self) -> dict[str, str]:
        if self._by_initials is None:
            found: dict[str, str] = {}
            ambiguous: set[str] = set()
            for text in self._texts:
                for run in _names(text):
                    for key, name in _spans(run):
                        if found.setdefault(key, name) != name:
                            ambiguous.add(key)
            self._by_initials = {k: v for k, v in found.items() if k not in ambiguous}
        return self._by_initials

    def _acronyms_written(self) -> set[str]:
        if self._written is None:
            self._written = {
                m.group(0).rstrip("s") for text in self._texts for m in _ACRONYM.finditer(text)
            }
        return self._written

    def also_called(self, text: str) -> list[str]:
        """The other ways the document writes the names and acronyms in ``text``: "BPD"
        for "Brookhaven Police Department", "Independent System Operator" for "ISO"."""
        return [other for _, other in self._pairs(text)]

    def _pairs(self, text: str) -> list[tuple[str, str]]:
        """(form in ``text``, the document's other form of it) for each acronym and name."""
        found: dict[str, str] = {}
        for m in _ACRONYM.finditer(text):
            asked = m.group(0).rstrip("s")
            name = self._names_by_initials().get(asked)
            if name is not None and name.casefold() not in text.casefold():
                found.setdefault(name, asked)
        for run in _names(text):
            for key, name in _spans(run):
                if key not in text and key in self._acronyms_written():
                    found.setdefault(key, name)
        return [(asked, other) for other, asked in found.items()]


def _spans(run: list[str]) -> Iterable[tuple[str, str]]:
    """(initials, name) of each stretch of two or more capitalised words of ``run`` that
    neither starts nor ends with a joining word."""
    for start in range(len(run)):
        if run[start].lower() in _JOINERS:
            continue
        for end in range(start + 2, min(len(run), start + _MAX_NAME_WORDS) + 1):
            if run[end - 1].lower() in _JOINERS:
                continue
            words = run[start:end]
            key = _initials(words)
            if len(key) >= 2:
                yield key, " ".join(words)

