"""Real web pages that went wrong (issue 10), rebuilt as small pages with the same
structure: what must be in the text the bot reads, and what must not."""

from __future__ import annotations

import json
import logging
import time

import pytest

from bot.document import BULLET
from bot.reading.extract import extract
from bot.reading.readers.html import drop_link_lists, drop_link_paragraphs
from bot.reading.readers.html_meta import clean_author
from bot.reading.readers.text import read_markdown
from bot.reading.sources import read_bytes

WORDS = ("money bank account card payment loan credit savings budget users company startup "
         "customers fees debt salary wages checking overdraft drivers riders wallet").split()


def _sentence(i: int, k: int) -> str:
    words = " ".join(WORDS[(i * 7 + j * 3 + k) % len(WORDS)] for j in range(18))
    return f"In part {i} the story says that {words} matter to people"


def _paragraph(i: int, extra: str = "") -> str:
    return f"<p>{_sentence(i, 0)}. {_sentence(i, 1)}.{extra}</p>"


def _text(raw_blocks: tuple[str, ...]) -> str:
    return "\n".join(raw_blocks)


# -- a long read cut into chunks (Wired, "The Future of Banking Is ... You're Broke") --

UBER = " Uber Money is the ride company's new wallet, a debit card and account for its drivers."


def _long_read() -> bytes:
    rows = []
    n = 0
    for _chunk in range(3):
        paragraphs = []
        for _ in range(10):
            n += 1
            paragraphs.append(_paragraph(n, UBER if n == 17 else ""))
        # each chunk is its own grid row, with an ad column beside it
        rows.append(
            '<div class="grid grid-margins"><div class="grid--item body body__container article__body">'
            + "".join(paragraphs)
            + '</div><div class="grid--item sidebar-col"><div class="ad-slot">Advertisement</div></div></div>'
        )
    page = (
        "<!doctype html><html><head><title>The Future of Banking Is ... You're Broke | WIRED</title></head>"
        "<body><nav><a href='/'>Home</a> <a href='/business'>Business</a></nav>"
        "<main><article class='article main-content'><header><h1>The Future of Banking Is ... You're Broke</h1></header>"
        + rows[0]
        + "<div class='row-interlude'><div class='rec-list'><h3>Most Popular</h3><ul>"
          "<li><a href='/x'>A story about phones and what they do next</a></li></ul></div></div>"
        + f"<div class='row-wrap'>{rows[1]}</div>"
        + f"<section class='more'><div class='cne'>{rows[2]}</div></section>"
        + "</article></main><footer>© Condé Nast</footer></body></html>"
    )
    return page.encode()


def test_long_read_in_chunks_is_read_whole(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.reading.readers.html"):
        raw = extract(_long_read(), content_type="text/html")
    text = _text(raw.blocks)
    assert "Uber Money is the ride company" in text
    assert "In part 30 the story" in text and "In part 1 the story" in text
    assert len(text.split()) >= 0.95 * 30 * 2 * 27
    for junk in ("Advertisement", "Most Popular", "A story about phones", "Condé Nast"):
        assert junk not in text, junk
    # trafilatura alone keeps the first chunk; the log says what was rebuilt, with numbers
    warning = " ".join(r.getMessage() for r in caplog.records)
    assert "rebuilt from the page" in warning and "words" in warning


def test_long_read_answers_what_is_uber_money() -> None:
    from bot.answering.index import answer

    doc = read_bytes(_long_read(), content_type="text/html")
    found = answer(doc, "What is Uber Money?", top=1)
    assert found and "Uber Money" in found[0].paragraph


# -- pages that gave nothing ---------------------------------------------------


def test_script_rendered_page_reads_its_json_ld_article_body() -> None:
    body = " ".join(_sentence(i, 0) + "." for i in range(40))
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Lam's last chance",
          "datePublished": "2020-01-20T08:00:00Z", "articleBody": body}
    page = (
        "<html><head><title>Lam's last chance | SCMP</title>"
        f"<script type='application/ld+json'>{json.dumps(ld)}</script></head><body>"
        "<div id='app'><figure><img src='a.jpg'><figcaption>Taiwanese President Tsai Ing-wen speaks "
        "in Taipei. Photo: AP</figcaption></figure></div></body></html>"
    )
    doc = read_bytes(page.encode(), content_type="text/html")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "In part 39 the story says" in text
    assert len(doc.paragraphs) > 3  # split into paragraphs, not one wall of text
    assert doc.date == "2020-01-20"


