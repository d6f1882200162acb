"""The check data (``rules.toml``) compiled once per analysis run."""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from heapq import merge
from importlib import resources
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parser  # type: ignore[attr-defined]

from analyzer.catalogue.triggers import (
    GatedPattern,
    led_by_its_first_letters,
    load_triggers,
    lower_same_length,
    word_prefixes,
)
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
    return tuple(re.compile(led_by_its_first_letters(p), re.IGNORECASE) for p in patterns)


def _compile_lowered(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    """Patterns searched over a whole call's lowercased text (see :class:`CallText`).

    Without IGNORECASE, Python's regex engine scans about twice as fast. Only
    literal letters are lowered: ``\\W`` or ``\\S`` lowered would mean the opposite.
    """
    return tuple(re.compile(_ESCAPE_OR_UPPER.sub(_lower_literal, p)) for p in patterns)


_ESCAPE_OR_UPPER = re.compile(r"\\.|[A-Z]")


def _lower_literal(match: re.Match[str]) -> str:
    found = match.group()
    return found if found.startswith("\\") else found.lower()


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
        """``pattern.search`` over the call, tried only where one of its heads occurs.

        A match must begin with one of the pattern's heads (:func:`heads`), so
        trying ``pattern.match`` at each of their occurrences, left to right,
        finds the same match as a search; a search would try the pattern at
        every position of the call in between, which costs more than all the
        ``str.find`` calls. Whole heads ("in scope", not "in") occur far less
        often than first words, and a head with a word the call never says
        (:meth:`_may_hold`) is not looked for at all.
        """
        starts = heads(pattern)
        if starts is None:
            return pattern.search(self.lowered)
        at_word = _starts_at_word(pattern)
        present = [head for head in starts if self._may_hold(head, at_word)]
        for at in merge(*(self._occurrences(head) for head in present)):
            found = pattern.match(self.lowered, at)
            if found:
                return found
        return None

    def _may_hold(self, head: str, at_word: bool) -> bool:
        """False when ``head`` cannot occur in the call: a word it holds whole is no word of the call,
        or no word of the call starts with its last word.

        The words are the runs of ASCII letters and digits (:meth:`_words`); a run
        of the head is whole when something else closes it on both sides in the
        head, or on the left when the match starts a word (``at_word``).
        """
        words, ordered = self._words
        for word, whole in _head_words(head, at_word):
            if whole:
                if word not in words:
                    return False
            else:
                i = bisect_left(ordered, word)
                if i == len(ordered) or not ordered[i].startswith(word):
                    return False
        return True

    @cached_property
    def _words(self) -> tuple[frozenset[bytes], list[bytes]]:
        """The call's runs of ASCII letters and digits, as a set and sorted (bytes: split in C)."""
        words = frozenset(self.lowered.encode("utf-8").translate(_NOT_WORD_TO_SPACE).split())
        return words, sorted(words)

    def _occurrences(self, key: str) -> Iterator[int]:
        """Every position where ``key`` occurs in the call (overlapping ones too), in order."""
        at = self.lowered.find(key)
        while at != -1:
            yield at
            at = self.lowered.find(key, at + 1)


# Every byte but ASCII letters and digits (UTF-8 bytes of other characters included) becomes a space.
_NOT_WORD_TO_SPACE = bytes(b if chr(b).isascii() and chr(b).isalnum() else 0x20 for b in range(256))
_RUN = re.compile(r"[A-Za-z0-9]+")


@cache
def _head_words(head: str, at_word: bool) -> tuple[tuple[bytes, bool], ...]:
    """The runs of ASCII letters and digits in ``head`` that the call must hold if the head occurs:
    (run, True) for one closed on both sides (a whole word), (run, False) for the last one when
    closed on the left only (the start of a word). A run open on the left says nothing."""
    runs = []
    for m in _RUN.finditer(head):
        closed_left = m.start() > 0 or at_word
        if closed_left:
            runs.append((m.group().encode("ascii"), m.end() < len(head)))
    return tuple(runs)


@cache
def _starts_at_word(pattern: re.Pattern[str]) -> bool:
    """Whether every match of ``pattern`` starts at a word boundary (it opens with ``\\b``).

    A head starting with a letter or digit then starts a word: the character
    before it is none.
    """
    try:
        ops = list(sre_parser.parse(pattern.pattern, pattern.flags).data)
    except (re.error, TypeError, ValueError):
        return False
    return bool(ops) and ops[0] == (sre_constants.AT, sre_constants.AT_BOUNDARY)


# Characters that IGNORECASE matches to an ASCII letter although their lower case is not
# that letter (dotted and dotless i, long s): a text holding one is searched ungated.
_FOLD_EXTRAS = ("\u0130", "\u0131", "\u017f")
_MAX_HEADS = 64  # more alternatives than this: keep the literal text before them only
_MAX_GATE = 8  # heads tested before a search of one short text
_ZERO_WIDTH = (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT)
_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, getattr(sre_constants, "POSSESSIVE_REPEAT", None))


