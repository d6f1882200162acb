"""Renderers: one call (or a list of calls) into text, markdown or JSON.

Every renderer takes the contract call object plus the ``extra`` facts the
store keeps beside it, so a fresh analysis and a stored one look the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analyzer.checks.questions import readiness_parts
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


@dataclass
class QuestionItem:
    """One entry of a call's question list: a plain question, or a dated promise with its readiness points.

    The checks ask the five readiness questions about each dated promise as five
    questions that each name the promise (so each reads alone in the JSON); a
    report says the promise once and nests the points under it.
    """

    category: str | None
    turn: int | None
    question: str | None = None  # a plain question
    promise: tuple[str, str] | None = None  # (quote, due phrase) of a dated promise
    points: list[tuple[str, int | None]] = field(default_factory=list)  # (point, turn the call touched it)


def question_items(questions: list[dict]) -> list[QuestionItem]:
    """A call's questions in order, the readiness questions of one promise (in one category) folded into one item.

    A promise is its words, due phrase and turn: the same words said again later in the call are a second item.
    """
    items: list[QuestionItem] = []
    by_promise: dict[tuple[str | None, int | None, str, str], QuestionItem] = {}
    for q in questions:
        parts = readiness_parts(q["question"])
        if parts is None:
            items.append(QuestionItem(q["category"], q.get("turn"), question=q["question"]))
            continue
        key = (q["category"], q.get("turn"), parts.quote, parts.due)
        if key not in by_promise:
            by_promise[key] = QuestionItem(q["category"], q.get("turn"), promise=(parts.quote, parts.due))
            items.append(by_promise[key])
        by_promise[key].points.append((parts.point, parts.touched))
    return items
