"""Renderers: one call (or a list of calls) into text, markdown or JSON.

Every renderer takes the contract call object plus the ``extra`` facts the
store keeps beside it, so a fresh analysis and a stored one look the same.
"""

from __future__ import annotations

from analyzer.models import SEVERITY_ORDER


def clock(seconds: float | None) -> str:
    """``754.2`` -> ``12:34``; ``None`` -> ``""`` (the transcript had no times)."""
    if seconds is None:
        return ""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def where(item: dict) -> str:
    """``turn 14 @ 12:34`` — how reports point back into the transcript."""
    at = clock(item.get("start"))
    return f"turn {item['turn']}" + (f" @ {at}" if at else "")


def risks_by_severity(call: dict) -> list[dict]:
    return sorted(call["risks"], key=lambda r: SEVERITY_ORDER.get(r["severity"], 9))


def hidden_work_by_category(call: dict) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for item in call["hidden_work"]:
        grouped.setdefault(item["category"], []).append(item)
    return grouped
