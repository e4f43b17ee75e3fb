"""Paragraph and sentence splitting, offline.

pySBD carries the "Golden Rules" of sentence boundaries (abbreviations,
initials, lists, ellipses, quotes, ...) and scores 97.9 % on them, but it runs
a few hundred regular expressions per call and some of them rescan the whole
text once per abbreviation found, so a long document takes seconds. Most
sentence ends are not hard, though: a plain word, a period, a space, a capital.

So each paragraph is cut first at such *safe* boundaries. A piece between two
of them that has no other sentence-ending character inside (after masking
periods that never end a sentence: "2.5", "example.com", "Mr. Smith") is one
sentence. Only the remaining pieces, short, go to pySBD. The result matches
pySBD on the golden rules and on news text, at a fraction of its time.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

import pysbd
from pysbd.exclamation_words import ExclamationWords
from pysbd.languages import Language

from bot.text.language import BY_NAME, normalize_language

# Sentences longer than this many words are cut (text without punctuation, such
# as a transcript or a table flattened to one line, would otherwise be one
# "sentence" that a summary cannot quote).
MAX_SENTENCE_WORDS = 120
# Pieces handed to pySBD are kept below this many characters: some of its rules
# rescan the text once per abbreviation found, which is quadratic.
_PYSBD_MAX_CHARS = 2_000

_TERMINALS = ".!?\u061f\u06d4\u0964\u3002\uff0e\uff01\uff1f"
# what pySBD also splits at without a terminal: list items ("1) first 2) second", "a)",
# "iv)", bullets)
_LIST_ITEM = re.compile(r"•|(?<![\w(])\(?(?:\d{1,2}|[a-zA-Z]|[ivxIVX]{1,4})\)(?=\s)")
_OPENERS = "\"“‘'«„‚¿¡([‹"
_CLOSERS = "\"”’'»›"

_BLANK_LINES = re.compile(r"\r?\n(?:[ \t\f\v]*\r?\n)+")
_LEADING_BLANK = re.compile(r"\A(?:[ \t\f\v]*\r?\n)+")
_TRAILING_BLANK = re.compile(r"(?:\r?\n[ \t\f\v]*)+\Z")


def split_paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs of ``text``, verbatim except for the blank
    lines around them; whitespace-only paragraphs are dropped."""
    if not isinstance(text, str):
        raise ValueError("split_paragraphs needs a str")
    out = []
    for chunk in _BLANK_LINES.split(text):
        if chunk.strip():
            out.append(_TRAILING_BLANK.sub("", _LEADING_BLANK.sub("", chunk)))
    return out


