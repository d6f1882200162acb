"""Questions for engineering: per category, and the five-point check per dated promise."""

from __future__ import annotations

import re
from typing import NamedTuple

from analyzer.checks.risks import CallFindings
from analyzer.models import Question

# A readiness question names its promise, so it reads alone in a ticket; reports that
# group them by promise read the parts back with ``readiness_parts`` (the one parser).
_READINESS = re.compile(r"^For “(?P<quote>.*)” \((?P<due>[^)]*)\): (?P<point>.+?)"
                        r"(?: \(the call touched this at turn (?P<touched>\d+)\))?$", re.DOTALL)


class ReadinessParts(NamedTuple):
    """A five-point question taken apart: the promise, its due phrase, the point, where the call touched it."""

    quote: str
    due: str
    point: str
    touched: int | None


def readiness_question(quote: str, due: str, point: str, touched: int | None) -> str:
    """The text of one five-point question about a dated promise."""
    note = f" (the call touched this at turn {touched})" if touched is not None else ""
    return f"For “{quote}” ({due}): {point}{note}"


def readiness_parts(question: str) -> ReadinessParts | None:
    """The parts of a question :func:`readiness_question` wrote, or ``None`` for any other question."""
    match = _READINESS.match(question)
    if match is None:
        return None
    touched = match["touched"]
    return ReadinessParts(match["quote"], match["due"], match["point"], int(touched) if touched else None)


def category_questions(f: CallFindings) -> list[Question]:
    """The catalogue's questions for each category the call raised, tied to the first turn."""
    first_turn: dict[str, int] = {}
    for item in f.hidden_work:
        first_turn.setdefault(item.category, item.turn)
    return [Question(slug, text, turn)
            for slug, turn in first_turn.items() for text in f.catalogue[slug].questions]


def five_point_questions(f: CallFindings) -> list[Question]:
    """The readiness check for every dated promise, marking what the call already touched."""
    questions: list[Question] = []
    dated = [c for c in f.commitments if c.due]
    if not dated:
        return questions
    # Where the call first touched a point does not depend on the promise: look once per point.
    first_touch = {point.key: f.text.first_turn(point.cues) for point in f.cues.five_point}
    for c in dated:
        for point in f.cues.five_point:
            touched = first_touch[point.key]
            text = readiness_question(c.quote, c.due, point.question, touched)
            questions.append(Question(c.category, text, c.turn, answered=touched is not None))
    return questions


def engineering_questions(f: CallFindings) -> list[Question]:
    """All questions, without repeats."""
    seen: set[tuple[str | None, str]] = set()
    out = []
    for q in [*category_questions(f), *five_point_questions(f)]:
        if (q.category, q.question) not in seen:
            seen.add((q.category, q.question))
            out.append(q)
    return out
