"""Grounding: every quote must be an exact substring of the turn it cites.

A quote that differs from the transcript only in whitespace, punctuation or
letter case (as LLMs often return them) is re-anchored to the exact text;
anything else is rejected and counted.
"""

from __future__ import annotations

import re
from dataclasses import replace

from analyzer.models import Mention, Turn

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def anchor(quote: str, text: str) -> str | None:
    """The exact span of ``text`` that ``quote`` stands for, or ``None``."""
    quote = quote.strip()
    if not quote:
        return None
    if quote in text:
        return quote
    wanted = [w.lower() for w in _WORD.findall(quote)]
    if not wanted:
        return None
    words = list(_WORD.finditer(text))
    lowered = [m.group().lower() for m in words]
    n = len(wanted)
    for i in range(len(words) - n + 1):
        if lowered[i : i + n] == wanted:
            return text[words[i].start() : words[i + n - 1].end()]
    return None


def ground(mentions: list[Mention], turns: list[Turn]) -> tuple[list[Mention], int]:
    """Mentions re-anchored to exact transcript text, and how many were rejected."""
    kept: list[Mention] = []
    rejected = 0
    for m in mentions:
        exact = anchor(m.quote, turns[m.turn].text) if 0 <= m.turn < len(turns) else None
        if exact is None:
            rejected += 1
        else:
            kept.append(m if exact == m.quote else replace(m, quote=exact))
    return kept, rejected
