"""What kind of answer a question wants, and whether a sentence holds one.

A reader asking "how many tanks has Germany sent?" wants a number, "when ..." a
time, "who is Stoltenberg?" the sentence that introduces him. These are surface
patterns of English questions and text, so they need no model:

- ``classify`` names the question's kind (quantity, time, duration, frequency,
  who_is, definition, why, person, other) and, for who_is / definition, the thing
  asked about; for quantity questions, the words of what is counted;
- ``holds(kind, sentence, asked_numbers)`` says whether a sentence holds an
  expression of that kind (a number that is not a year or a clock time, a date, a
  duration, ...), leaving out numbers the question itself contains;
- ``counts(sentence, nouns, terms)`` says whether a sentence gives a number of what a
  "how many" question counts (``QuestionType.nouns``): "how many cabins" is not
  answered by "a 50 slip marina, gas docks, cabins";
- ``introduces(target, sentence)`` says whether a sentence introduces the person
  or thing asked about (apposition "Jens Stoltenberg, the NATO chief", a title
  before the full name "Secretary-General Jens Stoltenberg", or a copula "the
  borrow checker is the part of ...").

Other languages get kind "other": the patterns are English.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

QUANTITY = "quantity"
TIME = "time"
DURATION = "duration"
FREQUENCY = "frequency"
WHO_IS = "who_is"
DEFINITION = "definition"
WHY = "why"
WHICH = "which"
AUTHOR = "author"  # what the writer thinks, wants or recommends
PERSON = "person"
OTHER = "other"
# kinds whose answer must hold an expression of that kind: without one, the article
# does not answer the question
TYPED = frozenset({QUANTITY, TIME, DURATION, FREQUENCY})
KINDS = (QUANTITY, TIME, DURATION, FREQUENCY, WHO_IS, DEFINITION, WHY, WHICH, AUTHOR, PERSON, OTHER)

_AUX = (
    r"(?:did|does|do|has|have|had|is|are|was|were|will|would|can|could|should|shall|may|"
    r"might|must)"
)
_QUANTITY_Q = re.compile(
    r"\bhow\s+(?:many|much)\b|\bwhat\s+(?:share|percentage|percent|proportion|fraction|"
    r"price|amount|number|size|sum|total|score)\b|\bhow\s+(?:high|big|large|tall|far|fast|"
    r"old|heavy|deep|wide|expensive|low|small|cheap|short|hot|cold)\b",
    re.IGNORECASE,
)
# questions only a number answers ("how fast is it growing" may be answered "quickly",
# "how much is it used" by "widely": those ask for a number but can do without)
_STRICT_QUANTITY_Q = re.compile(
    rf"\bhow\s+many\b|\bhow\s+much\s+(?!{_AUX}\b)[\w'’-]+|\bwhat\s+(?:share|percentage|percent|"
    r"proportion|fraction|price|amount|number|sum|total)\b|\bby\s+how\s+much\b",
    re.IGNORECASE,
)
# "When violence is used, what is it called?": a clause, not a question about time
_WHEN_CLAUSE = re.compile(r"^\W*when\b[^?]*?,?\s+(?:what|which|who|whom|how|where|why)\b", re.IGNORECASE)
_COUNTED = re.compile(rf"\bhow\s+(?:many|much)\s+(?P<what>(?:(?!{_AUX}\b)[\w'’-]+\s*){{1,4}})", re.IGNORECASE)
_TIME_Q = re.compile(
    r"^\W*(?:and\s+|so\s+|since\s+|until\s+|till\s+)?when\b|\b(?:what|which)\s+(?:time|year|"
    r"month|day|date|decade|century|season|hour)\b|\bin\s+what\s+year\b|\bhow\s+long\s+ago\b|"
    r"\bsince\s+when\b|\buntil\s+when\b",
    re.IGNORECASE,
)
_HOURS_Q = re.compile(r"\b(?:opening|business|office|visiting|operating|closing)\s+(?:hours|times)\b", re.IGNORECASE)
_HOW_MANY_Q = re.compile(r"\bhow\s+many\b", re.IGNORECASE)
_YEAR_Q = re.compile(r"\b(?:what|which)\s+(?:year|decade|century)\b", re.IGNORECASE)
_CLOCK_Q = re.compile(
    r"\b(?:what|which)\s+(?:time|hour)\b|\b(?:opening|business|office|visiting|operating|"
    r"closing)\s+(?:hours|times)\b",
    re.IGNORECASE,
)
_DATE_Q = re.compile(r"\b(?:what|which)\s+(?:day|date|month)\b", re.IGNORECASE)
_MONEY_Q = re.compile(
    r"\b(?:cost|costs|costing|price|prices|priced|pay|pays|paid|paying|spend|spends|spent|"
    r"spending|earn|earns|earned|earning|charging|worth|fee|"
    r"fees|charge|charges|charged|dollars?|euros?|pounds|yuan|yen|rupees?|budget|afford|"
    r"salary|salaries|wages?|revenue|profit|funding|money|ransom)\b",
    re.IGNORECASE,
)
_SHARE_Q = re.compile(r"\bhow\s+much\s+of\b", re.IGNORECASE)
# "what would the new system cost?", "what's the price of a ticket?"
_WHAT_COST_Q = re.compile(
    rf"^\W*(?:so\s+|and\s+)?what\s+{_AUX}\s+(?:[\w'’-]+\s+){{1,6}}?cost\b|"
    r"^\W*(?:so\s+|and\s+)?what(?:'s|’s|\s+is|\s+was|\s+are|\s+were)\s+the\s+(?:cost|price)s?\s+of\b",
    re.IGNORECASE,
)
# "how much is a night there", "how much are the tickets": what one of something costs
_PRICE_Q = re.compile(
    r"\bhow\s+much\s+(?:is|are|was|were)\s+(?:a|an|one|each|per|the\s+tickets?)\b",
    re.IGNORECASE,
)
# "what percent of Republicans": only a share answers, not any number the paragraph holds
_PERCENT_Q = re.compile(
    r"\bwhat\s+(?:share|percentage|percent|per\s+cent|proportion|fraction)\b|"
    r"\bhow\s+many\s+(?:percent|per\s+cent)\b",
    re.IGNORECASE,
)
_DURATION_Q = re.compile(r"\bhow\s+long\b(?!\s+ago)", re.IGNORECASE)
_HOW_OLD_Q = re.compile(rf"\bhow\s+old\s+{_AUX}\b", re.IGNORECASE)
_AGE_Q = re.compile(
    r"\bbeen\s+(?:around|in\s+business|open|operating|running|active|in\s+existence|there|"
    r"going)\b|\bexisted\b|\bhow\s+long\s+(?:ago|since)\b",
    re.IGNORECASE,
)
_FREQUENCY_Q = re.compile(r"\bhow\s+often\b|\bhow\s+many\s+times\b", re.IGNORECASE)
_WHY_Q = re.compile(r"^\W*why\b|\bwhat\s+(?:caused|causes|made|makes|led\s+to|is\s+behind)\b|"
                    r"\bfor\s+what\s+reason\b|\bhow\s+come\b", re.IGNORECASE)
_WHO_Q = re.compile(r"^\W*(?:who|whom|whose)\b", re.IGNORECASE)
# "what was the daughter's name?", "what's the name of the hospital?": a name answers, as for "who"
_NAME_Q = re.compile(
    r"^\W*(?:so\s+|and\s+)?what(?:[’']?s|\s+(?:is|was|are|were))\s+(?:(?:the|his|her|their|its|"
    r"[\w-]+[’']s?)\s+)(?:[\w’'-]+\s+){0,2}?names?(?:\s+of\b|\W*$)",
    re.IGNORECASE,
)
_NAME_WORD = r"(?:[A-Z][\w'’.\-]*|(?:de|van|von|der|da|al|bin|le|la)\b)"
_WHO_IS_Q = re.compile(
    rf"^\W*(?i:so\s+|and\s+)?(?i:who)\s+(?i:exactly\s+)?(?i:is|was|are|were)\s+(?P<x>{_NAME_WORD}"
    rf"(?:\s+{_NAME_WORD}){{0,4}})\s*(?:$|[?,.!;:]|\s+(?i:and)\s+(?i:why|what|how|where|when)\b)"
)
# chat style, all lower case: "who is di li"
_WHO_IS_LOWER_Q = re.compile(
    r"^\W*(?:so\s+|and\s+)?who\s+(?:exactly\s+)?(?:is|was)\s+(?P<x>[a-z][\w'’.\-]*(?:\s+[a-z][\w'’.\-]*){0,2})"
    r"\s*(?:$|[?,.!;:])"
)
# a role in any case: "Who is the NATO chief?", "Who is the Secretary-General?" (not a
# question ending in a preposition: "Who was the medical report written for?")
_WHO_IS_ROLE_Q = re.compile(
    r"^\W*(?:so\s+|and\s+)?who(?:\s+(?:exactly\s+)?(?:is|was)|[’']s)\s+(?P<x>the\s+[\w'’.\-]+"
    r"(?:\s+[\w'’.\-]+){0,3}?)(?<!\bfor)(?<!\bby)(?<!\bwith)(?<!\bto)(?<!\bof)\s*(?:$|[?,.!;:])",
    re.IGNORECASE,
)
_DEFINITION_Q = re.compile(
    r"^\W*(?:so\s+|and\s+)?what\s+(?:exactly\s+)?(?:is|are|was|were)\s+(?P<x>[\w'’.\- ]{2,60}?)"
    r"\s*(?:$|[?,!;:]|\s+and\s+(?:why|what|how|where|when)\b|\s+(?:exactly|anyway)\b)",
    re.IGNORECASE,
)
# "what does YAT stand for", "what's EULA short for", "what does gaslighting mean": a term
# to define, like "what is"
_MEANING_Q = re.compile(
    r"^\W*(?:so\s+|and\s+)?what(?:[’']s|\s+(?:does|do|did|is))\s+(?:the\s+)?(?:(?:acronym|"
    r"abbreviation|term|word|phrase)\s+)?[“\"']?(?P<x>[\w.&’'-]+(?:\s+[\w.&’'-]+){0,3}?)[”\"']?\s+"
    r"(?:stands?\s+for|short\s+for|mean|actually\s+mean|refer\s+to)\s*(?:$|[?,.!;:])",
    re.IGNORECASE,
)
_DETERMINER = re.compile(r"^(?:the|a|an|this|that|these|those)\s+", re.IGNORECASE)
# "what is the difference / the point / the reason ...": not a thing to define
_NOT_DEFINED = frozenset(
    "it this that there the difference the point the reason the problem the deal the plan "
    "the answer the story the issue the matter happening going on he she they we you i "
    "him her them author writer columnist".split()
)


# "what does the author want / think / suggest", "what is the writer's point"
_AUTHOR_Q = re.compile(
    r"\b(?:the\s+)?(?:author|writer|columnist|op-ed|piece|article|essay)(?:[’']s)?\s+"
    r"(?:(?:really|actually)\s+)?(?:want|wants|think|thinks|argue|argues|suggest|suggests|"
    r"recommend|recommends|propose|proposes|believe|believes|urge|urges|advise|advises|"
    r"prefer|prefers|say|says|view|opinion|point|argument|advice|position|take|call\s+for|"
    r"calls\s+for)\b",
    re.IGNORECASE,
)
_STANCE = re.compile(
    r"\b(?:I|I[’']d|I[’']m|my|me|we\s+(?:should|must|need)|let[’']s)\b|\b(?:should|must|ought\s+to|"
    r"need\s+to|needs\s+to|have\s+to|has\s+to|urge|would\s+be\s+wise|had\s+better|"
    r"it\s+is\s+time|instead\s+of)\b"
)


# words that frame an author question rather than say what it is about
AUTHOR_FRAMING = frozenset(
    "author writer columnist piece article essay op-ed want wants think thinks argue argues "
    "suggest suggests recommend recommends propose proposes believe believes urge urges "
    "advise advises prefer prefers say says view opinion point argument advice position "
    "take call calls".split()
)


_PAST_Q = re.compile(
    r"\b(?:did|was|were|had)\b|\b(?:won|lost|beat|became|began|went|took|made|gave|got|came|"
    r"found|held|led|ran|sent|told|wrote|chose|elected|defeated|killed|died|signed|passed|"
    r"announced|decided|happened|started|ended|finished)\b",
    re.IGNORECASE,
)
_MODAL = re.compile(
    r"\b(?:will|would|could|might|may|should|must|shall|going\s+to|let[’']s)\b|[’']ll\b|"
    r"^\W*(?:get|go|vote|help|join|come|make|let|please|don[’']t|do\s+not|stop|keep)\b",
    re.IGNORECASE,
)


# "when will it open", "when are deliveries supposed to resume", "when do they meet again",
# "when's the 3060 Ti coming out", "when is he getting arraigned"
_FUTURE_Q = re.compile(
    r"\b(?:will|won[’']t|gonna|going\s+to|supposed\s+to|expected\s+to|scheduled\s+to|set\s+to|"
    r"due\s+to|plan(?:s|ned|ning)?\s+to|again|next|upcoming|coming\s+(?:out|back)|"
    r"getting\s+\w+ed)\b|[’']ll\b",
    re.IGNORECASE,
)
# a sentence that looks ahead: a time in it can say when something is yet to happen
_AHEAD = re.compile(
    r"\b(?:will|would|should|could|going\s+to|expect(?:s|ed)?|scheduled|set\s+to|due|plan(?:s|ned)?|"
    r"next|upcoming|coming|tomorrow|soon|later\s+this|from\s+now|until|till|starting|"
    r"by\s+(?:the\s+)?(?:\d{4}|end|next|early|mid|late)|"
    r"begins|resumes|opens|returns|launches)\b|[’']ll\b",
    re.IGNORECASE,
)


# the past tense, or words that place a sentence in the past; speech verbs are left out
# ("the company announced the phone goes on sale on May 5" tells of the future)
_LOOKS_BACK = re.compile(
    r"\b(?:was|were|had|did|ago|recently|earlier|yesterday|last|already|took|came|went|began|"
    r"saw|seen|won|lost|met|held|made|gave|got|ran|left|fell|rose|grew|"
    r"(?!(?:said|announced|stated|added|noted|explained|reported|confirmed|expected|scheduled|"
    r"planned|set)\b)\w+ed)\b",
    re.IGNORECASE,
)


_THIS_PIECE = (
    r"(?:(?:this|that|the)\s+(?:article|piece|story|column|post|blog\s+post|op-ed|essay|"
    r"page|text)|this|it|that)"
)
# "who wrote this?", "who's the author?", "whose column is this?": the byline, not someone the
# article names ("who wrote the Rhodium report?" is about a report it discusses)
_BYLINE_Q = re.compile(
    rf"^\W*(?:(?:so|and|ok|okay)\W+)?(?:who\s+(?:wrote|authored|penned)(?:\s+{_THIS_PIECE})?|"
    rf"who(?:\s+is|[’']s|\s+was)\s+(?:the\s+)?(?:author|writer|columnist|reporter)"
    rf"(?:\s+of\s+{_THIS_PIECE})?|who\s+(?:is|was)\s+{_THIS_PIECE}\s+(?:written\s+)?by|"
    rf"whose\s+(?:article|piece|story|column|post|op-ed|essay)\s+is\s+(?:this|it))\W*$",
    re.IGNORECASE,
)
_PUBLISHED_Q = re.compile(
    rf"^\W*(?:when\s+(?:was|is)\s+{_THIS_PIECE}\s+(?:published|written|posted|from|dated)|"
    rf"what\s+(?:date|day)\s+(?:was|is)\s+{_THIS_PIECE}\s+(?:published|written|posted|from))\W*$",
    re.IGNORECASE,
)


# "what's this about?", "tl;dr", "what are the key takeaways?": the whole article, which its
# summary answers, not one paragraph
_WHOLE = (
    r"(?:(?:this|that|the)\s+(?:article|piece|story|column|post|blog\s+post|op-ed|essay|page|"
    r"text|paper|study|report|news|thread|link)|this|it|that)"
)
_GIST_Q = re.compile(
    rf"^\W*(?:(?:so|and|ok|okay|hey|quick\s+question)\W+)?(?:(?:can|could|would)\s+you\s+)?"
    rf"(?:please\s+)?(?:"
    rf"summari[sz]e(?:\s+{_WHOLE})?(?:\s+for\s+me)?|sum\s+(?:{_WHOLE}\s+)?up|tl;?\s*dr|"
    rf"(?:give\s+me|what(?:[’']s|\s+is|\s+are|\s+were|\s+was)|tell\s+me)\s+the\s+"
    rf"(?:gist|short\s+version|summary|tl;?\s*dr|main\s+points?|key\s+points?|main\s+idea|"
    rf"(?:key\s+|main\s+|big\s+)?takeaways?|bottom\s+line|upshot|big\s+picture|point|"
    rf"(?:main\s+|central\s+|key\s+)?(?:argument|message|thesis))"
    rf"(?:\s+of\s+{_WHOLE})?|"
    rf"(?:key|main)\s+(?:points|takeaways)|"
    rf"what(?:[’']s|\s+is|\s+was)\s+{_WHOLE}\s+(?:all\s+|even\s+|mainly\s+|really\s+)?about|"
    rf"what\s+happened(?:\s+here)?|"
    rf"what\s+(?:does|did)\s+{_WHOLE}\s+(?:say|conclude|find|show)|"
    rf"what\s+did\s+(?:they|the\s+researchers|the\s+scientists|the\s+authors)\s+find"
    rf")(?:\s+(?:please|then|in\s+short|briefly))?\W*$",
    re.IGNORECASE,
)


def asks_gist(question: str) -> bool:
    """Whether ``question`` asks what the whole article says ("what's this about?",
    "tl;dr", "what did they find?"): its summary answers, not a quoted paragraph."""
    return bool(_GIST_Q.search(" ".join(question.split())))


def asks_byline(question: str) -> str | None:
    """"author" for "who wrote this?", "date" for "when was this published?", else None:
    questions the page's byline answers, not its paragraphs."""
    text = " ".join(question.split())
    if _BYLINE_Q.search(text):
        return "author"
    if _PUBLISHED_Q.search(text):
        return "date"
    return None


