"""What WebVTT and SRT share: blank-line separated cues, and who speaks in them.

A payload names its speaker as ``<v Name>text</v>`` (Teams; the closing tag is often
missing) or as a ``Name: text`` prefix (Zoom, most SRT; WhisperX's diarized SRT writes
``[SPEAKER_00]: text``). A cue without a speaker continues the previous one; before any
speaker it is "Unknown".
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field

from analyzer.errors import InputError
from analyzer.models import SpeakerHint
from analyzer.parsing.labels import Label, labelled
from analyzer.parsing.speakers import label_hints, resolver
from analyzer.parsing.timecodes import to_seconds
from analyzer.parsing.turns import Piece

UNKNOWN = "Unknown"
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:\s+(?P<name>[^>]*))?>")
_TAGS = re.compile(r"</?(?:c|i|b|u|v|ruby|rt|lang|font|span)(?:[.\s][^>]*)?>|<\d{1,2}:\d{2}[\d:.]*>", re.I)


@dataclass(slots=True)
class Cue:
    start: float | None
    lines: list[str] = field(default_factory=list)


Block = list[tuple[int, str]]  # (1-based line number, stripped line)


def read_cues(
    text: str, *, source: str, kind: str, timing: re.Pattern[str], strict: bool, skip: re.Pattern[str] | None = None
) -> list[Cue]:
    """Cues from blank-line separated blocks: ``[identifier]``, a timing line, payload lines.

    ``timing`` must have a ``start`` group; blocks whose first line matches ``skip`` hold
    no cue (a header, NOTE). A block without a timing line is an error naming the line
    when ``strict`` (WebVTT); otherwise (SRT) it is caption text with a blank line inside
    and continues the previous cue.
    """
    cues: list[Cue] = []
    for block in _blocks(text):
        if skip and skip.match(block[0][1]):
            continue
        at = _timing_index(block)
        if at is None and cues and not strict:
            cues[-1].lines.extend(line for _, line in block)
            continue
        if at is None:
            number = block[min(1, len(block) - 1)][0]
            raise InputError(f"malformed {kind}: cue timing expected at line {number}", source=source, line=number)
        number, line = block[at]
        match = timing.match(line)
        if match is None:
            reason = f"malformed {kind}: bad cue timing {line[:60]!r} at line {number}"
            raise InputError(reason, source=source, line=number)
        cues.append(Cue(to_seconds(match["start"]), [payload for _, payload in block[at + 1 :]]))
    return cues


def _blocks(text: str) -> list[Block]:
    out: list[Block] = []
    current: Block = []
    for number, raw in enumerate(text.split("\n"), start=1):
        if line := raw.strip():
            current.append((number, line))
        elif current:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


def _timing_index(block: Block) -> int | None:
    """Where the ``-->`` line is: first (no identifier) or second (after one)."""
    if "-->" in block[0][1]:
        return 0
    if len(block) > 1 and "-->" in block[1][1]:
        return 1
    return None


@dataclass(slots=True)
class _Part:
    """A stretch of payload text and the label that opens it, if any."""

    start: float | None
    text: str
    label: Label | None = None
    voice: str | None = None  # a <v Name> speaker, taken as written


def cue_pieces(cues: list[Cue]) -> tuple[list[Piece], dict[str, SpeakerHint]]:
    """Pieces of talk (one per speaker change inside a cue) and the hints labels state."""
    known: dict[str, Label | None] = {}  # the labels read so far: a call repeats a few of them hundreds of times
    parts = [part for cue in cues for line in cue.lines for part in _parts(line, cue.start, known)]
    counts = Counter(part.label.key for part in parts if part.label)
    for part in parts:  # a one-off lowercase "so basically: ..." is text, not a speaker
        if part.label and not part.label.name_shaped and counts[part.label.key] < 2:
            part.text, part.label = f"{part.label.base}: {part.text}", None
    speaker_of = resolver([part.label for part in parts if part.label])
    pieces: list[Piece] = []
    labels: list[tuple[str, Label]] = []
    for part in parts:
        # An unlabelled line or cue continues the previous speaker; merging joins them.
        speaker = part.voice or (speaker_of(part.label) if part.label else None)
        speaker = speaker or (pieces[-1].speaker if pieces else UNKNOWN)
        pieces.append(Piece(speaker, part.text, part.start))
        if part.label:
            labels.append((speaker, part.label))
    return pieces, label_hints(labels)


def _parts(line: str, start: float | None, known: dict[str, Label | None]) -> list[_Part]:
    voices = list(_VOICE.finditer(line))
    if not voices:
        text = _clean(line)
        found = labelled(text, known=known)
        if found is None:
            return [_Part(start, text)]
        label, rest, _ = found
        return [_Part(start, rest, label=label)]
    parts = [_Part(start, _clean(line[: voices[0].start()]))] if voices[0].start() else []
    for here, after in zip(voices, [*voices[1:], None], strict=True):
        text = line[here.end() : after.start() if after else len(line)]
        name = _clean(here["name"] or "") or None
        parts.append(_Part(start, _clean(text), voice=name))
    return parts


def _clean(text: str) -> str:
    """Drop styling tags and decode entities (``&amp;``), as a caption viewer would show it."""
    return html.unescape(_TAGS.sub("", text)).strip()
