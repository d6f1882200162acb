"""JSON transcripts: a list of ``{speaker, text, start}`` objects, bare or wrapped.

Accepts ``{"segments"|"turns"|"utterances": [...]}`` wrappers and lists nested deeper
(``{"data": {"transcript": {"sentences": [...]}}}``), JSON Lines (one turn object per
line), ``speaker_name`` / ``name`` / ``from`` / ``role`` for the speaker (chat-style
``{"role": "customer", "content": ...}`` too), ``start_time`` / ``startTime`` for the
start, and starts in seconds or as ``HH:MM:SS`` strings.
"""

from __future__ import annotations

import json
import re

from analyzer.errors import InputError
from analyzer.models import Side, SpeakerHint, Transcript
from analyzer.parsing.header import parse_date
from analyzer.parsing.labels import role_side
from analyzer.parsing.timecodes import seconds_from_value
from analyzer.parsing.turns import Piece, build

UNKNOWN = "Unknown"
_WRAPPERS = ("segments", "turns", "utterances", "transcript", "results", "entries", "items")
# Chat-style exports name who speaks by "from", "author" or their role ("customer", "sales_rep").
_SPEAKER_KEYS = ("speaker", "speaker_name", "speakerName", "name", "speaker_label", "user", "from", "author",
                 "participant", "speaker_role", "role", "speaker_id", "speakerId")
_TEXT_KEYS = ("text", "content", "utterance", "sentence", "transcript", "message", "value", "body")
# Objects beside the turns that describe the call (title, date, account).
_METADATA_KEYS = ("metadata", "meta", "info", "call", "callinfo", "call_info", "details")
# How deep a list of turns may sit inside wrapper objects ({"data": {"transcript": {"sentences": [...]}}}).
_MAX_DEPTH = 4
_SIDES: dict[str, Side] = {"seller": "seller", "customer": "customer", "unknown": "unknown"}
_START_KEYS = ("start", "start_time", "startTime", "begin", "offset", "timestamp", "time")


def load_json(text: str, *, source: str) -> object:
    """``json.loads`` with errors that name the line; JSON Lines of objects read as one list."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        lines = _json_lines(text) if err.msg == "Extra data" else None
        if lines is not None:
            return lines
        reason = f"malformed JSON: {err.msg} at line {err.lineno}"
        raise InputError(reason, source=source, line=err.lineno) from err
    except RecursionError as err:
        raise InputError("malformed JSON: nested too deeply", source=source) from err
    except ValueError as err:  # e.g. an integer with more digits than Python converts
        raise InputError(f"malformed JSON: {err}", source=source) from err


def parse(text: str, *, source: str) -> Transcript:
    """Parse a JSON list of ``{speaker, text, start}`` objects."""
    return from_data(load_json(text, source=source), source=source)


def from_data(data: object, *, source: str) -> Transcript:
    """Turns from already-decoded JSON."""
    items, wrapper = _items(data)
    if not items and _gong_call_data(wrapper):
        raise InputError("Gong call metadata, not a transcript: analyze the NAME.json beside it", source=source)
    pieces: list[Piece] = []
    hints: dict[str, SpeakerHint] = {}
    for item in items:
        if not isinstance(item, dict) or not isinstance(text := _first(item, _TEXT_KEYS), str):
            continue
        speaker = _speaker(_first(item, _SPEAKER_KEYS))
        pieces.append(Piece(speaker, text, seconds_from_value(_first(item, _START_KEYS))))
        side = _side(item, speaker)
        if side != "unknown":
            hints.setdefault(speaker, SpeakerHint(side=side))
    return build(
        pieces,
        source=source,
        fmt="json",
        hints=hints,
        title=_text(wrapper.get("title")),
        started_at=_date(wrapper),
        account=_text(wrapper.get("account")) or _text(wrapper.get("company")),
    )


def _json_lines(text: str) -> list[dict] | None:
    """The objects of a JSON Lines file (one per non-blank line), or None if it is not one."""
    found = []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError:
            return None
        if not isinstance(item, dict):
            return None
        found.append(item)
    return found


def _items(data: object) -> tuple[list[object], dict]:
    """The list of turns and the object around it (whose title, date and account describe the call).

    A known wrapper key at the top wins; otherwise the longest list of turn-shaped
    objects anywhere a few levels down, read with the metadata of every object on
    the way (the nearest one wins).
    """
    if isinstance(data, list):
        return data, {}
    if not isinstance(data, dict):
        return [], {}
    for key in _WRAPPERS:
        if isinstance(data.get(key), list) and _turn_count(data[key]):
            return data[key], _described(data)
    best: tuple[list[object], dict] = ([], _described(data))
    for items, holders in _nested_lists(data, [data], _MAX_DEPTH):
        if _turn_count(items) > _turn_count(best[0]):
            best = (items, {k: v for holder in holders for k, v in _described(holder).items()})
    return best


def _described(holder: dict) -> dict:
    """``holder`` with what a ``metadata`` object inside it says (``{"metadata": {"title": ...}}``)."""
    inner = [value for key, value in holder.items() if key.casefold() in _METADATA_KEYS and isinstance(value, dict)]
    return {k: v for part in (*inner, holder) for k, v in part.items()}


def _nested_lists(data: dict, holders: list[dict], depth: int) -> list[tuple[list[object], list[dict]]]:
    """Every list inside ``data`` (``depth`` levels at most), with the objects that hold it, outermost first."""
    found = []
    for value in data.values():
        if isinstance(value, list):
            found.append((value, holders))
        elif isinstance(value, dict) and depth > 1:
            found += _nested_lists(value, [*holders, value], depth - 1)
    return found


def _turn_count(items: list[object]) -> int:
    """How many elements of ``items`` are turns: objects with text under one of the text keys."""
    return sum(1 for item in items if isinstance(item, dict) and isinstance(_first(item, _TEXT_KEYS), str))


def _gong_call_data(wrapper: dict) -> bool:
    """A Gong call-data file (``NAME.meta.json``), maybe inside a webhook payload."""
    keys = ("callData", "calls", "parties")
    inner = [value for value in wrapper.values() if isinstance(value, dict)]
    return any(key in level for level in [wrapper, *inner] for key in keys)


def _first(item: dict, keys: tuple[str, ...]) -> object:
    return next((item[key] for key in keys if item.get(key) is not None), None)


def _speaker(value: object) -> str:
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, int) and not isinstance(value, bool):
        return f"Speaker {value}"
    return (value.strip() or UNKNOWN) if isinstance(value, str) else UNKNOWN


def _side(item: dict, speaker: str) -> Side:
    """The side an item states outright: ``"side": "seller"``, a role like ``"role": "AE"``,
    or a speaker named by role (``"from": "Salesperson"``)."""
    side = item.get("side")
    if isinstance(side, str) and side.casefold() in _SIDES:
        return _SIDES[side.casefold()]
    role = item.get("role")
    return role_side(role if isinstance(role, str) else speaker) or "unknown"


def _text(value: object) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


_ISO_START = re.compile(r"\d{4}-\d{2}-\d{2}(?:$|[T ])")


def _date(wrapper: dict) -> str | None:
    """The started-at date: an ISO date or datetime kept as given, any other date written as ISO.

    Reviews place calls in weeks by their ISO date, so "November 18, 2026" becomes "2026-11-18".
    """
    for key in ("started_at", "startedAt", "started", "date"):
        value = _text(wrapper.get(key))
        if value and _ISO_START.match(value):
            return value
        day = parse_date(value) if value else None
        if day:
            return day
    return None
