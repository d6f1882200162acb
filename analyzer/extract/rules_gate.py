"""Fast pattern lists: skip the regexes whose first word cannot be in the text.

Most trigger and cue patterns start with ``\\b`` and a word (or a choice of
words): ``\\b(?:we|i)(?:'ll| will)``. That first word is read off the parsed
pattern once, with the words that must follow a space later on ("we ... have");
a text is then reduced to the set of its word prefixes, and only patterns whose
first word and later words are all present get run. Patterns whose start
cannot be read this way (anchors, look-behinds, digits, optional first
words) run joined into one alternation, leaving out those whose later words
are missing.

Everything runs without ``re.IGNORECASE`` on lower-cased text (2-3x faster);
the few patterns that need case (a ``(?-i:...)`` group) run on the original.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class _Unread:
    """A pattern not gated by its first word: it runs joined with the others like it."""

    source: str
    cased: bool  # has a case-sensitive part: searched in the text as written, case-insensitively
    keys: frozenset[str] | None  # first words, when readable (a cased pattern's may be)
    later: tuple[frozenset[str], ...]  # words the match needs further on, one of each set

    def may_match(self, prefixes: frozenset[str]) -> bool:
        """Whether the words the pattern needs are among a text's word ``prefixes``."""
        if self.keys is not None and self.keys.isdisjoint(prefixes):
            return False
        return not any(map(prefixes.isdisjoint, self.later))


class PatternList:
    """One list of patterns, searched for its earliest match."""

    __slots__ = (
        "_alternations", "_by_key", "_by_keys", "_compiled", "_keyset", "_later", "_sources", "_unread", "keys",
    )

    def __init__(self, patterns: tuple[str, ...], *, where: str, loosen: Callable[[str], str]) -> None:
        """Sort ``patterns`` into gated (compiled on first use) and joined ones.

        ``loosen`` rewrites a pattern before compiling (spaces to whitespace runs).
        Syntax errors surface here, as a ``ConfigError`` naming ``where``.
        """
        self._sources: list[str] = []
        self._by_key: dict[str, list[int]] = {}
        self._later: list[tuple[frozenset[str], ...]] = []  # per gated pattern: words it needs later on
        unread: list[_Unread] = []
        # Joined patterns, by which of them a text's words leave open -> (alternation, reads the text as written).
        self._alternations: dict[tuple[int, ...], tuple[tuple[re.Pattern[str], bool], ...]] = {}
        try:
            self._sort(patterns, loosen, unread)
            self._unread = tuple(unread)
            self._alternation(tuple(range(len(unread))))  # compiles every joined pattern once
        except re.error:
            compile_patterns(patterns, where=where)  # raises ConfigError naming the bad pattern
            raise
        self._compiled: list[re.Pattern[str] | None] = [None] * len(self._sources)
        self._keyset = frozenset(self._by_key)
        self._by_keys: dict[frozenset[str], list[int]] = {}  # first words found -> their patterns, in order
        # Every word the gate looks for: first words, and the later words patterns need.
        self.keys = self._keyset.union(
            *(words for later in self._later for words in later),
            *(u.keys or () for u in unread), *(words for u in unread for words in u.later),
        )

    def _sort(self, patterns: tuple[str, ...], loosen: Callable[[str], str], unread: list[_Unread]) -> None:
        for pattern in patterns:
            source = loosen(pattern)
            cased = "(?-i:" in pattern
            keys = first_words(pattern)  # parsing checks the syntax
            if cased or keys is None:
                later = later_words(pattern)
                if cased:  # its words outside the case-sensitive part match in any case
                    keys = frozenset(key.lower() for key in keys) if keys is not None else None
                    later = tuple(frozenset(word.lower() for word in words) for words in later)
                unread.append(_Unread(source, cased, keys, later))
                continue
            for key in keys:
                self._by_key.setdefault(key, []).append(len(self._sources))
            # A match starts with the first letter of one of its first words: the look-ahead
            # changes no match, and the engine gives up at once on every other position.
            starts = "".join(sorted({key[0] for key in keys}))
            self._sources.append(f"(?=[{starts}])(?:{source})")
            self._later.append(later_words(pattern))

    @property
    def first_words(self) -> frozenset[str]:
        """The first words of the gated patterns."""
        return self._keyset

    def _joined(self, prefixes: frozenset[str]) -> tuple[tuple[re.Pattern[str], bool], ...]:
        """The alternations to run on a text: joined patterns whose needed words it has, in list order.

        Leaving out a pattern that cannot match changes no match of the alternation.
        """
        if not self._unread:
            return ()
        open_ = tuple(i for i, pattern in enumerate(self._unread) if pattern.may_match(prefixes))
        joined = self._alternations.get(open_)
        return joined if joined is not None else self._alternation(open_)

    def _alternation(self, open_: tuple[int, ...]) -> tuple[tuple[re.Pattern[str], bool], ...]:
        plain = [self._unread[i].source for i in open_ if not self._unread[i].cased]
        cased = [self._unread[i].source for i in open_ if self._unread[i].cased]
        joined = tuple(
            (re.compile("|".join(f"(?:{p})" for p in sources), re.IGNORECASE if as_written else 0), as_written)
            for sources, as_written in ((plain, False), (cased, True)) if sources
        )
        self._alternations[open_] = joined
        return joined

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
        joined ones. A plain loop rather than a generator: this runs ~2,500 times a call.
        """
        best: Span | None = None
        for index in self.candidates(prefixes):
            found = (self._compiled[index] or self._pattern(index)).search(low, pos)
            if found and (best is None or found.start() < best[0]):
                best = found.span()
                if best[0] == pos:
                    return best  # nothing starts earlier
        for pattern, as_written in self._joined(prefixes):
            found = pattern.search(text if as_written else low, pos)
            if found and (best is None or found.start() < best[0]):
                best = found.span()
        return best

    def spans(self, text: str, low: str, prefixes: frozenset[str]) -> list[Span]:
        """Spans of every match of every pattern (they may overlap), by start."""
        out: list[Span] = []
        for index in self.candidates(prefixes):
            out.extend(m.span() for m in self._pattern(index).finditer(low))
        for pattern, as_written in self._joined(prefixes):
            out.extend(m.span() for m in pattern.finditer(text if as_written else low))
        return sorted(out)