@cache
def heads(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Literal strings one of which every match of ``pattern`` starts with, or ``None`` if unknown.

    Read off the parsed pattern: literal characters, groups, alternatives and
    optional parts, skipping what consumes nothing (``\\b``, ``^``, look-arounds);
    the first character class or wildcard ends a head. For an IGNORECASE pattern
    the heads are lower case and end before any non-ASCII character, so they are
    looked for in the lower-cased text (see :func:`_folded`). A text holding none
    of them cannot match. A head that is a prefix of another stands for both.
    """
    folded = bool(pattern.flags & re.IGNORECASE)
    try:
        found = _starts(list(sre_parser.parse(pattern.pattern, pattern.flags).data), folded)
    except (re.error, TypeError, ValueError, IndexError):  # an unexpected parse: no heads, search as before
        return None
    if "" in found:
        return None
    ordered = sorted(found)  # a head right after one of its prefixes is covered by it
    kept = [h for i, h in enumerate(ordered) if not any(h.startswith(k) for k in ordered[:i])]
    return tuple(kept)


def _starts(ops: list, folded: bool) -> set[str]:
    """The literal beginnings of every match of the parsed ``ops`` ("" where nothing is known)."""
    prefix: list[str] = []
    for i, (op, arg) in enumerate(ops):
        if op is sre_constants.LITERAL:
            ch = chr(arg)
            if folded:
                if not ch.isascii():
                    break
                ch = ch.lower()
            prefix.append(ch)
            continue
        if op in _ZERO_WIDTH:
            continue
        if op is sre_constants.SUBPATTERN and (arg[1] or arg[2]):  # flags changed inside: stop here
            break
        if op not in (sre_constants.SUBPATTERN, sre_constants.BRANCH, *_REPEATS):
            break
        tails = _tails(op, arg, ops[i + 1 :], folded)
        if len(tails) > _MAX_HEADS:  # too many ways on: this part's own beginnings only
            tails = _tails(op, arg, [], folded)
        if len(tails) > _MAX_HEADS:
            tails = {""}
        head = "".join(prefix)
        return {head + tail for tail in tails}
    return {"".join(prefix)}


def _tails(op: object, arg: tuple, rest: list, folded: bool) -> set[str]:
    """The literal beginnings of a group, alternation or repeat followed by ``rest``."""
    if op is sre_constants.SUBPATTERN:
        return _starts(list(arg[3].data) + rest, folded)
    if op is sre_constants.BRANCH:
        return set().union(*(_starts(list(branch.data) + rest, folded) for branch in arg[1]))
    low, high, sub = arg
    if high == 0:
        return _starts(rest, folded)
    # Once: what follows comes next. More than once: only the first repetition is known.
    tails = _starts(list(sub.data) + rest if high == 1 else list(sub.data), folded)
    if low == 0:
        tails |= _starts(rest, folded)
    return tails


@cache
def _gate(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """At most :data:`_MAX_GATE` of the pattern's heads, cut short where needed ("we " for 36 "we ..." heads).

    A cut head still begins every match it began, and a few ``in`` tests cost
    less than the search they save; many would cost more.
    """
    found = heads(pattern)
    if found is None:
        return None
    for length in range(max(map(len, found)), 0, -1):
        cut = sorted({head[:length] for head in found})
        cut = [h for i, h in enumerate(cut) if not any(h.startswith(k) for k in cut[:i])]
        if len(cut) <= _MAX_GATE:
            return tuple(cut)
    return None


@dataclass(frozen=True, slots=True)
class _Gated:
    """One pattern of a tuple :func:`any_match` searches, with what lets it search less."""

    pattern: re.Pattern[str]
    gate: tuple[str, ...] | None  # :func:`_gate`
    folded: bool  # IGNORECASE: its gate and twin look at the lower-cased text
    twin: re.Pattern[str] | None  # :func:`_twin`
    anchors: tuple[str, ...] | None  # every head, when the gate holds them all and there is a twin

    @classmethod
    def of(cls, pattern: re.Pattern[str]) -> _Gated:
        gate, twin = _gate(pattern), _twin(pattern)
        anchors = gate if twin is not None and gate is not None and gate == heads(pattern) else None
        return cls(pattern, gate, bool(pattern.flags & re.IGNORECASE), twin, anchors)


_GATED: dict[int, tuple[tuple[re.Pattern[str], ...], tuple[_Gated, ...]]] = {}  # id of a pattern tuple -> it, gated
_MAX_GATED = 256


def _gated(patterns: tuple[re.Pattern[str], ...]) -> tuple[_Gated, ...]:
    """Each pattern with its gate, twin and anchors (:class:`_Gated`), worked out once per tuple."""
    entry = _GATED.get(id(patterns))
    if entry is None or entry[0] is not patterns:
        if len(_GATED) >= _MAX_GATED:  # callers passing new tuples each time: keep memory bounded
            _GATED.clear()
        entry = _GATED[id(patterns)] = (patterns, tuple(_Gated.of(p) for p in patterns))
    return entry[1]


@cache
def _twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The IGNORECASE ``pattern`` without IGNORECASE, to search the lower-cased text; ``None`` if not exact.

    Exact when every character the pattern names is lower case or no letter, in
    ASCII (any character class such as ``\\w`` or ``\\s`` is the same for a
    character and its lower case): it then matches the lower-cased text (see
    :func:`_folded`) where the pattern matches the text, and about twice as fast.
    """
    if not pattern.flags & re.IGNORECASE:
        return None
    try:
        if not _case_free(list(sre_parser.parse(pattern.pattern, pattern.flags).data)):
            return None
        twin = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)
    except (re.error, TypeError, ValueError, IndexError):
        return None
    return None if twin.flags & re.IGNORECASE else twin


