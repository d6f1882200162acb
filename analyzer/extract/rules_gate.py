"""Fast pattern lists: skip the regexes whose first word cannot be in the text.

Most trigger and cue patterns start with ``\\b`` and a word (or a choice of
words): ``\\b(?:we|i)(?:'ll| will)``. That first word is read off the parsed
pattern once; a text is then reduced to the set of its word prefixes, and
only patterns whose first word is present get run. Patterns whose start
cannot be read this way (anchors, look-behinds, digits, optional first
words) always run, joined into one alternation.

Everything runs without ``re.IGNORECASE`` on lower-cased text (2-3x faster);
the few patterns that need case (a ``(?-i:...)`` group) run on the original.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parser  # type: ignore[attr-defined]

from analyzer.catalogue.triggers import compile_patterns

# First words are compared on at most this many letters ("integrat" -> "integr").
KEY_LENGTH = 6
_WORD = re.compile(r"[a-z0-9]+")
_DIGITS = frozenset("0123456789")  # a pattern starting with \d: any word starting with a digit
Span = tuple[int, int]


def lower_same_length(text: str) -> str:
    """``text`` lower-cased without moving any offset."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def word_prefixes(low: str, cache: dict[str, tuple[str, ...]]) -> frozenset[str]:
    """Every prefix (up to ``KEY_LENGTH`` letters) of every word in lower-cased ``low``.

    ``cache`` maps words already seen to their prefixes (calls share words).
    """
    out: set[str] = set()
    for word in set(_WORD.findall(low)):
        prefixes = cache.get(word)
        if prefixes is None:
            prefixes = cache[word] = tuple(word[:k] for k in range(1, min(len(word), KEY_LENGTH) + 1))
        out.update(prefixes)
    return frozenset(out)


def first_words(pattern: str) -> frozenset[str] | None:
    """The words one of which a match of ``pattern`` must start with, or ``None`` if unknown."""
    ops = list(sre_parser.parse(pattern, 0).data)
    while ops and ops[0][0] is sre_constants.ASSERT_NOT and ops[0][1][0] < 0:
        ops = ops[1:]  # a look-behind consumes nothing: "(?<!what )\bwe ..."
    if not ops or ops[0] != (sre_constants.AT, sre_constants.AT_BOUNDARY):
        return None  # only a word boundary guarantees the match starts a word
    return _first(ops[1:])


def _first(ops: list) -> frozenset[str] | None:
    if not ops:
        return None
    op, arg = ops[0]
    if op is sre_constants.LITERAL:
        run = []
        for next_op, next_arg in ops:
            ch = chr(next_arg) if next_op is sre_constants.LITERAL else ""
            if not (ch.isascii() and ch.isalnum()):
                break
            run.append(ch)
        return frozenset(["".join(run)[:KEY_LENGTH]]) if run else None
    if op is sre_constants.AT and arg is sre_constants.AT_BOUNDARY:
        return _first(ops[1:])
    if op is sre_constants.IN and arg == [(sre_constants.CATEGORY, sre_constants.CATEGORY_DIGIT)]:
        return _DIGITS
    if op is sre_constants.SUBPATTERN:
        return _first(list(arg[3].data) + ops[1:])
    if op is sre_constants.BRANCH:
        return _union(_first(list(branch.data) + ops[1:]) for branch in arg[1])
    if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and arg[0] in (0, 1):
        inner = _first(list(arg[2].data) + ops[1:])
        return _union([inner, _first(ops[1:])]) if arg[0] == 0 else inner
    return None


def _union(parts: Iterable[frozenset[str] | None]) -> frozenset[str] | None:
    out: set[str] = set()
    for part in parts:
        if part is None:
            return None
        out |= part
    return frozenset(out)


class PatternList:
    """One list of patterns, searched for its earliest match."""

    __slots__ = ("_by_key", "_compiled", "_keyset", "_sources", "cased", "plain")

    def __init__(self, patterns: tuple[str, ...], *, where: str, loosen: Callable[[str], str]) -> None:
        """Sort ``patterns`` into gated (compiled on first use) and always-run ones.

        ``loosen`` rewrites a pattern before compiling (spaces to whitespace runs).
        Syntax errors surface here, as a ``ConfigError`` naming ``where``.
        """
        self._sources: list[str] = []
        self._by_key: dict[str, list[int]] = {}
        ungated: list[str] = []
        cased: list[str] = []
        try:
            self._sort(patterns, loosen, ungated, cased)
            self.plain = re.compile("|".join(f"(?:{p})" for p in ungated)) if ungated else None
            self.cased = re.compile("|".join(f"(?:{p})" for p in cased), re.IGNORECASE) if cased else None
        except re.error:
            compile_patterns(patterns, where=where)  # raises ConfigError naming the bad pattern
            raise
        self._compiled: list[re.Pattern[str] | None] = [None] * len(self._sources)
        self._keyset = frozenset(self._by_key)

    def _sort(self, patterns: tuple[str, ...], loosen: Callable[[str], str], ungated: list[str],
              cased: list[str]) -> None:
        for pattern in patterns:
            source = loosen(pattern)
            keys = None if "(?-i:" in pattern else first_words(pattern)  # parsing checks the syntax
            if "(?-i:" in pattern:
                cased.append(source)
            elif keys is None:
                ungated.append(source)
            else:
                for key in keys:
                    self._by_key.setdefault(key, []).append(len(self._sources))
                self._sources.append(source)

    def candidates(self, prefixes: frozenset[str]) -> set[int]:
        """Gated patterns whose first word is among a text's word ``prefixes``."""
        return {i for key in self._keyset & prefixes for i in self._by_key[key]}

    def _pattern(self, index: int) -> re.Pattern[str]:
        compiled = self._compiled[index]
        if compiled is None:
            compiled = self._compiled[index] = re.compile(self._sources[index])
        return compiled

    def search(self, text: str, low: str, prefixes: frozenset[str]) -> Span | None:
        """Span of the earliest match in ``text`` (``low`` lower-cased, ``prefixes`` its word prefixes)."""
        best: Span | None = None
        for found in self._matches(text, low, self.candidates(prefixes)):
            if best is None or found[0] < best[0]:
                best = found
        return best

    def spans(self, text: str, low: str, prefixes: frozenset[str]) -> list[Span]:
        """Spans of every match of every pattern (they may overlap), by start."""
        out: list[Span] = []
        for index in self.candidates(prefixes):
            out.extend(m.span() for m in self._pattern(index).finditer(low))
        if self.plain:
            out.extend(m.span() for m in self.plain.finditer(low))
        if self.cased:
            out.extend(m.span() for m in self.cased.finditer(text))
        return sorted(out)

    def _matches(self, text: str, low: str, candidates: Iterable[int]) -> Iterable[Span]:
        for index in candidates:
            found = self._pattern(index).search(low)
            if found:
                yield found.span()
        if self.plain and (found := self.plain.search(low)):
            yield found.span()
        if self.cased and (found := self.cased.search(text)):
            yield found.span()