def asks_about_the_past(question: str) -> bool:
    """Whether a question asks what happened ("who won", "when did ...")."""
    return bool(_PAST_Q.search(question))


def speculates(sentence: str) -> bool:
    """Whether a sentence predicts, urges or supposes rather than reports ("he will win
    big", "get out and vote")."""
    return bool(_MODAL.search(sentence))


_NAME_RUN = re.compile(r"(?<![\w’'])(?:[A-Z][a-z][\w’'.-]*|[A-Z]\.)(?:\s+(?:[A-Z][\w’'.-]*|de|van|von|al|bin))+")
_QUOTATION = re.compile(r"“[^”]*”?|\"[^\"]*\"?|«[^»]*»?")


def names_a_person(sentence: str, asked: set[str]) -> bool:
    """Whether ``sentence`` names someone (a run of capitalised words) outside
    quotation marks, other than the names ``asked`` (lower case): "who won" is
    answered by the article's account, not by a name inside someone's quoted words."""
    bare = _QUOTATION.sub(" ", sentence)
    for m in _NAME_RUN.finditer(bare):
        words = {w.lower().strip(".’'") for w in m.group(0).split()}
        if not words <= asked:
            return True
    return False


def takes_a_stance(sentence: str) -> bool:
    """Whether ``sentence`` speaks in the writer's voice or says what should be done."""
    return bool(_STANCE.search(sentence))


