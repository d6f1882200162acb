"""The check data (``rules.toml``) compiled once per analysis run."""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from heapq import merge
from importlib import resources

from analyzer.catalogue.triggers import GatedPattern, first_words, load_triggers, lower_same_length, word_prefixes
from analyzer.errors import ConfigError


@dataclass(frozen=True)
class FivePoint:
    key: str
    question: str
    cues: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class RiskRule:
    rule: str
    severity: str
    title: str
    rationale: str


@dataclass(frozen=True)
class CheckCues:
    yes: tuple[re.Pattern[str], ...]
    no: tuple[re.Pattern[str], ...]
    refusals: tuple[re.Pattern[str], ...]
    scoping: tuple[re.Pattern[str], ...]
    minimizers: tuple[re.Pattern[str], ...]
    five_point: tuple[FivePoint, ...]
    risks: dict[str, RiskRule]
    prerequisite_cues: dict[str, tuple[re.Pattern[str], ...]]


def _compile(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(_guarded(p), re.IGNORECASE) for p in patterns)


def _guarded(pattern: str) -> str:
    """``pattern`` behind a look-ahead for the first letters of its first words, when known.

    A match starts with one of them, so the look-ahead changes no match; the engine
    gives up at once on every other position instead of trying the whole pattern.
    """
    keys = first_words(pattern)
    if keys is None:
        return pattern
    return f"(?=[{''.join(sorted({key[0] for key in keys}))}])(?:{pattern})"