def _case_free(ops: list) -> bool:
    """Whether the parsed ``ops`` name no upper-case or non-ASCII character, nor anything else
    IGNORECASE reads differently (back-references, flags changed inside)."""
    for op, arg in ops:
        if op in (sre_constants.LITERAL, sre_constants.NOT_LITERAL):
            if not _lower_ascii(arg):
                return False
        elif op is sre_constants.IN:
            for kind, value in arg:
                if kind in (sre_constants.LITERAL, sre_constants.NOT_LITERAL):
                    if not _lower_ascii(value):
                        return False
                elif kind is sre_constants.RANGE:
                    low, high = value
                    if high > 0x7F or (low <= ord("Z") and high >= ord("A")):
                        return False
                elif kind not in (sre_constants.CATEGORY, sre_constants.NEGATE):
                    return False
        elif op in (sre_constants.ANY, sre_constants.AT, sre_constants.CATEGORY):
            continue
        elif op is sre_constants.SUBPATTERN:
            if arg[1] or arg[2] or not _case_free(list(arg[3].data)):
                return False
        elif op is sre_constants.BRANCH:
            if not all(_case_free(list(branch.data)) for branch in arg[1]):
                return False
        elif op in _REPEATS:
            if not _case_free(list(arg[2].data)):
                return False
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            if not _case_free(list(arg[1].data)):
                return False
        else:
            return False
    return True


def _lower_ascii(code: int) -> bool:
    ch = chr(code)
    return ch.isascii() and not ch.isupper()


def _folded(text: str) -> str | None:
    """``text`` lower-cased, for IGNORECASE patterns' heads and twins; ``None`` when those would not be exact.

    Lower-casing keeps every offset (only the dotted capital I lowers to two
    characters, and it is one of the characters that make the text unsafe).
    """
    if not text.isascii() and any(ch in text for ch in _FOLD_EXTRAS):
        return None
    return text.lower()


