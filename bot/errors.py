"""The exception tree of summarybot.

Deep code raises these; the edges (the CLI, the Slack listeners, the job worker)
turn them into one friendly line. Anything else that escapes is a bug.

    SummarybotError                 base class; ``str(err)`` is safe to show a user
    ├── InputError                  the input cannot become a document
    │   ├── SourceNotFound          a file path that does not exist
    │   ├── UnsupportedType         a type we do not read (image, video, zip, ...)
    │   ├── EmptyDocument           nothing article-like was left after cleaning
    │   ├── NoTextLayer             a PDF whose pages have no extractable text
    │   ├── TooLarge                over a size, page or nesting cap
    │   └── CorruptFile             malformed, encrypted or lying about its type
    ├── FetchError                  a URL could not be fetched
    │   ├── BlockedURL              refused by policy: private address, bad scheme,
    │   │                           credentials in the URL, too many redirects
    │   ├── FetchTimeout            the total deadline passed
    │   └── HTTPStatusError         the server answered with an error status
    ├── UsageError                  bad arguments (CLI flags, /summary arguments)
    ├── ConfigError                 a setting has an invalid value
    ├── ModelError                  a bundled model is missing or not the expected file
    └── StoreError                  the database could not be reached or used
"""

from __future__ import annotations


class SummarybotError(Exception):
    """Base class. The message is written for the person who sent the input."""


class InputError(SummarybotError):
    pass


class SourceNotFound(InputError):
    pass


class UnsupportedType(InputError):
    pass


class EmptyDocument(InputError):
    pass


class NoTextLayer(InputError):
    pass


class TooLarge(InputError):
    pass


class CorruptFile(InputError):
    pass


class FetchError(SummarybotError):
    pass


class BlockedURL(FetchError):
    pass


class FetchTimeout(FetchError):
    pass


class HTTPStatusError(FetchError):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class UsageError(SummarybotError):
    pass


class ConfigError(SummarybotError):
    pass


class ModelError(SummarybotError):
    pass


class StoreError(SummarybotError):
    pass