def _compile_lowered(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    """Patterns searched over a whole call's lowercased text (see :class:`CallText`).

    Without IGNORECASE, Python's regex engine scans about twice as fast.
    """
    return tuple(re.compile(p.lower()) for p in patterns)


@dataclass(frozen=True)
class CallText:
    """A call's turns lowercased and joined once, for patterns looked for anywhere in it."""

    lowered: str
    starts: tuple[int, ...]  # where each turn begins in ``lowered``

    @classmethod
    def of(cls, texts: list[str]) -> CallText:
        pieces = [t.lower() for t in texts]
        starts, at = [], 0
        for piece in pieces:
            starts.append(at)
            at += len(piece) + 1
        return cls("\n".join(pieces), tuple(starts))

    def first_turn(self, patterns: tuple[re.Pattern[str], ...]) -> int | None:
        """The index of the first turn any of ``patterns`` matches in, or ``None``."""
        found = [m.start() for m in (self._search(p) for p in patterns) if m]
        return bisect_right(self.starts, min(found)) - 1 if found else None

    def _search(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        """``pattern.search`` over the call, tried only where one of its first words occurs.

        A match must begin with one of those words, so trying ``pattern.match``
        at each of their occurrences, left to right, finds the same match as a
        search; a search would try the pattern at every position of the call
        in between, which costs more than all the ``str.find`` calls.
        """
        keys = _first_words(pattern)
        if keys is None:
            return pattern.search(self.lowered)
        for at in merge(*(self._occurrences(key) for key in keys)):
            found = pattern.match(self.lowered, at)
            if found:
                return found
        return None

    def _occurrences(self, key: str) -> Iterator[int]:
        """Every position where ``key`` occurs in the call (overlapping ones too), in order."""
        at = self.lowered.find(key)
        while at != -1:
            yield at
            at = self.lowered.find(key, at + 1)


@cache
def _first_words(pattern: re.Pattern[str]) -> frozenset[str] | None:
    return first_words(pattern.pattern)


def any_match(patterns: tuple[re.Pattern[str], ...], text: str) -> re.Match[str] | None:
    """The first match of any of ``patterns`` in ``text``."""
    for pattern in patterns:
        found = pattern.search(text)
        if found:
            return found
    return None


@cache
def load_cues() -> CheckCues:
    """Parse and compile ``rules.toml``."""
    try:
        raw = resources.files(__package__).joinpath("rules.toml").read_text(encoding="utf-8")
        data = tomllib.loads(raw)
        return CheckCues(
            yes=_compile(data["answers"]["yes"]),
            no=_compile(data["answers"]["no"]),
            refusals=_compile(data["refusals"]["patterns"]),
            scoping=_compile(data["scoping"]["questions"]),
            minimizers=_compile(data["minimizers"]["patterns"]),
            five_point=tuple(
                FivePoint(key, spec["question"], _compile_lowered(spec["cues"]))
                for key, spec in data["five_point"].items()
            ),
            risks={
                name: RiskRule(name, spec["severity"], spec["title"], spec["rationale"])
                for name, spec in data["risks"].items()
            },
            prerequisite_cues={k: _compile_lowered(v) for k, v in data["prerequisite_cues"].items()},
        )
    except (OSError, KeyError, tomllib.TOMLDecodeError, re.error) as err:
        raise ConfigError(f"checks/rules.toml is invalid: {err}") from err


@dataclass(frozen=True)
class _CategoryIndex:
    """Every category trigger phrasing, indexed by the first words it can start with."""

    by_key: dict[str, list[tuple[str, GatedPattern]]]  # first word -> (slug, pattern) that may start with it
    always: list[tuple[str, GatedPattern]]  # phrasings whose first word cannot be read: always tried
    words: frozenset[str]  # every word prefix a gate looks for
    triggers: dict[str, tuple[GatedPattern, ...]]  # slug -> its phrasings
    exclude: dict[str, tuple[GatedPattern, ...]]  # slug -> stretches where its triggers do not count
    veto: dict[str, tuple[GatedPattern, ...]]  # slug -> phrasings that rule it out of the whole text


@cache
def _category_index() -> _CategoryIndex:
    by_key: dict[str, list[tuple[str, GatedPattern]]] = {}
    always: list[tuple[str, GatedPattern]] = []
    triggers: dict[str, tuple[GatedPattern, ...]] = {}
    exclude: dict[str, tuple[GatedPattern, ...]] = {}
    veto: dict[str, tuple[GatedPattern, ...]] = {}
    try:
        for slug, cat in load_triggers().categories.items():
            triggers[slug] = tuple(GatedPattern.of(raw) for raw in cat.patterns)
            for pattern in triggers[slug]:
                for key in pattern.keys or ():
                    by_key.setdefault(key, []).append((slug, pattern))
                if pattern.keys is None:
                    always.append((slug, pattern))
            exclude[slug] = tuple(GatedPattern.of(raw) for raw in cat.exclude)
            veto[slug] = tuple(GatedPattern.of(raw) for raw in cat.veto)
    except re.error as err:
        raise ConfigError(f"catalogue/triggers.toml: a category pattern is invalid: {err}") from err
    gates = [p for entries in (*by_key.values(), always) for _, p in entries]
    gates += [p for patterns in (*exclude.values(), *veto.values()) for p in patterns]
    words = frozenset().union(*(p.words for p in gates))
    return _CategoryIndex(by_key, always, words, triggers, exclude, veto)


def categories_named(text: str, seen: dict[str, tuple[str, ...]]) -> set[str]:
    """The categories whose trigger phrasings occur in ``text``: what a seller's reply is about.

    The checks read the seller's yes or no to an ask; a reply that talks only
    about other work ("No, SCIM isn't something we support" after an audit-log
    ask) does not answer it. As in extraction, a trigger inside one of its
    category's ``exclude`` stretches does not count ("not in time for the
    pilot" names no onboarding work), nor does a category ``veto`` rules out.
    ``seen`` remembers words' prefixes across one call's texts.
    """
    index = _category_index()
    low = lower_same_length(text)
    prefixes = word_prefixes(low, seen, index.words)
    named: set[str] = set()
    candidates = [entry for key in prefixes & index.by_key.keys() for entry in index.by_key[key]]
    for slug, pattern in (*candidates, *index.always):
        if slug not in named and pattern.found_in(low, prefixes, text):
            named.add(slug)
    return {slug for slug in named if _counts(slug, index, low, prefixes, text)}


def _counts(slug: str, index: _CategoryIndex, low: str, prefixes: frozenset[str], text: str) -> bool:
    """Whether ``slug``, whose triggers occur in the text, survives its vetoes and exclusions."""
    if any(p.found_in(low, prefixes, text) for p in index.veto[slug]):
        return False
    excluded = [span for p in index.exclude[slug] for span in p.spans_in(low, prefixes, text)]
    if not excluded:
        return True
    return any(
        not any(a < y and x < b for x, y in excluded)
        for p in index.triggers[slug] for a, b in p.spans_in(low, prefixes, text)
    )


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` holding ``text[start:end]``: the evidence a person reads."""
    left = max(text.rfind(mark, 0, start) for mark in ".!?\n")
    right = min((i for i in (text.find(mark, end) for mark in ".!?\n") if i != -1), default=len(text) - 1)
    return text[left + 1 : right + 1].strip()
