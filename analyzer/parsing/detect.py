"""Which format a decoded transcript is in, from its content (the extension breaks ties)."""

from __future__ import annotations

import re
from pathlib import PurePath

from analyzer.parsing.table import looks_like_table

_VTT = re.compile(r"^WEBVTT(?:[ \t\n]|$)")
_SRT = re.compile(r"^\d+\n\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->")
_CUE = re.compile(r"^(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3}\s+-->")
# "{", or "[" followed by what a JSON array holds - not "[00:01] Dana: ...".
_JSONISH = re.compile(r'^(?:\{|\[\s*(?:[\[{"\]]|-?\d+(?:\.\d+)?\s*,|true\b|false\b|null\b|$))')


def detect_format(text: str, *, source: str) -> str:
    """One of ``vtt``, ``srt``, ``json``, ``table`` (CSV/TSV) or ``text`` (plain text and Markdown)."""
    head = text.lstrip()
    suffix = PurePath(source).suffix.lower()
    if _VTT.match(head):
        return "vtt"
    if _SRT.match(head):
        return "srt"
    if _JSONISH.match(head) or (suffix == ".json" and head[:1] in ("{", "[")):
        return "json"
    if _CUE.match(head) or (suffix in (".vtt", ".srt") and "-->" in head[:2000]):
        return "vtt" if suffix == ".vtt" else "srt"
    if looks_like_table(head, suffix=suffix):
        return "table"
    return "text"
