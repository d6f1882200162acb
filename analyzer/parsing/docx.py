"""Word (.docx) transcripts as Teams and Google Meet export them.

Teams writes either ``Name  0:03`` paragraphs followed by the text, or cue-like
``0:0:3.450 --> 0:0:5.120`` lines, then the name, then the text. Google Meet writes a
title and date, then ``Name: text`` paragraphs (sometimes under bare ``00:05:00``
timestamps). All but the cue-like shape are plain text once the paragraphs are read.
"""

from __future__ import annotations

import io
import re

from analyzer.errors import InputError
from analyzer.models import Transcript
from analyzer.parsing import plaintext
from analyzer.parsing.header import parse_header
from analyzer.parsing.timecodes import to_seconds
from analyzer.parsing.turns import Piece, add_text, build

_ARROW = re.compile(r"^(?P<start>\d{1,3}:\d{1,2}:\d{1,2}(?:[.,]\d+)?)\s*-->\s*\S+$")


def parse(data: bytes, *, source: str) -> Transcript:
    """Parse the bytes of a .docx transcript."""
    lines, core_title = _read(data, source=source)
    if any(_ARROW.match(line) for line in lines):
        transcript = _parse_cues(lines, source=source)
    else:
        transcript = plaintext.parse_lines(lines, source=source, fmt="docx")
    transcript.title = transcript.title or core_title
    return transcript


def _read(data: bytes, *, source: str) -> tuple[list[str], str | None]:
    """The document's lines (paragraphs, table cells, soft line breaks) and its title property."""
    try:
        import docx  # python-docx; imported here so the package imports without it
    except ImportError as err:
        raise InputError(".docx transcripts need python-docx (pip install python-docx)", source=source) from err
    try:
        document = docx.Document(io.BytesIO(data))
        texts = [_text(block) for block in document.iter_inner_content()]
        title = document.core_properties.title or None
    except Exception as err:
        # python-docx fails on non-Word zips and damaged files with many exception types
        # (BadZipFile, KeyError, lxml errors, ...); to the user they all mean one thing.
        raise InputError("not a readable .docx file", source=source) from err
    return [line.strip() for text in texts for line in text.split("\n")], title


def _text(block: object) -> str:
    """A paragraph's text, or a table's cell paragraphs one per line."""
    rows = getattr(block, "rows", None)
    if rows is None:
        return getattr(block, "text", "")
    return "\n".join(cell.text for row in rows for cell in row.cells)


def _parse_cues(lines: list[str], *, source: str) -> Transcript:
    """Teams' cue-like shape: a ``-->`` line, then the speaker's name, then the text."""
    first = next(i for i, line in enumerate(lines) if _ARROW.match(line))
    header = parse_header(lines[:first])
    pieces: list[Piece] = []
    start: float | None = None
    expect_name = False
    for line in lines[first:]:
        if not line:
            continue
        if match := _ARROW.match(line):
            start, expect_name = to_seconds(match["start"]), True
        elif expect_name:
            pieces.append(Piece(line, "", start))
            expect_name = False
        elif pieces:
            add_text(pieces[-1], line, sep=" ")
    return build(pieces, source=source, fmt="docx", title=header.title, started_at=header.started_at)
