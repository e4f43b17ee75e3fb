"""Language names, offline language detection, and word tokenization.

Language names are sumy's ("english", "german", ...), because stop words and
stemmers come from bot.text.stemming. Detection needs no extra
package or model: it counts very frequent function words per language on a
sample of the text, after a script check for Greek, Cyrillic, Arabic and Hebrew.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from bot.errors import UsageError
from bot.text import stemming


@dataclass(frozen=True)
class Language:
    """One language we read: the one table every language setting derives from."""

    name: str  # sumy's name, used throughout the bot
    code: str  # ISO 639-1: how people and wordfreq name it
    sentence_rules: str  # pySBD's rules for it, or a close language's where pySBD lacks it
    aliases: tuple[str, ...] = ()  # other codes, names and endonyms people type


# Languages with stop words in sumy (or below) that whitespace/regex tokenization
# handles. Chinese, Japanese, Korean and Thai are left out: they need word
# segmenters we do not ship.
LANGUAGES: tuple[Language, ...] = (
    Language("english", "en", "en", ("eng", "englisch", "anglais", "inglés", "ingles", "inglese")),
    Language("german", "de", "de", ("deu", "ger", "deutsch", "allemand", "alemán", "aleman", "tedesco")),
    Language("french", "fr", "fr", ("fra", "fre", "français", "francais", "französisch", "francés", "frances")),
    Language("spanish", "es", "es", ("spa", "español", "espanol", "castellano", "spanisch", "espagnol")),
    Language("italian", "it", "it", ("ita", "italiano", "italienisch", "italien")),
    Language("portuguese", "pt", "es", ("por", "português", "portugues", "portugiesisch", "portugais")),
    Language("dutch", "nl", "nl", ("nld", "dut", "nederlands", "flemish", "vlaams", "niederländisch")),
    Language("swedish", "sv", "da", ("swe", "svenska", "schwedisch", "suédois")),
    Language("czech", "cs", "sk", ("ces", "cze", "čeština", "cestina", "česky", "cesky", "tschechisch")),
    Language("slovak", "sk", "sk", ("slk", "slo", "slovenčina", "slovencina", "slovensky", "slowakisch")),
    Language("polish", "pl", "pl", ("pol", "polski", "polnisch", "polonais")),
    Language("russian", "ru", "ru", ("rus", "русский", "russkiy", "russisch", "russe")),
    Language("ukrainian", "uk", "ru", ("ukr", "українська", "ukrainska", "ukrainisch", "ukrainien")),
    Language("greek", "el", "el", ("ell", "gre", "ελληνικά", "ελληνικα", "ellinika", "griechisch", "grec")),
    Language("arabic", "ar", "ar", ("ara", "العربية", "arabisch", "arabe")),
    Language("hebrew", "he", "en", ("iw", "heb", "עברית", "ivrit", "hebräisch", "hébreu")),
)
SUPPORTED: tuple[str, ...] = tuple(lang.name for lang in LANGUAGES)
BY_NAME: dict[str, Language] = {lang.name: lang for lang in LANGUAGES}

# sumy has stemmers but no stop words for these two; a short list of the most
# frequent function words keeps summaries and answers from keying on them.
_EXTRA_STOP_WORDS: dict[str, frozenset[str]] = {
    "russian": frozenset(
        "и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по "
        "только ее её мне было вот от меня еще ещё нет о из ему теперь когда даже ну вдруг ли "
        "если уже или ни быть был него до вас нибудь опять уж вам ведь там потом себя ничего "
        "ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего "
        "раз тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь "
        "этом один почти мой тем чтобы нее кажется сейчас были куда зачем всех никогда можно "
        "при наконец два об другой хоть после над больше тот через эти нас про всего них "
        "какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том "
        "нельзя такой им более всегда конечно всю между это также которые который которая".split()
    ),
    "dutch": frozenset(
        "de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er "
        "maar om hem dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit "
        "der daar haar naar heb hoe heeft hebben deze u want nog zal me zij nu ge geen omdat "
        "iets worden toch al waren veel meer doen toen moet ben zonder kan hun dus alles onder "
        "ja eens hier wie werd altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon "
        "niets uw iemand geweest andere".split()
    ),
}

_ALIASES: dict[str, str] = {
    alias.casefold(): lang.name
    for lang in LANGUAGES
    for alias in (lang.name, lang.code, *lang.aliases)
}


def normalize_language(name: str) -> str:
    """The sumy name for a language given as a code, an English name or an endonym.

    Region suffixes are ignored ("en-US", "pt_BR"). Raises UsageError for
    anything not in SUPPORTED.
    """
    if not isinstance(name, str):
        raise UsageError(f"A language must be given as text, not {type(name).__name__}.")
    key = name.strip().casefold()
    found = _ALIASES.get(key)
    if found is None:
        found = _ALIASES.get(re.split(r"[-_]", key, maxsplit=1)[0])
    if found is None:
        shown = name.strip()[:40] or "(empty)"
        raise UsageError(
            f"Unknown or unsupported language {shown!r}. Supported: {', '.join(SUPPORTED)}."
        )
    return found


# --- detection ---------------------------------------------------------------

# The most frequent function words of each Latin-script language. Hand-picked
# rather than taken from sumy's stop lists, whose sizes differ tenfold between
# languages and would bias the vote towards the long lists.
_MARKERS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "english": "the and of to is in that it was for with as on be at by this have from "
        "are were he she they which has not but had his her their been would will an or "
        "who its there than also about",
        "german": "der die und das ist nicht ein eine zu den von mit sich des auf für im dem "
        "auch es sie ich wir wurde sind bei nach aus oder wie einer eines noch nur werden hat "
        "war sein über kann",
        "french": "le la les de des du et est un une en que qui dans pour pas sur au aux avec "
        "ce il elle ne se son sont par plus nous mais ont été cette leur comme était vous",
        "spanish": "el la los las de del y en que se por con una un para es al lo como más "
        "pero sus su fue este esta ha le ya sobre entre cuando también muy sin hay están",
        "italian": "il di che è e la per un una del della in non sono con gli le si da al "
        "alla lo anche più ma ha nel dei delle questo come essere stato nella sua",
        "portuguese": "o os as do da dos das em no na nos um uma não com para que e é por "
        "mais ao se foi como mas pelo pela são também seu sua ele está ou já",
        "dutch": "de het een en van in is dat op te zijn voor met niet die aan er om ook als "
        "bij door maar naar wordt werd nog uit dan worden hij heeft hebben",
        "swedish": "och att det som en är på för med av till den inte har om var ett jag de "
        "men han hon kan så från vi sig eller efter vid skulle också",
        "czech": "a se na je že v to s z do jsou by jako pro ale o byl jeho který která které "
        "také tak jsem není při po už nebo bylo byla jsme podle",
        "slovak": "a sa na je že v to s z do sú by ako pre ale o bol jeho ktorý ktorá ktoré aj "
        "tak som nie pri po už alebo bolo bola sme podľa",
        "polish": "i w nie na się z do to że jest o jak co ale po od za tak przez tym są był "
        "dla jego które który czy jednak tylko może być oraz także",
        "russian": "и в не на что с по это как он к но из а то за от его для так был она же "
        "бы они было уже только или также которые который быть",
        "ukrainian": "і в у не на що з до це як він але та за від його для так був вона же б "
        "вони було вже тільки або також й із які який бути",
    }.items()
}

_MARKER_LANGS: dict[str, tuple[str, ...]] = {}
for _lang, _words in _MARKERS.items():
    for _word in _words:
        _MARKER_LANGS[_word] = (*_MARKER_LANGS.get(_word, ()), _lang)

_LATIN = tuple(lang for lang in _MARKERS if lang not in {"russian", "ukrainian"})
_CYRILLIC = ("russian", "ukrainian")

_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("latin", re.compile(r"[A-Za-z\u00c0-\u024f]")),
    ("greek", re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")),
    ("cyrillic", re.compile(r"[\u0400-\u04ff]")),
    ("arabic", re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")),
    ("hebrew", re.compile(r"[\u0590-\u05ff\ufb1d-\ufb4f]")),
)

_SAMPLE_CHARS = 12_000  # about 2,000 words from the start, as many from the middle
_MIN_HITS = 3  # fewer function words than this: too short to tell
_MIN_MARGIN = 1.25  # the winner must beat the runner-up by this factor


def detect_language(text: str, default: str = "english") -> str:
    """Guess the language of ``text`` offline; ``default`` when too short or ambiguous."""
    default = normalize_language(default)
    if not isinstance(text, str):
        raise ValueError("detect_language needs a str")
    sample = _sample(text)
    script = _dominant_script(sample)
    if script in {"greek", "arabic", "hebrew"}:
        return script
    if script is None:
        return default
    candidates = _CYRILLIC if script == "cyrillic" else _LATIN
    scores = dict.fromkeys(candidates, 0)
    for token in _TOKEN.findall(sample.lower()):
        for lang in _MARKER_LANGS.get(token, ()):
            if lang in scores:
                scores[lang] += 1
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    best, best_hits = ranked[0]
    runner_up = ranked[1][1]
    if best_hits < _MIN_HITS or best_hits < runner_up * _MIN_MARGIN:
        return default
    return best


def _sample(text: str) -> str:
    if len(text) <= 2 * _SAMPLE_CHARS:
        return text
    middle = len(text) // 2
    # cut at spaces so no word is half-counted
    head = text[:_SAMPLE_CHARS].rsplit(" ", 1)[0]
    mid = text[middle : middle + _SAMPLE_CHARS].split(" ", 1)[-1].rsplit(" ", 1)[0]
    return head + " " + mid


def _dominant_script(sample: str) -> str | None:
    counts = {name: len(pattern.findall(sample)) for name, pattern in _SCRIPTS}
    name, count = max(counts.items(), key=lambda kv: kv[1])
    if count == 0:
        return None
    return name


# --- tokenization --------------------------------------------------------------

# Combining marks (decomposed accents, Arabic harakat, Hebrew points) belong to
# their word; Python's \w leaves them out.
_MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
_W = rf"[\w{_MARKS}]"
_TOKEN = re.compile(
    rf"""
    (?:[^\W\d_]\.){{2,}}(?![^\W\d_])   # dotted abbreviations: u.s., e.g., a.m.
    | \d+(?:[.,:/]\d+)+               # numbers with separators: 2.5, 1,000, 10:30
    | {_W}+(?:['\-]{_W}+)*            # words, with hyphens and apostrophes inside
    """,
    re.VERBOSE,
)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-"})
_APOSTROPHE_CHARS = ("\u2019", "\u02bc", "\u2010", "\u2011")
_CACHE_LIMIT = 300_000


def words(text: str) -> list[str]:
    """Lower-cased word tokens of ``text``: "U.S." and "2.5" stay whole, as do
    hyphenated words and contractions; punctuation is dropped."""
    lowered = text.lower()
    if any(ch in lowered for ch in _APOSTROPHE_CHARS):  # translate() is slow; usually not needed
        lowered = lowered.translate(_APOSTROPHES)
    tokens = _TOKEN.findall(lowered)
    if "_" in text:
        tokens = [t for t in tokens if t.strip("_")]
    return tokens


class _FoldTable(dict[int, str]):
    """str.translate table that strips accents, filled one character at a time."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        bare = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        # keep characters that decompose to nothing or change meaning when split (ligatures)
        self[code] = value = bare if len(bare) == 1 else char
        return value


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """``text`` without accents ("Temür" -> "Temur"), so a question typed without them
    still finds the words."""
    return text if text.isascii() else text.translate(_FOLD)


class Analyzer:
    """Turns text into index terms for one language: lower-cased words without
    stop words, hyphenated words split into their parts, stemmed."""

    def __init__(self, language: str) -> None:
        self.language = normalize_language(language)
        self.stop_words: frozenset[str] = stemming.stop_words(
            self.language
        ) | _EXTRA_STOP_WORDS.get(self.language, frozenset())
        self._stem: Callable[[str], str] = stemming.stemmer(self.language)
        self._english = self.language == "english"
        # token -> its terms; most words repeat, so this skips the stemmer
        self._cache: dict[str, tuple[str, ...]] = {}

    def __repr__(self) -> str:
        return f"Analyzer({self.language!r})"

    def words(self, text: str) -> list[str]:
        return words(text)

    def terms(self, text: str) -> list[str]:
        """Index terms of ``text``, in order (repeats kept, for term counts)."""
        cache = self._cache
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        out: list[str] = []
        for token in words(text):
            found = cache.get(token)
            if found is None:
                found = cache[token] = self._token_terms(token)
            out.extend(found)
        return out

    def stem(self, word: str) -> str:
        return self._stem(word)

    def _token_terms(self, token: str) -> tuple[str, ...]:
        stops = self.stop_words
        if token in stops:
            return ()
        if token[0].isdigit() or (len(token) > 2 and token[1] == "."):
            return (token,)  # numbers and dotted abbreviations are not stemmed
        parts = [token]
        if "'" in token:
            if self._english:
                # possessives and contractions: "austin's" -> "austin"
                parts = [token[:-2] if token.endswith("'s") else token.replace("'", "")]
            else:
                # elisions: "l'homme" -> "homme", "qu'il" -> "il"
                parts = [p for p in token.split("'") if len(p) > 2]
        if "-" in token:
            parts = [piece for p in parts for piece in p.split("-") if piece]
        return tuple(self._stem(p) for p in parts if p and p not in stops)


def analyzer(language: str) -> Analyzer:
    """The shared Analyzer of a language (its stem cache is reused across documents)."""
    return _shared_analyzer(normalize_language(language))


@cache
def _shared_analyzer(language: str) -> Analyzer:
    return Analyzer(language)


def any_analyzer(language: str) -> Analyzer:
    """``analyzer(language)``, or English's for a language without stop words or a
    stemmer: its words still split, and English rules leave them nearly untouched."""
    try:
        return analyzer(language)
    except UsageError:
        return analyzer("english")