class _Rules:
    """The fast path's rules for one language, taken from pySBD's own data."""

    def __init__(self, language: str) -> None:
        self.code = BY_NAME[language].sentence_rules
        abbreviation = Language.get_language_code(self.code).Abbreviation

        def names(items: list[str]) -> frozenset[str]:
            return frozenset(a.strip(".").lower() for a in items) - {""}

        self.prepositive = names(abbreviation.PREPOSITIVE_ABBREVIATIONS)
        self.numbered = names(abbreviation.NUMBER_ABBREVIATIONS)
        self.general = names(abbreviation.ABBREVIATIONS) - self.prepositive
        self.exclamation_words = frozenset(w.lower() for w in ExclamationWords.EXCLAMATION_WORDS)
        self.months = _MONTHS if self.code == "en" else frozenset()
        self.terminals = _TERMINALS + (";" if language == "greek" else "")
        term = re.escape(self.terminals)
        # A candidate boundary: a terminal (or a run of ! and ?), closing
        # quotes, a space, then a letter or digit, possibly after an opening
        # quote. (pySBD ends a sentence before a lower-case word too, unless
        # the period belongs to an abbreviation, which mask() hides.)
        # _pieces() keeps the candidates whose preceding token makes them safe.
        self.boundary = re.compile(
            rf"(?:\.|[!?\u061f\uff01\uff1f]{{1,3}}|[{term}])[{re.escape(_CLOSERS)}]* "
            rf"(?=[{re.escape(_OPENERS)}]?[^\W_])"
        )
        # characters that make a piece hard when found inside it (")" only
        # when it closes a list marker such as "2)" or "b)")
        self.hard_chars = re.compile(rf"[{term}•⁃\u2023\u25e6\u2043)]")

    def mask(self, flat: str) -> str:
        """``flat`` with every terminal that cannot end a sentence replaced by
        NUL (same length, so offsets stay valid)."""
        masked = self._mask_periods(flat) if "." in flat else flat
        masked = _mask_quotations(masked, self.terminals)
        if masked is flat:
            return masked
        # a terminal, a closing quote, a space and a capital end a sentence even
        # inside a quotation (pySBD's rule for "This is great." She ...)
        parts = []
        last = 0
        for match in _QUOTE_END.finditer(flat):
            end = match.end() - 3
            parts.append(masked[last : match.start()])
            parts.append(flat[match.start() : end])
            last = end
        if not parts:
            return masked
        parts.append(masked[last:])
        return "".join(parts)

    def _mask_periods(self, flat: str) -> str:
        # Token by token: most tokens have no period, and a regular expression
        # looking backwards from each period would be tried at every position.
        tokens = flat.split(" ")
        last = len(tokens) - 1
        for i, token in enumerate(tokens):
            if "." in token:
                window = token + " " + tokens[i + 1] if i < last else token
                tokens[i] = _PERIOD_MASKS.sub(self._mask_match, window)[: len(token)]
        return " ".join(tokens)

    def _mask_match(self, match: re.Match[str]) -> str:
        found = match.group(0)
        word = match.group(1)
        if word is None:  # not the word alternative: always masked
            return found.replace(".", "\x00")
        # pySBD's abbreviation rules, on the period after a word
        low = word.lower()
        text, end = match.string, match.end()
        if (
            (low in self.prepositive and _AFTER_PREPOSITIVE.match(text, end))
            or (low in self.numbered and _AFTER_NUMBERED.match(text, end))
            or (low in self.general and _AFTER_GENERAL.match(text, end))
        ):
            return found.replace(".", "\x00")
        if "." in word:
            return word.replace(".", "\x00") + "."
        return found

    def safe(self, masked: str, match: re.Match[str]) -> bool:
        """Whether a candidate boundary ends a sentence for sure."""
        at = match.start()
        token = masked[masked.rfind(" ", 0, at) + 1 : at].lstrip(_OPENERS)
        core = token.rstrip(_TRAILERS)
        # numbers ("2."), initials ("E."), dotted abbreviations ("U.S."),
        # URLs and e-mail addresses are left to pySBD
        if len(core) < 2 or not (core[-1].isalpha() or core[-1] == "%" or _year_like(core)):
            if not (core.isdigit() and self._after_month(masked, at - len(token))):
                return False
        if _LETTER_DOT.search(token):
            return False
        mark = masked[at]
        lowered = core.lower()
        if mark == "." and lowered in self.prepositive:
            return False
        return not (mark == "!" and lowered + "!" in self.exclamation_words)

    def _after_month(self, masked: str, at: int) -> bool:
        """Whether the token before ``at`` is a month name ("on May 13.")."""
        if at < 2 or masked[at - 1] != " ":
            return False
        previous = masked[masked.rfind(" ", 0, at - 1) + 1 : at - 1]
        return previous.lower().rstrip("\x00.") in self.months

    def is_hard(self, masked: str, start: int, end: int, hard_at: list[int]) -> bool:
        """Whether the piece masked[start:end] needs pySBD."""
        i = bisect_left(hard_at, start)
        while i < len(hard_at) and hard_at[i] < end:
            at = hard_at[i]
            if masked[at] != ")" or _LIST_MARKER.search(masked, max(start, at - 5), at + 1):
                return True
            i += 1
        return False


# the periods _Rules.mask hides; the first alternative is a word and its period,
# which _Rules._mask_match decides on
_PERIOD_MASKS = re.compile(
    r"(?:(?<=\s)|^)((?:[^\W\d_]+\.)*[^\W\d_]+)\.(?![^\W_])"
    r"|\.(?=[^\W_])"  # "2.5", "example.com"
    r"|(?<!\.)\.\.\.(?![.\s])|(?<!\.)\.\.\.(?=\s+[^\W\d_])(?!\s+[A-Z])"  # "so... and"
    r"|(?<=[\u200e\u200f\u202a-\u202e])\.(?=[\u200e\u200f\u202a-\u202e])"  # bidi marks
)
_AFTER_PREPOSITIVE = re.compile(r"\s|:\d")
_AFTER_NUMBERED = re.compile(r"\s\d|\s+\(")
_AFTER_GENERAL = re.compile(r"[.:\-?,]|\s(?:[a-z]|I\s|I'm|I'll|\d|\()")
_LIST_MARKER = re.compile(r"(?:^|[\s(])(?:\d{1,2}|[a-z]|[ivx]{2,4})\)\Z")
# (not one closing with a comma: "... of our lives,'" Dossaji said. is one sentence)
_OPENING_SPAN = re.compile(
    r"""(?:"[^"]*[^,](?<!,')(?<!,’)"|“[^”]*[^,](?<!,')(?<!,’)”|'[^']*[^,]'|\([^)]{2,}\)) [A-Z]"""
)
_MONTHS = frozenset(
    "january february march april may june july august september october november "
    "december jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_TRAILERS = ")]\"'”’»"
