"""Who said what: finding the person a question asks about, and the paragraphs
where that person speaks.

Only surface cues are used (capitalised name runs, speech verbs, quote marks,
pronouns carried over from the previous speaker), so it works on any article
without a model. People are keyed by their last name token in lower case: news
style names someone in full once ("Lloyd Austin") and by surname afterwards
("Austin told reporters"), so the surname is the stable handle.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

# Inflected forms are listed rather than stemmed so this module needs no language tools;
# it is only used for English-style attribution anyway.
_SPEECH_LEMMAS = (
    "say tell add state announce declare claim argue explain note warn urge insist stress "
    "mention reply respond answer comment remark write think believe suggest reaffirm "
    "affirm confirm deny admit acknowledge predict promise vow pledge describe call "
    "tweet post testify recall point emphasize emphasise assert contend maintain "
    "complain criticize criticise praise reiterate concede caution agree disagree report"
).split()
_IRREGULAR = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "think": ("thinks", "thought", "thinking"),
    "write": ("writes", "wrote", "written", "writing"),
    "deny": ("denies", "denied", "denying"),
    "reply": ("replies", "replied", "replying"),
    "testify": ("testifies", "testified", "testifying"),
    "criticize": ("criticizes", "criticized", "criticizing"),
    "criticise": ("criticises", "criticised", "criticising"),
}


def _inflect(lemma: str) -> tuple[str, ...]:
    if lemma in _IRREGULAR:
        return (lemma, *_IRREGULAR[lemma])
    if lemma.endswith("e"):
        return (lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing")
    if lemma.endswith(("sh", "ch", "ss")):
        return (lemma, lemma + "es", lemma + "ed", lemma + "ing")
    return (lemma, lemma + "s", lemma + "ed", lemma + "ing")


SPEECH_VERBS: frozenset[str] = frozenset(f for lemma in _SPEECH_LEMMAS for f in _inflect(lemma))
# Question-side verbs: "what did X say / think / announce", "how did X respond". Not
# "want": "what do environmentalists want?", "how many apartments does the trust want to
# convert?" ask what someone wishes or means to do, which an article reports without
# quoting them ("Environmentalists want the plants to remain closed").
_QUESTION_VERBS = (
    "say|says|said|tell|tells|told|think|thinks|thought|believe|believes|believed|announce|"
    "announced|claim|claimed|state|stated|argue|argued|mean|feel|feels|felt|respond|responded|"
    "reply|replied|comment|commented|add|added|explain|explained|warn|warned|suggest|suggested|"
    "predict|predicted|promise|promised|deny|denied|admit|admitted|write|wrote"
)
_VIEW_NOUNS = (
    "view|views|opinion|opinions|position|stance|take|comments?|words|statements?|remarks?|"
    "response|reaction|argument|claims?|quotes?|thoughts|message|point"
)
_QUOTES = "\"“”«»„"
_PRONOUNS = {"he", "she", "they", "i", "we"}
_NAME_WORD = r"[A-Z][\w'’.\-]*"
_NAME_RE = re.compile(rf"\b{_NAME_WORD}(?:\s+(?:(?:de|van|von|der|da|al|bin|le|la)\s+)?{_NAME_WORD})*")
_WORD_RE = re.compile(r"[\w'’]+")
# Capitalised words that open a sentence or a clause without being a name (shared with
# bot.answering.subjects, which adds its own openers).
CLAUSE_WORDS = frozenset(
    "the a an this that these those it he she they we i you his her their our its "
    "on in at of for and but or so if when while after before as by with from to "
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december what who how why where which".split()
)
# ... and the titles and auxiliaries that start sentences or titles but are never a
# person's handle.
_TITLES = frozenset(
    "mr mrs ms dr prof sir president secretary minister general chief spokesman spokeswoman "
    "spokesperson senator governor mayor king queen prince officer director chairman ceo".split()
)
_NOT_NAMES = CLAUSE_WORDS | _TITLES | frozenset(
    "did does do was were is are has have had will would can could should".split()
)
# a role after the name ("the XYZPrinting CEO", "the NATO chief") asks about whoever holds
# it, whom the page may name without the name asked ("Simon Shen, CEO of XYZPrinting")
_ROLES_AFTER = _TITLES | frozenset("founder boss head executive manager official".split())

# according to Austin
_ACCORDING = re.compile(
    r"\baccording\s+to\s+(?P<name>[\w'’.\- ]{2,60}?)(?=[,?.!;:]|$|\s+(?:about|on|regarding|is|was|"
    r"are|were|what|how|why)\b)",
    re.IGNORECASE,
)
_ASK_PATTERNS = (
    # what did Austin say (about ...)? / what has Lloyd Austin told reporters?
    re.compile(
        rf"\b(?:did|does|do|has|have|had|was|is|will|would|could)\s+(?P<name>[\w'’.\- ]{{2,60}}?)\s+"
        rf"(?:(?:really|actually|just|publicly|ever|also|even|personally|himself|herself|"
        rf"itself|themselves)\s+)?(?:{_QUESTION_VERBS})\b",
        re.IGNORECASE,
    ),
    _ACCORDING,
    # Austin's view / words / comments
    re.compile(rf"\b(?P<name>[\w'’.\-]+(?:\s+[\w'’.\-]+){{0,2}})[’']s?\s+(?:{_VIEW_NOUNS})\b", re.IGNORECASE),
    # the view of Austin / comments by Austin
    re.compile(rf"\b(?:{_VIEW_NOUNS})\s+(?:of|by|from)\s+(?P<name>[\w'’.\- ]{{2,60}}?)(?=[,?.!;:]|$|\s+(?:about|on|regarding)\b)", re.IGNORECASE),
    # who is Austin quoting / what was said by Austin
    re.compile(r"\b(?:said|stated|announced|claimed|written|told)\s+by\s+(?P<name>[\w'’.\- ]{2,60}?)(?=[,?.!;:]|$|\s+(?:about|on|regarding)\b)", re.IGNORECASE),
)


@dataclass(frozen=True)
class SpeechQuestion:
    """A question about what someone said: who, and the words that name them."""

    name: str  # as written in the question, e.g. "Austin"
    tokens: tuple[str, ...]  # lower-cased words of the name
    # "how warm is it now, according to Copernicus?": X is the source of a fact asked
    # for, not whose words are asked for
    source: bool = False


def speech_question(question: str) -> SpeechQuestion | None:
    """The person a "what did X say"-style question is about, or None.

    Names typed in lower case are accepted when the whole question is lower case
    (chat style); otherwise the name words must be capitalised."""
    cased = any(w[0].isupper() for w in _WORD_RE.findall(question)[1:])
    for pattern in _ASK_PATTERNS:
        for match in pattern.finditer(question):
            words = _WORD_RE.findall(match.group("name"))
            if len(words) > 4:
                continue
            if len(words) > 1 and words[-1].lower() in _ROLES_AFTER:
                return None
            words = [w for w in words if w.lower() not in _NOT_NAMES]
            if cased and not all(w[0].isupper() for w in words):
                continue  # "what color was used to emphasize": not a name
            # strip possessive leftovers ("Austin’s" -> "Austin")
            words = [re.sub(r"[’']s?$", "", w) for w in words]
            words = [w for w in words if w]
            if words and len(words) <= 4:
                return SpeechQuestion(
                    " ".join(words), tuple(w.lower() for w in words), source=pattern is _ACCORDING
                )
    return None


@lru_cache(maxsize=100_000)
def person_key(name: str) -> str | None:
    """The handle of a name run: its last word that could be a surname, lower-cased."""
    words = [re.sub(r"[’']s$", "", w).strip(".’'") for w in name.split()]
    words = [w for w in words if w and w.lower() not in _NOT_NAMES and not w.isupper()]
    if not words:
        return None
    return words[-1].lower()


@dataclass(frozen=True)
class Attribution:
    """Per paragraph: who speaks in it, and who is merely mentioned."""

    speakers: frozenset[str]  # person keys attributed with a speech verb (incl. carried pronouns)
    named_speakers: frozenset[str]  # subset named right next to the speech verb
    mentioned: frozenset[str]  # person keys of every name run in the paragraph
    quotes: bool  # the paragraph quotes someone or uses a speech verb


# a capitalised word ending a sentence does not run on into the next sentence's first
# word ("... she said Tuesday. Other candidates": no one called Other speaks); titles,
# initials and short abbreviations do ("Sen. Elizabeth Warren", "Michael R. Bloomberg")
_RUN_BREAK = re.compile(r"(?<=[^\W\d_]{4}\.)\s+")
_LONG_ABBREVIATIONS = frozenset("prof corp bros sept capt supt dept univ assn gov't".split())


def _name_spans(text: str) -> list[tuple[int, int, str]]:
    spans = []
    for m in _NAME_RE.finditer(text):
        start = m.start()
        pieces = []
        for gap in _RUN_BREAK.finditer(m.group(0)):
            word = m.group(0)[: gap.start()].rsplit(None, 1)[-1].rstrip(".").lower()
            if word not in _LONG_ABBREVIATIONS:
                pieces.append((start, m.start() + gap.start()))
                start = m.start() + gap.end()
        pieces.append((start, m.end()))
        for lo, hi in pieces:
            key = person_key(text[lo:hi])
            if key:
                spans.append((lo, hi, key))
    return spans


def _quoted(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks: names in there are quoted, not speaking."""
    ranges = []
    for m in re.finditer(r"“[^”]*”?|\"[^\"]*\"?|«[^»]*»?|„[^“”]*[“”]?", text):
        ranges.append((m.start(), m.end()))
    return ranges


