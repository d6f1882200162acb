"""The trigger data compiled into matchers the rules backend asks questions of."""

from __future__ import annotations

import re
from dataclasses import dataclass

from analyzer.catalogue.triggers import TriggerData, compile_patterns

Patterns = tuple[re.Pattern[str], ...]

# Quoted speech and stage directions inside a turn ("*plays clip*", a quoted
# customer line on screen) are someone else's words: masked before matching.
_QUOTED = re.compile(r"“[^”]{0,400}”|\"[^\"\n]{0,400}\"|\*[^*\n]{1,400}\*")


@dataclass(frozen=True, slots=True)
class CategoryHit:
    """A category trigger found at ``start`` in the text that was searched."""

    slug: str
    start: int
    end: int


def _combine(patterns: tuple[str, ...], *, where: str) -> re.Pattern[str] | None:
    """One alternation for a whole list: a single scan finds the earliest match of any."""
    if not patterns:
        return None
    compile_patterns(patterns, where=where)  # names the bad pattern, if any
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


class Matchers:
    """Every cue list and category trigger, compiled once (one regex per list)."""

    def __init__(self, data: TriggerData) -> None:
        self.cues: dict[str, re.Pattern[str] | None] = {
            name: _combine(patterns, where=f"cues.{name}") for name, patterns in data.cues.items()
        }
        self.due: Patterns = compile_patterns(data.due, where="due")
        self.categories: list[tuple[str, re.Pattern[str] | None, re.Pattern[str] | None, re.Pattern[str] | None]] = [
            (
                slug,
                _combine(cat.patterns, where=f"categories.{slug}.patterns"),
                _combine(cat.exclude, where=f"categories.{slug}.exclude"),
                _combine(cat.veto, where=f"categories.{slug}.veto"),
            )
            for slug, cat in data.categories.items()
        ]

    def first(self, cue: str, text: str) -> re.Match[str] | None:
        """The earliest match of cue list ``cue`` in ``text``, or ``None``."""
        pattern = self.cues[cue]
        return pattern.search(text) if pattern else None

    def has(self, cue: str, text: str) -> bool:
        """Whether any pattern of cue list ``cue`` occurs in ``text``."""
        return self.first(cue, text) is not None

    def due_phrase(self, text: str) -> str | None:
        """The first due phrase in ``text`` ("next Friday", "within 48 hours"), exactly as written.

        Patterns are tried in the order written, most specific first.
        """
        for pattern in self.due:
            found = pattern.search(text)
            if found:
                return found.group().strip(" ,.")
        return None

    def category_hits(self, text: str) -> list[CategoryHit]:
        """Every category triggered in ``text`` (its first valid hit each), in text order.

        A trigger inside an ``exclude`` stretch does not count ("my mobile
        died"); a ``veto`` anywhere in ``text`` rules the category out.
        """
        hits: list[CategoryHit] = []
        for slug, patterns, exclude, veto in self.categories:
            found = _first_outside(patterns, exclude, text)
            if found is None or (veto is not None and veto.search(text)):
                continue
            hits.append(CategoryHit(slug, found[0], found[1]))
        hits.sort(key=lambda hit: hit.start)
        return hits


def _first_outside(
    pattern: re.Pattern[str] | None, exclude: re.Pattern[str] | None, text: str
) -> tuple[int, int] | None:
    """The earliest trigger match that does not overlap an excluded stretch."""
    if pattern is None:
        return None
    if exclude is None:
        found = pattern.search(text)
        return found.span() if found else None
    excluded = [m.span() for m in exclude.finditer(text)]
    for m in pattern.finditer(text):
        if not any(m.start() < b and a < m.end() for a, b in excluded):
            return m.span()
    return None


def mask_quoted(text: str) -> str:
    """``text`` with quoted speech and *stage directions* blanked out, same length."""
    return _QUOTED.sub(lambda m: " " * len(m.group()), text)