# "which law ...", "what company ...", "in which country ...": the noun says what the answer is
_WHICH_Q = re.compile(
    r"^\W*(?:(?:in|on|at|from|to|for|by|with|of|under)\s+)?(?:which|what)\s+(?:kind\s+of\s+|"
    r"type\s+of\s+|sort\s+of\s+|two\s+|three\s+)?(?P<head>[a-z][\w-]*)\b",
    re.IGNORECASE,
)
_NOT_HEADS = frozenset(
    "is are was were did does do has have had will would can could should shall may might "
    "must the a an this that these those it he she they we you i of about happened happens "
    "else".split()
)


@dataclass(frozen=True)
class QuestionType:
    kind: str
    target: str | None = None  # who_is / definition: the name or term asked about
    counted: tuple[str, ...] = ()  # quantity: lower-cased words of what is counted
    strict: bool = False  # only an expression of the kind can answer (else: decline)
    head: str | None = None  # which: the noun naming what is asked for ("law" in "which law")
    # time: "year", "clock", "date" or "future" (when something is yet to happen); quantity:
    # "time" if time is counted, "money", "count"
    unit: str | None = None
    nouns: tuple[str, ...] = ()  # "how many": the nouns naming what is counted ("colonies")


def classify(question: str, language: str = "english") -> QuestionType:
    """The kind of answer ``question`` wants (English patterns; OTHER elsewhere)."""
    if language != "english" or not isinstance(question, str):
        return QuestionType(OTHER)
    text = " ".join(question.split())
    match = (
        _WHO_IS_Q.search(text)
        or (text.islower() and _WHO_IS_LOWER_Q.search(text))
        or _WHO_IS_ROLE_Q.search(text)
        or None
    )
    if match:
        return QuestionType(WHO_IS, match.group("x").strip(" .,’'"))
    if _FREQUENCY_Q.search(text):
        return QuestionType(FREQUENCY, strict=True)
    if _HOW_OLD_Q.search(text):
        # "how old is the new justice?": "Montoya-Lewis, 51,", "a 32-year-old", "founded in 1930"
        return QuestionType(QUANTITY, unit="age", strict=True)
    if _QUANTITY_Q.search(text) or _WHAT_COST_Q.search(text):
        counted = _COUNTED.search(text)
        words = tuple(w.lower() for w in re.findall(r"[\w'’-]+", counted.group("what"))) if counted else ()
        counts_time = _counts_time(words)
        # "how much of the BRT is the state paying for": a share, not a sum
        money = (_MONEY_Q.search(text) or _PRICE_Q.search(text)) and not _SHARE_Q.search(text)
        unit = "time" if counts_time else "share" if _PERCENT_Q.search(text) else (
            "money" if money else None
        )
        nouns: tuple[str, ...] = ()
        if unit is None and _HOW_MANY_Q.search(text):
            unit = "count"  # "how many doctors": "threefold" or "twice" is no count
            nouns = _counted_nouns(text, words)
            if not nouns and (toll := _counted_toll(text)):
                # "how many people died" is answered by "12 were killed", "a toll of 40"
                nouns, words = toll, words + toll
        strict = bool(_STRICT_QUANTITY_Q.search(text)) or unit == "money"
        return QuestionType(QUANTITY, counted=words, unit=unit, strict=strict, nouns=nouns)
    if (_TIME_Q.search(text) and not _WHEN_CLAUSE.search(text)) or _HOURS_Q.search(text):
        unit = None
        if _YEAR_Q.search(text):
            unit = "year"
        elif _CLOCK_Q.search(text):
            unit = "clock"
        elif _DATE_Q.search(text):
            unit = "date"
        elif _FUTURE_Q.search(text) and not _PAST_Q.search(text):
            unit = "future"
        return QuestionType(TIME, unit=unit, strict=True)
    if _DURATION_Q.search(text):
        # "how long has it been around": an age (a year, "since", "for decades")
        unit = "age" if _AGE_Q.search(text) else None
        return QuestionType(DURATION, strict=True, unit=unit)
    if _WHY_Q.search(text):
        return QuestionType(WHY)
    if _AUTHOR_Q.search(text):
        return QuestionType(AUTHOR)
    if _NAME_Q.search(text):
        return QuestionType(PERSON)
    match = _DEFINITION_Q.search(text) or _MEANING_Q.search(text)
    if match:
        target = _DETERMINER.sub("", match.group("x").strip(" .,’'"))
        if target and target.lower() not in _NOT_DEFINED and len(target.split()) <= 5:
            return QuestionType(DEFINITION, target)
    if _WHO_Q.search(text):
        return QuestionType(PERSON)
    match = _WHICH_Q.search(text)
    if match and match.group("head").lower() not in _NOT_HEADS:
        return QuestionType(WHICH, head=_head_noun(match.group("head"), text[match.end():]))
    return QuestionType(OTHER)


