"""From pieces of talk to turns: the merging rules every format shares."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from analyzer.errors import InputError
from analyzer.models import Side, SpeakerHint, Transcript, Turn

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


def merge(pieces: Iterable[Piece], sides: dict[str, Side] | None = None) -> list[Turn]:
    """Consecutive pieces by one speaker become one turn; empty pieces vanish.

    Merged text is joined with a single space and keeps the first piece's start,
    so every quote downstream stays an exact substring of one turn. A speaker in
    ``sides`` gets that side, else ``unknown``.
    """
    runs: list[tuple[str, list[str], float | None]] = []  # (speaker, texts, start): each turn is built once
    for piece in pieces:
        speaker, text = piece.speaker.strip(), piece.text.strip()
        if not speaker or not text:
            continue
        if runs and runs[-1][0] == speaker:
            runs[-1][1].append(text)
        else:
            runs.append((speaker, [text], piece.start))
    sides = sides or {}
    return [Turn(speaker=speaker, text=" ".join(texts), start=start, side=sides.get(speaker, "unknown"))
            for speaker, texts, start in runs]


def stated_sides(hints: dict[str, SpeakerHint]) -> dict[str, Side]:
    """The sides the hints state outright (not ``unknown``), by speaker."""
    return {name: hint.side for name, hint in hints.items() if hint.side != "unknown"}


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
    turns = merge(pieces, stated_sides(hints or {}))
    if not turns:
        name = _FORMAT_NAMES.get(fmt)
        raise InputError(f"{name} file with no speaker turns in it" if name else NO_TURNS, source=source)
    speakers = {turn.speaker for turn in turns}
    kept = {name: hint for name, hint in (hints or {}).items() if name in speakers}
    return Transcript(
        source=source,
        turns=turns,
        format=fmt,
        title=title,
        started_at=started_at,
        account=account,
        hints=kept,
    )
