"""Spreadsheet exports: CSV or TSV rows, one turn each.

With a header row naming the columns (``speaker,start,text`` in any order and case;
``Speaker Name``, ``Transcript``, ``Timestamp`` and the like), or, tab-separated without
a header, ``time<TAB>name<TAB>text`` / ``name<TAB>text`` rows as some recorders export.
A ``role`` column (``AE``, ``customer``) states the speaker's side.
"""

from __future__ import annotations

import csv
import io
import re

from analyzer.errors import InputError
from analyzer.models import Side, SpeakerHint, Transcript
from analyzer.parsing.labels import role_side
from analyzer.parsing.timecodes import seconds_from_value, to_seconds
from analyzer.parsing.turns import Piece, build

# Header names, compared case-folded with spaces, dashes and underscores removed.
_SPEAKER_COLUMNS = ("speaker", "speakername", "name", "participant", "author", "from", "who", "speakerlabel")
_TEXT_COLUMNS = ("text", "transcript", "utterance", "content", "message", "sentence", "line", "dialogue", "said")
_START_COLUMNS = ("start", "starttime", "time", "timestamp", "begin", "offset", "startseconds")
_ROLE_COLUMNS = ("role", "side", "speakerrole")
# A speaker cell without a header to say so: a name or role of up to four words, starting with a letter.
_NAME = re.compile(r"^[^\W\d_][\w.'’&()-]*(?: [\w.'’&()-]+){0,3}$")
# How many leading lines decide whether a file is a headerless tab-separated export.
_SNIFF_LINES = 20


def looks_like_table(text: str, *, suffix: str) -> bool:
    """Whether ``text`` is a CSV/TSV export this module reads (the file's ``suffix`` breaks ties)."""
    lines = [line for line in text.splitlines() if line.strip()][:_SNIFF_LINES]
    if not lines:
        return False
    if _columns(_split(lines[0], _delimiter(lines[0]))) is not None:
        return True
    return suffix in (".tsv", ".csv") or all(_headerless(line) is not None for line in lines)


def parse(text: str, *, source: str) -> Transcript:
    """Parse CSV or TSV rows into turns."""
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = _delimiter(first)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    columns = _columns(rows[0]) if rows else None
    if columns is not None:
        pieces, hints = _with_header(rows[1:], columns)
    elif delimiter == "\t":
        pieces, hints = _without_header(rows, source=source)
    else:
        raise InputError("CSV file without a header naming its speaker and text columns", source=source)
    return build(pieces, source=source, fmt="table", hints=hints)


def _delimiter(line: str) -> str:
    return "\t" if "\t" in line else ","


def _split(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter), [])


def _key(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def _columns(header: list[str]) -> dict[str, int] | None:
    """Which column holds what, when ``header`` names at least a speaker and a text column."""
    keys = [_key(cell) for cell in header]
    found = {}
    for field, names in (("speaker", _SPEAKER_COLUMNS), ("text", _TEXT_COLUMNS), ("start", _START_COLUMNS),
                         ("role", _ROLE_COLUMNS)):
        index = next((keys.index(name) for name in names if name in keys), None)
        if index is not None:
            found[field] = index
    if "text" not in found or ("speaker" not in found and "role" not in found):
        return None
    return found


def _with_header(rows: list[list[str]], columns: dict[str, int]) -> tuple[list[Piece], dict[str, SpeakerHint]]:
    def cell(row: list[str], field: str) -> str:
        index = columns.get(field)
        return row[index].strip() if index is not None and index < len(row) else ""

    pieces: list[Piece] = []
    hints: dict[str, SpeakerHint] = {}
    for row in rows:
        role = cell(row, "role")
        speaker = cell(row, "speaker") or role or "Unknown"
        pieces.append(Piece(speaker, cell(row, "text"), seconds_from_value(cell(row, "start") or None)))
        side: Side | None = role_side(role) if role else None
        if side:
            hints.setdefault(speaker, SpeakerHint(side=side))
    return pieces, hints


def _headerless(line: str) -> tuple[float | None, str, str] | None:
    """``time<TAB>name<TAB>text`` or ``name<TAB>text``, or None when the line is neither."""
    cells = [cell.strip() for cell in line.split("\t")]
    if len(cells) == 3 and to_seconds(cells[0]) is not None and _NAME.match(cells[1]) and cells[2]:
        return to_seconds(cells[0]), cells[1], cells[2]
    if len(cells) == 2 and _NAME.match(cells[0]) and cells[1]:
        return None, cells[0], cells[1]
    return None


def _without_header(rows: list[list[str]], *, source: str) -> tuple[list[Piece], dict[str, SpeakerHint]]:
    pieces = []
    for number, row in enumerate(rows, start=1):
        found = _headerless("\t".join(row))
        if found is None:
            raise InputError("tab-separated row is not time, speaker and text", source=source, line=number)
        start, speaker, text = found
        pieces.append(Piece(speaker, text, start))
    hints = {p.speaker: SpeakerHint(side=side) for p in pieces if (side := role_side(p.speaker))}
    return pieces, hints
