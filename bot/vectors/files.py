"""Reading model files that other wheels ship: safetensors arrays and Hugging Face tokenizers.

The one module that imports ``safetensors`` and ``tokenizers``. bot.vectors.words (word
vectors) reads WordLlama's files through it, straight from the installed distribution,
without importing the package that ships them. A missing package or file is a
bot.errors.ModelError. (The sentence model ships its own files and needs neither
library: bot.vectors.tensors and bot.vectors.wordpiece.)
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import numpy as np
from safetensors import SafetensorError, safe_open
from tokenizers import Tokenizer

from bot.errors import ModelError

__all__ = ["Tokenizer", "arrays", "locate", "tokenizer"]


def locate(package: str, relative: str) -> Path:
    """The path of ``relative`` inside the installed distribution ``package``."""
    try:
        dist = distribution(package)
    except PackageNotFoundError:
        raise ModelError(f"The {package} package is not installed.") from None
    return Path(str(dist.locate_file(relative)))


def arrays(path: Path) -> dict[str, np.ndarray]:
    """Every array of a safetensors file, as stored (safetensors holds arrays only, so
    reading one runs no code)."""
    try:
        with safe_open(str(path), framework="np") as f:
            return {key: f.get_tensor(key) for key in f.keys()}
    except (OSError, SafetensorError) as exc:
        raise ModelError(f"The model file {path.name} cannot be read: {exc}.") from None


def tokenizer(path: Path) -> Tokenizer:
    """A tokenizer from its ``tokenizer.json``, without padding or truncation: callers
    batch and cut texts themselves."""
    if not path.is_file():
        raise ModelError(f"The tokenizer {path.name} is missing.")
    loaded = Tokenizer.from_file(str(path))
    loaded.no_padding()
    loaded.no_truncation()
    return loaded
