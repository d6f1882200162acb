"""JSON transcripts: a list of ``{speaker, text, start}`` objects, bare or wrapped.

Accepts ``{"segments"|"turns"|"utterances": [...]}`` wrappers, ``speaker_name`` /
``name`` for the speaker, ``start_time`` / ``startTime`` for the start, and starts in
seconds or as ``HH:MM:SS`` strings.
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
_SPEAKER_KEYS = ("speaker", "speaker_name", "speakerName", "name", "speaker_label", "user")
_TEXT_KEYS = ("text", "content", "utterance", "sentence", "transcript")
_SIDES: dict[str, Side] = {"seller": "seller", "customer": "customer", "unknown": "unknown"}
_START_KEYS = ("start", "start_time", "startTime", "begin", "offset", "timestamp", "time")


def load_json(text: str, *, source: str) -> object:
    """``json.loads`` with errors that name the line."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
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
        side = _side(item)
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


def _items(data: object) -> tuple[list[object], dict]:
    if isinstance(data, list):
        return data, {}
    if isinstance(data, dict):
        for key in _WRAPPERS:
            if isinstance(data.get(key), list):
                return data[key], data
        return [], data
    return [], {}


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


def _side(item: dict) -> Side:
    """The side an item states outright: ``"side": "seller"`` or a role like ``"role": "AE"``."""
    side = item.get("side")
    if isinstance(side, str) and side.casefold() in _SIDES:
        return _SIDES[side.casefold()]
    role = item.get("role")
    return (role_side(role) or "unknown") if isinstance(role, str) else "unknown"


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
