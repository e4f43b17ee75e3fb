"""Page furniture: the labels, credits, bylines and notices around an article that are
not the article. One set of patterns, used by cleaning (bot.reading.clean, on whole
blocks) and by summarizing (bot.summarizing.candidates, on sentences that slipped
through), so the two never disagree about what furniture looks like.
"""

from __future__ import annotations

import re

CLOSING = "\"'”’»)]*"
_END_PUNCT = re.compile(r"[.!?…:;,]$")

CAP_WORD = r"[A-Z][\w.'’\-]*"
NAME = rf"{CAP_WORD}(?:\s+(?:{CAP_WORD}|de|van|von|der|da|di|la|le|bin|al))*"

# Labels that are furniture when they are a whole line (compared without punctuation).
LABELS = frozenset({
    "updated", "published", "posted", "reporter", "staff reporter", "senior reporter",
    "correspondent", "editor", "contributor", "columnist", "writer", "staff writer",
    "twitter", "facebook", "linkedin", "instagram", "email", "e-mail", "whatsapp", "reddit",
    "pinterest", "telegram", "copy link", "print", "share", "share this", "share this article",
    "share on facebook", "share on twitter", "tweet", "related topics", "related", "related articles",
    "related stories", "read more", "more", "see more", "show more", "advertisement",
    "advertisements", "sponsored", "sponsored content", "subscribe", "subscribe now", "sign up",
    "sign in", "log in", "login", "register", "newsletter", "follow us", "follow", "comments",
    "comment", "leave a comment", "show comments", "view comments", "listen", "listen to this article",
    "play", "pause", "menu", "home", "skip to content", "skip to main content", "back to top",
    "top", "next", "previous", "loading", "close", "toggle navigation", "cookie settings",
    "accept cookies", "all rights reserved", "image", "photo", "video", "audio", "gallery",
    "enlarge this image", "hide caption", "toggle caption", "most read", "most popular",
    "trending", "tags", "topics", "you may also like", "recommended", "watch", "watch live",
    "live", "breaking news", "opinion", "analysis", "next article", "previous article", "next post",
    "previous post",
    # blog widgets and the site's own pages, linked from every page's sidebar and footer
    "like this", "about the author", "about the authors", "archives", "categories", "search",
    "post navigation", "recent comments", "attachments", "privacy", "privacy policy", "privacy notice",
    "cookie policy", "terms of service", "terms of use", "terms and conditions", "contact", "contact us",
    "about", "about us", "advertise", "advertise with us", "careers", "sitemap", "site map",
    "accessibility", "do not sell my data", "do not sell my personal information",
    "do not sell or share my personal information", "corrections", "feedback", "in this section",
})

