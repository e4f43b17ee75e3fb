"""Reading what people type in Slack: links, questions, mentions, /summary arguments.

Pure functions over message text, so the listeners can decide what a message
asks for without any I/O (they must answer Slack within 3 seconds).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.errors import UsageError

# Slack sends links as <https://x|label> or <https://x>; people and tests may also send bare URLs.
_SLACK_LINK = re.compile(r"<(https?://[^>|\s]+)(?:\|[^>]*)?>")
_BARE_LINK = re.compile(r"(?<![<|\w])(https?://[^\s<>|]+)")
_MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")
_TRAILING_PUNCT = ".,;:!?)]}'\""

QUESTION_WORDS = frozenset(
    {
        "what", "who", "whom", "whose", "when", "where", "why", "how", "which",
        "did", "does", "do", "is", "are", "was", "were", "can", "could", "would",
        "should", "will", "has", "have", "had",
        "tell", "summarize", "summarise", "explain", "describe", "list", "give", "show",
        "quote", "find",
    }
)

# Hosts and extensions that are never articles: summarizing them would only produce noise.
_NOT_ARTICLE_EXT = frozenset(
    {
        "png", "jpg", "jpeg", "gif", "webp", "bmp", "svg", "ico", "tif", "tiff", "heic",
        "mp4", "mov", "avi", "mkv", "webm", "mp3", "wav", "ogg", "flac", "m4a",
        "zip", "gz", "tgz", "rar", "7z", "exe", "dmg", "iso",
    }
)
_VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "giphy.com", "tenor.com")


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def extract_links(text: str, *, limit: int | None = None) -> list[str]:
    """http(s) links in message order, without duplicates (Slack's <url|label> or bare)."""
    found: list[str] = []
    for match in _SLACK_LINK.finditer(text or ""):
        found.append(_unescape(match.group(1)))
    rest = _SLACK_LINK.sub(" ", text or "")
    for match in _BARE_LINK.finditer(rest):
        found.append(_unescape(match.group(1).rstrip(_TRAILING_PUNCT)))
    out: list[str] = []
    for url in found:
        if url not in out and urlsplit(url).hostname:
            out.append(url)
    return out[:limit] if limit is not None else out


def not_article_reason(url: str) -> str | None:
    """Why a link is obviously not an article (before fetching it), or None."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host == "slack.com" or host.endswith(".slack.com") or host.endswith(".slack-edge.com"):
        return "That is a Slack link, not an article."
    if host in _VIDEO_HOSTS or any(host.endswith("." + h) for h in _VIDEO_HOSTS):
        return "That looks like a video or animation, not an article."
    ext = parts.path.rsplit(".", 1)[-1].lower() if "." in parts.path.rsplit("/", 1)[-1] else ""
    if ext in _NOT_ARTICLE_EXT:
        return "That looks like an image, video or archive, not an article."
    return None


def mentions(text: str) -> list[str]:
    return _MENTION.findall(text or "")


def strip_mentions(text: str) -> str:
    return re.sub(r"\s+", " ", _MENTION.sub(" ", text or "")).strip()


def strip_links(text: str) -> str:
    without = _BARE_LINK.sub(" ", _SLACK_LINK.sub(" ", text or ""))
    return re.sub(r"\s+", " ", without).strip()


def is_question(text: str) -> bool:
    """A question or a request, as opposed to chatter the bot should leave alone."""
    clean = strip_mentions(text)
    if "?" in clean:
        return True
    words = re.findall(r"[a-z']+", clean.lower())
    return bool(words) and words[0] in QUESTION_WORDS


def thread_of(event: dict) -> str:
    """The thread a reply to ``event`` belongs in: the parent's ts when in a thread."""
    return str(event.get("thread_ts") or event.get("ts") or "")


USAGE = (
    "*Usage:* `/summary URL [N]` summarizes the page at URL in this channel "
    "(N = number of sentences, 1 to 20).\n"
    "`/summary` alone summarizes again the most recent article in this channel.\n"
    "`/summary search WORDS` lists this channel's articles about WORDS, best first.\n"
    "`/summary settings` shows this channel's settings; "
    "`/summary settings auto on|off` turns automatic summaries of posted links on or off, "
    "`/summary settings sentences N` sets the summary length.\n"
    "`/summary help` shows this message.\n"
    "Ask questions about an article by replying in its thread, or mention me in the "
    "channel to ask across everything it has read."
)

MAX_SENTENCES = 20


@dataclass(frozen=True)
class SummaryCommand:
    action: str  # "summarize", "latest", "search", "settings" or "help"
    url: str | None = None
    sentences: int | None = None
    words: str = ""  # search: what to look for
    auto_summarize: bool | None = None  # settings: the new value, None to leave it


def parse_summary_command(text: str) -> SummaryCommand:
    """``/summary URL [N]`` | ``/summary [N]`` | ``/summary help``. Raises UsageError."""
    words = (text or "").split()
    if not words:
        return SummaryCommand("latest")
    if len(words) == 1 and words[0].lower() in {"help", "-h", "--help", "?"}:
        return SummaryCommand("help")
    if words[0].lower() == "search":
        wanted = " ".join(words[1:]).strip()
        if not wanted:
            raise UsageError("Say what to search for: `/summary search WORDS`.")
        return SummaryCommand("search", words=wanted[:200])
    if words[0].lower() == "settings":
        return _settings_command(words[1:])
    url: str | None = None
    count: int | None = None
    for word in words:
        links = extract_links(word)
        if links and url is None:
            url = links[0]
        elif word.isdigit() and count is None:
            count = int(word)
            if not 1 <= count <= MAX_SENTENCES:
                raise UsageError(f"N must be between 1 and {MAX_SENTENCES}.")
        else:
            raise UsageError(f"I did not understand `{word[:80]}`.")
    return SummaryCommand("summarize" if url else "latest", url, count)


def _settings_command(words: list[str]) -> SummaryCommand:
    """``/summary settings`` | ``... auto on|off`` | ``... sentences N``."""
    if not words:
        return SummaryCommand("settings")
    name = words[0].lower()
    value = words[1].lower() if len(words) == 2 else ""
    if name in {"auto", "autosummarize", "auto-summarize"} and value in {"on", "off", "true", "false", "yes", "no"}:
        return SummaryCommand("settings", auto_summarize=value in {"on", "true", "yes"})
    if name in {"sentences", "length", "n"} and value.isdigit():
        count = int(value)
        if not 1 <= count <= MAX_SENTENCES:
            raise UsageError(f"N must be between 1 and {MAX_SENTENCES}.")
        return SummaryCommand("settings", sentences=count)
    raise UsageError(
        "Use `/summary settings`, `/summary settings auto on|off` or "
        f"`/summary settings sentences N` (N from 1 to {MAX_SENTENCES})."
    )
