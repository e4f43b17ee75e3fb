"""Model files checked against a pinned SHA-256, and safetensors read and written with numpy.

A safetensors file is an 8-byte little-endian header length, a JSON header giving each
array's dtype, shape and byte range, then the arrays' little-endian bytes. It holds
arrays only, so reading one runs no code; numpy reads it without the ``safetensors``
package. bot.vectors.sentences and bot.vectors.words read their files through ``checked``
first: a file that is
missing, changed or truncated is a bot.errors.ModelError naming it, never used.
"""

from __future__ import annotations

import hashlib
import json
import math
import struct
from pathlib import Path
from typing import Any

import numpy as np

from bot.errors import ModelError

__all__ = ["checked", "read", "write"]

_DTYPES: dict[str, np.dtype[Any]] = {
    "F16": np.dtype("<f2"),
    "F32": np.dtype("<f4"),
    "F64": np.dtype("<f8"),
    "I8": np.dtype("i1"),
    "I16": np.dtype("<i2"),
    "I32": np.dtype("<i4"),
    "I64": np.dtype("<i8"),
    "U8": np.dtype("u1"),
}
_NAMES = {dtype: name for name, dtype in _DTYPES.items()}
_MAX_HEADER = 1 << 24  # bytes of JSON; ours are a few KB


def checked(path: Path, sha256: str) -> bytes:
    """The bytes of ``path``, refused unless their SHA-256 is ``sha256``. The file is
    read once, so the bytes used are the bytes checked."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ModelError(f"The model file {path} cannot be read: {exc.strerror or exc}.") from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ModelError(
            f"The model file {path} is not the file this version of summarybot ships "
            "(its SHA-256 checksum differs): reinstall summarybot."
        )
    return data


def read(data: bytes, name: str = "safetensors file") -> dict[str, np.ndarray]:
    """Every array of a safetensors file's bytes, read-only views of ``data``."""
    try:
        (size,) = struct.unpack_from("<Q", data)
        if size > min(_MAX_HEADER, len(data) - 8):
            raise ValueError("header length past the end")
        header = json.loads(bytes(data[8 : 8 + size]))
        if not isinstance(header, dict):
            raise ValueError("header is not a table")
        body = memoryview(data)[8 + size :]
        out = {}
        for key, entry in header.items():
            if key == "__metadata__":
                continue
            dtype = _DTYPES[entry["dtype"]]
            shape = tuple(int(n) for n in entry["shape"])
            begin, end = (int(n) for n in entry["data_offsets"])
            if min(shape, default=0) < 0 or not 0 <= begin <= end <= len(body):
                raise ValueError(f"{key} lies outside the file")
            if end - begin != math.prod(shape) * dtype.itemsize:
                raise ValueError(f"{key} has {end - begin} bytes for shape {shape}")
            out[key] = np.frombuffer(body[begin:end], dtype=dtype).reshape(shape)
        return out
    except (struct.error, ValueError, TypeError, KeyError, UnicodeDecodeError) as exc:
        raise ModelError(f"The {name} cannot be read: {exc!r}.") from None


def write(
    path: Path, arrays: dict[str, np.ndarray], metadata: dict[str, str] | None = None
) -> None:
    """``arrays`` as a safetensors file: in name order, the header padded with spaces
    to a multiple of 8 bytes, as the reference writer lays it out."""
    header: dict[str, object] = {"__metadata__": metadata} if metadata else {}
    blobs = []
    at = 0
    for key in sorted(arrays):
        array = np.ascontiguousarray(arrays[key])
        dtype = array.dtype.newbyteorder("<") if array.dtype.itemsize > 1 else array.dtype
        blob = array.astype(dtype, copy=False).tobytes()
        header[key] = {
            "dtype": _NAMES[dtype],
            "shape": list(array.shape),
            "data_offsets": [at, at + len(blob)],
        }
        blobs.append(blob)
        at += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with path.open("wb") as fh:
        fh.write(struct.pack("<Q", len(text)))
        fh.write(text)
        for blob in blobs:
            fh.write(blob)
