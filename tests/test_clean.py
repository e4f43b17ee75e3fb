"""Cleaning: the reference article comes out as a person would read it, and real
paragraphs of normal articles survive."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from bot.document import BULLET, RawArticle
from bot.reading.clean import clean, is_heading
from bot.reading.extract import extract
from bot.text.furniture import has_credit, is_furniture_line
from bot.text.sentences import split_sentences

NATO_TITLE = "NATO Musters More Arms for Ukraine, Says New Russian Offensive Has Started"


@pytest.fixture(scope="module")
def nato(request: pytest.FixtureRequest) -> RawArticle:
    path = Path(__file__).parent / "fixtures" / "nato_offensive.txt"
    return clean(extract(path.read_bytes(), name="nato_offensive.txt"))


def test_nato_title_is_the_title_not_a_sentence(nato: RawArticle) -> None:
    assert nato.title == NATO_TITLE
    assert not any(NATO_TITLE in b for b in nato.blocks)
    assert nato.blocks[0].startswith("NATO’s top official on Tuesday urged allies")


def test_nato_furniture_is_gone(nato: RawArticle) -> None:
    text = "\n".join(nato.blocks)
    for junk in ("Reuters)", "/Reuters", "via Reuters", "(NATO)", "Tom Ozimek", "senior reporter",
                 "twitter", "Related Topics", "Updated:", "0:00", "Reporter\n", "Geron"):
        assert junk not in text, junk
    assert not any(b in {"Reporter", "NATO"} for b in nato.blocks)
    # captions are gone in both copies
    assert not any(b.startswith("NATO Secretary General Jens Stoltenberg speaks") for b in nato.blocks)
    assert not any("serviceman stands on the road" in b for b in nato.blocks)


def test_nato_body_is_kept(nato: RawArticle) -> None:
    austin = [b for b in nato.blocks if "Austin" in b]
    assert len(austin) == 2
    assert austin[0].startswith("Secretary of Defense Lloyd Austin reaffirmed")
    assert nato.blocks[-1].startswith("The capture of Bakhmut would provide")
    assert len(nato.blocks) == 25


def test_nato_headings_are_out_of_the_body_but_kept(nato: RawArticle) -> None:
    headings = dict(nato.meta)["headings"].split("\n")
    assert headings == ["‘Allies Are Stepping Up’", "Kremlin Accuses NATO Of Deeper Involvement",
                        "Russian Offensive Begins, NATO Chief Says"]
    assert not set(headings) & set(nato.blocks)


def test_nato_author_is_found(nato: RawArticle) -> None:
    assert nato.author == "Tom Ozimek"


@pytest.mark.parametrize(
    "line",
    [
        "A man walks by the river in Kyiv on Feb. 3, 2023. Johanna Geron/Reuters",
        "Officials meet in Brussels on Feb. 14, 2023. (NATO)",
        "The president waves. (Sputnik/Sergey Guneev/Kremlin via Reuters)",
        "Protesters march in Paris. (AP Photo/Michel Euler)",
        "Firefighters at the scene on Monday. Getty Images",
        "Photo: John Smith",
        "A child plays in the snow. Photo courtesy of the family",
        # a byline glued after the caption (viconsortium.com)
        "AMO found Sunday 475 pounds of cocaine concealed inside a vessel in Las Croabas. "
        "By U.S. CUSTOMS AND BORDER PROTECTION",
    ],
)
def test_credit_patterns(line: str) -> None:
    assert has_credit(line)
    raw = RawArticle("", None, None, (line, "A real paragraph of the article, ending well."), "html")
    assert clean(raw).blocks == ("A real paragraph of the article, ending well.",)


@pytest.mark.parametrize(
    "line",
    [
        "The alliance, known as NATO, met on Tuesday (local time).",
        "He works for the North Atlantic Treaty Organization (NATO) and the UN.",
        "Sales rose 5% in the year to March, the company said.",
        "The 24/7 news cycle leaves little room for reflection, she argued.",
        "The poll closed in March. By April the numbers had changed, and By Design Ltd had left.",
        "Head coach Russell Latapy’s men have just over a month to prepare for the crucial fixtures, "
        "but the continued absence of local competition is a tremendous hindrance to the team’s "
        "chances of preparing for and playing well in the tournament. (NM)",
        # "image: David Shankbone." is a credit; a sentence ending on "photo:" and a few
        # words is not
        "She showed me the photo: it was blurry.",
    ],
)
def test_prose_is_not_a_credit(line: str) -> None:
    raw = RawArticle("", None, None, (line,), "text")
    assert clean(raw).blocks == (line,)


def test_names_listed_with_a_slash_among_them_are_no_credit() -> None:
    # a BBC News list of nominees: "(Agency/Photographer)" holds no comma
    line = "The Simpsons (Twentieth Century Fox, BBC Two/Sky One/Channel 4)"
    assert not has_credit(line)
    assert has_credit("Protesters march in Paris. (AP Photo/Michel Euler)")


def test_a_link_in_parentheses_is_no_credit() -> None:
    # a paragraph ending in a link (a wikiHow interview in GUM) was dropped as a caption
    para = ("We are run as a hybrid organization, a for-profit company focused on a social good,"
            " and we have used our revenue to buy carbon offsets to become carbon neutral."
            " (http://www.wikihow.com/wikiHow:Carbon-Neutral)")
    assert clean(RawArticle("", None, None, (para,), "html")).blocks == (para,)


def test_via_and_a_word_is_no_credit() -> None:
    # a code listing and a heading (pythonspeed.com, sibenlab.blogspot.com) were dropped as
    # photo credits: a credit names its source with a capital ("via Reuters")
    listing = "flask==1.0.3\nitsdangerous==1.1.0 # via flask\njinja2==2.10.1 # via flask"
    assert not has_credit(listing)
    assert not has_credit("We will notify you via email")
    raw = RawArticle("", None, None, ("The resulting file looks like this:", listing), "html")
    assert clean(raw).blocks == ("The resulting file looks like this:", listing)


@pytest.mark.parametrize("line", [
    # lines real pages put around their articles (the extraction set's tuning half)
    "This post contains references to products from one or more of our advertisers. We may "
    "receive compensation when you click on links to those products.",
    "We recommend the best products through an independent review process, and advertisers do "
    "not influence our picks.",
    "If you’re seeing this message but you’re already a subscriber, you can log in for "
    "immediate access to this story.",
    "To view the full story, please subscribe to The Haitian Times.",
    "Never miss the latest news by signing up to our newsletter today!",
    "Then sign up for our email newsletter to get the latest updates.",
    "GIS NOW Grenada is not responsible for the opinions, statements or media content "
    "presented by contributors.",
    "PC Gamer Newsletter",
    # cookie banners, comment forms and widgets, reprint notices (tuning half)
    "This means that every time you visit this website you will need to enable or disable cookies again.",
    "Our site uses cookies and other technologies so that we, and our partners, can remember you.",
    "By continuing to browse the site you are agreeing to our use of cookies.",
    "I have read and understood the Privacy Notice. Do not show this message again.",
    "Your email address will not be published. Required fields are marked *",
    "Leave a Reply",
    "6 responses to “The Loneliest Woman in the World”",
    "blog comments powered by Disqus",
    "Proudly powered by WordPress",
    "View the discussion thread.",
    "Written permission must be obtained before reprint in online or print media.",
    "Community content is available under CC-BY-SA unless otherwise noted.",
    "NEXT ARTICLE",
    "We need your help Help us continue to spread the magic of words to readers everywhere Donate",
    "We rely on your support to make local news available to all",
    "Available for everyone, funded by readers",
    # share and follow prompts, and a link whose "[" the extraction lost (msn.com)
    "Share this article",
    "Follow us",
    "Follow @jane",
    "Join the conversation",
    "Wales Online](https://www.msn.com/en-gb/news/other/piers-morgan-tells-viewers/vi-BB1aIlTb)",
    # syndication notes, form checkboxes, paywall pitches (tuning half)
    "This article originally appeared on VICE US.",
    "This story was originally published by The Conversation.",
    "I would like to receive offers, and be contacted by, or on behalf of ACME through phone, SMS, and Email.",
    "I AM OVER 18 YEARS OF AGE AND I AGREE TO ACME PROCESSING MY PERSONAL DATA IN ACCORDANCE WITH THE PRIVACY NOTICE *",
    "I have read and agree to the Terms of Use and the Privacy Policy.",
    "When you join The Haitian Times family, you’ll get unlimited digital access to high-quality journalism.",
    # an ad spelled with Cyrillic look-alike letters to get past filters (breakingbelizenews.com)
    "\u0410dv\u0435rt\u0456\u0455\u0435 w\u0456th th\u0435 most visited news site ~ "
    "W\u0435 \u043eff\u0435r full\u0443 \u0441u\u0455t\u043em\u0456z\u0430bl\u0435 packages.",
])
def test_site_notices_are_furniture(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize("line", [
    "Affiliate marketers may receive a commission, and regulators say readers rarely notice "
    "the disclosure, which is why the agency now wants it at the top of every page, before "
    "any link, in plain words, and not hidden below the fold where few readers ever look.",
    "The newsletter grew to 40,000 readers in its first year.",
    "She said the city is not responsible for the damage.",
    "She baked cookies for the website's launch party, and the site uses them in its logo.",
    "Browsers that block cookies break many sites, the researchers found.",
    "10 comments were received by the council before the vote.",
    "The plant is powered by solar panels on the roof of the school.",
    "The hospital urged people to donate blood, saying: we need your help before the holidays.",
    "This article was first published in 2019, and it changed the debate on pensions.",
    "I agree to disagree with him, she said, but the terms were fair.",
    "I am over 18 and I still love cartoons.",
    "The Kremlin (\u041a\u0440\u0435\u043c\u043b\u044c) said the talks in Minsk "
    "(\u041c\u0438\u043d\u0441\u043a) went well, as did Kyiv (\u041a\u0438\u0457\u0432).",
    # instructions are not share or follow buttons (a wikiHow page of GUM)
    "Follow your duty depending what type of player you are:",
    "Join the two ends with a single stitch.",
    "Share the dough into four pieces.",
])
def test_prose_about_the_same_things_is_kept(line: str) -> None:
    assert not is_furniture_line(line)


@pytest.mark.parametrize("line", [
    # a post's date line, alone or with its time, label and categories
    "Posted: Thursday, April 21, 2022. 10:11 pm CST.",
    "January 13, 2020 at 08:45 AM | categories: Python,",
    "News date : 04/21/2022 Category : Press Releases",
    "October 22, 2019",
    "Published on 3 October 2020 | By Jane Doe",
])
def test_date_lines_are_furniture(line: str) -> None:
    assert is_furniture_line(line)
    raw = RawArticle("", None, None, (line, "A real paragraph of the article, ending well."), "html")
    out = clean(raw)
    assert out.blocks == ("A real paragraph of the article, ending well.",)
    assert line not in dict(out.meta).get("headings", "")


@pytest.mark.parametrize("line", [
    "FRIDAY APRIL 17 OAF GALLERY BAR, SYDNEY",  # a tour date: no year, a venue
    "Deadline: March 31, 2021",  # a fact the article states
    "January 13, 2020 | Mercurial 5.2 released",  # a row of a table
    "On May 8, 2021, agents conducted a land patrol at the public boat ramp.",
    "Her last day is April 1, 2022, and Warners has not named a replacement.",
])
def test_dates_in_content_are_kept(line: str) -> None:
    assert not is_furniture_line(line)


def test_labelled_bylines_reading_times_and_courtesy_lines_go() -> None:
    blocks = (
        "Courtesy of Forests News",
        "Written by: Julie Mollins",
        "Estimated reading time: 6 minutes",
        "Indigenous custodians manage a quarter of the world's intact forests, the study found.",
        "Written by hand, the letter reached the council a week later.",
    )
    out = clean(RawArticle("Forests", None, None, blocks, "html"))
    assert out.blocks == blocks[3:]
    assert "Julie Mollins" not in dict(out.meta).get("headings", "")


def test_a_block_of_other_stories_goes_with_its_heading() -> None:
    blocks = (
        "LeBron James scored 34 points as the Lakers beat the Clippers in overtime on Sunday.",
        "Most Popular This Week",
        "Gronk and Serena perform with the Laker Girls at halftime",
        "Zion's dunk breaks the rim in practice",
        "The teams meet again in April, when the Clippers host the last game of the series.",
        "More data is needed",
        "The league will publish the injury report on Monday, a spokesman said.",
    )
    out = clean(RawArticle("Lakers beat Clippers", None, None, blocks, "html"))
    text = "\n".join(out.blocks)
    headings = dict(out.meta).get("headings", "")
    assert "Gronk" not in text + headings and "Zion" not in text + headings
    assert "Most Popular" not in headings
    assert "The teams meet again in April" in text and "injury report" in text
    assert "More data is needed" in headings  # a heading of the article's own


@pytest.mark.parametrize("line", ["More from CBS Sports", "Trending Stories", "You May Also Like",
                                  "Latest articles", "RELATED STORIES", "More in Local News", "Read next"])
def test_other_stories_labels(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize("line", ["Tagged: Amazon, Brazil, fires", "Filed under: Politics, Media",
                                  "Categories: Python, Mercurial", "3 thoughts on “Alone”", "About the Author",
                                  "Privacy policy", "Terms Of Service", "Do not sell my data", "Like this:"])
def test_widget_and_footer_labels(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize("line", ["More data is needed", "Most people agree", "Top of the class",
                                  "Trending upward: rents in 2023", "Category 5 hurricane",
                                  "Topics covered in this course", "Filed under a false name, the report was withdrawn.",
                                  "Tags are cheap, the engineer said."])
def test_headings_that_start_alike_are_not_labels(line: str) -> None:
    assert not is_furniture_line(line)


def test_bylines_bios_and_furniture() -> None:
    blocks = (
        "By Jane Doe",
        "Published 3 hours ago",
        "5 min read",
        "Share this article",
        "The council voted on Tuesday to build a new library in the town centre.",
        "Work starts next spring and should take two years, officials said.",
        "Advertisement",
        "Jane Doe is a staff writer covering local government for the Gazette.",
        "Follow us on Twitter",
    )
    out = clean(RawArticle("Library approved", None, None, blocks, "html"))
    assert out.blocks == blocks[4:6]


def test_a_short_storys_lead_is_not_a_bio() -> None:
    # BBC News stories of three paragraphs lost their lead: "Director ... is" and a role
    # word ("editor") anywhere in the first 120 characters made it the writer's bio
    blocks = (
        "Tony Blair is likely to name 5 May as election day when Parliament returns from its"
        " Easter break, the BBC's political editor has learned.",
        "Black Friday is based upon the novel of the same name written by journalist S Hussain"
        " Zaidi, which looks at the blasts.",
        "Mr Blair has so far resisted calls for him to name the day.",
        "Clark Boyd is technology correspondent for The World, a BBC World Service co-production.",
    )
    out = clean(RawArticle("Blair prepares to name poll date", None, None, blocks, "html"))
    assert out.blocks == blocks[:3]
    # the bio dropped names the author the page gave nowhere else
    assert out.author == "Clark Boyd"


def test_a_bio_names_the_author_only_when_it_is_the_only_one() -> None:
    story = (
        "The council voted on Tuesday to build a new library in the town centre.",
        "Work starts next spring and should take two years, officials said.",
        "Shop owners said they welcomed the plan, which should bring more people into town.",
    )
    one = clean(RawArticle("Library", None, None, (*story, "Jane Doe is a staff writer for the Gazette."), "text"))
    assert one.author == "Jane Doe" and one.blocks == story
    two = clean(RawArticle("Library", None, None, (
        *story, "Jane Doe is a staff writer for the Gazette.", "John Roe is a photographer for the Gazette."
    ), "text"))
    assert two.author is None and two.blocks == story
    # the page's own byline stays the author
    stated = clean(RawArticle("Library", "Ann Lee", None, (*story, "Jane Doe is a staff writer."), "html"))
    assert stated.author == "Ann Lee"


def test_adjacent_duplicates_keep_one_copy_without_credit() -> None:
    para = "The same paragraph appears twice because the page was copied badly."
    out = clean(RawArticle("", None, None, (para, para, "Then the story goes on."), "text"))
    assert out.blocks == (para, "Then the story goes on.")


def test_title_repeated_in_body_is_dropped() -> None:
    raw = RawArticle("Big News Today", None, None, ("Big News Today", "Body text here."), "html")
    out = clean(raw)
    assert out.title == "Big News Today" and out.blocks == ("Body text here.",)


def test_first_heading_becomes_title_when_there_is_none() -> None:
    out = clean(RawArticle("", None, None, ("Quarterly Results", "Revenue grew."), "pdf"))
    assert out.title == "Quarterly Results" and out.blocks == ("Revenue grew.",)


def test_list_items_merge_into_one_paragraph() -> None:
    blocks = ("Things to bring:", f"{BULLET}water", f"{BULLET}a map", "That is all.")
    out = clean(RawArticle("", None, None, blocks, "markdown"))
    assert out.blocks == ("Things to bring:", f"{BULLET}water\n{BULLET}a map", "That is all.")


def test_lists_under_their_own_headings_stay_apart() -> None:
    # anarc.at: "## fasd", "## z", each over its list; the lists ran together as one
    # paragraph under "autojump" and the headings trailed after them
    blocks = ("Shell jumpers", f"{BULLET}home page", f"{BULLET}works in eshell", "fasd",
              f"{BULLET}upstream packaged in Debian", f"{BULLET}more direct")
    out = clean(RawArticle("CDPATH replacements", None, None, blocks, "markdown", headings=(0, 3)))
    assert out.blocks == (f"{BULLET}home page\n{BULLET}works in eshell",
                          f"{BULLET}upstream packaged in Debian\n{BULLET}more direct")
    assert dict(out.meta)["layout"] == "hphp"


def test_heading_rule() -> None:
    assert is_heading("‘Allies Are Stepping Up’")
    assert not is_heading("He said so.")
    assert not is_heading("“We have to work harder,”")
    assert not is_heading(" ".join(["word"] * 20))


def _word_retention(articles: list[list[str]]) -> float:
    total = kept = 0
    for blocks in articles:
        out = clean(RawArticle("", None, None, tuple(blocks), "text"))
        total += sum(len(b.split()) for b in blocks)
        kept += sum(len(b.split()) for b in out.blocks) + len(out.title.split())
    return kept / total


def test_cnndm_articles_keep_their_words(shared_data: Path) -> None:
    path = shared_data / "summarization" / "cnndm_summeval100.jsonl"
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in itertools.islice(fh, 40)]
    articles = [split_sentences(r["article_tok"], "english") for r in rows]
    assert _word_retention(articles) >= 0.99


def test_bbc_paragraphs_keep_their_words(shared_data: Path) -> None:
    path = shared_data / "summarization" / "bbc_news_summary.jsonl"
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in itertools.islice(fh, 0, 2225, 10)]
    assert _word_retention([r["paragraphs"] for r in rows]) >= 0.99


def test_other_posts_excerpts_under_a_blog_post_go() -> None:
    # boingboing: a two-line post, then excerpts of other posts cut at "[…]"
    post = "Cartoonist Matt Bors got a spot on CNN for his scathing critique. Click through for the whole thing."
    excerpts = [
        "The good folks at Choir! Choir! Choir! are still doing their thing, and now they have included Patti Smith […]",
        "The latest podcast from the Canadaland network is Dynasties, wherein host Arshy Mann delves into scandals.",
        "Want to build your own website? Even for a modest personal site, it was once assumed you might wait [...]",
    ]
    raw = clean(RawArticle("Hating Millennials", None, None, (post, *excerpts), "html"))
    assert raw.blocks == (post,)


def test_one_cut_quotation_is_not_an_excerpt() -> None:
    blocks = ("The ruling said the law “may not be applied […]", "The court will hear the appeal in May.")
    assert clean(RawArticle("Ruling", None, None, blocks, "html")).blocks == blocks


def test_a_sign_off_closing_the_article_names_its_writer() -> None:
    # the Jamaica Observer ends its stories "– David Dunkley"; "who wrote this?" said no one
    blocks = ("A female police inspector had to seek medical attention on Friday.",
              "The incident drew several curious onlookers.", "– David Dunkley")
    raw = clean(RawArticle("Woman attacks inspector", None, None, blocks, "html"))
    assert raw.author == "David Dunkley"
    assert raw.blocks == blocks[:2]


def test_a_dash_line_that_is_no_name_is_no_author() -> None:
    blocks = ("The council met on Friday to talk about the budget.", "– more to follow")
    assert clean(RawArticle("Budget", None, None, blocks, "html")).author is None


def test_a_pull_quote_is_said_once() -> None:
    # The Intercept sets a line of a quoted paragraph again, large, beside it
    quote = "\u201cWe ran out of fuel and the electricity is cut off. The hospital is out of service.\u201d"
    blocks = (
        "The health sector in the enclave is in a state of near-total collapse.",
        quote,
        "\u201cFor several days we have been talking about the lack of fuel,\u201d the director said. "
        "\u201cAnd now what we feared happened. We ran out of fuel and the electricity is cut off. "
        "The hospital is out of service.\u201d",
        "The hospital specializes in cancer treatments.",
        "It has seventy beds and serves adult patients from all of Gaza.",
        "The hospital specializes in cancer treatments.",
        "Hospital Specializes In Cancer",
    )
    out = clean(RawArticle("Gaza's hospitals", None, None, blocks, "html"))
    assert quote not in out.blocks and out.blocks[1].startswith("\u201cFor several days")
    # a paragraph printed twice is not known to be either copy's pull quote; a heading
    # is a heading
    assert out.blocks[2:] == ("The hospital specializes in cancer treatments.",
                              "It has seventy beds and serves adult patients from all of Gaza.",
                              "The hospital specializes in cancer treatments.")
    assert dict(out.meta)["headings"] == "Hospital Specializes In Cancer"


def test_a_short_line_said_again_in_a_longer_one_is_no_pull_quote() -> None:
    # an interviewer's short question, which the answer happens to repeat (a GUM interview)
    blocks = (
        "Where did you first see the ad?",
        "In the back of the paper?",
        "Yes, it was in the back of the paper, under the classifieds.",
    )
    assert clean(RawArticle("An interview", None, None, blocks, "html")).blocks == blocks


def test_a_section_printed_twice_is_read_once() -> None:
    # Nestlé prints a recipe's method twice (for phones, then for desktops); the step
    # numbers between are short blocks
    method = (
        "Roast the chicken in a preheated oven for 45 to 50 minutes until golden.",
        "2",
        "Meanwhile, heat oil in a large saucepan and cook the onions for 4 minutes.",
        "Spoon the rice onto a platter and arrange the chicken pieces over it.",
    )
    blocks = ("Roasted chicken with rice is a family favourite for Sunday lunch.", *method, *method)
    out = clean(RawArticle("Roasted Chicken", None, None, blocks, "html"))
    steps = tuple(b for b in method if b != "2")  # a lone "2" reads as a heading
    assert out.blocks == (blocks[0], *steps)
    # a text that repeats itself means to (the Daily Mail's highlights, then its story)
    text = clean(RawArticle("Roasted Chicken", None, None, blocks, "text")).blocks
    assert text == (blocks[0], *steps, *steps)
    # one paragraph said twice is left: which copy belongs where is not known
    once = (method[0], "The oven must be hot before the bird goes in, the cook says.", method[0])
    assert clean(RawArticle("Roasted Chicken", None, None, once, "html")).blocks == once
