"""Fast pattern lists: skip the regexes whose first word cannot be in the text.

Most trigger and cue patterns start with ``\\b`` and a word (or a choice of
words): ``\\b(?:we|i)(?:'ll| will)``. That first word is read off the parsed
pattern once, with the words that must follow a space later on ("we ... have");
a text is then reduced to the set of its word prefixes, and only patterns whose
first word and later words are all present get run. Patterns whose start
cannot be read this way (anchors, look-behinds, digits, optional first
words) always run, joined into one alternation.

Everything runs without ``re.IGNORECASE`` on lower-cased text (2-3x faster);
the few patterns that need case (a ``(?-i:...)`` group) run on the original.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import chain

# The gate itself lives beside the trigger data, so the layers below extraction (sides, checks) use it too.
from analyzer.catalogue.triggers import (  # noqa: F401 (re-exported)
    KEY_LENGTH,
    compile_patterns,
    first_words,
    later_words,
    lower_same_length,
    word_prefixes,
)

Span = tuple[int, int]


class PatternList:
    """One list of patterns, searched for its earliest match."""

    __slots__ = (
        "_always", "_by_key", "_by_keys", "_compiled", "_keyset", "_later", "_sources", "cased", "keys", "plain",
    )

    def __init__(self, patterns: tuple[str, ...], *, where: str, loosen: Callable[[str], str]) -> None:
        """Sort ``patterns`` into gated (compiled on first use) and always-run ones.

        ``loosen`` rewrites a pattern before compiling (spaces to whitespace runs).
        Syntax errors surface here, as a ``ConfigError`` naming ``where``.
        """
        self._sources: list[str] = []
        self._by_key: dict[str, list[int]] = {}
        self._later: list[tuple[frozenset[str], ...]] = []  # per gated pattern: words it needs later on
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
        # The always-run patterns, each with whether it reads the text as written (most lists have none).
        self._always = tuple((pattern, pattern is self.cased) for pattern in (self.plain, self.cased) if pattern)
        self._keyset = frozenset(self._by_key)
        self._by_keys: dict[frozenset[str], list[int]] = {}  # first words found -> their patterns, in order
        # Every word the gate looks for: first words, and the later words patterns need.
        self.keys = self._keyset.union(*(words for later in self._later for words in later))

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
                # A match starts with the first letter of one of its first words: the look-ahead
                # changes no match, and the engine gives up at once on every other position.
                starts = "".join(sorted({key[0] for key in keys}))
                self._sources.append(f"(?=[{starts}])(?:{source})")
                self._later.append(later_words(pattern))

    def candidates(self, prefixes: frozenset[str]) -> list[int]:
        """Gated patterns whose first word and needed later words are among a text's word ``prefixes``.

        In list order, which makes ties deterministic: at the same start the first listed
        pattern wins (a set's order would depend on the process's string hashes).
        """
        keys = self._keyset & prefixes
        if not keys:
            return []  # the common case: none of this list's first words is in the text
        found = self._by_keys.get(keys)
        if found is None:
            # The same few first words ("we", "i", "will") come together again and again.
            if len(self._by_keys) >= 1024:  # a bound: worst case a few MB a worker
                self._by_keys.clear()
            found = self._by_keys[keys] = sorted(set(chain.from_iterable(map(self._by_key.__getitem__, keys))))
        # Three in four patterns whose first word is there lack a later word ("we ... have"):
        # one set test each instead of a search of the text.
        later = self._later
        return [i for i in found if not later[i] or not any(map(prefixes.isdisjoint, later[i]))]

    def _pattern(self, index: int) -> re.Pattern[str]:
        compiled = self._compiled[index]
        if compiled is None:
            compiled = self._compiled[index] = re.compile(self._sources[index])
        return compiled

    def search(self, text: str, low: str, prefixes: frozenset[str], pos: int = 0) -> Span | None:
        """Span of the earliest match in ``text`` at or after ``pos``.

        ``low`` is ``text`` lower-cased and ``prefixes`` its word prefixes.

        At the same start the first pattern tried wins: gated ones in list order, then the
        always-run ones. A plain loop rather than a generator: this runs ~2,500 times a call.
        """
        best: Span | None = None
        for index in self.candidates(prefixes):
            found = (self._compiled[index] or self._pattern(index)).search(low, pos)
            if found and (best is None or found.start() < best[0]):
                best = found.span()
                if best[0] == pos:
                    return best  # nothing starts earlier
        for pattern, cased in self._always:
            found = pattern.search(text if cased else low, pos)
            if found and (best is None or found.start() < best[0]):
                best = found.span()
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