# A whole line that is furniture: player times, "Updated ...", "5 min read", share and
# subscribe prompts, app promotions, copyright lines, bare addresses, page numbers.
_LINE = re.compile(
    r"^(?:"
    r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*/\s*\d{1,2}:\d{2}(?::\d{2})?)?"  # media player times
    r"|(?:updated|published|posted|last updated|first published|modified)\b[^.!?]{0,80}"
    r"|\d+\s*(?:min(?:ute)?s?|hours?|hrs?|days?|seconds?)\s*(?:read|ago)"
    r"|(?:estimated\s+)?reading\s+time\s*:?\s*(?:about\s+)?\d+\s*(?:min(?:ute)?s?|seconds?)"
    r"|(?:subscribe|sign up)\b(?!-)[^.!?]{0,60}[.!]?"
    # "Share this", "Follow us", "Join the conversation"; "Follow the river north." and
    # "Join the two ends." are instructions, and "Follow-up ..." a heading
    r"|(?:share|follow|join)(?:\W*|\b(?!-)[^.!?]{0,60}?(?:\b(?:us|me|our|this|now|today|"
    r"here|free|newsletters?|updates|alerts|conversation|discussion|community|email|story|"
    r"article|page|post)\b|@\w)[^.!?]{0,60}?)[.!]?"
    r"|[^.!?]{0,80}\b(?:download|get) (?:the|our) [^.!?]{0,40}\bapps?\b[^.!?]{0,60}[.!]?"
    r"|[^.!?]{0,60}\b(?:subscribe|sign up|log in|register)\b[^.!?]{0,60}\b(?:full story|continue reading|read more|newsletter)[^.!?]{0,30}[.!]?"
    r"|(?:copyright|©)[^.!?]{0,120}\.?"
    r"|[\w.+-]+@[\w-]+\.[\w.]+"
    r"|https?://\S+"
    r"|[^.!?\[\]]{0,60}\]\(https?://\S+\)"  # a link's label and address, its "[" lost
    r"|page \d+(?: of \d+)?|\d{1,4}"
    r"|[^\w]*"
    r")$",
    re.IGNORECASE,
)
# Furniture that announces itself at the start of a line.
_OPENING = re.compile(
    r"""^(?:
        (?:image|photo|picture|video|media)\s*(?:copyright|caption|credit|source)\b
      | (?:getty\s+images|ap\s+photo|afp\s+photo|reuters\s+photo)\b
      | (?:photo|photograph|illustration|credit|source|file\s+photo)\s*:
      | (?:(?:image|photo|picture|video)\s+)?courtesy\s+(?:of\s+)?[A-Z][^.!?]{0,60}$
      | (?:follow\s+(?:us|me)|share\s+this)\b
      | (?:click|tap)\s+here\b
      | (?:subscribe\s+to|sign\s+up\s+(?:for|to))\b
      | (?:read\s+more|see\s+also)\b
      | related\s+(?:topics|articles|stories|links|coverage|content)\b
      | (?:advertisement|sponsored\s+content)\b
      | (?:published|updated|last\s+updated|posted)\s*:?\s*(?:on\s+)?\d
      | (?:tagged(?:\s+(?:with|as|in))?|filed\s+(?:under|in))\s*:?(?:\s+[^.!?]{0,100})?$
      | (?:tags|categories|category|topics)\s*:(?:\s*[^.!?]{0,100})?$
      # syndication: "This article originally appeared on VICE US."
      | this\s+(?:article|story|post|piece|essay)\s+(?:was\s+)?(?:originally|first)\s+(?:appeared|published|ran)
        \s+(?:on|in|at|by|with)\s+(?:the\s+)?(?-i:[A-Z“"])[^.!?,]{0,80}[.!]?$
      # where a book excerpt comes from: "Excerpted from ...", "From “Superminds” by ..."
      | (?:excerpted|adapted|reprinted)\s+(?:with\s+permission\s+)?from\b
      | from\s+[“"‘'][^”"’']{2,120}[”"’']\s*,?\s+by\s
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Notices that make any line furniture, wherever they appear.
_NOTICE = re.compile(
    r"all\s+rights\s+reserved|contributed\s+to\s+this\s+report|©|\(c\)\s*\d{4}"
    # image credits: "“Frozen peas” by Marco Verch is licensed under CC BY 4.0",
    # "Shimon Peres image: David Shankbone."
    r"|\bis\s+licen[sc]ed\s+under\s+(?:an?\s+|the\s+)?(?:CC\b|Creative\s+Commons)|\bCC[ -]BY(?:[ -]SA)?\s+\d"
    r"|\b(?i:image|photo|picture)\s*:\s*(?:(?-i:[A-Z])[\w.'’-]+\s*){1,4}\.?$"
    r"|^\W*(?:twitter|facebook|linkedin|email|print|whatsapp)\W*$",
    re.IGNORECASE,
)
# A line that is only a post's date, maybe with its time, a label and a tail of
# categories or tags: "Posted: Thursday, April 21, 2022. 10:11 pm CST.", "January 13,
# 2020 at 08:45 AM | categories: Python,", "News date : 04/21/2022 Category : Press
# Releases". The year is required: "FRIDAY APRIL 17 OAF GALLERY BAR, SYDNEY" is a tour date.
# So is a label after it: "January 13, 2020 | Mercurial 5.2 released" is a row of a table.
_MONTH = (r"(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?|january|february|march|april|may|"
          r"june|july|august|september|october|november|december")
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?"
_DATE = (rf"(?:{_WEEKDAY}\s+)?(?:(?:{_MONTH})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
         rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH}),?\s+\d{{4}}"
         r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{2}-\d{2})")
_TIME = r"(?:[,.]?\s*(?:at\s+|-\s*)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?)"
_DATELINE = re.compile(
    rf"^(?:(?:(?:news\s+|release\s+)?date|posted|published|updated|last\s+updated|(?:last\s+)?modified)"
    rf"(?:\s+on)?\s*:?\s*|on\s+)?{_DATE}{_TIME}?\.?"
    # the tail must say what it is: a table row starting with a date ("2020-01-13 | 5.2") is content
    r"(?:\s*[|·•]?\s*\b(?:(?:categor(?:y|ies)|tags?|topics?)\s*:|filed\s+under\b|posted\s+in\b|by\s+(?-i:[A-Z]))"
    r"[^.!?]{0,80})?$",
    re.IGNORECASE,
)
# Words that mix Latin and Cyrillic letters ("Аdvеrtіѕе", Cyrillic А, е, і, ѕ): text
# disguised from filters, which is what ads do; no language writes a word that way.
_MIXED_SCRIPT = re.compile(r"\w*(?:[a-zA-Z][\u0400-\u04ff]|[\u0400-\u04ff][a-zA-Z])\w*")
_MIXED_SCRIPT_WORDS = 3
_CONTRIBUTED = re.compile(
    r"^(?:[\w.'’ ,&-]{1,80}\s)?contributed (?:to )?(?:this )?(?:report|story|article)(?:ing)?[^.]{0,40}\.?$",
    re.IGNORECASE,
)

# Bylines: "By Jane Doe", "By Jane Doe and John Roe, BBC News", in several languages.
# Names stay capitalized: with the whole pattern case-blind, "di solito andiamo al mare"
# (Italian: "we usually go to the sea") was a byline.
_BYLINE = re.compile(
    rf"^(?i:(?:(?:written|posted|reported|words|story|text)\s+by|author|by)\s*:|(?:written|posted|reported|words|story|text)\s+by"
    rf"|by|von|par|por|door|di)\s+{NAME}(?:\s*(?i:,|and|&|und|et|y)\s*{NAME})*(?:\s*[,|–—-]\s*[^.]{{0,60}})?$"
)
# Calls to follow, like or subscribe elsewhere: "Follow The New York Times Opinion
# section on Facebook, Twitter (@NYTopinion) and Instagram."
_PROMO = re.compile(
    r"^(?:follow\b(?!-)|like us\b|find us\b|join us\b|connect with us\b|subscribe to\b|"
    r"sign up (?:for|to)\b|download (?:our|the)\b|listen to (?:our|the)\b|get (?:our|the)\b)"
    r".{0,200}\b(?:facebook|twitter|instagram|linkedin|youtube|tiktok|whatsapp|telegram|"
    r"newsletters?|podcasts?|rss|apps?)\b",
    re.IGNORECASE,
)
_PROMO_MAX_WORDS = 40
# What a site says about itself around an article: affiliate and advertiser disclosures,
# paywall prompts, newsletter pitches, contributor disclaimers. Only in short blocks: an
# article about affiliate marketing may say these words in a paragraph of its own.
_SITE_NOTICE = re.compile(
    r"\b(?:we|i)\s+(?:may|might|will)\s+(?:receive|earn|get|be\s+paid)\s+(?:a\s+)?(?:small\s+)?"
    r"(?:commission|compensation)\b"
    r"|\bcontains?\s+(?:affiliate\s+links|references\s+to\s+products)\b"
    r"|\badvertisers\s+(?:do\s+not|don[’']t)\s+influence\b"
    r"|\bis\s+not\s+responsible\s+for\s+the\s+(?:opinions|views|content)\b"
    r"|\balready\s+a\s+subscriber\b|\bplease\s+subscribe\b|\bfirst-time\s+subscribers\b"
    r"|\bnever\s+miss\b[^.!?]{0,60}\b(?:newsletter|sign(?:ing)?\s+up)\b"
    r"|\bsign\s+up\s+(?:for|to)\s+our\b[^.!?]{0,40}\bnewsletters?\b"
    r"|^(?:[\w’'&-]+\s+){0,3}newsletters?$"
    # cookie banners
    r"|\b(?:we|(?:this|our)\s+(?:web)?site)\s+uses?\s+cookies\b|\buse\s+of\s+cookies\b"
    r"|\bcookies?\s+(?:settings|preferences|policy|consent|should\s+be\s+enabled)\b"
    r"|\b(?:enable\s+or\s+disable|accept\s+all|disable\s+this)\s+cookies?\b"
    r"|\bdo\s+not\s+show\s+this\s+(?:message\s+)?again\b"
    # comment forms and comment widgets
    r"|\byour\s+email\s+(?:address\s+)?will\s+not\s+be\s+published\b|\brequired\s+fields\s+are\s+marked\b"
    r"|\bcomments\s+are\s+moderated\b|^(?:leave|post|write|add)\s+a\s+(?:reply|comment)\b"
    r"|^there\s+are\s+no\s+comments\b|^view\s+(?:the\s+)?(?:discussion|comments)\b"
    r"|^(?:\d+|one)\s+(?:comments?|responses?|replies|thoughts?)(?:\s+(?:to|on)\s+[“\"‘'].*)?$"
    r"|^(?:[\w-]+\s+)?(?:comments\s+)?(?:proudly\s+)?powered\s+by\s+\S+(?:\s+\S+){0,3}$"
    # form checkboxes: marketing consent and terms
    r"|^i\s+(?:would\s+like\s+to\s+receive|agree\s+to|have\s+read\s+and\s+(?:understood|agree|accept))\b"
    r"[^!?]{0,200}\b(?:offers|newsletters?|marketing|privacy|personal\s+data|terms\s+(?:and|&|of))\b"
    r"|^i\s+am\s+(?:over|at\s+least)\s+1[368]\s+years\s+(?:of\s+age|old)\s+and\s+(?:i\s+)?(?:agree|consent|accept)\b"
    # paywall pitches
    r"|\b(?:get|gives?\s+you|enjoy)\s+unlimited\s+(?:digital\s+)?access\b"
    # appeals for readers' money
    r"|^(?:we\s+need\s+your\s+(?:help|support)|support\s+(?:us|our\s+(?:work|journalism))|make\s+a\s+contribution"
    r"|donate\s+now)\b|\bwe\s+rely\s+on\s+(?:your|readers[’']?)\s+support\b|\bfunded\s+by\s+(?:our\s+)?readers\b"
    # reprint notices
    r"|\bwritten\s+permission\s+must\s+be\s+obtained\b|\bis\s+the\s+copyrighted\s+property\s+of\b"
    r"|\bavailable\s+under\s+(?:the\s+)?(?:CC[ -]BY|creative\s+commons)\b",
    re.IGNORECASE,
)
_SITE_NOTICE_MAX_WORDS = 60

# Photo credits closing a caption: "Johanna Geron/Reuters", "(Sputnik/Sergey Guneev/Kremlin
# via Reuters)", "(AP Photo)", "Getty Images", or "Photo: ..." glued after a sentence.
_SLASH_CREDIT = re.compile(rf"(?:^|[\s.(])(?:{NAME})(?:\s*/\s*{NAME})+(?:\s+via\s+{NAME})?\)?\s*$")
# (a link in parentheses, "(http://www.wikihow.com/Carbon-Neutral)", is no credit, nor a
# list of names with a slash among them, "(Twentieth Century Fox, BBC Two/Sky One)")
PAREN_CREDIT = re.compile(r"\((?:(?![^()]*(?:://|www\.))[^(),]{0,80}/[^(),]{0,80}|(?:AP|AFP|Reuters|Getty)[^()]{0,60}|Photo[^()]{0,80}|[A-Z][\w.&'’ -]{0,40})\)\s*$")
# the source named after "via" is a name ("via Reuters", "via Instagram"): a code listing's
# "itsdangerous==1.1.0  # via flask" is no credit
_VIA_CREDIT = re.compile(
    r"(?:\bvia\s+(?:Reuters|AP|AFP|Getty Images|Bloomberg|EPA|Shutterstock|(?-i:[A-Z])[\w]+)"
    r"|\bGetty Images|\bShutterstock|\bAP Photo\b[^.]{0,60}|\bEPA-EFE\b[^.]{0,40}"
    r"|\b(?:Photo|Image|Picture|Photograph)\s+(?:credit|courtesy)\b[^.]{0,80})\)?\s*$",
    re.IGNORECASE,
)
# a byline glued after a caption's sentence: "... in Las Croabas. By U.S. CUSTOMS AND
# BORDER PROTECTION" (the credit of a photo or of the summary under it)
_BY_CREDIT = re.compile(rf"[.!?][\"'”’]?\s+By\s+{NAME}(?:\s*(?i:and|&)\s*{NAME})?\s*$")
_BY_CREDIT_MAX_WORDS = 60
PHOTO_PREFIX = re.compile(r"^(?:Photo|Photograph|Image|Picture|Credit|Caption|Pictured|Foto)\s*(?:credit)?\s*[:|]", re.IGNORECASE)
_CREDIT_TAIL = re.compile(r"\b(?:Photo|Photograph|Image|Picture|Credit)s?\s*:\s*[^.]{1,80}$", re.IGNORECASE)
# a credit in parentheses at the very end of a sentence: "(... via Reuters)", "(Jane Doe/AP)"
_SENTENCE_CREDIT = re.compile(
    r"(?:\((?:[^()]*\b(?i:via|getty|reuters|afp|ap|epa|pa\s+media)\b[^()]*|[^()]*[A-Z][a-z]+/[A-Z][^()]*)\)\s*\.?"
    r"|[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)*/[A-Z][\w' /]*)$"
)


# The heading of a block of other stories: "Most Popular This Week", "More from CBS
# Sports", "Trending Stories", "You May Also Like", "Latest articles", "Read next".
_SECTION_LABEL = re.compile(
    r"^(?:(?:more|most|top|latest|recent|trending|popular|related|recommended|other|featured|editors?[’']?s?)"
    r"(?:\s+[\w’'-]+){0,3}\s+(?:stories|articles|news|posts|reads|videos|headlines|links|podcasts|galleries|picks)"
    r"|more\s+(?:from|in)\s+[\w’'&.-]+(?:\s+[\w’'&.-]+){0,3}"
    r"|most\s+(?:read|popular|viewed|shared|commented|recent)(?:\s+[\w’'-]+){0,3}"
    r"|trending(?:\s+(?:now|today|nationally|stories|news|topics|on\s+[\w’'.-]+(?:\s+[\w’'.-]+)?))?"
    r"|you\s+(?:may|might|will)\s+(?:also\s+)?(?:like|enjoy|love|be\s+interested\s+in)"
    r"|(?:read|watch|up)\s+(?:this\s+)?next|explore\s+further|don[’']t\s+miss(?:\s+this)?"
    r"|(?:also|further)\s+(?:read|reading|see))$",
    re.IGNORECASE,
)
_SECTION_LABEL_MAX_WORDS = 7


def is_section_label(text: str) -> bool:
    """The heading of a block of other stories (related, most read, trending)."""
    flat = text.strip().rstrip(":").strip()
    return len(flat.split()) <= _SECTION_LABEL_MAX_WORDS and bool(_SECTION_LABEL.match(flat))


def key(text: str) -> str:
    """``text`` reduced to lower-case words, for comparing lines."""
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def is_furniture_line(text: str) -> bool:
    """A whole line (a block or a sentence) that is a label, a prompt or a notice."""
    if key(text) in LABELS or is_section_label(text):
        return True
    flat = text.strip().rstrip(":").strip()
    if _PROMO.match(flat) and len(flat.split()) <= _PROMO_MAX_WORDS:
        return True
    if _SITE_NOTICE.search(flat) and len(flat.split()) <= _SITE_NOTICE_MAX_WORDS:
        return True
    if len(_MIXED_SCRIPT.findall(flat)) >= _MIXED_SCRIPT_WORDS:
        return True
    return bool(
        _LINE.match(flat) or _CONTRIBUTED.match(flat) or _DATELINE.match(flat) or _OPENING.search(flat)
        or _NOTICE.search(flat)
    )


def is_byline(text: str) -> bool:
    """"By Jane Doe" and the like, as a whole line of at most ten words."""
    text = text.strip()
    return len(text.split()) <= 10 and bool(_BYLINE.match(text))


def has_credit(text: str) -> bool:
    """Does the block end in (or start with) a photo credit?"""
    text = text.strip()
    if _END_PUNCT.search(text.rstrip(CLOSING)) and not text.endswith(")"):
        # a finished sentence is prose, unless a credit is glued after its period
        return bool(_CREDIT_TAIL.search(text))
    return bool(
        _SLASH_CREDIT.search(text)
        or PAREN_CREDIT.search(text)
        or _VIA_CREDIT.search(text)
        or PHOTO_PREFIX.match(text)
        or _CREDIT_TAIL.search(text)
        or (len(text.split()) <= _BY_CREDIT_MAX_WORDS and bool(_BY_CREDIT.search(text)))
    )


def ends_in_credit(sentence: str) -> bool:
    """A sentence (a caption that slipped through) ending in a photographer's credit."""
    # the credit is at the very end; searching only there keeps long sentences cheap
    return bool(_SENTENCE_CREDIT.search(sentence.strip()[-120:]))