def test_page_embedding_its_html_in_a_script_is_not_refused_as_too_deep() -> None:
    # the article's HTML repeated inside a JSON string: "<div>" opens, "<\/div>" closes,
    # so a tag scan counts hundreds of open elements that the parser never sees
    embedded = "".join('<div class=\\"x\\"><picture><\\/picture>' for _ in range(500))
    page = (
        "<html><body><script>var state = {\"html\": \"" + embedded + "\"};</script>"
        "<article>" + "".join(_paragraph(i) for i in range(6)) + "</article></body></html>"
    )
    doc = read_bytes(page.encode(), content_type="text/html")
    assert "In part 5 the story says" in doc.paragraphs[-1].text


def test_page_with_nothing_found_says_so_in_the_log(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.reading.readers.html"):
        extract(b"<html><head><title>Tiny</title></head><body><div><script>var x = 1;</script></div></body></html>")
    assert any("found no article text" in r.getMessage() and "words" in r.getMessage()
               for r in caplog.records)


# -- an Italian list page: the entries are the article -----------------------------

BEACHES = ["Spiaggia dei Conigli, Lampedusa", "Cala Goloritzé", "Tropea", "Scala dei Turchi",
           "Baia del Silenzio", "Cala Mariolu", "Tuerredda", "Marina di Camerota", "La Pelosa",
           "Cala Rossa"]


@pytest.mark.parametrize("markup", ["<h3>{}</h3>", "<p><strong>{}</strong></p>"])
def test_italian_list_entries_are_kept(markup: str) -> None:
    entries = "".join(
        markup.format(f"{i}. {name}") + f"<p>Di solito si arriva a {name} in barca, e il mare è limpido.</p>"
        for i, name in enumerate(BEACHES, start=1)
    )
    page = ("<html><head><title>Le 10 spiagge più belle d'Italia</title></head><body><article>"
            "<h1>Le 10 spiagge più belle d'Italia</h1>"
            "<p>Abbiamo scelto per voi le spiagge più belle del nostro paese, da nord a sud.</p>"
            f"{entries}<p>Di Giampiero Maggio</p></article></body></html>")
    doc = read_bytes(page.encode(), content_type="text/html")
    texts = [p.text for p in doc.paragraphs]
    for i, name in enumerate(BEACHES, start=1):
        assert f"{i}. {name}" in texts, name
        assert f"Di solito si arriva a {name} in barca, e il mare è limpido." in texts
    assert "Di Giampiero Maggio" not in texts  # the byline still goes


def test_italian_short_sentences_starting_with_di_are_not_bylines() -> None:
    raw = extract(b"Titolo\n\nDi solito andiamo al mare.\n\nIl resto del testo, che continua.\n")
    from bot.reading.clean import clean

    assert "Di solito andiamo al mare." in clean(raw).blocks


# -- related stories, newsletter and "follow us" blocks -----------------------------


def test_related_story_cards_are_not_paragraphs() -> None:
    # trafilatura's Markdown for a related-stories block: list items that are headings
    md = (
        "# Lakers beat Clippers in overtime\n\n"
        "LeBron James scored 34 points as the Lakers beat the Clippers in overtime on Sunday.\n\n"
        "## More NBA\n\n"
        "- ### Gronk, Serena perform with Laker Girls …\n"
        "- ### Zion's dunk breaks the rim in practice\n\n"
        "The teams meet again in April at Staples Center, in the last game of the series.\n"
    )
    from bot.reading.clean import clean

    out = clean(read_markdown(md))
    text = "\n".join(out.blocks)
    assert "Gronk" not in text and "Zion" not in text and "###" not in text
    assert "More NBA" not in dict(out.meta).get("headings", "")
    assert "The teams meet again in April" in text


def test_link_lists_go_and_plain_lists_stay() -> None:
    md = (
        "The story begins here, with a sentence long enough to be a paragraph.\n\n"
        "### Related stories\n\n"
        "- [Gronk, Serena perform with Laker Girls](https://x.test/a)\n"
        "- [Zion's dunk breaks the rim](https://x.test/b)\n"
        "- [Bucks extend winning streak to 12](https://x.test/c)\n\n"
        "What to bring:\n\n- water\n- a map\n- [the park's own guide](https://park.test/guide)\n"
    )
    out = drop_link_lists(md)
    assert "Gronk" not in out and "Related stories" not in out
    assert "- water" in out and "the park's own guide" in out


def test_teasers_set_as_linked_paragraphs_go() -> None:
    # pcgamer, thepointsguy: related stories as paragraphs that are one link each
    # (a card whose <a> wraps its <p>, a "Related:" line), after the article
    card = ("<a class='card' href='https://games.test/{0}'><div class='card-body'><p>{1}</p></div></a>")
    page = (
        "<html><head><title>An illusionist in Skyrim</title></head><body><article><h1>An illusionist in Skyrim</h1>"
        "<p>I ready the spell, but before I cast, Hadvar's uncle slowly reaches for his mace and bats "
        "the bandit into a <a href='https://wiki.test/cart'>vegetable cart</a>. She is dead.</p>"
        "<p>I mentally nod, walk into his house, and lie down in the family bed for the night.</p>"
        "<p><strong>Related:</strong> <a href='https://games.test/r'>Alaska Airlines delays full Oneworld "
        "membership to early 2021</a></p>"
        "</article><div class='more-about'>"
        + card.format("a", "There's an entire Skyrim mod dedicated to making you feel bad about killing anybody, "
                           "adding over 200 handwritten letters")
        + card.format("b", "Skyrim finally truly beaten as fanatical player does everything that can be done "
                           "in the game, nabbing every item")
        + "</div></body></html>"
    )
    text = _text(extract(page.encode(), content_type="text/html").blocks)
    assert "finally truly beaten" not in text and "handwritten letters" not in text
    assert "Oneworld" not in text
    assert "bats the bandit into a vegetable cart" in text and "lie down in the family bed" in text


def test_short_links_and_linked_prose_stay() -> None:
    md = (
        "**Next:** [Seeking Solitude](https://games.test/2).\n\n"  # a short link: a title
        "[The council's report](https://gov.test/r) says the budget, the biggest in years, "
        "will be spent on schools and [roads](https://gov.test/roads) over the next decade.\n\n"
        "```\n[a link inside code that is long enough to be a teaser if it were prose](https://x.test)\n```\n"
    )
    out = drop_link_paragraphs(md)
    assert "Seeking Solitude" in out and "The council's report" in out and "a link inside code" in out


def test_a_table_that_ends_the_article_stays() -> None:
    # its rows read as short lines without punctuation, like headings: a rule that
    # dropped headings after the last paragraph lost every one of them
    page = ("<html><head><title>Specs</title></head><body><article><h1>Specs</h1>"
            "<p>The new phone is lighter than the last one and its battery lasts a whole day, the maker says.</p>"
            "<p>It goes on sale next month in three colours, at the same price as last year's model.</p>"
            "<table><tr><th>Model</th><th>Weight</th></tr><tr><td>Phone 12</td><td>162 grams</td></tr>"
            "<tr><td>Phone 11</td><td>194 grams</td></tr></table></article></body></html>")
    doc = read_bytes(page.encode(), content_type="text/html")
    shown = "\n".join(text for _, text in doc.outline())
    assert "Phone 12 | 162 grams" in shown and "Phone 11 | 194 grams" in shown


def test_related_block_on_a_page_is_not_quoted_as_an_answer() -> None:
    from bot.answering.index import answer

    teasers = "".join(
        f"<li><a href='/nba/{i}'>{t}</a></li>"
        for i, t in enumerate(["Gronk, Serena perform with Laker Girls at halftime",
                               "Zion's dunk breaks the rim in practice",
                               "Bucks extend winning streak to 12 games",
                               "Curry could return from broken hand next week"])
    )
    page = (
        "<html><head><title>Lakers beat Clippers</title></head><body><div class='Article-content'>"
        "<h1>Lakers beat Clippers</h1><div class='Article-bodyContent'>"
        "<p>LeBron James scored 34 points and Anthony Davis added 30 as the Lakers beat the Clippers "
        "112-103 in overtime on Sunday night.</p>"
        "<p>Kawhi Leonard led the Clippers with 27 points, but he missed two free throws with 12 "
        "seconds left in regulation that would have won it.</p>"
        f"<h3>More from CBS Sports</h3><ul class='ArticleList'>{teasers}</ul>"
        "<p>The teams meet again in April, when the Clippers host the last game of the series.</p>"
        "</div></div></body></html>"
    )
    doc = read_bytes(page.encode(), content_type="text/html")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Gronk" not in text and "Laker Girls" not in text
    for a in answer(doc, "Did Gronk perform with the Laker Girls?", top=3):
        assert "Gronk" not in a.paragraph


def test_follow_us_line_is_not_a_paragraph() -> None:
    page = (
        "<html><head><title>Opinion | Blackouts</title></head><body><article><h1>Blackouts</h1>"
        "<p>California's grid operator cut power to hundreds of thousands of homes on Friday.</p>"
        "<p>The state needs more storage, not more gas plants, and it needs it before next summer.</p>"
        "<p><em>Follow The New York Times Opinion section on <a href='https://fb.test'>Facebook</a>, "
        "<a href='https://tw.test'>Twitter (@NYTopinion)</a> and "
        "<a href='https://ig.test'>Instagram</a>.</em></p></article></body></html>"
    )
    doc = read_bytes(page.encode(), content_type="text/html")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Follow The New York Times" not in text
    assert "more storage, not more gas plants" in text


@pytest.mark.parametrize(
    "line",
    ["Follow-up studies found the same effect in older patients, the authors said.",
     "Like many other apps, TikTok collects data about the people who use it."],
)
def test_prose_that_starts_like_a_promo_stays(line: str) -> None:
    from bot.document import RawArticle
    from bot.reading.clean import clean

    assert clean(RawArticle("", None, None, (line,), "html")).blocks == (line,)


# -- dates and authors: only what the page states --------------------------------

BODY = ("<p>In 2023 the council met many times to talk about the budget, the biggest in years.</p>"
        "<p>The talks went on for a long time and the members did not agree on the final numbers.</p>")


def test_no_date_on_the_page_means_no_date() -> None:
    page = f"<html><head><title>Budget</title></head><body><article><h1>Budget</h1>{BODY}" \
           "<p>Copyright 2021 Example News.</p></article></body></html>"
    raw = extract(page.encode(), content_type="text/html")
    assert raw.date is None  # not 2023-01-01 or 2021-01-01 from a year in the text
    assert raw.author is None


@pytest.mark.parametrize(
    "where",
    ["<meta property='article:published_time' content='2024-03-05'>",
     "<time datetime='2024-03-05T10:00'>5 March</time>",
     "<p class='dateline'>March 5, 2024</p>"],
)
def test_date_from_metadata_or_dateline(where: str) -> None:
    head, body = (where, "") if where.startswith("<meta") else ("", where)
    page = f"<html><head><title>Budget</title>{head}</head><body><article><h1>Budget</h1>{body}{BODY}" \
           "</article></body></html>"
    assert extract(page.encode(), content_type="text/html").date == "2024-03-05"


@pytest.mark.parametrize(
    ("found", "shown"),
    [("Art Edwards says", None), ("CBS News February", "CBS News"), ("Jane Doe", "Jane Doe"),
     ("By Jane Doe 5 March 2020", "Jane Doe"), ("", None), ("2020", None),
     ("View all posts by Daniel Lemire", "Daniel Lemire"), ("No Author", None),
     ("Martin Chikilian Martin is a full-stack engineer; Has Worked As A Developer", None),
     ("Glen Owen; Brendan Carlin", "Glen Owen; Brendan Carlin")],
)
def test_author_is_a_name_or_nothing(found: str, shown: str | None) -> None:
    assert clean_author(found) == shown


def _titled_page(head: str, h1: str) -> bytes:
    return (f"<html><head>{head}</head><body><article><h1>{h1}</h1>{BODY}</article>"
            "</body></html>").encode()


def test_a_content_systems_name_is_not_the_title() -> None:
    # the Telegraph's JSON-LD headline was "escenic", the name of its publishing system
    head = ("<title>Plumber jailed after boiler killed daughter</title>"
            '<script type="application/ld+json">{"@context": "https://schema.org", '
            '"@type": "NewsArticle", "headline": "escenic"}'
            "</script>")
    raw = extract(_titled_page(head, "Plumber jailed after boiler killed daughter"),
                  content_type="text/html")
    assert raw.title == "Plumber jailed after boiler killed daughter"


@pytest.mark.parametrize("separator", ["|", "-", "–"])
def test_the_sites_name_is_not_part_of_the_title(separator: str) -> None:
    title = f"PM attends roundtable in Barbados {separator} NOW Grenada"
    head = (f"<title>{title}</title><meta property='og:site_name' content='NOW Grenada'>"
            f"<meta property='og:title' content='{title}'>")
    raw = extract(_titled_page(head, "PM attends roundtable in Barbados"), content_type="text/html")
    assert raw.title == "PM attends roundtable in Barbados"


def test_a_title_with_its_own_dash_is_kept_whole() -> None:
    head = ("<title>Python 3 - simple HTTP requests with sockets</title>"
            "<meta property='og:title' content='Python 3 - simple HTTP requests with sockets'>")
    raw = extract(_titled_page(head, "Python 3 - simple HTTP requests with sockets"),
                  content_type="text/html")
    assert raw.title == "Python 3 - simple HTTP requests with sockets"


def test_a_drop_cap_letter_stays_with_its_word() -> None:
    # the Evening Standard sets the first letter apart: "urkey, Poland and ..." opened the text
    page = ("<html><head><title>Quarantine list</title></head><body><article><h1>Quarantine list</h1>"
            "<div id='main'><span class='dropcap'>T</span><p><a href='/topic/turkey'>urkey</a>, "
            "<a href='/topic/poland'>Poland</a> and three Caribbean islands have been removed from "
            "the list of travel corridors, the government said on Thursday.</p>" + BODY +
            "</div></article></body></html>")
    raw = extract(page.encode(), content_type="text/html")
    assert raw.blocks[0].startswith("Turkey, Poland and three Caribbean islands")
    assert not any(b.startswith("urkey") for b in raw.blocks)


def test_commenter_is_not_the_author() -> None:
    page = (
        "<html><head><title>Alone</title></head><body><article><h1>Alone</h1>" + BODY + "</article>"
        "<div class='comments'><ol><li><div class='comment-author vcard'><cite class='fn'>Art Edwards</cite>"
        " <span class='says'>says</span></div><p>Great piece, thanks for writing it.</p></li></ol></div>"
        "</body></html>"
    )
    assert extract(page.encode(), content_type="text/html").author is None


# -- speed ------------------------------------------------------------------------


def test_long_page_is_read_in_seconds() -> None:
    paragraphs = "".join(_paragraph(i) for i in range(2500))  # ~110,000 words
    page = f"<html><head><title>Long</title></head><body><article><h1>Long</h1>{paragraphs}</article></body></html>"
    started = time.perf_counter()
    doc = read_bytes(page.encode(), content_type="text/html")
    assert time.perf_counter() - started < 8  # was about 6 s of near-duplicate checks alone
    assert len(doc.paragraphs) == 2500


def test_bullets_survive() -> None:
    page = ("<html><body><article><h1>Packing</h1><p>Bring these things with you on the walk, all of them.</p>"
            "<ul><li>Water</li><li>A map</li><li>Sun cream</li></ul></article></body></html>")
    raw = extract(page.encode(), content_type="text/html")
    assert f"{BULLET}A map" in raw.blocks


def test_a_list_items_lazy_continuation_line_stays_in_the_item() -> None:
    # anarc.at: an item's text wraps onto an unindented line, which became a paragraph
    # of its own ("frequency.") after the list
    md = ("## fzf\n\n- home page\n- the original fuzzer, so no notion of\nfrequency.\n"
          "- emacs integration\n\nThe end of the page, in a paragraph of its own.\n")
    blocks = read_markdown(md).blocks
    assert f"{BULLET}the original fuzzer, so no notion of frequency." in blocks
    assert f"{BULLET}emacs integration" in blocks and "frequency." not in blocks
    assert "The end of the page, in a paragraph of its own." in blocks


STANDFIRST = (
    "Whether you're for or against Sweden's softer approach to lockdowns, there is no "
    "denying Anders Tegnell has become a household name in the country during the crisis."
)


def _standfirst_page(description: str, shown: str) -> bytes:
    body = " ".join(
        f"<p>Paragraph {n} of the story tells how the tattoo artist and his client met, what "
        f"the design took, and what the neighbours in Stockholm said about it.</p>"
        for n in range(1, 7)
    )
    return (
        "<html><head><title>Meet the Swede who tattooed a face on his arm</title>"
        f"<meta property='og:description' content=\"{description}\"></head><body><main>"
        "<h1>Meet the Swede who tattooed a face on his arm</h1>"
        # The Local closes its excerpt <h2> with </h3>
        f"<h2 class='article-single__excerpt'>{shown}</h3>"
        f"<article>{body}</article></main></body></html>"
    ).encode()


def test_a_standfirst_the_body_left_out_opens_the_article() -> None:
    # The Local: trafilatura dropped the excerpt set above the article
    blocks = extract(_standfirst_page(STANDFIRST, STANDFIRST), content_type="text/html").blocks
    assert blocks[0] == STANDFIRST and blocks[1].startswith("Paragraph 1 of the story")


@pytest.mark.parametrize(
    ("description", "shown"),
    [
        (STANDFIRST, "Tattoos of epidemiologists are rare."),  # declared, never shown
        (STANDFIRST[:80] + "...", STANDFIRST[:80] + "..."),  # a teaser cut short
    ],
)
def test_a_description_that_is_no_standfirst_stays_out(description: str, shown: str) -> None:
    blocks = extract(_standfirst_page(description, shown), content_type="text/html").blocks
    assert blocks[0].startswith("Paragraph 1 of the story") and len(blocks) == 6


def _recipe_page(shown_ingredients: bool) -> bytes:
    recipe = {
        "@context": "https://schema.org", "@type": "Recipe", "name": "Roasted Chicken",
        "recipeIngredient": ["1 large whole chicken", "2 tablespoons vegetable oil",
                             "250 g minced lamb", "2.5 cups American rice"],
        "recipeInstructions": [
            {"@type": "HowToStep", "text": "Roast the chicken in a preheated oven for 45 to 50 "
                                           "minutes or until it is golden brown."},
        ],
    }
    listed = "<ul><li>1 large whole chicken</li><li>2 tablespoons vegetable oil</li>" \
             "<li>250 g minced lamb</li><li>2.5 cups American rice</li></ul>" if shown_ingredients else ""
    steps = " ".join(
        f"<p>{text}</p>" for text in (
            "Roast the chicken in a preheated oven for 45 to 50 minutes or until it is golden brown.",
            "Meanwhile, heat oil in a large saucepan and cook the onions until they are soft and golden.",
            "Add the minced lamb and cook until brown, then add the spices and the stock cubes.",
            "Add the rice and the water, bring it to the boil, cover and simmer for twenty minutes.",
        )
    )
    return (
        "<html><head><title>Roasted Chicken with Oriental Rice</title>"
        f"<script type='application/ld+json'>{json.dumps(recipe)}</script></head><body><article>"
        f"<h1>Roasted Chicken with Oriental Rice</h1>{listed}{steps}</article></body></html>"
    ).encode()


def test_a_recipes_ingredients_lost_by_the_page_come_from_its_recipe_data() -> None:
    # Nestlé draws its ingredients by script: the text had the method and no ingredients
    article = extract(_recipe_page(False), content_type="text/html")
    at = article.blocks.index("Ingredients")
    assert at in article.headings
    assert article.blocks[at + 1 : at + 3] == (f"{BULLET}1 large whole chicken",
                                               f"{BULLET}2 tablespoons vegetable oil")
    assert article.blocks[at + 5].startswith("Roast the chicken")
    # shown on the page, they are read from it and not added twice
    shown = extract(_recipe_page(True), content_type="text/html")
    assert shown.blocks.count(f"{BULLET}250 g minced lamb") == 1 and "Ingredients" not in shown.blocks


# -- a bold or italic lead in a <div> keeps its space ---------------------------------

GLUED = (
    "<html><head><title>Talks stall in Geneva</title></head><body><article>"
    "<h1>Talks stall in Geneva</h1>"
    "<p>Negotiators left Geneva on Sunday without an agreement after three days of talks "
    "about the ceasefire and the exchange of prisoners.</p>"
    "<div><em>Reuters</em> reported that the talks had stalled again over the weekend, "
    "after both sides rejected the latest draft.</div>"
    "<p>Another round is planned for next month, officials said, though no date has been "
    "set and neither side has confirmed it will attend.</p>"
    "<div><strong>NOW Grenada</strong> is not responsible for the opinions, statements or "
    "media content presented by contributors.</div>"
    "</article></body></html>"
)


def test_an_inline_lead_in_a_div_keeps_the_space_after_it() -> None:
    # trafilatura's Markdown gives "*Reuters*reported", "**NOW Grenada**is not"
    text = "\n".join(p.text for p in read_bytes(GLUED.encode(), content_type="text/html").paragraphs)
    assert "Reuters reported that the talks" in text
    assert "*" not in text and "Grenadais" not in text
    # with its space back, the contributors' disclaimer is known for the site notice it is
    assert "not responsible for the opinions" not in text