_PRONOUNS = frozenset("he she they it we you i".split())
# verbs whose past does not end in -ed, and which end a "which" phrase as "looked" does
_PAST_VERBS = frozenset(
    "got made took gave went came saw said won lost ran put set left kept sent paid sold "
    "bought brought told found held led met began became chose wrote drew flew grew knew "
    "threw spent built broke stood".split()
)


def _head_noun(first: str, rest: str) -> str:
    """The noun a "which" phrase ends in, when the phrase's end is plain: "files" of "which
    json files did they use", "company" of "which security company looked into it" (up to
    two more words before an auxiliary, a pronoun, an adverb in -ly or a verb in the past);
    else its first word ("river" of "which river flows through the city")."""
    head = first.lower()
    words = [w.lower() for w in re.findall(r"[\w’'-]+", rest)[:3]]
    for at, word in enumerate(words):
        if (
            re.fullmatch(_AUX, word)
            or word in _PRONOUNS
            or word in _PAST_VERBS
            or word.endswith("ly")
            or (word.endswith("ed") and at)
        ):
            return words[at - 1] if at else head
    return head


# where the words after "how many" stop naming what is counted: "how many people in NY
# state", "how many Doctor Who soundtracks"
_COUNT_ENDS = frozenset(
    "in on at for from to with by per about under over into during than that which who "
    "whom whose there here so".split()
)
# counts of people at large are told in many nouns ("350 officials", "three astronauts",
# "12 were killed"), and "how many places to eat" in any ("four dining venues"): no noun
# is required of them
_ANY_NOUN = frozenset(
    "people persons individuals folks humans ones things places kinds types sorts ways "
    "items parts pieces".split()
)
_IRREGULAR_PLURALS = frozenset(
    "men women children staff crew police cattle sheep fish deer feet teeth mice geese "
    "personnel data media criteria phenomena bacteria".split()
)
_PARTITIVE = re.compile(r"\bhow\s+many\s+of\b", re.IGNORECASE)


# "how many people died": a number of the dead, not any number of people ("240 million
# people yet to receive a shot") or of cases; the words a toll is told in
_TOLL_Q = {
    "died": re.compile(r"\b(?:died|die|dead|killed|perished|lost\s+their\s+lives|deaths?)\b", re.I),
    "hurt": re.compile(r"\b(?:hurt|injured|wounded|injuries)\b", re.I),
}
_TOLL_NOUNS = {
    "died": ("died", "dead", "deaths", "death", "killed", "killing", "fatalities", "lives",
             "victims", "bodies", "toll", "perished"),
    "hurt": ("hurt", "injured", "wounded", "injuries", "casualties", "hospitalized",
             "hospitalised", "treated"),
}


def _counted_toll(text: str) -> tuple[str, ...]:
    if not re.search(r"\bhow\s+many\s+(?:people|persons|individuals|were|have|had|died)\b", text, re.I):
        return ()
    for toll, asked in _TOLL_Q.items():
        if asked.search(text):
            return _TOLL_NOUNS[toll]
    return ()


_SPAN_OPENERS = frozenset("last this next past per each every a an".split())


def _counts_time(words: tuple[str, ...]) -> bool:
    """Whether what a "how many / how much" question counts is time ("how many hours of
    sun", "how much sleep"), not something counted over a span of it ("how many people
    died last week")."""
    for word in words:
        if word in _COUNT_ENDS or word in _SPAN_OPENERS:
            return False
        if re.fullmatch(_UNIT_TIME, word) or word in _MEASURED_IN_TIME or word in _LATER:
            return True
        if plural(word):
            return False
    return False


# what a reader types around a question without asking about it: "why did she end up
# flipping", "who's running it these days", "this ai video stuff", "roughly what time"
_CHATTER = re.compile(
    r"\b(?:end(?:s|ed)?\s+up|on\s+top\s+of|these\s+days|supposed\s+to|roughly|stuff|thing)\b",
    re.IGNORECASE,
)


# phrasal verbs made of stop words alone ("who's looking into it?" had no terms at all),
# and the word news writes for each: the reader's words stay, the plain one is added
_PHRASAL = tuple(
    (re.compile(pattern, re.IGNORECASE), plain)
    for pattern, plain in (
        (r"\blook(?:s|ed|ing)?\s+into\b", "investigating"),
        (r"\bkick(?:s|ed|ing)?\s+off\b", "starts begins"),
        (r"\bstep(?:s|ped|ping)?\s+down\b", "resigns"),
        (r"\bcall(?:s|ed|ing)?\s+off\b", "cancelled"),
        (r"\bpush(?:es|ed|ing)?\s+back\b", "delayed postponed"),
        (r"\bshut(?:s|ting)?\s+down\b", "closed"),
        (r"\b(?:find|finds|finding|found)\s+out\b", "discovered learned"),
    )
)


def without_chatter(question: str) -> str:
    """``question`` without the words of chat that ask about nothing (_CHATTER), with
    the plain word added after a phrasal verb (_PHRASAL)."""
    for pattern, plain in _PHRASAL:
        question = pattern.sub(rf"\g<0> {plain}", question)
    return " ".join(_CHATTER.sub(" ", question).split())


def plural(word: str) -> bool:
    """Whether a lower-case word reads as a plural noun ("stones", "children")."""
    return word in _IRREGULAR_PLURALS or (
        len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s", "’s"))
    )


def _counted_nouns(text: str, words: tuple[str, ...]) -> tuple[str, ...]:
    """The nouns naming what a "how many" question counts: its first plural noun
    ("colonies" in "how many ant colonies did they use", "countries" in "how many
    tropical countries actually committed") and what follows "of" after it ("vegetation"
    in "how many kinds of vegetation"). Nothing for people at large, for a share ("how
    many of them") or when no plural is found: then any number may answer."""
    if _PARTITIVE.search(text):
        return ()
    for at, word in enumerate(words):
        if word in _COUNT_ENDS or word == "of":
            return ()
        if plural(word):
            # "how many Panthers players": the last of a run of plurals
            while at + 1 < len(words) and plural(words[at + 1]):
                at += 1
            nouns = [words[at]]
            if words[at + 1 : at + 2] == ("of",):  # "of the Scottish government": "scottish"
                nouns += [w for w in words[at + 2 : at + 4] if not _DETERMINER.match(w + " ")][:1]
            return tuple(n for n in nouns if n not in _ANY_NOUN and n not in _COUNT_ENDS)
    return ()