def any_match(patterns: tuple[re.Pattern[str], ...], text: str) -> re.Match[str] | None:
    """The first match of any of ``patterns`` in ``text``.

    A pattern none of whose :func:`heads` (cut short, :func:`_gate`) occurs in
    the text is not searched: it cannot match there. An IGNORECASE pattern with
    a :func:`_twin` is searched for by its twin in the lower-cased text, only
    at the places where its heads occur when they are few enough to know them
    all (:func:`_match_at_heads`); the match returned is the pattern's own, at
    the same place in ``text``.
    """
    low: str | None = None
    lowered = False
    for gated in _gated(patterns):
        pattern = gated.pattern
        if gated.folded and not lowered:
            low, lowered = _folded(text), True
        if gated.anchors is not None and low is not None:
            at = _match_at_heads(gated.twin, gated.anchors, low)  # type: ignore[arg-type]
            if at is None:
                continue
            return _same_match(pattern, text, at)
        if gated.gate is not None:
            haystack = low if gated.folded else text
            if haystack is not None:
                for head in gated.gate:
                    if head in haystack:
                        break
                else:
                    continue  # no head occurs: the pattern cannot match
        if gated.twin is not None and low is not None:
            at = gated.twin.search(low)
            if at is None:
                continue
            return _same_match(pattern, text, at)
        found = pattern.search(text)
        if found:
            return found
    return None


def _match_at_heads(pattern: re.Pattern[str], starts: tuple[str, ...], text: str) -> re.Match[str] | None:
    """``pattern.search(text)``, tried only where one of its heads ``starts`` occurs.

    Every match begins with one of them, so the first place among theirs where
    the pattern matches is where a search finds it. A turn of a few hundred
    characters holds a head a few times at most: finding them all and trying
    those places costs less than a search trying every position, and where no
    head occurs nothing is tried at all.
    """
    places = []
    for head in starts:
        at = text.find(head)
        while at != -1:
            places.append(at)
            at = text.find(head, at + 1)
    places.sort()
    for at in places:
        found = pattern.match(text, at)
        if found:
            return found
    return None


def _same_match(pattern: re.Pattern[str], text: str, twin_found: re.Match[str]) -> re.Match[str] | None:
    """The IGNORECASE ``pattern``'s own match in ``text`` where its twin matched the lower-cased text."""
    found = pattern.match(text, twin_found.start())
    return found if found is not None else pattern.search(text)


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


class ReplyTopics:
    """What :func:`categories_named` says of one text, worked out only as far as it is asked.

    ``names(slug)`` is ``slug in categories_named(text, seen)`` and ``names_any()``
    is ``bool(categories_named(text, seen))``: the checks need no more than
    whether a reply names the ask's category, or else any category at all.
    """

    def __init__(self, text: str, seen: dict[str, tuple[str, ...]]) -> None:
        self._index = _category_index()
        self._text = text
        self._low = lower_same_length(text)
        self._prefixes = word_prefixes(self._low, seen, self._index.words)
        self._named: dict[str, bool] = {}
        self._any: bool | None = None

    def names(self, slug: str | None) -> bool:
        """Whether the text names ``slug`` (a trigger occurs and survives vetoes and exclusions)."""
        if slug not in self._named:
            index, low, prefixes, text = self._index, self._low, self._prefixes, self._text
            triggered = any(p.found_in(low, prefixes, text) for p in index.triggers.get(slug, ()))  # type: ignore[arg-type]
            self._named[slug] = triggered and _counts(slug, index, low, prefixes, text)  # type: ignore[arg-type]
        return self._named[slug]

    def names_any(self) -> bool:
        """Whether the text names any category."""
        if self._any is None:
            self._any = self._find_any()
        return self._any

    def _find_any(self) -> bool:
        index, low, prefixes, text = self._index, self._low, self._prefixes, self._text
        if any(self._named.values()):
            return True
        candidates = [entry for key in prefixes & index.by_key.keys() for entry in index.by_key[key]]
        for slug, pattern in (*candidates, *index.always):
            if slug not in self._named and pattern.found_in(low, prefixes, text):
                self._named[slug] = _counts(slug, index, low, prefixes, text)
                if self._named[slug]:
                    return True
        return False


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
