"""SubRip captions: numbered cues, ``00:00:01,000 --> ...`` timings, ``Name:`` inside the text."""

from __future__ import annotations

import re

from analyzer.models import Transcript
from analyzer.parsing.cues import cue_pieces, read_cues
from analyzer.parsing.turns import build

_STAMP = r"\d{1,3}:\d{1,2}:\d{1,2}[,.]\d{1,3}"
_TIMING = re.compile(rf"^(?P<start>{_STAMP})\s*-->\s*(?P<end>{_STAMP})(?:\s.*)?$")


def parse(text: str, *, source: str) -> Transcript:
    """Parse an SRT file into turns (consecutive cues by one speaker merge)."""
    cues = read_cues(text, source=source, kind="SRT", timing=_TIMING, strict=False)
    pieces, hints = cue_pieces(cues)
    return build(pieces, source=source, fmt="srt", hints=hints)