_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    "eighty|ninety|hundred|hundreds|thousand|thousands|million|millions|billion|billions|"
    "trillion|trillions|dozen|dozens|half|third|thirds|quarter|quarters|twice|double|"
    "doubled|triple|tripled|quadrupled|twofold|threefold|fourfold|fivefold|tenfold|"
    "hundredfold"
)
_NUMBER_WORD = re.compile(rf"\b(?:{_NUMBER_WORDS})\b", re.IGNORECASE)
# "4,530", "two", "dozens" (a whole word: "thousand" is not the start of "thousands")
_A_NUMBER = rf"(?:\d[\d,.]*|(?:{_NUMBER_WORDS})\b)"
_MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\."
)
_DAYS = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_CLOCK = re.compile(r"\b\d{1,2}(?::\d\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|\b\d{1,2}:\d\d\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d$£€¥.,])\b(?:1[5-9]\d\d|20\d\d)(?:s\b|\b)(?![.,]\d)")
# a year as an answer to "what year": medieval years too, centuries, BC/AD dates
_ANY_YEAR = re.compile(
    r"(?<![\d$£€¥.,])\b(?:1\d\d\d|20\d\d|[1-9]\d{1,2}\s*(?:BC|BCE|AD|CE))(?:s\b|\b)(?![.,]\d)|"
    r"\b\d{1,2}(?:st|nd|rd|th)[\s-]+(?:and\s+\d{1,2}(?:st|nd|rd|th)\s+)?centur(?:y|ies)\b|"
    r"\b\d{1,2}(?:st|nd|rd|th)\b|\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|"
    r"ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|"
    r"eighteenth|nineteenth|twentieth|twenty-first)[\s-]+century\b",
    re.IGNORECASE,
)
# "during the Roman Empire", "after the end of the Mexican War", "in the mid-Eocene"
_EVENT_TIME = re.compile(
    r"\b(?:during|after|before|following|until|since|throughout|by|at\s+the\s+end\s+of|"
    r"at\s+the\s+start\s+of)\s+(?:the\s+)?(?:(?:early|mid|late|end\s+of\s+the|start\s+of\s+the|"
    r"height\s+of\s+the|first|last)[\s-]+)?[A-Z][\w-]+|\b(?:era|epoch|period|reign|dynasty|"
    r"age|war|revolution|regime|administration|presidency|tenure|childhood|youth)\b"
)
_DAY_OF_MONTH = re.compile(rf"\b(?:{_MONTHS})(?!\w)\s*\d{{1,2}}\b")
_DIGITS = re.compile(r"(?<![\w])[$£€¥]?\d[\d,.]*")
_UNIT_TIME = r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|months?|years?|decades?|centuries|century)"
# what a reader asks "how much" of and is told in hours ("how much sun": "six hours of sun")
_MEASURED_IN_TIME = frozenset(
    "sun sunlight sunshine light daylight shade sleep rest exercise practice training "
    "time downtime overtime leave vacation holiday".split()
)
# "how much later than planned": "about three months later"
_LATER = frozenset("later earlier sooner longer".split())
# month and day names are matched with their capital ("May", never the verb "may")
_CALENDAR = re.compile(rf"\b(?:{_MONTHS}|{_DAYS})(?!\w)")
_TIME_WORDS = re.compile(
    rf"\b(?:today|yesterday|tomorrow|tonight|overnight|recently|lately|ago|spring|summer|"
    rf"autumn|winter|noon|midnight|weekend|dawn|dusk|century|centuries|decade|decades|"
    rf"anniversary)\b|\b(?:last|next|this|coming|previous|past|same|that|each|every|early|"
    rf"late|mid)[\s-]+{_UNIT_TIME}\b|\b(?:\d+|a|an|one|few|several|many|two|three|four|"
    rf"five|six|seven|eight|nine|ten|some|couple\s+of)\s+{_UNIT_TIME}\s+(?:ago|old|later|"
    rf"earlier|before|after|from\s+now|into|in)\b|\b(?:in|by|until|since|from|before|after)\s+"
    rf"(?:the\s+)?(?:early|late|mid)?\s*(?:\d{{4}}s?|\d+(?:st|nd|rd|th)\s+century)\b|"
    # "Wednesday night", "that morning"; "for a night" is a span, not a time
    rf"(?<!\ba\s)(?<!\ban\s)\b(?:morning|evening|afternoon|night)\b",
    re.IGNORECASE,
)
_DAY_PART = re.compile(r"\b(?:noon|midnight|morning|evening|afternoon|night|dawn|dusk)\b", re.IGNORECASE)
# how old something is: a span of years ("for decades"), or when it began ("founded")
_AGE_SPAN = re.compile(
    r"\b(?:\d[\d,.]*|(?:" + _NUMBER_WORDS + r")|a|several|many|few)\s+(?:years|decades|centuries|"
    r"generations)\b|\bfor\s+(?:decades|centuries|generations|years)\b",
    re.IGNORECASE,
)
_AGE_SINCE = re.compile(
    r"\b(?:since|founded|established|opened|dating|dates|started|began|"
    r"launched|set\s+up|formed|created|built|around\s+for|in\s+business\s+for)\b",
    re.IGNORECASE,
)
# a person's age: "a 32-year-old", "Montoya-Lewis, 51,", "aged 70", "in her 40s"
_PERSON_AGE = re.compile(
    r"\b\d{1,3}(?:-|\s+)years?(?:-|\s+)old\b|\b(?:aged?|age\s+of)\s+\d{1,3}\b|"
    r"[A-Za-z’'],\s+\d{1,3}(?:,|\s+(?:and|who|was|is|has|had)\b)|"
    r"\bin\s+(?:his|her|their)\s+(?:early\s+|mid-?|late\s+)?(?:\d0|twenties|thirties|forties|"
    r"fifties|sixties|seventies|eighties|nineties)s?\b|\bborn\s+in\b",
    re.IGNORECASE,
)


def person_age(sentence: str) -> bool:
    """Whether ``sentence`` gives someone's age ("Montoya-Lewis, 51,", "a 32-year-old")."""
    return bool(_PERSON_AGE.search(sentence))


# "a 30-second spot", "a two-year negotiation"; not an age ("a 32-year-old admirer")
_HYPHEN_SPAN = re.compile(
    rf"\b(?:\d[\d,.]*|{_NUMBER_WORDS})-{_UNIT_TIME}\b(?!-old)", re.IGNORECASE
)
_DURATION_WORDS = re.compile(
    rf"\b(?:\d[\d,.]*|a|an|one|few|several|many|some|couple\s+of|(?:{_NUMBER_WORDS}))"
    rf"(?:\s*(?:-|to|or)\s*[\w.]+)?\s+(?:more\s+|full\s+|long\s+)?{_UNIT_TIME}\b|"
    rf"\b(?:since|back\s+to|dating\s+(?:all\s+the\s+way\s+)?back\s+to|as\s+early\s+as|"
    rf"established\s+in|founded\s+in|opened\s+in)\s+(?:the\s+)?(?:\d{{4}}|{_MONTHS})|"
    rf"\bfor\s+(?:decades|years|months|weeks|days|hours|minutes|generations|centuries|ages)\b|"
    rf"\b(?:all\s+(?:day|night|week|year)|overnight|briefly|momentarily)\b",
    re.IGNORECASE,
)
_SPAN_WORDS = re.compile(
    rf"\b(?:until|till|through)\b|\bin\s+(?:mere\s+)?{_UNIT_TIME}\b|\bcentur(?:y|ies)\b|"
    rf"\bfrom\s+(?:the\s+)?(?:{_MONTHS}|{_DAYS}|\d{{4}})(?!\w)",
    re.IGNORECASE,
)
_FREQUENCY_WORDS = re.compile(
    rf"\b(?:once|twice|thrice|\w+\s+times)\s+(?:a|an|per|every|each)\s+\w+|\b(?:every|each|per)\s+"
    rf"(?:other\s+)?(?:\d+\s+)?{_UNIT_TIME}|\b(?:daily|weekly|monthly|yearly|annually|hourly|"
    rf"nightly|always|never|often|rarely|seldom|sometimes|occasionally|regularly|"
    rf"frequently|constantly|usually)\b|\b(?:a|an)\s+{_UNIT_TIME}\b|\b\d+\s*(?:x|times)\b",
    re.IGNORECASE,
)
_ORDINAL = re.compile(r"\b\d+(?:st|nd|rd|th)\b", re.IGNORECASE)
_CAUSE = re.compile(
    r"\b(?:because|since|due\s+to|owing\s+to|thanks\s+to|as\s+a\s+result|result(?:s|ed)?\s+"
    r"(?:in|from)|caus(?:e|es|ed|ing)|lead(?:s)?\s+to|led\s+to|reason|so\s+that|therefore|"
    r"thus|hence|blame[sd]?|driv(?:e|es|en|ing)|fuel(?:s|ed|led|ing)?|in\s+order\s+to|"
    r"partly|in\s+part|means\s+that|why)\b",
    re.IGNORECASE,
)


