"""Language names, offline detection and tokenization."""

from __future__ import annotations

import pytest

from bot.errors import UsageError
from bot.text.language import (
    SUPPORTED,
    Analyzer,
    analyzer,
    detect_language,
    normalize_language,
    words,
)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("en", "english"),
        ("eng", "english"),
        ("English", "english"),
        ("  english ", "english"),
        ("en-US", "english"),
        ("de", "german"),
        ("deutsch", "german"),
        ("German", "german"),
        ("fr", "french"),
        ("français", "french"),
        ("Francais", "french"),
        ("es", "spanish"),
        ("pt_BR", "portuguese"),
        ("ελληνικά", "greek"),
        ("uk", "ukrainian"),
    ],
)
def test_normalize_language_accepts_codes_names_and_endonyms(given: str, expected: str) -> None:
    assert normalize_language(given) == expected


@pytest.mark.parametrize("given", ["klingon", "", "zh", "japanese", "xx-YY"])
def test_normalize_language_rejects_unknown_names_listing_the_supported_ones(given: str) -> None:
    with pytest.raises(UsageError) as info:
        normalize_language(given)
    message = str(info.value)
    assert "english" in message and "german" in message
    assert "\n" not in message


def test_supported_languages_have_stop_words_and_leave_out_cjk() -> None:
    assert {"english", "german", "french", "spanish", "greek", "arabic", "hebrew"} <= set(SUPPORTED)
    assert not {"chinese", "japanese", "korean", "thai"} & set(SUPPORTED)
    for language in SUPPORTED:
        assert analyzer(language).stop_words, language


@pytest.mark.parametrize("name", ["german", "french", "spanish"])
def test_detects_the_language_of_real_looking_paragraphs(fixtures, name: str) -> None:
    text = (fixtures / "lang" / f"{name}.txt").read_text(encoding="utf-8")
    assert detect_language(text) == name


def test_detects_english_on_the_reference_article(shared_data) -> None:
    text = (shared_data / "articles" / "nato_offensive.txt").read_text(encoding="utf-8")
    assert detect_language(text, default="german") == "english"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Η κυβέρνηση ανακοίνωσε νέα μέτρα για την οικονομία της χώρας.", "greek"),
        ("قالت الحكومة إنها ستعلن عن إجراءات جديدة لدعم الاقتصاد.", "arabic"),
        ("הממשלה הודיעה היום על צעדים חדשים לחיזוק הכלכלה.", "hebrew"),
        ("Уряд оголосив нові заходи, які будуть діяти до кінця року, і це важливо для всіх.", "ukrainian"),
        ("Правительство объявило новые меры, которые будут действовать до конца года, и это важно.", "russian"),
    ],
)
def test_detects_languages_by_script(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", "Hello", "12345 67890", "OK OK"])
def test_too_short_or_ambiguous_text_gets_the_default(text: str) -> None:
    assert detect_language(text, default="french") == "french"


def test_detect_language_validates_its_default() -> None:
    with pytest.raises(UsageError):
        detect_language("Some text here.", default="elvish")


def test_words_keep_abbreviations_numbers_and_hyphenated_words_whole() -> None:
    text = "The U.S. economy grew 2.5% in 2019, a well-known fact; 1,000 people don’t agree."
    assert words(text) == [
        "the", "u.s.", "economy", "grew", "2.5", "in", "2019", "a", "well-known", "fact",
        "1,000", "people", "don't", "agree",
    ]


def test_words_handle_accents_decomposed_marks_and_other_scripts() -> None:
    decomposed = "cafe\u0301 nai\u0308ve"
    assert words(decomposed) == ["cafe\u0301", "nai\u0308ve"]
    assert words("Ελληνικά κείμενα") == ["ελληνικά", "κείμενα"]
    assert words("___ x_y") == ["x_y"]


def test_terms_drop_stop_words_stem_and_strip_possessives() -> None:
    english = analyzer("en")
    assert english.terms("What did Austin's generals say about the running offensives?") == [
        "austin", "general", "run", "offens",
    ]


def test_terms_split_hyphenated_words_and_french_elisions() -> None:
    assert analyzer("english").terms("cease-fire talks") == ["ceas", "fire", "talk"]
    french = analyzer("french").terms("L'armée qu'il dirige")
    assert "armé" in french and not any("'" in t for t in french)


def test_numbers_and_dotted_abbreviations_are_not_stemmed() -> None:
    assert analyzer("english").terms("U.S. troops 2.5") == ["u.s.", "troop", "2.5"]


def test_analyzer_is_shared_per_language_and_validates_its_argument() -> None:
    assert analyzer("en") is analyzer("English")
    with pytest.raises(UsageError):
        Analyzer("nope")
