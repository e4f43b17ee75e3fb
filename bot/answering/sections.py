"""The article's sections: which paragraphs sit under each heading, and which section a
question asks for by name.

A recipe, a how-to or a health page answers "what ingredients do I need?" or "what are
the side effects?" under a heading of that name, often with a list that shares no word
with the question ("• 200 gm bhindi (okra) • 1/3 teaspoon cumin seeds ..."), so no
ranking of paragraphs by their own words finds it. A question names a section when

- every content word of the heading (stemmed, stop words left out) is in the question or
  in the article's title ("How long to proof dough for focaccia" on a focaccia recipe is
  named by "how long to proof the dough?"), and at least one that is not the title's;
- and each other content word of the question is in the title or a word of asking
  (``ASKING``: "need", "use", ...): "how many hours of sun should in-ground hydrangeas
  get?" asks for one fact, not for the part "How to Take Care of Hydrangeas That Are in
  the Ground";

the heading sharing the most words with the question wins, the first on a tie. A heading
that only repeats the title names nothing. Nothing here is fitted: the rule reads what the
page's author wrote. Documents without headings (text files, evaluation sets given as
paragraphs) have no sections, and their answers do not change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.document import Document

# words a reader adds to a request for a section that the section need not contain:
# "what ingredients do I need", "which tools are used", "what are the main side effects"
ASKING = frozenset(
    "need needs needed use used uses using make makes making require requires required "
    "include includes included list main key get go goes put take takes".split()
)
SPAN_PARAGRAPHS = 6  # what a heading without paragraphs of its own spans


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[int, ...]  # indices into Document.paragraphs, in order


def sections(document: Document) -> tuple[Section, ...]:
    """Each heading of ``document`` with the paragraphs after it, up to the next heading;
    a heading with none of its own (a part title such as "Ingredients" over "For the
    dough" and "For the topping") has the paragraphs after it, across the subheadings,
    up to SPAN_PARAGRAPHS of them."""
    found: list[Section] = []
    outline = document.outline()
    # the index in Document.paragraphs of each outline entry that is a paragraph
    numbers: list[int | None] = []
    at = 0
    for kind, _ in outline:
        numbers.append(None if kind == "heading" else at)
        at += kind != "heading"
    for i, (kind, text) in enumerate(outline):
        if kind != "heading":
            continue
        own: list[int] = []
        for number in numbers[i + 1 :]:
            if number is None:
                break
            own.append(number)
        after = own or [n for n in numbers[i + 1 :] if n is not None][:SPAN_PARAGRAPHS]
        if after:
            found.append(Section(text, tuple(after)))
    return tuple(found)


class SectionFinder:
    """Finds the section a question names (see the module docstring). Built once per
    document; ``terms`` is the answer index's analyzer (folding, stemming, stop words)."""

    def __init__(self, document: Document, terms: Callable[[str], list[str]]) -> None:
        title = set(terms(document.title))
        self._asking = {t for word in ASKING for t in terms(word)}
        self._title = title
        self._sections: list[tuple[Section, frozenset[str]]] = []
        for section in sections(document):
            words = frozenset(terms(section.heading))
            if words and not words <= title:
                self._sections.append((section, words))

    def __bool__(self) -> bool:
        return bool(self._sections)

    def asked(self, query: Sequence[str]) -> Section | None:
        """The section the question's terms ``query`` name, or None."""
        asked = set(query)
        best: tuple[Section, int] | None = None
        for section, words in self._sections:
            shared = words & asked
            if not shared or shared <= self._title or not words - asked <= self._title:
                continue
            if all(t in self._title or t in self._asking for t in asked - words):
                if best is None or len(shared) > best[1]:
                    best = (section, len(shared))
        return best[0] if best else None