def numbers_in(text: str) -> set[str]:
    """The digit runs of ``text`` (to leave a question's own numbers out of answers)."""
    return {m.group(0).strip(".,$£€¥") for m in _DIGITS.finditer(text)}


_TIME_AMOUNT = re.compile(
    rf"\b{_A_NUMBER}(?:\s*(?:-|to|or)\s*[\w.]+)?\s+{_UNIT_TIME}\b",
    re.IGNORECASE,
)


_MONEY = re.compile(
    r"[$€£¥₹]\s?\d|\d\s?[$€£¥₹]|\b(?:US|C|A|HK)\$|\b(?:dollars?|euros?|pounds?|sterling|yuan|"
    r"renminbi|yen|rupees?|pesos?|francs?|cents?|bitcoins?|btc|usd|eur|gbp)\b",
    re.IGNORECASE,
)


_SHARE = re.compile(
    rf"%|\b(?:percent|per\s+cent|percentage|half|halves|thirds?|quarters?|fifths?|tenths?|"
    rf"fraction)\b|\b{_A_NUMBER}\s+(?:in|out\s+of|of\s+every)\s+(?:every\s+)?{_A_NUMBER}\b",
    re.IGNORECASE,
)


def _has_share(sentence: str, asked: set[str]) -> bool:
    return bool(_SHARE.search(sentence)) and _has_quantity(sentence, asked)


def _has_money(sentence: str, asked: set[str]) -> bool:
    return bool(_MONEY.search(sentence)) and _has_quantity(sentence, asked)


_MULTIPLIER = re.compile(
    r"\b(?:twice|double|doubled|triple|tripled|quadrupled|twofold|threefold|fourfold|fivefold|"
    r"tenfold|hundredfold|half|third|thirds|quarter|quarters)\b",
    re.IGNORECASE,
)


def _has_quantity(
    sentence: str, asked: set[str], counts_time: bool = False, counts: bool = False
) -> bool:
    # clock times, dates and years are not amounts; neither are the question's numbers,
    # nor spans of time unless time is what is counted ("how many hours of sun")
    masked = _CLOCK.sub(" ", sentence)
    if counts:
        masked = _MULTIPLIER.sub(" ", masked)
    if not counts_time:
        masked = _TIME_AMOUNT.sub(" ", masked)
    masked = _DAY_OF_MONTH.sub(" ", masked)
    masked = _ORDINAL.sub(" ", masked)
    masked = _YEAR.sub(" ", masked)
    for m in _DIGITS.finditer(masked):
        if m.group(0).strip(".,$£€¥") not in asked:
            return True
    return bool(_NUMBER_WORD.search(masked))


# a count before what it counts, up to three words between ("14 Leopard 2 tanks", "21 of
# 131 countries", "a 14-station trip", "1,388 (0.9%) same-sex couples"), never across a
# comma ("a 50 slip marina, gas docks, cabins"); or "the number of Americans who would
# die ... 60,000"
_COUNT = re.compile(
    rf"(?<![\w.,]){_A_NUMBER}"
    rf"(?=(?P<after>(?:-[\w’']+)?(?:\s+\([^)]{{0,20}}\))?(?:\s+[\w’'.&\"“”-]+){{0,4}}))",
    re.IGNORECASE,
)
_NUMBER_OF = re.compile(r"\b(?:number|numbers|total|count|tally)\s+of\s+(?P<what>[\w’'-]+)", re.IGNORECASE)
# "yards allowed (4,530)", "empires number in the dozens"
_COUNT_AFTER = re.compile(
    rf"(?<![\w’'-])(?=(?P<what>[\w’'-]+)(?:\s+(?P<also>[\w’'-]+))?\s+(?:\(\s*(?:\d[\d,.]*|"
    rf"{_NUMBER_WORDS})\s*\)|numbers?\s+(?:in\s+the\s+)?(?:\d|{_NUMBER_WORDS})))",
    re.IGNORECASE,
)


# a number with no noun of its own, after the noun it counts: "properties all over the
# country, including four in California", "67,000 research staff, 30,000 of them part-time"
_BARE_COUNT = re.compile(
    rf"(?<![\w.,$£€¥-])(?P<n>{_A_NUMBER})(?![.,]?\d)(?!\s*%)(?=\s*(?:$|[,.;:)]|\s+"
    rf"(?:in|at|across|of|per|a|an|each|every|to|or|so\s+far|last|this)\b))",
    re.IGNORECASE,
)


def counts(sentence: str, nouns: set[str], terms: Callable[[str], list[str]]) -> bool:
    """Whether ``sentence`` gives a number of what ``nouns`` (terms, as ``terms`` analyses
    words) name: "how many cabins" is not answered by "a 50 slip marina"."""
    for m in _COUNT.finditer(sentence):
        glued = re.match(r"-([\w’']+)", m.group("after"))
        # "a 14-station trip" counts stations; "thousand-strong colonies", "5-year plans"
        # count no colonies or plans
        after = [glued.group(1)] if glued else re.split(r"[\s\-\"“”]+", m.group("after"))
        if any(nouns.intersection(terms(w)) for w in after if w):
            return True
    for m in _COUNT_AFTER.finditer(sentence):
        if nouns.intersection(terms(f'{m.group("what")} {m.group("also") or ""}')):
            return True
    for m in _BARE_COUNT.finditer(sentence):
        before = sentence[: m.start()].split()
        # "Route 66", "Leopard 2": a name's number; and a year counts nothing
        if (before and before[-1][:1].isupper()) or _YEAR.fullmatch(m.group("n").rstrip(".,")):
            continue
        if any(nouns.intersection(terms(w)) for w in before):
            return True
    return any(
        nouns.intersection(terms(m.group("what"))) for m in _NUMBER_OF.finditer(sentence)
    ) and _has_quantity(sentence, set())


_RATE = r"(?:a|an|per|each|every)\s+(?P<unit>second|minute|hour|day|night|week|month|year)\b"
_RATE_Q = re.compile(_RATE, re.IGNORECASE)
_NUMBER_PER = re.compile(rf"(?:\d[\d,.]*|\b(?:{_NUMBER_WORDS}))\s+{_RATE}", re.IGNORECASE)


def gives_rate(sentence: str, question: str) -> bool:
    """Whether ``sentence`` gives a number per the span of time ``question`` asks about:
    "how many skin cells does your body shed every day" is answered by "about 30,000 to
    40,000 a day", which names no cells after the number."""
    asked = _RATE_Q.search(question)
    if asked is None:
        return False
    unit = asked.group("unit").lower()
    return any(m.group("unit").lower() == unit for m in _NUMBER_PER.finditer(sentence))


def _has_year(sentence: str, asked: set[str]) -> bool:
    return any(m.group(0)[:4] not in asked for m in _ANY_YEAR.finditer(sentence))


def _has_date(sentence: str, asked: set[str]) -> bool:
    """A clock time, a day or month, a time word ("yesterday", "next week") or a year."""
    return bool(
        _CLOCK.search(sentence) or _CALENDAR.search(sentence) or _TIME_WORDS.search(sentence)
    ) or _has_year(sentence, asked)


def _has_time(sentence: str, asked: set[str], unit: str | None = None) -> bool:
    if unit == "future":
        # "when do they meet again" is answered by a date, not an era ("the continuing
        # war"), in a sentence that looks ahead or at least does not tell of the past ("the
        # film premieres on May 5"; not the last game's "they played on Wednesday night")
        return (bool(_AHEAD.search(sentence)) or not _LOOKS_BACK.search(sentence)) and _has_date(
            sentence, asked
        )
    if unit == "year":
        return _has_year(sentence, asked)
    if unit == "clock":
        return bool(_CLOCK.search(sentence) or _DAY_PART.search(sentence))
    if unit == "date":
        return bool(_CALENDAR.search(sentence) or _DAY_OF_MONTH.search(sentence)) or bool(
            re.search(r"\b(?:today|yesterday|tomorrow|tonight)\b", sentence, re.IGNORECASE)
        )
    return _has_date(sentence, asked) or bool(_EVENT_TIME.search(sentence))


