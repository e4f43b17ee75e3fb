"""Logging for the serving processes: tokens and secrets never reach a log line."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

# Slack tokens: xoxb- (bot), xoxp- (user), xoxa-/xoxr- (rotation), xoxe- (refresh), xapp- (app-level)
TOKEN_RE = re.compile(r"\b(xox[a-z]-|xapp-)[A-Za-z0-9-]+")
FORMAT = "%(asctime)s %(levelname)s %(process)d %(name)s: %(message)s"


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    text = TOKEN_RE.sub(lambda m: m.group(1) + "***", text)
    for secret in secrets:
        if secret and len(secret) >= 6:
            text = text.replace(secret, "***")
    return text


class RedactingFilter(logging.Filter):
    """Rewrites each record's message (and traceback) with tokens masked."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message, self.secrets)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        return True


def configure_logging(level: str, secrets: Iterable[str] = ()) -> None:
    """Log at ``level`` through handlers that redact secrets (idempotent)."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=level, format=FORMAT)
    root.setLevel(level)
    redactor = RedactingFilter(secrets)
    for handler in root.handlers:
        handler.filters = [f for f in handler.filters if not isinstance(f, RedactingFilter)]
        handler.addFilter(redactor)
