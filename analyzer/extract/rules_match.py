"""The trigger data compiled into matchers the rules backend asks questions of."""

from __future__ import annotations

import re
from dataclasses import dataclass

from analyzer.catalogue.triggers import TriggerData, compile_patterns

Patterns = tuple[re.Pattern[str], ...]

# Stage directions ("*plays clip*") are not speech; quoted speech of some
# length ("the summary says “Prospect: we need Okta SSO”") is someone else's
# words. Both are masked before matching; short quotes are emphasis and stay.
_STAGE = re.compile(r"\*[^*\n]{1,400}\*")
_QUOTED = re.compile(r"“[^”]{0,400}”|\"[^\"\n]{0,400}\"")
_QUOTED_SPEECH_WORDS = 5
_SPEAKER_LABEL = re.compile(r"\w+:\s|\[\d")
# Fillers of spoken English, with the commas around them. They are blanked
# (same length) and patterns accept any run of whitespace where they say " ",
# so "we don't, um, really need SSO" reads as "we don't really need SSO".
_FILLERS = re.compile(
    r"(?:,\s*|\b)(?:u+m+|u+h+|e+r+m*|a+h+|hmm+|mm+)\b,?"
    r"|,\s*(?:you know|i mean|like|sort of|kind of|basically|honestly|actually)\s*,"
    r"|\b(?:you know|i mean),\s*",
    re.IGNORECASE,
)


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
    try:
        return re.compile("|".join(f"(?:{_loose_spaces(p)})" for p in patterns), re.IGNORECASE)
    except re.error:
        compile_patterns(patterns, where=where)  # raises ConfigError naming the bad pattern
        raise


def _loose_spaces(pattern: str) -> str:
    """``pattern`` with each literal space accepting any whitespace run.

    Spaces inside ``[...]`` and inside look-behinds (which must stay fixed
    width) are left alone.
    """
    out: list[str] = []
    in_class = escaped = False
    depth, behind_depth = 0, None  # paren depth, and where a look-behind opened
    skip_next = False  # the "?" of " ?" already became "\s*"
    for i, ch in enumerate(pattern):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
            if behind_depth is None and pattern.startswith(("(?<=", "(?<!"), i):
                behind_depth = depth
        elif ch == ")":
            if behind_depth == depth:
                behind_depth = None
            depth -= 1
        elif ch == " " and behind_depth is None:
            optional = pattern.startswith("?", i + 1)
            out.append(r"\s*" if optional else r"\s+")
            skip_next = optional
            continue
        elif ch == "?" and skip_next:
            skip_next = False
            continue
        skip_next = False
        out.append(ch)
    return "".join(out)


class Matchers:
    """Every cue list and category trigger, compiled once (one regex per list)."""

    def __init__(self, data: TriggerData) -> None:
        self.cues: dict[str, re.Pattern[str] | None] = {
            name: _combine(patterns, where=f"cues.{name}") for name, patterns in data.cues.items()
        }
        # Due patterns stay separate: the earliest, longest phrase is chosen among them.
        due = (_combine((pattern,), where="due") for pattern in data.due)
        self.due: Patterns = tuple(p for p in due if p is not None)
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
        """The due phrase in ``text`` ("next Friday", "within 48 hours"), exactly as written.

        The earliest match wins, and the longest of those that start there.
        """
        best: re.Match[str] | None = None
        for pattern in self.due:
            found = pattern.search(text)
            if found and (best is None or (found.start(), -len(found.group())) < (best.start(), -len(best.group()))):
                best = found
        return best.group().strip(" ,.") if best else None

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


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def mask_stage(text: str) -> str:
    """``text`` with *stage directions* and fillers (um, uh, you know) blanked out, same length."""
    return _FILLERS.sub(_blank, _STAGE.sub(_blank, text))


def mask_quoted(text: str) -> str:
    """``text`` with stage directions and quoted speech blanked out, same length."""

    def blank(match: re.Match[str]) -> str:
        quote = match.group()
        if len(quote.split()) >= _QUOTED_SPEECH_WORDS or _SPEAKER_LABEL.search(quote):
            return " " * len(quote)
        return quote

    return _QUOTED.sub(blank, mask_stage(text))