def holds(
    kind: str, sentence: str, asked: set[str] = frozenset(), unit: str | None = None  # type: ignore[assignment]
) -> bool:
    """Whether ``sentence`` holds an expression of the kind ``kind`` asks for (always
    True for kinds that ask for no particular expression). ``unit`` narrows a time
    ("year", "clock", "date") or says a quantity counts time ("time") or is an age
    ("age")."""
    if kind == QUANTITY:
        if unit == "age":
            # a year alone is no age ("she served from 2015"), nor "since" alone ("police
            # have since launched a search"); "built in 1932" and "for decades" are
            return person_age(sentence) or bool(_AGE_SPAN.search(sentence)) or bool(
                _AGE_SINCE.search(sentence) and _has_year(sentence, asked)
            )
        if unit == "money":
            return _has_money(sentence, asked)
        if unit == "share":
            return _has_share(sentence, asked)
        return _has_quantity(sentence, asked, counts_time=unit == "time", counts=unit == "count")
    if kind == TIME:
        return _has_time(sentence, asked, unit)
    if kind == DURATION and unit == "age":
        return bool(_AGE_SPAN.search(sentence) or _AGE_SINCE.search(sentence)) or _has_year(
            sentence, asked
        )
    if kind == DURATION:
        # a span ("for three weeks", "in seconds", "until after the war", "from May to
        # June", "into the nineteenth century"), not any day or year named ("signed an
        # agreement this week" does not say how long footage is kept, nor "09 Oct 2018"
        # how long a video is)
        return bool(
            _DURATION_WORDS.search(sentence)
            or _HYPHEN_SPAN.search(sentence)
            or _SPAN_WORDS.search(sentence)
        )
    if kind == FREQUENCY:
        return bool(_FREQUENCY_WORDS.search(sentence)) or _has_quantity(sentence, asked)
    if kind == WHY:
        return bool(_CAUSE.search(sentence))
    return True