_DIGITS_AT_END = re.compile(r"\d+\Z")
_LETTER_DOT = re.compile(r"[^\W\d_][.\x00]")
_QUOTE_END = re.compile(r"[.!?]+[\"'“”] [A-Z]")


def _year_like(token: str) -> bool:
    """A token ending in digits that pySBD would not take for a list number
    ("2." or "12."): a year, an amount such as "$100.00", "COVID-19"."""
    run = _DIGITS_AT_END.search(token)
    if run is None:
        return False
    if len(run.group(0)) >= 3:
        return True
    return any(ch.isalnum() or ch in "$£€¥\x00," for ch in token[: run.start()])


# pySBD never ends a sentence inside quotes, parentheses, brackets or between
# double dashes (its BetweenPunctuation rules, reproduced here).
_SPANS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("'", re.compile(r"(?<=\s)'(?:[^']|'[a-zA-Z])*'")),
    ("‘", re.compile(r"(?<=\s)‘(?:[^’]|’[a-zA-Z])*’")),
    ('"', re.compile(r'"[^"]*"')),
    ("[", re.compile(r"\[[^\]]*\]")),
    ("(", re.compile(r"\([^()]*\)")),
    ("«", re.compile(r"«[^»]*»")),
    ("--", re.compile(r"--[^-]*--")),
    ("“", re.compile(r"“[^”]*”")),
)
_LEADING_APOSTROPHE_WORD = re.compile(r"(?<=\s)'(?:[^']|'[a-zA-Z])*'\S")


def _mask_quotations(text: str, terminals: str) -> str:
    table = _nul_table(terminals)
    for opener, pattern in _SPANS:
        if opener not in text:
            continue
        if opener == "'" and "' " not in text and _LEADING_APOSTROPHE_WORD.search(text):
            continue  # pySBD's exception for words with a leading apostrophe
        text = pattern.sub(lambda m: m.group(0).translate(table), text)
    return text


@cache
def _nul_table(terminals: str) -> dict[int, str]:
    return dict.fromkeys(map(ord, terminals), "\x00")


@cache
def _rules(language: str) -> _Rules:
    return _Rules(language)


def _segmenter(code: str) -> pysbd.Segmenter:
    # a new one per call: Segmenter.segment() keeps its input on the instance,
    # so one shared between the worker threads would mix their texts up
    return pysbd.Segmenter(language=code, clean=False)


def split_sentences(text: str, language: str = "english") -> list[str]:
    """The sentences of one paragraph, in order, stripped and never empty.

    Whitespace inside a sentence is collapsed to single spaces; no word is lost
    or added. Line breaks end a sentence unless the lines look like wrapped
    prose. Sentences longer than MAX_SENTENCE_WORDS words are cut.
    """
    if not isinstance(text, str):
        raise ValueError("split_sentences needs a str")
    rules = _rules(normalize_language(language))
    out: list[str] = []
    for block in _line_blocks(text):
        flat = " ".join(block.split())
        if not flat:
            continue
        for piece in _pieces(flat, rules):
            if piece.count(" ") >= MAX_SENTENCE_WORDS:
                out.extend(_cap(piece))
            else:
                out.append(piece)
    return out