# between a name and its verb: "Austin told", "Moscow has said", "Stoltenberg, the NATO chief, said"
_GAP_BEFORE = re.compile(
    r"^(?:\s*,[^,“”\"]{1,60},)?\s+(?:(?:has|had|have|was|is|also|then|later|again|once|"
    r"previously|repeatedly|publicly|would|will|had|not)\s+)*$",
    re.IGNORECASE,
)
# after an inverting verb: an article, and up to three words of a role in lower case
# ("said lead author Josh Leipheimer", "said study co-author Max Balter"), never a word
# that starts a clause or a phrase of its own ("said that Smith", "said in Paris")
_GAP_AFTER = re.compile(
    r"^\s+(?:(?:the|a|an)\s+)?(?:(?!(?:that|he|she|it|they|we|i|you|this|these|those|there|"
    r"on|in|at|to|of|for|by|with|from|about|after|before|during|since|when|while|as|and|but|"
    r"or|if|so|then|last|next|was|is|were|are|had|has|have|not|also|yesterday|today)\b)"
    r"[a-z][\w’'-]*\s+){0,3}$"
)
# verbs that may take their speaker after them: "said Stoltenberg", "added the minister"
_INVERTING = frozenset({"said", "says", "added", "adds", "wrote", "writes", "stated", "asked", "continued", "explained", "noted"})
_PRONOUN_BEFORE = re.compile(r"\b(?:he|she)(?:\s+(?:also|then|later|again|had|has))*\s+$", re.IGNORECASE)


