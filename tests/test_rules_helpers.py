"""Builders shared by the rules-backend tests (no tests here): a call from (side, text) lines."""

from __future__ import annotations

from analyzer.extract.rules import RulesBackend
from analyzer.models import Chunk, Mention, Transcript, Turn

_BACKEND: RulesBackend | None = None


def backend() -> RulesBackend:
    """One compiled backend for the whole test session (compiling is the slow part)."""
    global _BACKEND
    if _BACKEND is None:
        _BACKEND = RulesBackend()
    return _BACKEND


def call(*lines: tuple[str, str]) -> Transcript:
    """A transcript whose turns alternate as given: ``("seller", "...")``, ``("customer", "...")``."""
    names = {"seller": "Sam", "customer": "Cleo", "colleague": "Cole", "partner": "Pat", "unknown": "Someone"}
    sides = {"colleague": "customer", "partner": "seller"}
    turns = [
        Turn(speaker=names[side], text=text, side=sides.get(side, side))  # type: ignore[arg-type]
        for side, text in lines
    ]
    return Transcript(source="test.txt", turns=turns, format="txt")


def whole(transcript: Transcript) -> list[Chunk]:
    """One chunk over every turn."""
    return [Chunk(0, 0, len(transcript.turns) - 1, "", 0)]


def mentions(*lines: tuple[str, str]) -> list[Mention]:
    """What the rules backend finds in a call built from ``lines``."""
    t = call(*lines)
    found = backend().extract(t, whole(t)).mentions
    for m in found:  # grounding: every quote is an exact span of its turn
        assert m.quote in t.turns[m.turn].text, m
    return found


def asks(*lines: tuple[str, str]) -> set[str]:
    """Categories asked for (or offered) in the call."""
    return {m.category for m in mentions(*lines) if m.kind == "ask" and m.category}


def promises(*lines: tuple[str, str]) -> list[Mention]:
    """Commitment mentions in the call."""
    return [m for m in mentions(*lines) if m.kind == "commitment"]


def seller(text: str) -> tuple[str, str]:
    return ("seller", text)


def customer(text: str) -> tuple[str, str]:
    return ("customer", text)


def colleague(text: str) -> tuple[str, str]:
    """A second customer-side speaker."""
    return ("colleague", text)


def partner(text: str) -> tuple[str, str]:
    """A second seller-side speaker."""
    return ("partner", text)
