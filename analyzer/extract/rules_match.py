"""The trigger data compiled into matchers the rules backend asks questions of."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from analyzer.catalogue.triggers import TriggerData
from analyzer.extract.rules_gate import PatternList, WordBits, lower_same_length
from analyzer.sentences import Span

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
# The leading look-ahead names every character a match can start with (a comma, or the first
# letter of a filler); it changes no match and halves the scan of every turn.
_FILLERS = re.compile(
    r"(?=[,ueahmyi])(?:(?:,\s*|\b)(?:u+m+|u+h+|e+r+m*|a+h+|hmm+|mm+)\b,?"
    r"|,\s*(?:you know|i mean|like|sort of|kind of|basically|honestly|actually)\s*,"
    r"|\b(?:you know|i mean),\s*)",
    re.IGNORECASE,
)
# The same matches in lower-cased ASCII text, in two patterns (without IGNORECASE the scan is a fifth
# faster): a filler opens with a comma, which the engine finds at once, or starts a word. That one is
# found led by the character before the word, in the text behind one space, as the rules gate finds
# patterns that start a word (see rules_gate._BEFORE_WORD): in ASCII, [^0-9_a-z] is \W.
_COMMA_FILLERS = re.compile(
    r",(?:\s*(?:u+m+|u+h+|e+r+m*|a+h+|hmm+|mm+)\b,?"
    r"|\s*(?:you know|i mean|like|sort of|kind of|basically|honestly|actually)\s*,)"
)
_WORD_FILLERS = re.compile(r"[^0-9_a-z](?=[ueahmyi])(?:(?:u+m+|u+h+|e+r+m*|a+h+|hmm+|mm+)\b,?|(?:you know|i mean),\s*)")


@dataclass(frozen=True, slots=True)
class CategoryHit:
    """A category trigger found at ``start`` in the text that was searched."""

    slug: str
    start: int
    end: int


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


@dataclass(frozen=True, slots=True)
class _Probe:
    """One text, lower-cased, with the bits of its word prefixes (for gating)."""

    text: str
    low: str
    words: int
    spaced: str  # " " + low, as gated patterns read it


class Matchers:
    """Every cue list and category trigger, compiled once, with answers memoized.

    The rules ask the same question of the same clause several times
    (splitting, judging, context), so answers are kept per text.
    """

    # Answers are reused within a call; across calls texts rarely repeat. A worker analyzes
    # hundreds of calls, so a larger memo only grows its memory (~0.8 MB a call of an hour).
    _MEMO_LIMIT = 2_000

    def __init__(self, data: TriggerData) -> None:
        self._lists: list[PatternList] = []
        self._bits = WordBits()  # every list numbers its gate words here: a text's words are read once
        self._raw = data.cues
        self.cues: dict[str, int] = {name: self._add(p, f"cues.{name}") for name, p in data.cues.items()}
        # At the earliest position the first listed due pattern wins: the data
        # lists the most specific ones first.
        self.due = self._add(data.due, "due")
        # Per category: (slug, patterns, exclude, veto), the lists themselves (asked ~14 at a time).
        self.categories = [
            (
                slug,
                self._lists[self._add(cat.patterns, f"categories.{slug}.patterns")],
                self._lists[self._add(cat.exclude, f"categories.{slug}.exclude")],
                self._lists[self._add(cat.veto, f"categories.{slug}.veto")],
            )
            for slug, cat in data.categories.items()
        ]
        self._memo: dict[tuple[str, str], object] = {}  # (cue, text) or (text, cue) -> answer; probes

    def _add(self, patterns: tuple[str, ...], where: str) -> int:
        self._lists.append(PatternList(patterns, where=where, loosen=_loose_spaces, bits=self._bits))
        return len(self._lists) - 1

    def add_union(self, name: str, cues: tuple[str, ...]) -> None:
        """Cue list ``name`` as the union of ``cues``: one call answers "any of these?"."""
        self.cues[name] = self._add(tuple(p for cue in cues for p in self._raw[cue]), f"cues.{name}")
        self._memo.clear()

    def _remember(self, key: tuple[str, str], value: object) -> None:
        if len(self._memo) >= self._MEMO_LIMIT:
            self._memo.clear()
        self._memo[key] = value

    def _probe(self, text: str) -> _Probe:
        key = ("\0probe", text)
        probe = self._memo.get(key)
        if probe is None:
            low = lower_same_length(text)
            probe = _Probe(text, low, self._bits.of_text(low), " " + low)
            self._remember(key, probe)
        return probe  # type: ignore[return-value]

    def _search(self, list_id: int, probe: _Probe, pos: int = 0) -> tuple[int, int] | None:
        return self._lists[list_id].search(probe.text, probe.low, probe.words, pos, probe.spaced)

    def first(self, cue: str, text: str) -> str | None:
        """The earliest match of cue list ``cue`` in ``text`` (as written), or ``None``."""
        key = (cue, text)
        if key in self._memo:
            return self._memo[key]  # type: ignore[return-value]
        span = self._search(self.cues[cue], self._probe(text))
        found = text[span[0] : span[1]] if span else None
        self._remember(key, found)
        return found

    def start(self, cue: str, text: str) -> int | None:
        """Where the earliest match of cue list ``cue`` in ``text`` begins, or ``None``."""
        span = self._search(self.cues[cue], self._probe(text))
        return span[0] if span else None

    def has(self, cue: str, text: str) -> bool:
        """Whether any pattern of cue list ``cue`` occurs in ``text``.

        Most questions are this one, and it stops at the first pattern found instead of
        looking for the earliest match. Its answers are kept under ``(text, cue)``, apart
        from :meth:`first`'s under ``(cue, text)``: a yes names no match.
        """
        key = (text, cue)
        found = self._memo.get(key)
        if found is None:
            probe = self._probe(text)
            found = self._lists[self.cues[cue]].occurs(probe.text, probe.low, probe.words, probe.spaced)
            self._remember(key, found)
        return found  # type: ignore[return-value]

    def due_phrase(self, text: str) -> str | None:
        """The first due phrase in ``text`` ("next Friday", "within 48 hours"), exactly as written."""
        span = self._search(self.due, self._probe(text))
        return text[span[0] : span[1]].strip(" ,.") if span else None

    def due_spans(self, text: str) -> list[Span]:
        """Every due phrase in ``text``, in order, as ``(start, end)`` spans."""
        probe = self._probe(text)
        spans: list[Span] = []
        at = 0
        while (span := self._search(self.due, probe, at)) is not None:
            spans.append(span)
            at = max(span[1], at + 1)
        return spans

    def category_hits(self, text: str) -> list[CategoryHit]:
        """Every category triggered in ``text`` (its first valid hit each), in text order.

        A trigger inside an ``exclude`` stretch does not count ("my mobile
        died"); a ``veto`` anywhere in ``text`` rules the category out.
        """
        key = ("", text)
        if key in self._memo:
            return self._memo[key]  # type: ignore[return-value]
        probe = self._probe(text)
        low, words, spaced = probe.low, probe.words, probe.spaced
        hits: list[CategoryHit] = []
        # Most categories are not in a text: their lists are asked directly, one call each.
        for slug, patterns, exclude, veto in self.categories:
            found = patterns.search(text, low, words, 0, spaced)
            if found is None:
                continue
            found = _first_outside(found, patterns, exclude, probe)
            if found is None or veto.occurs(text, low, words, spaced):
                continue
            hits.append(CategoryHit(slug, found[0], found[1]))
        hits.sort(key=lambda hit: hit.start)
        self._remember(key, hits)
        return hits


def _first_outside(found: Span, patterns: PatternList, exclude: PatternList, probe: _Probe) -> Span | None:
    """The earliest trigger match (``found`` is the earliest of all) that does not overlap an excluded stretch."""
    excluded = exclude.spans(probe.text, probe.low, probe.words)
    if not excluded:
        return found
    for span in patterns.spans(probe.text, probe.low, probe.words):
        if not any(span[0] < b and a < span[1] for a, b in excluded):
            return span
    return None


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


@lru_cache(maxsize=64)
def mask_stage(text: str) -> str:
    """``text`` with *stage directions* and fillers (um, uh, you know) blanked out, same length.

    Remembered for a few turns: a customer turn is masked to read its asks and
    again as the question the next seller turn answers.
    """
    if "*" in text:  # no asterisk, no stage direction: skip that scan
        text = _STAGE.sub(_blank, text)
    return _blank_fillers(text)


def _blank_fillers(text: str) -> str:
    if not text.isascii():  # IGNORECASE also folds a few other letters (the Kelvin sign, the long s)
        return _FILLERS.sub(_blank, text)
    # Found in the lower-cased text, blanked in the text as written (same offsets in ASCII).
    pieces: list[str] = []
    at = 0
    for start, end in _filler_spans(text.lower()):
        pieces += (text[at:start], " " * (end - start))
        at = end
    if not pieces:
        return text
    pieces.append(text[at:])
    return "".join(pieces)


def _filler_spans(low: str) -> Iterator[Span]:
    """Where ``_FILLERS`` matches lower-cased ASCII ``low``: each time the earlier of the next comma filler
    and the next word filler (they never start at the same place), both after the last match."""
    spaced = " " + low
    comma, word = _COMMA_FILLERS.search(low), _WORD_FILLERS.search(spaced)
    while comma is not None or word is not None:
        if word is None or (comma is not None and comma.start() < word.start()):
            start, end = comma.span()  # type: ignore[union-attr]
        else:
            start, end = word.start(), word.end() - 1  # found in ``spaced``, one place on
        yield start, end
        if comma is not None and comma.start() < end:
            comma = _COMMA_FILLERS.search(low, end)
        if word is not None and word.start() < end:
            word = _WORD_FILLERS.search(spaced, end)


def mask_quoted(text: str) -> str:
    """``text`` with stage directions and quoted speech blanked out, same length."""

    def blank(match: re.Match[str]) -> str:
        quote = match.group()
        if len(quote.split()) >= _QUOTED_SPEECH_WORDS or _SPEAKER_LABEL.search(quote):
            return " " * len(quote)
        return quote

    return _QUOTED.sub(blank, mask_stage(text))