_ROLE_WORDS = frozenset(
    "secretary general secretary-general president vice minister director chief head "
    "spokesman spokeswoman spokesperson professor prof dr doctor senator sen rep "
    "representative governor gov mayor ceo cfo cto founder co-founder cofounder chairman "
    "chairwoman chair coordinator scientist researcher analyst engineer economist "
    "consultant adviser advisor author writer reporter editor executive manager officer "
    "leader official commander ambassador judge justice lawyer attorney coach player "
    "captain king queen prince princess pope bishop rev reverend sir lord lady dame "
    "premier chancellor commissioner envoy general admiral colonel lieutenant sergeant "
    "mr mrs ms miss astronomer physicist biologist chemist dermatologist expert "
    "historian journalist columnist correspondent producer designer artist actor "
    "actress singer musician owner partner principal dean lecturer fellow member "
    "organizer organiser activist campaigner investor entrepreneur developer "
    "programmer nurse surgeon midwife psychologist therapist specialist strategist "
    "pollster critic curator chef farmer teacher student resident".split()
)
_APPOSITIVE = re.compile(
    r"^[’']?s?\s*(?:\([^)]{1,80}\)\s*)?,\s+(?:(?:a|an|the|who|whose|which|one|both|now|then|"
    r"formerly|also|currently|himself|herself|itself)\b|[a-z][\w-]*(?:\s+[a-z][\w-]*){0,4}\s+"
    r"(?:of|at|for|in|with|from|to)\b|[A-Z][\w.-]*(?:\s+[A-Za-z][\w.-]*){0,3}[’']s\b|"
    r"[a-z][\w-]*-based\b)"
)
# "EULA (short for End User Licence Agreement)", "BRT, short for bus rapid transit"
_SPELLED_OUT = re.compile(
    r"^\s*(?:\(|,|—|–|-)\s*(?:short\s+for|which\s+stands\s+for|standing\s+for|"
    r"also\s+known\s+as|or)\s+\S", re.IGNORECASE
)
_COPULA = re.compile(
    r"^\s*(?:\([^)]{1,80}\)\s*)?(?:is|was|are|were|has\s+been|had\s+been|serves\s+as|"
    r"served\s+as|works\s+as|worked\s+as|became|refers\s+to|stands\s+for|means)\s+"
    r"(?:(?:also|still|now|essentially|basically|simply|actually)\s+)?"
    r"(?:a|an|the|one|its|their|his|her|our|\w+ed|\w+ing)?\b",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[\w'’.\-]+")


def target_pattern(target: str) -> re.Pattern[str] | None:
    """Where a sentence names ``target``: the whole term, or for a person the last
    name alone (news names someone in full once and by surname after)."""
    words = [w.strip(".,’'") for w in target.split() if w.strip(".,’'")]
    if not words:
        return None
    if all(w[:1].isupper() for w in words):
        words = [w for w in words if w.lower().rstrip(".") not in _ROLE_WORDS] or words
        return re.compile(rf"\b{re.escape(words[-1])}\b(?:[’']s\b)?")
    # "the secretary general" is written "the alliance's Secretary-General"
    words = words[1:] if len(words) > 1 and _DETERMINER.match(f"{words[0]} ") else words
    return re.compile(r"\b" + r"[\s-]+".join(re.escape(w) for w in words) + r"s?\b", re.IGNORECASE)


# a role and whoever holds it: "Secretary-General Jens Stoltenberg", "Jens Stoltenberg,
# the alliance's secretary general"
_HOLDER_AFTER = re.compile(r"^\s+(?:[A-Z][\w’'.-]+\s+)+[A-Z][\w’'-]+")
_HOLDER_BEFORE = re.compile(
    r"(?:[A-Z][\w’'.-]+\s+)+[A-Z][\w’'-]+,\s+(?:(?:the|a|an|its|their|his|her)\s+)?"
    r"(?:[\w’'-]+\s+){0,3}$"
)


def names_holder(pattern: re.Pattern[str], sentence: str) -> bool:
    """Whether ``sentence`` names who holds the role ``pattern`` matches (see target_pattern:
    a role asked about, "who is the secretary general?")."""
    return any(
        _HOLDER_AFTER.match(sentence[m.end() :]) or _HOLDER_BEFORE.search(sentence[: m.start()])
        for m in pattern.finditer(sentence)
    )


def introduces(pattern: re.Pattern[str], sentence: str) -> bool:
    """Whether ``sentence`` introduces what ``pattern`` names: an apposition after it,
    a role or title before it, or a copula defining it."""
    for m in pattern.finditer(sentence):
        after = sentence[m.end() :]
        if _APPOSITIVE.match(after) or _COPULA.match(after) or _SPELLED_OUT.match(after):
            return True
        if sentence[: m.start()].rstrip().endswith("(") and after.lstrip().startswith(")"):
            return True  # "the Youth Accountability Team (YAT)": the name spelled out before
        before = _TOKEN.findall(sentence[: m.start()])[-5:]
        lowered = [w.lower().strip(".’'").removesuffix("’s").removesuffix("'s") for w in before]
        if any(w in _ROLE_WORDS for w in lowered):
            return True
    return False


def full_name_mentioned(pattern: re.Pattern[str], sentence: str) -> bool:
    """Whether ``sentence`` names the person with a first name before the surname."""
    for m in pattern.finditer(sentence):
        before = _TOKEN.findall(sentence[: m.start()])[-1:]
        if before and before[0][:1].isupper() and before[0].lower().strip(".") not in _ROLE_WORDS:
            return True
    return False


# "who won / beat / defeated ...": the answer states an outcome, not a hope or a forecast
_OUTCOME_Q = re.compile(
    r"^\W*(?:who|which\s+[\w'’-]+)\s+(?:won|beat|defeated|lost|wins|triumphed)\b", re.IGNORECASE
)
_OUTCOME = re.compile(
    r"\b(?:won|wins|beat|beats|defeated|defeats|triumphed|victory|victorious|elected)\b",
    re.IGNORECASE,
)
_FORECAST = re.compile(
    r"\b(?:will|would|could|might|may|to|expected\s+to)\s+(?:\w+\s+)?(?:win|beat|defeat)\b",
    re.IGNORECASE,
)
_QUOTATION = re.compile(r"“[^”]*”|\"[^\"]*\"")


def asks_outcome(question: str) -> bool:
    """A question about who won (or beat, or lost) something."""
    return bool(_OUTCOME_Q.search(question))


def states_outcome(sentence: str) -> bool:
    """Whether a sentence reports an outcome in its own voice: a win or a defeat outside
    quotation marks, and not a forecast ("he will win big")."""
    bare = _FORECAST.sub(" ", _QUOTATION.sub(" ", sentence))
    return bool(_OUTCOME.search(bare))


# "which law / act / bill / treaty ...": the answer names a legal instrument, a
# capitalized name ending in one of these words
INSTRUMENTS: dict[str, tuple[str, ...]] = {
    "law": ("Act", "Law", "Bill", "Code", "Statute", "Ordinance", "Amendment"),
    "laws": ("Act", "Acts", "Law", "Laws", "Bill", "Code", "Statute", "Ordinance", "Amendment"),
    "act": ("Act",),
    "bill": ("Bill", "Act"),
    "statute": ("Statute", "Act", "Law"),
    "treaty": ("Treaty", "Accord", "Agreement", "Convention", "Pact"),
    "amendment": ("Amendment",),
    "ordinance": ("Ordinance",),
}
_INSTRUMENT_PATTERNS = {
    head: re.compile(
        r"(?:\b[A-Z][\w’'-]+\s+(?:(?:of|the|and|on|for)\s+)*){1,6}(?:" + "|".join(words) + r")\b"
        r"|\b(?:" + "|".join(words) + r")\s+of\s+(?:the\s+)?[A-Z]"  # "Treaty of Versailles"
    )
    for head, words in INSTRUMENTS.items()
}


def names_instrument(head: str, text: str) -> bool:
    """Whether ``text`` names a legal instrument of the kind ``head`` asks for."""
    pattern = _INSTRUMENT_PATTERNS.get(head)
    return bool(pattern and pattern.search(text))


# "where did the crash happen?", "where exactly was this?": where an event took place, the
# question a news reader asks naming nothing else (a specific "where did Beyonce perform"
# is left to the ranking: on SQuAD, preferring a named place for every "where" question
# lost more than it won)
_PLACE_Q = re.compile(
    r"^\W*(?:(?:and|so|but|ok|okay)\W+)?where(?:\s+exactly)?\s+(?:"
    r"(?:did|does|do|will|would|has|had|was|were|is|are)\s+(?:[\w'’-]+\s+){0,4}?"
    r"(?:happen(?:s|ed|ing)?|occur(?:s|red|ring)?|(?:take|takes|taken|taking|took)\s+place|"
    r"(?:go|goes|going|gone|went)\s+down|going\s+on|unfold(?:s|ed|ing)?)\b|"
    r"(?:was|is|were|are)\s+(?:this|it|that|they)\s*(?:exactly\s*)?\W*$)",
    re.IGNORECASE,
)
# a named place after a preposition of place: "in Osborne Store, Clarendon", "in front of
# the Spanish Town Police Station", "over New Delhi", "the states of Punjab and Haryana"; a
# month or a weekday ("in March") is a time (a holiday, "over Christmas", passes for a place)
_PLACE = re.compile(
    r"\b(?i:in|at|near|outside|inside|off|along|across|into|onto|toward|towards|around|"
    r"over|throughout|within|beside|behind|opposite|in\s+front\s+of|outskirts\s+of|"
    r"(?:north|south|east|west)\s+of|(?:city|town|village|states?|province|region|county|"
    r"district|capital)\s+of)\s+(?i:(?:the|an?)\s+)?(?!(?:" + _MONTHS + "|" + _DAYS
    + r")\b)[A-Z][\w’'.-]*[A-Za-z]"
)


# the words of "where did this happen?" that name no thing: such a question asks about the
# story itself
EVENT_WORDS = (
    "happen happens happened happening occur occurs occurred occurring take takes took taken "
    "taking place go goes going gone went down on unfold unfolds unfolded unfolding "
    "exactly".split()
)


def asks_place(question: str) -> bool:
    """A question asking where something happened."""
    return bool(_PLACE_Q.search(question))


def names_place(text: str) -> bool:
    """Whether ``text`` names a place after a preposition of place ("in Clarendon")."""
    return bool(_PLACE.search(text))


# "what's Belize's vaccination rate?", "what are her approval ratings at?", "what body
# fat percentage counts as healthy?": a figure answers, as "99.4" does "what was
# Newton's quarterback rating?" (the kind stays as it is: a number alone in a paragraph
# is no sign that it is the figure asked for)
_FIGURE_Q = re.compile(
    r"^\W*(?:so\s+|and\s+)?what(?:'s|’s|\s+is|\s+was|\s+are|\s+were)?\s+"
    rf"(?:the\s+|[\w'’-]+(?:'s|’s)\s+)?(?:(?!happen|{_AUX}\b)[\w'’-]+\s+){{0,3}}?"
    r"(?:rates?|turnout|ratings?|percentage)\b(?!\s+like\b)",
    re.IGNORECASE,
)


def asks_figure(question: str) -> bool:
    """A "what is the rate / turnout / rating" question, which only a figure answers."""
    return bool(_FIGURE_Q.search(question))


# "what's the new car called?": a name, though not a person's (the kind stays as it is)
_CALLED_Q = re.compile(
    r"^\W*(?:so\s+|and\s+)?what(?:[’']?s|\s+(?:is|was|are|were))\s+(?:the|his|her|their|its|"
    r"this|that)\s+(?:[\w’'-]+\s+){1,4}?(?:actually\s+|even\s+)?called\W*$",
    re.IGNORECASE,
)


def asks_name(question: str) -> bool:
    """"What's the inspector's name?", "what is the name of the ship?", "what's the new
    cop called?"."""
    return bool(_NAME_Q.search(question) or _CALLED_Q.search(question))


_CAPITALISED = re.compile(r"[A-Z][\w’'.-]*")
_NOT_NAMES = re.compile(rf"^(?:I|{_MONTHS}|{_DAYS})$")
_AROUND_WORD = "“”\"‘’'()[],.;:!?"  # quotes and punctuation a word is written with


def names_something(
    sentence: str, asked: Callable[[str], bool], names: frozenset[str] = frozenset()
) -> bool:
    """Whether ``sentence`` holds a name the question did not give (``asked`` says which
    words it gave): a capitalised word past the sentence's first, not a month or a day,
    or a first word among ``names`` (words the text capitalises mid-sentence: "Brown,
    the inspector, was hurt" when "Brown" is written so elsewhere). "The inspector
    intervened ..." gives no name; "Inspector Jane Brown was hurt" does."""
    for at, word in enumerate(sentence.split()):
        word = word.strip(_AROUND_WORD)
        if at == 0 and word not in names:
            continue
        if _CAPITALISED.fullmatch(word) and not _NOT_NAMES.match(word) and not asked(word):
            return True
    return False


def capitalised_inside(sentences: list[str]) -> frozenset[str]:
    """The words ``sentences`` capitalise past their first word (see names_something)."""
    found: set[str] = set()
    for sentence in sentences:
        for word in sentence.split()[1:]:
            word = word.strip(_AROUND_WORD)
            if _CAPITALISED.fullmatch(word):
                found.add(word)
    return frozenset(found)


def is_question(sentence: str) -> bool:
    """Whether a sentence of the text asks a question (its own, or one it quotes at its end)."""
    return sentence.rstrip(" ”\"’'»)").endswith("?")
