"""From pieces of talk to turns: the merging rules every format shares."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from analyzer.errors import InputError
from analyzer.models import SpeakerHint, Transcript, Turn

NO_TURNS = "unknown format: no speaker turns found"
# A file whose format is plain (a WebVTT header, a JSON document) but holds no talk says so.
_FORMAT_NAMES = {"vtt": "WebVTT", "srt": "SRT", "json": "JSON", "gong": "Gong JSON", "docx": "Word", "table": "CSV"}


@dataclass(slots=True)
class Piece:
    """One labelled stretch of text before merging (a line, a cue, a JSON item)."""

    speaker: str
    text: str
    start: float | None = None


def add_text(piece: Piece, more: str, *, sep: str = "\n") -> None:
    """Append a continuation line to a piece (no separator while it is still empty)."""
    piece.text = f"{piece.text}{sep}{more}" if piece.text else more


def merge(pieces: Iterable[Piece]) -> list[Turn]:
    """Consecutive pieces by one speaker become one turn; empty pieces vanish.

    Merged text is joined with a single space and keeps the first piece's start,
    so every quote downstream stays an exact substring of one turn.
    """
    turns: list[Turn] = []
    for piece in pieces:
        speaker, text = piece.speaker.strip(), piece.text.strip()
        if not speaker or not text:
            continue
        if turns and turns[-1].speaker == speaker:
            last = turns[-1]
            turns[-1] = replace(last, text=f"{last.text} {text}")
        else:
            turns.append(Turn(speaker=speaker, text=text, start=piece.start))
    return turns


def with_sides(turns: list[Turn], hints: dict[str, SpeakerHint]) -> list[Turn]:
    """Give each turn the side its speaker's hint states, when it states one."""
    out = []
    for turn in turns:
        hint = hints.get(turn.speaker)
        out.append(replace(turn, side=hint.side) if hint and hint.side != "unknown" else turn)
    return out


def build(
    pieces: Iterable[Piece],
    *,
    source: str,
    fmt: str,
    hints: dict[str, SpeakerHint] | None = None,
    title: str | None = None,
    started_at: str | None = None,
    account: str | None = None,
) -> Transcript:
    """Merge pieces into a Transcript, or raise InputError when no turn is left."""
    turns = merge(pieces)
    if not turns:
        name = _FORMAT_NAMES.get(fmt)
        raise InputError(f"{name} file with no speaker turns in it" if name else NO_TURNS, source=source)
    speakers = {turn.speaker for turn in turns}
    kept = {name: hint for name, hint in (hints or {}).items() if name in speakers}
    return Transcript(
        source=source,
        turns=with_sides(turns, kept),
        format=fmt,
        title=title,
        started_at=started_at,
        account=account,
        hints=kept,
    )
