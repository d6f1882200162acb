"""WebVTT captions from Zoom (``Name: text`` in cues) and Teams (``<v Name>text</v>``).

Cue identifiers, NOTE, STYLE and REGION blocks are skipped; ``HH:MM:SS.mmm`` and
``MM:SS.mmm`` timings give each turn its start. Broken timings are errors naming the line.
"""

from __future__ import annotations

import re

from analyzer.models import Transcript
from analyzer.parsing.cues import cue_pieces, read_cues
from analyzer.parsing.turns import build

_STAMP = r"(?:\d{1,3}:)?\d{1,2}:\d{2}[.,]\d{1,3}"
_TIMING = re.compile(rf"^(?P<start>{_STAMP})\s+-->\s+(?P<end>{_STAMP})(?:\s.*)?$")
# The WEBVTT header block and NOTE / STYLE / REGION blocks hold no cues.
_NOT_CUES = re.compile(r"^(?:WEBVTT|NOTE|STYLE|REGION)(?:\s|$)")


def parse(text: str, *, source: str) -> Transcript:
    """Parse a WebVTT file into turns (consecutive cues by one speaker merge)."""
    cues = read_cues(text, source=source, kind="WebVTT", timing=_TIMING, strict=True, skip=_NOT_CUES)
    pieces, hints = cue_pieces(cues)
    return build(pieces, source=source, fmt="vtt", hints=hints)