_SPEECH_WORDS = SPEECH_VERBS | {"according"}


def _speech_verbs(text: str) -> list[re.Match[str]]:
    # one regex over all verbs is slow in Python's re; find which occur, then locate those
    found = _SPEECH_WORDS.intersection(_WORD_RE.findall(text.lower()))
    if not found:
        return []
    pattern = re.compile(r"\b(?:" + "|".join(sorted(found)) + r")\b", re.IGNORECASE)
    return list(pattern.finditer(text))


# how far a name may stand from its speech verb: before it, a parenthetical of up to 60
# characters and a few auxiliaries ("Stoltenberg, the NATO chief, has also said"); after an
# inverting verb, an article at most ("said the minister")
_BEFORE_REACH = 300
_AFTER_REACH = 40


def _inside(position: int, ranges: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether ``position`` falls in one of the sorted, disjoint ``ranges``."""
    at = bisect.bisect_right(starts, position) - 1
    return at >= 0 and ranges[at][0] <= position < ranges[at][1]


def attribute(paragraphs: list[str]) -> list[Attribution]:
    """Who speaks in each paragraph, carrying "he said" over from the last named speaker.

    Each speech verb looks only at the names within reach of it (found by bisection), so
    the work grows with the text, not with names times verbs: a paragraph-long text
    without breaks is as cheap per word as an article."""
    out: list[Attribution] = []
    last_speaker: str | None = None
    for text in paragraphs:
        quoted = _quoted(text)
        quote_starts = [qs for qs, _ in quoted]
        spans = [(s, e, k) for s, e, k in _name_spans(text) if not _inside(s, quoted, quote_starts)]
        starts = [s for s, _, _ in spans]
        ends = [e for _, e, _ in spans]
        mentioned = frozenset(k for _, _, k in spans)
        named: set[str] = set()
        carried: set[str] = set()
        speech = False
        if spans and spans[0][0] == 0 and spans[0][1] < len(text) and text[spans[0][1]] in " ,":
            # a paragraph opening with a name is usually about that person doing something
            last_speaker = spans[0][2]
        for verb in _speech_verbs(text):
            word = verb.group(0).lower()
            lo, hi = verb.start(), verb.end()
            if _inside(lo, quoted, quote_starts):
                continue
            speech = True
            who = None
            if word == "according":
                for s, _e, k in spans[bisect.bisect_left(starts, hi) : bisect.bisect_right(starts, hi + 6)]:
                    if text[hi:s].strip().lower() in {"to"}:
                        who = k
            else:
                # the closest name before the verb wins; failing that, the first after it
                first = bisect.bisect_left(ends, lo - _BEFORE_REACH)
                for _s, e, k in spans[first : bisect.bisect_right(ends, lo)]:
                    if _GAP_BEFORE.match(text[e:lo]):
                        who = k
                if who is None and word in _INVERTING:
                    for s, _e, k in spans[bisect.bisect_left(starts, hi) : bisect.bisect_right(starts, hi + _AFTER_REACH)]:
                        if _GAP_AFTER.match(text[hi:s]):
                            who = k
                            break
            if who:
                named.add(who)
                last_speaker = who
            elif _PRONOUN_BEFORE.search(text[max(0, lo - 30) : lo]) and last_speaker:
                carried.add(last_speaker)
        out.append(
            Attribution(
                speakers=frozenset(named | carried),
                named_speakers=frozenset(named),
                mentioned=mentioned,
                quotes=bool(quoted) or speech,
            )
        )
    return out


_INFINITIVE_TO = re.compile(r"\bto\s+$", re.IGNORECASE)  # "met Michael Gove to urge him"
_SUBJECT_REACH = 12  # words between a speaker and the verb: "Tegnell laughed and simply said"
_AFTER_PREPOSITION = re.compile(
    r"\b(?:to|of|for|by|with|from|about|against|on|in|at|into|via|over|under|than|like)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def speaks(sentences: Sequence[str], name: re.Pattern[str]) -> bool:
    """Whether a name (``name``, matched where it is capitalised) says something in the
    paragraph of ``sentences`` that :func:`attribute` does not credit to it: the name, outside
    quotation marks, comes before a speech verb of its own sentence, at most
    _SUBJECT_REACH words before it with no other name between ("Tegnell laughed and
    simply said", "The IPCC report states:", "Ms. Price was elected, she said",
    "Association (UCEA) said"). A name after a preposition is not the one speaking
    ("Claverie, advisor to Arnault, told", "a link spread on Reddit, Stefanko said"), nor
    is it in an infinitive ("met Michael Gove to urge him")."""
    for sentence in sentences:
        quoted = _quoted(sentence)
        starts = [qs for qs, _ in quoted]
        verbs = [
            v for v in _speech_verbs(sentence)
            if v.group(0).lower() != "according" and not _inside(v.start(), quoted, starts)
            and not _INFINITIVE_TO.search(sentence[max(0, v.start() - 4) : v.start()])
        ]
        if not verbs:
            continue
        runs = [(r.start(), r.end()) for r in _NAME_RE.finditer(sentence)]
        for m in name.finditer(sentence):
            if not m.group(0)[0].isupper() or _inside(m.start(), quoted, starts):
                continue
            if _AFTER_PREPOSITION.search(sentence[max(0, m.start() - 12) : m.start()]):
                continue
            # the rest of the name is not another name ("Greta Thunberg states")
            end = max([e for s, e in runs if s <= m.start() < e], default=m.end())
            for verb in verbs:
                between = sentence[end : verb.start()]
                if verb.start() < end or len(_WORD_RE.findall(between)) > _SUBJECT_REACH:
                    continue
                if not any(person_key(n.group(0)) for n in _NAME_RE.finditer(between)):
                    return True
    return False


# what a reader calls someone the page names ("what did the detective say?"): the page
# writes the role before the name ("Miami-Dade Police Detective Alvaro Zabaleta", "Judge
# Ford", "her boyfriend Alastair Uhlig") or after it ("Jane Roe, the county's prosecutor")
ROLE_NOUNS = _ROLES_AFTER | frozenset(
    "detective inspector sergeant constable deputy sheriff trooper prosecutor judge lawyer "
    "attorney solicitor barrister coach captain manager commissioner councillor councilman "
    "councilwoman superintendent principal professor doctor surgeon nurse scientist "
    "researcher economist analyst dispatcher witness neighbour neighbor boyfriend girlfriend "
    "husband wife partner mother father son daughter brother sister chancellor premier "
    "ambassador spokesperson commander admiral colonel lieutenant pastor priest bishop".split()
)
_NAME_RUN = r"[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){0,3}"


def role_holder(role: str, paragraphs: Sequence[str], known: set[str]) -> str | None:
    """The person key of the one person the document names with ``role`` (a lower-case
    noun from ROLE_NOUNS); None when it names no one so, or several (two lawyers)."""
    if role not in ROLE_NOUNS:
        return None
    word = rf"(?i:{re.escape(role)}s?)"
    before = re.compile(rf"\b{word}\s+(?P<name>{_NAME_RUN})")
    after = re.compile(
        rf"(?P<name>{_NAME_RUN}),\s+(?:(?:the|a|an|his|her|their|its)\s+)?"
        rf"(?:(?!(?:and|or|but|while|as|who|which|when)\b)[\w’'-]+\s+){{0,3}}?{word}\b"
    )
    found = set()
    for paragraph in paragraphs:
        for pattern in (before, after):
            for m in pattern.finditer(paragraph):
                key = person_key(m.group("name"))
                if key in known:
                    found.add(key)
    return found.pop() if len(found) == 1 else None


def roles_of(key: str, paragraphs: Sequence[str], known: set[str]) -> set[str]:
    """The roles (ROLE_NOUNS) the document gives the person ``key`` and no one else:
    "director" for "PAHO Director Carissa F. Etienne", when no other director is named."""
    # a lookahead, so "Health Agency Director Maria Lopez" is read from every word
    before = re.compile(rf"(?=\b(?P<role>[A-Za-z-]+)\s+(?P<name>{_NAME_RUN}))")
    found = set()
    for paragraph in paragraphs:
        for m in before.finditer(paragraph):
            role = m.group("role").lower()
            if role in ROLE_NOUNS and person_key(m.group("name")) == key:
                found.add(role)
    return {r for r in found if role_holder(r, paragraphs, known) == key}


def speaks_as(role: str, sentences: Sequence[str]) -> bool:
    """Whether someone called "the ... ``role``" says something in ``sentences`` ("The
    PAHO Director also urged countries to keep testing capacity in place")."""
    pattern = re.compile(
        rf"\b[Tt]he\s+(?:[\w()-]+\s+){{0,3}}?{re.escape(role)}\b(?P<rest>(?:\s+[\w’'-]+){{1,4}})",
        re.IGNORECASE,
    )
    for sentence in sentences:
        for m in pattern.finditer(sentence):
            if SPEECH_VERBS.intersection(w.lower() for w in _WORD_RE.findall(m.group("rest"))):
                return True
    return False


def resolve(question: SpeechQuestion, known: set[str]) -> str | None:
    """The person key in the document that the question's name refers to."""
    for token in reversed(question.tokens):
        if token in known:
            return token
    return None


_MIN_QUOTE_WORDS = 4  # shorter quoted runs are titles or scare quotes ("the “deal”")


def quotes_by_speaker(paragraphs: list[str]) -> list[tuple[str, list[str]]]:
    """The document's direct quotes grouped by who said them, in order of first quote.

    Each quotation of at least four words goes to the speaker named nearest to it in its
    paragraph (or the one "he said" carries over); speakers are shown by the fullest form
    of their name the document uses ("Jens Stoltenberg", not "Stoltenberg")."""
    attributions = attribute(paragraphs)
    fullest: dict[str, str] = {}
    grouped: dict[str, list[str]] = {}
    for text, who in zip(paragraphs, attributions, strict=True):
        spans = _name_spans(text)
        for start, end, key in spans:
            name = _given_and_surname(text[start:end])
            if len(name) > len(fullest.get(key, "")):
                fullest[key] = name
        speakers = who.named_speakers or who.speakers
        if not speakers:
            continue
        for lo, hi in _quoted(text):
            quote = text[lo:hi].strip()
            if len(_WORD_RE.findall(quote)) < _MIN_QUOTE_WORDS:
                continue
            named = [(min(abs(s - hi), abs(e - lo)), k) for s, e, k in spans
                     if k in speakers and not lo <= s < hi]
            speaker = min(named)[1] if named else sorted(speakers)[0]
            grouped.setdefault(speaker, []).append(quote)
    return [(fullest.get(key, key.title()), quotes) for key, quotes in grouped.items()]


_PARTICLES = frozenset("de van von der da al bin le la".split())


def _given_and_surname(run: str) -> str:
    """"Secretary-General Jens Stoltenberg" -> "Jens Stoltenberg": titles go, the given
    name and surname (with a particle: "Ursula von der Leyen") stay."""
    words = run.split()
    keep = 2
    while len(words) > keep and words[-keep].lower() in _PARTICLES:
        keep += 1
    return " ".join(words[-keep:])
