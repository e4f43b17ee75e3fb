"""Undoing Content-Encoding (gzip, deflate) without ever producing more than a cap.

The client counts its byte cap on *decoded* bytes; these decoders never return
more than the limit they are given per call, so a gzip bomb is stopped at the
cap instead of being inflated in memory first. Encodings other than gzip and
deflate (and stacked ones) are refused with FetchError.
"""

from __future__ import annotations

import zlib
from typing import Protocol

from bot.errors import CorruptFile, FetchError

__all__ = ["Decoder", "decoder_for"]


class Decoder(Protocol):
    def decode(self, data: bytes, limit: int) -> bytes:
        """The decoded bytes of ``data``, at most ``limit`` of them."""
        ...

    def flush(self, limit: int) -> bytes:
        """What is left once the body has ended, at most ``limit`` bytes."""
        ...


class _Identity:
    def decode(self, data: bytes, limit: int) -> bytes:
        return data

    def flush(self, limit: int) -> bytes:
        return b""


class _Inflate:
    """zlib-based decoding that never produces more than ``limit`` bytes per call.

    Output beyond the limit is not needed: the caller stops with TooLarge.
    """

    def __init__(self, host: str, encoding: str) -> None:
        self.host = host
        self.gzip = encoding in {"gzip", "x-gzip"}
        self.started = False
        self.done = False
        self.between_members = False
        self._obj = zlib.decompressobj(zlib.MAX_WBITS | 16 if self.gzip else zlib.MAX_WBITS)

    def decode(self, data: bytes, limit: int) -> bytes:
        out = bytearray()
        while data and not self.done and len(out) < limit:
            if self.between_members:
                if data[:1] != b"\x1f":
                    self.done = True  # trailing bytes after the last member are ignored
                    break
                self._obj = zlib.decompressobj(zlib.MAX_WBITS | 16)
                self.between_members = False
            try:
                out += self._obj.decompress(data, limit - len(out))
            except zlib.error:
                if not self.gzip and not self.started:
                    # "deflate" is often sent raw, without the zlib wrapper
                    self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
                    self.started = True
                    continue
                raise CorruptFile(f"{self.host} sent a damaged compressed response") from None
            self.started = True
            if self._obj.unconsumed_tail:
                break  # the limit was reached
            data = b""
            if self._obj.eof:
                if self.gzip:  # a gzip body may hold several members, one after another
                    self.between_members = True
                    data = self._obj.unused_data
                else:
                    self.done = True
        return bytes(out)

    def flush(self, limit: int) -> bytes:
        if self.done or self.between_members:
            return b""
        return self._obj.flush()[:limit]


def decoder_for(host: str, content_encoding: str) -> Decoder:
    """The decoder for a Content-Encoding header value; ``host`` names the server in errors.

    Raises FetchError for an encoding summarybot cannot undo.
    """
    codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if not codings:
        return _Identity()
    if len(codings) == 1 and codings[0] in {"gzip", "x-gzip", "deflate"}:
        return _Inflate(host, codings[0])
    shown = ", ".join(c[:20] for c in codings[:3])
    raise FetchError(f"{host} sent its answer compressed as {shown}, which summarybot cannot read")
