"""The channel's reading list (bot.storage.library): full-text search over every article of
a channel, reading lists that never leak a private conversation, channel settings.
Runs on SQLite (FTS5) and PostgreSQL (tsvector + GIN)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from manual_clock import ManualClock

from bot.document import Document, Paragraph
from bot.errors import UsageError
from bot.storage.library import ChannelSettings, choose_candidates, query_terms
from bot.storage.store import Store

LIBRARY_TABLES = "article_cards, channel_participants, channel_settings, paragraph_search, article_vectors"


@pytest.fixture
def lib(store: Store) -> Iterator[Store]:
    """``store`` with the reading list's tables empty too (PostgreSQL's schema is per module)."""
    if store.is_postgres:
        with store.engine.begin() as conn:
            conn.execute(sa.text(f"TRUNCATE {LIBRARY_TABLES}"))
    yield store


def doc(title: str, *paras: str, source: str = "") -> Document:
    return Document(
        title=title,
        source=source or f"https://example.com/{title.lower().replace(' ', '-')}",
        language="english",
        paragraphs=tuple(Paragraph(i, p, (p,)) for i, p in enumerate(paras)),
    )


def save(s: Store, title: str, *paras: str, team: str = "T1", channel: str = "C1",
         thread: str | None = None, kind: str = "channel", summary: str = "") -> int:
    return s.save_article(
        team_id=team, channel_id=channel, thread_ts=thread or f"{title}.1", document=doc(title, *paras),
        channel_type=kind, summary=summary,
    )


def hits(s: Store, query: str, team: str = "T1", channel: str = "C1") -> list[tuple[int, int]]:
    return [(h.article_id, h.paragraph) for h in s.search_paragraphs(team, channel, query)]


def titles(cards: list) -> list[str]:
    return [c.title for c in cards]


# ---------------------------------------------------------------- search


def test_search_covers_every_article_of_the_channel_and_nothing_else(lib: Store) -> None:
    a = save(lib, "Front", "Austin said Ukraine's momentum would carry the offensive.", "Rain fell.")
    b = save(lib, "Later", "Nothing here.", "Kyiv welcomed the momentum of the counteroffensive.")
    save(lib, "Other channel", "Austin and Ukraine's momentum, again.", channel="C2")
    save(lib, "Other team", "Austin and Ukraine's momentum, again.", team="T2")
    save(lib, "Other team, same channel id", "Ukraine momentum Austin.", team="T2", channel="C1")

    found = hits(lib, "What did Austin say about Ukraine's momentum?")
    assert found[0] == (a, 0)
    assert set(found) == {(a, 0), (b, 1)}  # any word matches: "momentum" alone finds b
    assert {h[0] for h in hits(lib, "momentum", channel="C2")} == {3}
    assert {h[0] for h in hits(lib, "momentum", team="T2")} == {4, 5}
    assert hits(lib, "momentum", team="T3") == []
    assert hits(lib, "momentum", channel="C9") == []
    scores = [h.score for h in lib.search_paragraphs("T1", "C1", "Austin Ukraine momentum")]
    assert scores == sorted(scores, reverse=True)


def test_terms_are_stemmed_and_any_of_them_matches(lib: Store) -> None:
    a = save(lib, "Bridges", "The bridges were opened in 1849.", "Engineers designed them.")
    assert hits(lib, "bridge") == [(a, 0)]
    assert hits(lib, "When did the bridge open?") == [(a, 0)]
    assert hits(lib, "1849 engineer") == [(a, 0), (a, 1)] or hits(lib, "1849 engineer") == [(a, 1), (a, 0)]
    assert hits(lib, "zeppelin") == []


def test_ranking_prefers_more_and_rarer_words(lib: Store) -> None:
    filler = [f"Paragraph {i} talks about the weather in the city today." for i in range(12)]
    a = save(lib, "A", "The city council met today.", *filler[:4])
    b = save(lib, "B", "The city council approved the zeppelin hangar today.", *filler[4:8])
    c = save(lib, "C", "A zeppelin flew over the city.", *filler[8:])
    ranked = hits(lib, "Did the council approve the zeppelin hangar?")
    assert ranked[0] == (b, 0)  # every word
    assert set(ranked[1:3]) == {(a, 0), (c, 0)}  # one or two of them
    assert len(ranked) == 3  # "city", "today" are not in the question: no filler paragraph
    # a rare word outweighs a common one
    rare = hits(lib, "zeppelin weather")
    assert set(rare[:2]) == {(b, 0), (c, 0)}


def test_limit_caps_the_candidates(lib: Store) -> None:
    for i in range(6):
        save(lib, f"Story {i}", *[f"Volcano eruption number {i}-{j}." for j in range(10)])
    assert len(lib.search_paragraphs("T1", "C1", "volcano", limit=40)) == 40
    assert len(lib.search_paragraphs("T1", "C1", "volcano", limit=5)) == 5
    with pytest.raises(UsageError):
        lib.search_paragraphs("T1", "C1", "volcano", limit=0)


HOSTILE = [
    '"', '""', "'", "''", '"ukraine', 'ukraine"', "(", ")", "(ukraine", "ukraine)", "((((",
    "NEAR", "NEAR(ukraine momentum)", "NEAR/2", "ukraine NEAR momentum", "ukraine*", "*",
    "-ukraine", "ukraine -momentum", "^ukraine", "body:ukraine", "scope:ukraine", "{body}: x",
    "ukraine AND", "OR ukraine", "NOT ukraine", "AND OR NOT", "ukraine & momentum", "ukraine | x",
    "!ukraine", "ukraine <-> momentum", "ukraine:*", "ukraine:A", "'ukraine':*", "\\", "\\'",
    "'; DROP TABLE articles; --", "ukraine\x00momentum", "%", "_", "ukraine's", "+ukraine",
    "ukraine~2", "[ukraine]", "ukraine;", "ukraine..momentum", "😀 ukraine", "Україна",
    "ukraine " * 2000, "x" * 10_000, "",
]


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_query_text_is_only_words(lib: Store, query: str) -> None:
    a = save(lib, "War", "Ukraine's momentum grew near the river.", "Other words.")
    found = lib.search_paragraphs("T1", "C1", query)
    assert all(h.article_id == a for h in found)
    if "ukraine" in query.lower():
        assert (a, 0) in [(h.article_id, h.paragraph) for h in found]
    lib.search_articles("T1", "C1", query)
    assert lib.article_for_thread("T1", "C1", "War.1") is not None  # nothing dropped


def test_operator_words_are_searched_as_words(lib: Store) -> None:
    a = save(lib, "Syntax", "The NEAR field communication chip.", "Nothing.")
    assert hits(lib, "NEAR") == []  # a stop word, and never an operator
    assert hits(lib, "NEAR(field chip)") == [(a, 0)]
    assert hits(lib, 'communication" OR "nothing') == [(a, 0)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=60))
def test_any_text_is_a_harmless_query(tmp_path: Path, query: str) -> None:
    s = Store(f"sqlite:///{tmp_path / 'fuzz.db'}")
    try:
        if s.article_for_thread("T1", "C1", "War.1") is None:
            save(s, "War", "Ukraine's momentum grew near the river.")
        for h in s.search_paragraphs("T1", "C1", query):
            assert (h.article_id, h.paragraph) == (1, 0)
    finally:
        s.close()


def test_query_terms() -> None:
    assert query_terms("What did Austin say about Ukraine's momentum?") == ["austin", "ukraine", "momentum"]
    assert query_terms('"NEAR(a* -b)" OR c:d') == []
    assert query_terms("Super Bowl 50, the 50th!") == ["super", "bowl", "50", "50th"]
    many = " ".join(f"word{i}" for i in range(100)) + " zeppelin"
    assert len(query_terms(many)) == 16
    with pytest.raises(UsageError):
        query_terms(None)  # type: ignore[arg-type]


def test_choose_candidates_keeps_the_rarer_words_within_the_budget() -> None:
    terms = ["year", "austin", "ukraine", "momentum"]
    assert choose_candidates(terms, [900, 5, 300, 40], 2000) == terms  # all within budget
    assert choose_candidates(terms, [900, 5, 300, 40], 400) == ["austin", "ukraine", "momentum"]
    assert choose_candidates(terms, [900, 5, 300, 40], 100) == ["austin", "momentum"]
    assert choose_candidates(terms, [900, 800, 3000, 700], 100) == ["momentum"]  # at least one
    # unknown frequency: rarer than the statistics list, always a candidate
    assert choose_candidates(terms, [900, None, 3000, None], 100) == ["austin", "momentum"]
    assert choose_candidates(terms, [None] * 4, 1) == terms


def analyzed(s: Store) -> None:
    """PostgreSQL: statistics of the index as autovacuum would gather them, read anew."""
    if s.is_postgres:
        with s.engine.begin() as conn:
            conn.execute(sa.text("ANALYZE paragraph_search"))
    s.refresh_search_statistics()


def test_common_words_choose_no_candidates_while_rarer_words_give_enough(lib: Store) -> None:
    for i in range(20):
        save(lib, f"Story {i}", f"The market rose on day {i}.", thread=f"{i}.1")
    both = save(lib, "Both", "The market for zeppelin parts grew.")
    rare = save(lib, "Rare", "A zeppelin flew over the quiet northern hills at dawn yesterday.")
    analyzed(lib)
    lib.search_budgets = (4, 8)
    # "market" is on 21 rows: past both budgets, it only ranks the candidates of "zeppelin"
    assert hits(lib, "zeppelin market") == [(both, 0), (rare, 0)]
    assert len(hits(lib, "market")) == 21  # the only word: always searched
    # too few paragraphs with the rarer word: the wider budget lets the common word in
    lib.search_budgets = (4, 100)
    found = hits(lib, "zeppelin market")
    assert found[0] == (both, 0) and len(found) == 22
    # the budget holds them all: a plain OR
    lib.search_budgets = (100, 100)
    assert len(hits(lib, "zeppelin market")) == 22
    assert lib.search_paragraphs("T1", "C1", "zeppelin market", limit=2)[0].article_id == both


def test_a_replaced_article_is_reindexed(lib: Store) -> None:
    first = save(lib, "First", "Alpha particles everywhere.", thread="9.1", summary="About alpha.")
    assert hits(lib, "alpha") == [(first, 0)]
    second = save(lib, "Second", "Nothing to see.", "Beta rays everywhere.", thread="9.1", summary="Beta.")
    assert second == first
    assert hits(lib, "alpha") == []
    assert hits(lib, "beta") == [(first, 1)]
    [card] = lib.search_articles("T1", "C1", "beta")
    assert (card.title, card.summary) == ("Second", "Beta.")
    assert lib.search_articles("T1", "C1", "alpha") == []


def test_search_articles_matches_title_summary_and_text(lib: Store) -> None:
    by_title = save(lib, "Glaciers retreat", "Ice melts.", summary="Ice.")
    by_summary = save(lib, "Report", "Numbers.", summary="The glaciers are retreating fast.")
    by_text = save(lib, "Notes", "Filler.", "A paragraph on glaciers.", summary="Misc.")
    save(lib, "Unrelated", "Nothing.", summary="Nothing.")
    save(lib, "Elsewhere glaciers", "Glaciers.", channel="C2")
    cards = lib.search_articles("T1", "C1", "glaciers")
    assert {c.article_id for c in cards} == {by_title, by_summary, by_text}
    assert cards[-1].article_id == by_text  # title and summary count more than the text
    card = next(c for c in cards if c.article_id == by_summary)
    assert (card.channel_id, card.thread_ts, card.source) == ("C1", "Report.1", "https://example.com/report")
    assert card.summary == "The glaciers are retreating fast."
    assert len(lib.search_articles("T1", "C1", "glaciers", limit=1)) == 1
    assert lib.search_articles("T1", "C1", "the of and") == []


def test_articles_by_id_is_one_query(lib: Store) -> None:
    a = save(lib, "A", "One.")
    b = save(lib, "B", "Two.", channel="C2")
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:  # noqa: ANN001
        statements.append(statement)

    sa.event.listen(lib.engine, "before_cursor_execute", count)
    try:
        found = lib.articles_by_id([a, b, a, 999])
    finally:
        sa.event.remove(lib.engine, "before_cursor_execute", count)
    assert [s for s in statements if s.lstrip().upper().startswith("SELECT")] == statements[-1:]
    assert set(found) == {a, b}
    assert found[a].document.paragraphs[0].text == "One."
    assert found[b].channel_id == "C2"
    assert lib.articles_by_id([]) == {}


def test_delete_team_forgets_its_index_cards_participants_and_settings(lib: Store) -> None:
    save(lib, "Gone", "Volcano erupts.", kind="group")
    lib.record_participant("T1", "C1", "U1")
    lib.set_channel_settings("T1", "C1", sentences=3)
    kept = save(lib, "Kept", "Volcano sleeps.", team="T2")
    lib.record_participant("T2", "C1", "U1")
    lib.set_channel_settings("T2", "C1", auto_summarize=False)
    lib.delete_team("T1")
    assert hits(lib, "volcano") == []
    assert lib.search_articles("T1", "C1", "volcano") == []
    assert lib.reading_list("T1", "U1") == []
    assert lib.channel_settings("T1", "C1") == ChannelSettings()
    assert hits(lib, "volcano", team="T2") == [(kept, 0)]
    assert titles(lib.reading_list("T2", "U1")) == ["Kept"]
    assert lib.channel_settings("T2", "C1") == ChannelSettings(auto_summarize=False)
    with lib.engine.connect() as conn:
        if lib.is_postgres:
            rows = conn.execute(sa.text("SELECT count(*) FROM paragraph_search")).scalar_one()
        else:
            rows = conn.exec_driver_sql("SELECT count(*) FROM paragraph_search").scalar_one()
        cards = conn.execute(sa.text("SELECT count(*) FROM article_cards")).scalar_one()
    assert (rows, cards) == (2, 1)  # T2's article: its title row and one paragraph


def test_a_huge_paragraph_is_indexed(lib: Store) -> None:
    words = " ".join(f"w{i}" for i in range(60_000))  # past what one tsvector may hold
    a = save(lib, "Huge", words + " zeppelin", "A zeppelin landed.")
    assert hits(lib, "w1") == [(a, 0)]
    assert hits(lib, "zeppelin") == [(a, 1)]  # past the indexed part of paragraph 0


# ---------------------------------------------------------------- reading list


def test_reading_list_shows_public_channels_and_the_users_own_conversations(lib: Store) -> None:
    clock_free = lib
    save(clock_free, "Public", "x", channel="CPUB", kind="channel")
    save(clock_free, "Private", "x", channel="GPRIV", kind="group")
    save(clock_free, "DM", "x", channel="DIM", kind="im")
    save(clock_free, "Group DM", "x", channel="GMPIM", kind="mpim")
    save(clock_free, "Unknown", "x", channel="CUNK", kind="")
    save(clock_free, "Other team", "x", team="T2", channel="CPUB2", kind="channel")
    lib.record_participant("T1", "GPRIV", "UMEMBER")
    lib.record_participant("T1", "GPRIV", "UMEMBER")  # twice: no harm
    lib.record_participant("T1", "DIM", "UDM")
    lib.record_participant("T1", "GMPIM", "UDM")
    lib.record_participant("T1", "CUNK", "UUNK")
    lib.record_participant("T2", "GPRIV", "UOUTSIDER")  # same channel id, other workspace

    assert set(titles(lib.reading_list("T1", "USTRANGER"))) == {"Public"}
    assert set(titles(lib.reading_list("T1", "UOUTSIDER"))) == {"Public"}
    assert set(titles(lib.reading_list("T1", "UMEMBER"))) == {"Public", "Private"}
    assert set(titles(lib.reading_list("T1", "UDM"))) == {"Public", "DM", "Group DM"}
    assert set(titles(lib.reading_list("T1", "UUNK"))) == {"Public", "Unknown"}
    assert set(titles(lib.reading_list("T2", "UMEMBER"))) == {"Other team"}
    lib.forget_participant("T1", "GPRIV", "UMEMBER")
    assert set(titles(lib.reading_list("T1", "UMEMBER"))) == {"Public"}


def test_reading_list_is_latest_first_and_limited(tmp_path: Path) -> None:
    clock = ManualClock()
    s = Store(f"sqlite:///{tmp_path / 'x.db'}", clock=clock)
    try:
        for i in range(5):
            save(s, f"Story {i}", "x", thread=f"{i}.1", summary=f"Summary {i}.")
            clock.advance(60)
        save(s, "Story 1 again", "y", thread="1.1")  # replaced: now the latest
        cards = s.reading_list("T1", "U1", limit=3)
        assert titles(cards) == ["Story 1 again", "Story 4", "Story 3"]
        assert cards[1].summary == "Summary 4."
        assert cards[0].shared_at > cards[1].shared_at
        assert (cards[1].channel_type, cards[1].thread_ts) == ("channel", "4.1")
    finally:
        s.close()


def test_a_channel_made_private_hides_its_earlier_articles(lib: Store) -> None:
    save(lib, "Before", "x", channel="C7", kind="channel")
    assert titles(lib.reading_list("T1", "UANY")) == ["Before"]
    save(lib, "After", "x", channel="C7", kind="group")
    assert lib.reading_list("T1", "UANY") == []
    lib.record_participant("T1", "C7", "UIN")
    assert set(titles(lib.reading_list("T1", "UIN"))) == {"Before", "After"}


def test_a_replaced_article_takes_its_new_channel_type(lib: Store) -> None:
    save(lib, "First", "x", thread="1.1", kind="channel")
    save(lib, "Second", "x", thread="1.1", kind="")
    assert lib.reading_list("T1", "UANY") == []


def test_articles_saved_before_the_index_are_indexed_at_start(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    s = Store(url)
    a = save(s, "Old", "Volcano erupts.", kind="channel")
    with s.engine.begin() as conn:  # as an earlier version left it
        conn.exec_driver_sql("DELETE FROM article_cards")
        conn.exec_driver_sql("DELETE FROM paragraph_search")
    assert hits(s, "volcano") == []
    s.close()
    s = Store(url)
    try:
        assert hits(s, "volcano") == [(a, 0)]
        assert s.reading_list("T1", "U1") == []  # its channel's type is unknown: private
    finally:
        s.close()


def test_argument_checks(lib: Store) -> None:
    with pytest.raises(UsageError):
        lib.save_article(team_id="T1", channel_id="C1", thread_ts="1", document=doc("A", "x"),
                         channel_type=None)  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        lib.save_article(team_id="T1", channel_id="C1", thread_ts="1", document=doc("A", "x"),
                         channel_type="x" * 17)
    with pytest.raises(UsageError):
        lib.reading_list("T1", "")
    with pytest.raises(UsageError):
        lib.record_participant("T1", "C1", "")
    with pytest.raises(UsageError):
        lib.articles_by_id(["1"])  # type: ignore[list-item]
    with pytest.raises(UsageError):
        lib.search_paragraphs("T1", "", "x")


# ---------------------------------------------------------------- channel settings


def test_channel_settings_round_trip_and_partial_updates(lib: Store) -> None:
    assert lib.channel_settings("T1", "C1") == ChannelSettings(None, None)
    assert lib.set_channel_settings("T1", "C1", auto_summarize=False) == ChannelSettings(False, None)
    assert lib.set_channel_settings("T1", "C1", sentences=3) == ChannelSettings(False, 3)
    assert lib.channel_settings("T1", "C1") == ChannelSettings(auto_summarize=False, sentences=3)
    assert lib.set_channel_settings("T1", "C1") == ChannelSettings(False, 3)  # nothing given
    assert lib.set_channel_settings("T1", "C1", auto_summarize=True) == ChannelSettings(True, 3)
    assert lib.set_channel_settings("T1", "C1", sentences=None) == ChannelSettings(True, None)
    assert lib.set_channel_settings("T1", "C1", auto_summarize=None) == ChannelSettings()
    lib.set_channel_settings("T1", "C2", sentences=7)
    assert lib.channel_settings("T1", "C1") == ChannelSettings()
    assert lib.channel_settings("T1", "C2").sentences == 7
    assert lib.channel_settings("T2", "C2") == ChannelSettings()
    for bad in ({"sentences": 0}, {"sentences": 101}, {"sentences": True}, {"sentences": "3"},
                {"auto_summarize": "yes"}, {"auto_summarize": 1}):
        with pytest.raises(UsageError):
            lib.set_channel_settings("T1", "C1", **bad)  # type: ignore[arg-type]
    assert lib.channel_settings("T1", "C2").sentences == 7


def test_channel_settings_is_one_indexed_probe(lib: Store) -> None:
    lib.set_channel_settings("T1", "C1", sentences=2)
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:  # noqa: ANN001
        statements.append(statement)

    sa.event.listen(lib.engine, "before_cursor_execute", count)
    try:
        assert lib.channel_settings("T1", "C1").sentences == 2
    finally:
        sa.event.remove(lib.engine, "before_cursor_execute", count)
    [select] = [s for s in statements if "channel_settings" in s]
    assert "WHERE channel_settings.team_id" in select
    with lib.engine.connect() as conn:
        if lib.is_postgres:
            plan = "\n".join(conn.execute(
                sa.text("EXPLAIN SELECT * FROM channel_settings WHERE team_id = 'T1' AND channel_id = 'C1'")
            ).scalars())
            assert "channel_settings_pkey" in plan or "Seq Scan" in plan  # tiny tables may seq scan
        else:
            plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT * FROM channel_settings WHERE team_id = 'T1' AND channel_id = 'C1'"
            ))
            assert "USING INDEX" in plan or "PRIMARY KEY" in plan
