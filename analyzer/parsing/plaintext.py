"""Plain-text and Markdown transcripts: ``Name: text`` lines and the shapes around them.

Handles ``[00:01:23] Name:``, ``[01:23] Name:``, ``00:01:23 Name:``, ``Name (01:23):``,
Otter / Google Meet ``Name  1:23``, Fireflies / Fathom / tl;dv ``Name - 1:23`` (or ``at``,
``·``), Zoom-style ``[Name] 14:02:11`` and ``[00:00:01] Name`` header lines followed by
paragraphs, role labels
(``AE:``, ``Prospect (Priya – RevOps Director):``), ``Name (acme.com):`` and Markdown
``**Name:**`` / ``**Name**:``, or ``**Name** [00:03:12]`` / ``**Name:** [00:03:12]`` above
the text. A header block before the dialogue is metadata, not turns.

Every line is classified once; a second look at all candidate labels then decides which
are speakers, so ``Note: ...`` or ``Q3: ...`` inside prose stays text when the file has a
clear dialogue structure.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice

from analyzer.models import Transcript
from analyzer.parsing.header import Header, attendee_hints, header_key, parse_header
from analyzer.parsing.labels import LABEL, Label, labelled, parse_label
from analyzer.parsing.speakers import label_hints, merge_hints, resolver
from analyzer.parsing.timecodes import TIMECODE, to_seconds
from analyzer.parsing.turns import Piece, add_text, build

_RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,}|={3,})$")
_QUOTE_MARK = re.compile(r"^(?:>\s?)+")
_HEADING = re.compile(r"^#{1,6}\s+\S")
_TIME_ONLY = re.compile(rf"^[\[(]?(?P<ts>{TIMECODE})[\])]?$")
_TS_PREFIX = re.compile(
    rf"^(?:\[(?P<b>{TIMECODE})\]|\((?P<p>{TIMECODE})\)|(?P<n>{TIMECODE})(?=\s))\s*(?:[-–—|]\s*)?(?P<rest>\S.*)$"
)
# Whole-line stage directions and end markers: "[END OF TRANSCRIPT]", "*[crosstalk]*".
_STAGE = re.compile(r"^(?:\[[^\]]*\]|\*\[[^\]]*\]\*|Transcription ended after .*)$")
# A name and a time alone on a line head the paragraphs below it: Otter / Google Meet set
# them apart with spaces ("Dana Ruiz  0:03"), Fireflies, Fathom and tl;dv with a word or a
# mark ("Dana Ruiz - 00:00:03", "Dana Ruiz at 0:03", "Dana Ruiz · 00:03").
_HEADER_SEPARATORS = ("-", "–", "—", "·", "at")
_SEPARATOR = "|".join(re.escape(sep) for sep in _HEADER_SEPARATORS)
_NAME_TIME = re.compile(rf"^(?P<label>{LABEL})\s+(?:(?:{_SEPARATOR})\s+)?(?P<ts>{TIMECODE})$")
# Markdown notes write the name in bold and the time beside it, bracketed or not:
# "**Dana Ruiz** [00:03:12]", "**Dana Ruiz** (00:03:12)", "**Dana Ruiz** 00:03:12".
_BOLD_NAME_TIME = re.compile(
    rf"^\*\*(?P<label>{LABEL})\*\*\s*(?:(?:{_SEPARATOR})\s+)?[\[(]?(?P<ts>{TIMECODE})[\])]?$"
)
# A bold label's whole text a bracketed time ("**Dana Ruiz:** [00:03:12]") stamps the turn, as
# "**Dana Ruiz (00:03:12):**" does; a bare "**Dana:** 10:30" is an answer and stays text.
_STAMP_TEXT = re.compile(rf"^[\[(](?P<ts>{TIMECODE})[\])]$")
# Styles of lines that name a speaker and a time but hold no text: they head the lines below.
_HEADER_STYLES = frozenset({"header", "bold header"})
# The clock time after a bracketed name ("[Dana Ruiz] 14:02:11", Zoom-style): alone on the
# line it heads the paragraphs below, as an Otter header does; with text after it only a
# full h:mm:ss counts, since "[Dana] 10:30 works for me" says a time rather than stamps one.
_HMS = r"\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,3})?"
_BRACKET_TIME = re.compile(rf"^(?:(?P<ts>{TIMECODE})|(?P<hms>{_HMS})\s+(?P<text>\S.*))$")
# Only a name after a bracketed time: "[00:00:01] Dana Ruiz" heading the lines below it.
_NAME_ONLY = re.compile(rf"^{LABEL}$")


@dataclass(slots=True)
class Line:
    """One line of the file, classified once."""

    kind: str  # speaker | text | time | blank | rule | heading | stage
    raw: str  # the line, stripped
    bare: str = ""  # the line without a leading timecode
    text: str = ""  # for speaker lines: what follows the label
    label: Label | None = None
    start: float | None = None
    style: str = ""  # for speaker lines: ts | bold | plain | bracket | header | bold header
    needs_text: bool = False  # a header only when untimed text lines follow it


def classify(raw: str, *, known: dict[str, Label | None] | None = None) -> Line:
    """What one stripped line is: a speaker line, a timecode, a rule, plain text, ...

    A Markdown quote marker ("> **Dana:** ...", a lone ">") is read past. ``known``
    holds the labels already read in this file.
    """
    known = {} if known is None else known
    raw = _QUOTE_MARK.sub("", raw)
    if not raw:
        return Line("blank", raw)
    if _RULE.match(raw):
        return Line("rule", raw)
    if _HEADING.match(raw):
        return Line("heading", raw)
    if match := _TIME_ONLY.match(raw):
        return Line("time", raw, start=to_seconds(match["ts"]))
    if match := _TS_PREFIX.match(raw):
        start = to_seconds(match["b"] or match["p"] or match["n"])
        rest = match["rest"]
        found = labelled(rest, text_file=True, known=known)
        if found is None and (match["b"] or match["p"]) and _NAME_ONLY.match(rest) and (label := parse_label(rest)):
            # "[00:00:01] Dana Ruiz" may head the lines below it, as "Dana Ruiz  0:01" does in
            # Otter; whether it does is decided once the next line is known (see _headed).
            return Line("speaker", raw, bare=rest, label=label, start=start, style="header", needs_text=True)
        if found is None:
            return Line("text", raw, bare=rest, start=start)
        label, text, _ = found
        return Line("speaker", raw, bare=rest, text=text, label=label, start=start, style="ts")
    if _STAGE.match(raw):
        return Line("stage", raw)
    if found := labelled(raw, text_file=True, known=known):
        label, text, style = found
        if style == "bold" and text[:1] in "[(" and (match := _STAMP_TEXT.match(text)):
            return Line("speaker", raw, bare=raw, label=label, start=to_seconds(match["ts"]), style=style)
        if style == "bracket" and text[:1].isdigit() and (match := _BRACKET_TIME.match(text)):
            if match["ts"]:
                return Line("speaker", raw, bare=raw, label=label, start=to_seconds(match["ts"]), style="header")
            start = to_seconds(match["hms"])
            return Line("speaker", raw, bare=raw, text=match["text"], label=label, start=start, style=style)
        return Line("speaker", raw, bare=raw, text=text, label=label, start=label.start, style=style)
    if (match := _NAME_TIME.match(raw)) and (label := parse_label(match["label"])):
        return Line("speaker", raw, bare=raw, label=label, start=to_seconds(match["ts"]), style="header")
    if (match := _BOLD_NAME_TIME.match(raw)) and (label := parse_label(match["label"])):
        return Line("speaker", raw, bare=raw, label=label, start=to_seconds(match["ts"]), style="bold header")
    return Line("text", raw, bare=raw)


@dataclass(slots=True)
class Votes:
    """What all candidate labels say together: which style dominates, which names recur."""

    counts: Counter[str]
    dominant: str
    dominant_keys: set[str]
    lowercase_names: bool  # the file writes recurring names in lower case ("dana: hi")
    clear: bool  # a dialogue structure exists: some label speaks more than once
    people: set[str] = field(default_factory=set)  # attendee names, casefolded

    @classmethod
    def of(cls, lines: list[Line]) -> Votes:
        """Count the candidate labels of a whole file."""
        labelled = [(line, line.label) for line in lines if line.kind == "speaker" and line.label]
        counts = Counter(label.key for _, label in labelled)
        styles = Counter(line.style for line, label in labelled if label.name_shaped or counts[label.key] > 1)
        styles = styles or Counter(line.style for line, _ in labelled)
        dominant = styles.most_common(1)[0][0] if styles else ""
        return cls(
            counts=counts,
            dominant=dominant,
            dominant_keys={label.key for line, label in labelled if line.style == dominant},
            lowercase_names=any(counts[label.key] > 1 and not label.name_shaped for _, label in labelled),
            clear=any(count > 1 for count in counts.values()),  # once here, not once per line asked about
        )

    def accepts(self, line: Line) -> bool:
        """Whether a candidate speaker line really starts a turn."""
        label = line.label
        if line.kind != "speaker" or label is None:
            return False
        # Without a recurring label every label counts, whatever its shape - except inside
        # the paragraphs under "Name  0:03" headers, where "Okay: so" is just text.
        if not self.clear and self.dominant not in _HEADER_STYLES:
            return True
        # A header line ("Dana  0:03") has no text of its own: in a file written another way
        # ("Dana: text") it is what was said, even when it names a speaker of the call.
        if line.style != self.dominant and (label.key not in self.dominant_keys or line.style in _HEADER_STYLES):
            return False
        if self.counts[label.key] > 1 or not self.clear:
            return True
        if not label.name_shaped and not self.lowercase_names:  # "Audio plays:" said once
            return False
        # With an attendee list, a one-off label must name an attendee or a role - or be a
        # phone that joined (an attendee list names people, never "Dana's iPhone").
        if not self.people or label.role is not None or label.device:
            return True
        return label.key in self.people or _named(label, self.people)


def _named(label: Label, people: set[str]) -> bool:
    return label.name is not None and label.name.casefold() in people


def parse(text: str, *, source: str) -> Transcript:
    """Parse a plain-text or Markdown transcript into turns and header metadata."""
    return parse_lines(text.split("\n"), source=source)


def parse_lines(raw_lines: list[str], *, source: str, fmt: str | None = None) -> Transcript:
    """Parse already-split lines (the .docx reader hands its paragraphs in here)."""
    known: dict[str, Label | None] = {}  # the labels read so far: a call repeats a few of them hundreds of times
    lines = [classify(raw.strip(), known=known) for raw in raw_lines]
    _headed(lines)
    raw = [line.raw for line in lines]
    votes = Votes.of(lines)
    # The attendee list (in the header) decides which one-off labels are speakers, and
    # those decide where the header ends: look once without it, once with it.
    votes.people = _people_keys(parse_header(raw[: _dialogue_start(lines, votes)]))
    start = _dialogue_start(lines, votes)
    header = parse_header(raw[:start])
    pieces, labels = _pieces(lines, start, votes)
    hints = merge_hints(attendee_hints(header, {p.speaker for p in pieces}), label_hints(labels))
    if fmt is None:
        markdown = votes.dominant in ("bold", "bold header") or any(line.kind == "heading" for line in lines[:start])
        fmt = "markdown" if markdown else "text"
    return build(
        pieces,
        source=source,
        fmt=fmt,
        hints=hints,
        title=header.title,
        started_at=header.started_at,
        account=header.account,
    )


def _headed(lines: list[Line]) -> None:
    """``[00:00:01] Dana Ruiz`` heads a turn only when an untimed line follows it (its
    text, which may hold a colon: ``Sure: go ahead``); in a file that stamps every line,
    ``[00:00:03] Sounds good`` is what was said, as before."""
    for index, line in enumerate(lines):
        if line.needs_text:
            after = next((ln for ln in islice(lines, index + 1, None) if ln.kind != "blank"), None)
            if after is None or after.kind not in ("text", "speaker") or after.start is not None:
                line.kind, line.label, line.style, line.needs_text = "text", None, "", False


def _people_keys(header: Header) -> set[str]:
    keys: set[str] = set()
    for person in header.attendees:
        keys.add(person.name.casefold())
        keys.add(person.name.split()[0].casefold())
    return keys


def _dialogue_start(lines: list[Line], votes: Votes) -> int:
    """Index of the first line that starts a turn (len(lines) when none does)."""
    # Only the first two starts matter: stop looking once they are found.
    starts = list(islice((index for index, line in enumerate(lines) if votes.accepts(line)), 2))
    if len(starts) > 1 and _is_title(lines, starts[0], starts[1], votes):
        return starts[1]
    return starts[0] if starts else len(lines)


def _is_title(lines: list[Line], first: int, second: int, votes: Votes) -> bool:
    """``Sales Call Transcript: Discovery`` opening the file, with header lines (``Date:``,
    ``---``) before the dialogue, is a title rather than a speaker who talks once."""
    label = lines[first].label
    if label is None or votes.counts[label.key] > 1 or any(line.kind != "blank" for line in lines[:first]):
        return False
    between = lines[first + 1 : second]
    return any(line.kind == "rule" or header_key(line.raw) for line in between)


def _pieces(lines: list[Line], start: int, votes: Votes) -> tuple[list[Piece], list[tuple[str, Label]]]:
    """Walk the dialogue: speaker lines open pieces, other lines continue the last one.

    A ``---`` or a ``## heading`` after the dialogue began opens a trailer (call notes,
    a summary); only a speaker already heard in the call resumes the dialogue there.
    """
    accepted = [votes.accepts(line) for line in lines]
    speaker_of = resolver([line.label for line, ok in zip(lines, accepted, strict=True) if ok and line.label])
    pending = next((ln.start for ln in reversed(lines[:start]) if ln.kind == "time"), None)
    bare = votes.dominant == "ts"  # drop a leading timecode from continuation lines
    pieces: list[Piece] = []
    labels: list[tuple[str, Label]] = []
    heard: set[str] = set()
    trailer = False
    for line, ok in zip(lines[start:], accepted[start:], strict=True):
        if ok and line.label:
            speaker = speaker_of(line.label)
            if trailer and speaker not in heard:
                continue
            trailer = False
            pieces.append(Piece(speaker, line.text, line.start if line.start is not None else pending))
            labels.append((speaker, line.label))
            heard.add(speaker)
            pending = None
        elif line.kind in ("rule", "heading"):
            trailer = True
        elif line.kind == "time":
            pending = line.start
        elif line.kind not in ("blank", "stage") and not trailer and pieces:
            add_text(pieces[-1], line.bare if bare else line.raw)
    return pieces, labels