def _line_blocks(text: str) -> list[str]:
    """Split a paragraph at line breaks that end a sentence.

    Lines of similar length are prose wrapped by a PDF or a plain-text file and
    are joined. Otherwise a line break is a boundary (titles, bylines, captions,
    list lines), unless the next line starts in lower case or the line ends
    with a comma, semicolon or hyphen.
    """
    if "\n" not in text:
        return [text]
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if len(lines) < 2 or _wrapped(lines):
        return [text]
    blocks = [lines[0]]
    for line in lines[1:]:
        if line[0].islower() or blocks[-1][-1] in ",;-–":
            blocks[-1] += " " + line
        else:
            blocks.append(line)
    return blocks


def _wrapped(lines: list[str]) -> bool:
    widths = [len(line) for line in lines[:-1]]
    widest = max(widths)
    return widest >= 30 and min(widths) >= 0.6 * widest


def _pieces(flat: str, rules: _Rules) -> list[str]:
    masked = rules.mask(flat)
    hard_at = [m.start() for m in rules.hard_chars.finditer(masked)]
    out: list[str] = []
    start = 0
    for match in rules.boundary.finditer(masked):
        if match.start() < start or not rules.safe(masked, match):
            continue
        start = _emit(flat, masked, start, match.start(), match.end() - 1, rules, hard_at, out)
    if start < len(flat):
        inner = max(start, len(masked.rstrip(_TRAILERS + rules.terminals)))
        _emit(flat, masked, start, inner, len(flat), rules, hard_at, out)
    return out


def _emit(
    flat: str,
    masked: str,
    start: int,
    inner: int,
    end: int,
    rules: _Rules,
    hard_at: list[int],
    out: list[str],
) -> int:
    """Emit the sentences of flat[start:end] (whose final punctuation starts
    at ``inner``) and return where the next piece starts."""
    # pySBD makes a quotation or parenthesis that opens a sentence and is
    # followed by a capital a sentence of its own: "(CNN) The ..."
    while masked[start] in "\"“'(":
        opening = _OPENING_SPAN.match(masked, start, end)
        if opening is None:
            break
        out.append(flat[start : opening.end() - 2])
        start = opening.end() - 1
    if rules.is_hard(masked, start, inner, hard_at):
        out.extend(_hard(flat[start:end], rules.code))
    else:
        out.append(flat[start:end])
    return end + 1


def _hard(piece: str, code: str) -> list[str]:
    """pySBD on a hard piece, checked: if it lost or invented text, the piece
    stays whole rather than being quoted wrong."""
    out: list[str] = []
    for part in _bounded(piece):
        if not any(c in _TERMINALS for c in part) and not _LIST_ITEM.search(part):
            # nothing ends a sentence here (text without punctuation): pySBD would spend
            # seconds finding no boundary; overlong runs are cut later (_cap)
            out.append(part)
            continue
        found = [s.strip() for s in _segmenter(code).segment(part)]
        found = [s for s in found if s]
        if "".join(found).replace(" ", "") != part.replace(" ", ""):
            found = [part]
        for sentence in found:
            # pySBD ends a sentence after a comma and two closing quotes ("... of our
            # lives,'" Dossaji said.); a comma never ends one
            if out and _COMMA_END.search(out[-1]):
                out[-1] = f"{out[-1]} {sentence}"
            else:
                out.append(sentence)
    return out


_COMMA_END = re.compile(r",[\"'”’»]*\Z")


def _bounded(piece: str) -> list[str]:
    if len(piece) <= _PYSBD_MAX_CHARS:
        return [piece]
    parts = []
    while len(piece) > _PYSBD_MAX_CHARS:
        window = piece[:_PYSBD_MAX_CHARS]
        cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
        if cut < _PYSBD_MAX_CHARS // 2:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = _PYSBD_MAX_CHARS - 1
        parts.append(piece[: cut + 1].strip())
        piece = piece[cut + 1 :].strip()
    if piece:
        parts.append(piece)
    return parts


def _cap(sentence: str) -> list[str]:
    """Cut an overlong sentence into runs of at most MAX_SENTENCE_WORDS words,
    preferably after a comma, semicolon, colon or dash in the second half."""
    words = sentence.split(" ")
    out = []
    i = 0
    while len(words) - i > MAX_SENTENCE_WORDS:
        cut = i + MAX_SENTENCE_WORDS
        for j in range(cut - 1, i + MAX_SENTENCE_WORDS // 2, -1):
            if words[j][-1:] in ",;:" or words[j] in {"-", "–", "—"}:
                cut = j + 1
                break
        out.append(" ".join(words[i:cut]))
        i = cut
    out.append(" ".join(words[i:]))
    return out
