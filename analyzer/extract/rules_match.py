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


class Matchers:
    """Every cue list and category trigger, compiled once."""

    def __init__(self, data: TriggerData) -> None:
        self.cues: dict[str, Patterns] = {
            name: compile_patterns(patterns, where=f"cues.{name}") for name, patterns in data.cues.items()
        }
        self.due: Patterns = compile_patterns(data.due, where="due")
        self.categories: list[tuple[str, Patterns, Patterns, Patterns]] = [
            (
                slug,
                compile_patterns(cat.patterns, where=f"categories.{slug}.patterns"),
                compile_patterns(cat.exclude, where=f"categories.{slug}.exclude"),
                compile_patterns(cat.veto, where=f"categories.{slug}.veto"),
            )
            for slug, cat in data.categories.items()
        ]

    def first(self, cue: str, text: str) -> re.Match[str] | None:
        """The earliest match of cue list ``cue`` in ``text``, or ``None``."""
        best: re.Match[str] | None = None
        for pattern in self.cues[cue]:
            found = pattern.search(text)
            if found and (best is None or found.start() < best.start()):
                best = found
        return best

    def has(self, cue: str, text: str) -> bool:
        """Whether any pattern of cue list ``cue`` occurs in ``text``."""
        return any(pattern.search(text) for pattern in self.cues[cue])

    def due_phrase(self, text: str) -> str | None:
        """The first due phrase in ``text`` ("next Friday", "within 48 hours"), exactly as written."""
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
        for slug, patterns, excludes, vetoes in self.categories:
            found = _first_outside(patterns, excludes, text)
            if found is None or any(v.search(text) for v in vetoes):
                continue
            hits.append(CategoryHit(slug, found[0], found[1]))
        hits.sort(key=lambda hit: hit.start)
        return hits


def _first_outside(patterns: Patterns, excludes: Patterns, text: str) -> tuple[int, int] | None:
    """The earliest trigger match that does not overlap an excluded stretch."""
    excluded = [m.span() for ex in excludes for m in ex.finditer(text)] if excludes else []
    best: tuple[int, int] | None = None
    for pattern in patterns:
        for m in pattern.finditer(text):
            if any(m.start() < b and a < m.end() for a, b in excluded):
                continue
            if best is None or m.start() < best[0]:
                best = m.span()
            break
    return best


def mask_quoted(text: str) -> str:
    """``text`` with quoted speech and *stage directions* blanked out, same length."""
    return _QUOTED.sub(lambda m: " " * len(m.group()), text)
