"""Timecodes as transcripts write them (``1:23``, ``00:01:23``, ``0:0:3.450``) to seconds."""

from __future__ import annotations

import math
import re

# The shapes a line may start with or hold in brackets: m:ss, mm:ss, h:mm:ss, with an
# optional fraction after "." (WebVTT) or "," (SRT).
TIMECODE = r"\d{1,2}:\d{1,2}(?::\d{1,2})?(?:[.,]\d{1,3})?"

_PARTS = re.compile(r"^(\d{1,3}):(\d{1,2})(?::(\d{1,2}))?(?:[.,](\d{1,9}))?$")


def to_seconds(code: str) -> float | None:
    """``"01:23"`` -> 83.0, ``"1:02:03.5"`` -> 3723.5; None when it is not a timecode."""
    match = _PARTS.match(code.strip())
    if match is None:
        return None
    first, second, third, fraction = match.groups()
    if third is None:  # two fields are minutes and seconds
        hours, minutes, secs = 0, int(first), int(second)
    else:
        hours, minutes, secs = int(first), int(second), int(third)
    value = hours * 3600 + minutes * 60 + secs
    if fraction:
        value += int(fraction[:3]) / 10 ** len(fraction[:3])
    return float(value)


def seconds_from_value(value: object) -> float | None:
    """A JSON start value in seconds: a number, a numeric string or a timecode string."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip()
        if ":" in text:
            return to_seconds(text)
        try:
            number = float(text)
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) and number >= 0 else None
