"""Fast pattern lists: skip the regexes whose first word cannot be in the text.

Most trigger and cue patterns start with ``\\b`` and a word (or a choice of
words): ``\\b(?:we|i)(?:'ll| will)``. That first word is read off the parsed
pattern once, with the words that must follow a space later on ("we ... have");
a text is then reduced to its word prefixes, and only patterns whose
first word and later words are all present get run. Patterns whose start
cannot be read this way (anchors, look-behinds, digits, optional first
words) run joined into one alternation, leaving out those whose later words
are missing.

The word prefixes the gates look for are numbered (:class:`WordBits`): a text's
prefixes are one int, and which patterns it leaves open depends only on the
bits a list looks for, so that is one ``&`` and one look-up per search.

Everything runs without ``re.IGNORECASE`` on lower-cased text (2-3x faster);
the few patterns that need case (a ``(?-i:...)`` group) run on the original.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import reduce
from operator import or_

# The gate itself lives beside the trigger data, so the layers below extraction (sides, checks) use it too.
from analyzer.catalogue.triggers import (  # noqa: F401 (re-exported)
    KEY_LENGTH,
    compile_patterns,
    first_words,
    later_words,
    led_by_first_letters,
    lower_same_length,
    word_prefixes,
)

Span = tuple[int, int]
# What runs on a text: gated pattern indices, in list order, and the alternations of joined ones.
_Gate = tuple[tuple[int, ...], tuple[tuple[re.Pattern[str], bool], ...]]
_WORD = re.compile(r"[a-z0-9]+")  # a word of lower-cased text, as :func:`word_prefixes` reads it
# The same words of lower-cased ASCII text: everything else made a space, then split (a third faster).
_NOT_WORD = str.maketrans({c: " " for c in range(128) if not (chr(c).isalnum() and not chr(c).isupper())})
# A gated pattern starts a word: at the start of the text or right after a character that cannot be
# part of a word. Led by that character, the pattern opens with a character class, which the engine
# scans for in C instead of entering the pattern at every position (a quarter less searching). It reads
# the text behind one space (``" " + low``), so that a match at the very start has a character before
# it too, and then starts where the match starts in ``low``. The class is ASCII: a letter of another
# script it lets through is turned down by the word boundary the pattern opens with. A pattern with a
# look-behind is searched in ``low`` as it is: behind the space, its look-behind might read the space.
_BEFORE_WORD = "[^0-9_a-z]"


def _bits_of(bits: int) -> Iterator[int]:
    """Each bit set in ``bits``, as an int of its own, lowest first."""
    while bits:
        bit = bits & -bits
        yield bit
        bits ^= bit


def _one_bit(bits: int) -> bool:
    """Whether ``bits`` has exactly one bit set (zero has none: a group no word can meet stays a group)."""
    return bits != 0 and not bits & (bits - 1)


def _later_test(later: tuple[int, ...]) -> tuple[int, tuple[int, ...]]:
    """The later words a pattern needs (bits, one of each group), in the cheapest form to test.

    The words that have no alternative are all needed (one mask comparison); the
    groups that have alternatives need any one word each.
    """
    return reduce(or_, (b for b in later if _one_bit(b)), 0), tuple(b for b in later if not _one_bit(b))


class WordBits:
    """One bit for each word prefix some gate looks for; a text's prefixes as an int of those bits.

    Pattern lists that share one ``WordBits`` read the same int of a text.
    """

    __slots__ = ("_bits", "_words")

    def __init__(self) -> None:
        self._bits: dict[str, int] = {}
        self._words: dict[str, int] = {}  # a word of a text -> the bits of its prefixes (words recur)

    def of(self, words: Iterable[str]) -> int:
        """The bits of ``words`` (gate words, at most ``KEY_LENGTH`` letters), numbering new ones."""
        mask = 0
        for word in words:
            bit = self._bits.get(word)
            if bit is None:
                bit = self._bits[word] = 1 << len(self._bits)
                self._words.clear()  # a word already read may have this new prefix
            mask |= bit
        return mask

    def of_text(self, low: str) -> int:
        """The bits of every prefix (up to ``KEY_LENGTH`` letters) of every word in lower-cased ``low``.

        The same prefixes as :func:`word_prefixes`, cut down to those some gate looks for.
        """
        words = set(low.translate(_NOT_WORD).split() if low.isascii() else _WORD.findall(low))
        for word in words.difference(self._words):
            self._words[word] = self._prefix_bits(word)
        # Looked up and or-ed without a Python loop per word.
        return reduce(or_, map(self._words.__getitem__, words), 0)

    def _prefix_bits(self, word: str) -> int:
        bits = self._bits
        return reduce(or_, (bits.get(word[:k], 0) for k in range(1, min(len(word), KEY_LENGTH) + 1)), 0)


@dataclass(frozen=True, slots=True)
class _Unread:
    """A pattern not gated by its first word: it runs joined with the others like it."""

    source: str
    cased: bool  # has a case-sensitive part: searched in the text as written, case-insensitively
    keys: int | None  # bits of its first words, when readable (a cased pattern's may be)
    every: int  # bits of the later words it needs, all of them (see :func:`_later_test`)
    groups: tuple[int, ...]  # bits of the later word groups it needs, one word of each

    def may_match(self, words: int) -> bool:
        """Whether the words the pattern needs are among a text's word prefix bits ``words``."""
        if self.keys is not None and not words & self.keys:
            return False
        return words & self.every == self.every and all(words & group for group in self.groups)


class PatternList:
    """One list of patterns, searched for its earliest match."""

    __slots__ = (
        "_alternations", "_behind", "_by_first", "_compiled", "_firsts", "_gates", "_led", "_sources", "_tests",
        "_unread", "bits", "mask",
    )

    def __init__(
        self, patterns: tuple[str, ...], *, where: str, loosen: Callable[[str], str], bits: WordBits | None = None,
    ) -> None:
        """Sort ``patterns`` into gated (compiled on first use) and joined ones.

        ``loosen`` rewrites a pattern before compiling (spaces to whitespace runs).
        ``bits`` numbers the gate words (share one between lists searched in the same texts).
        Syntax errors surface here, as a ``ConfigError`` naming ``where``.
        """
        self.bits = bits if bits is not None else WordBits()
        self._sources: list[str] = []
        behind: set[int] = set()  # gated patterns with a look-behind
        # Per gated pattern, the words it needs: first-word bits, then the later words (see :func:`_later_test`).
        tests: list[tuple[int, int, tuple[int, ...]]] = []
        unread: list[_Unread] = []
        # Joined patterns, by which of them a text's words leave open -> (alternation, reads the text as written).
        self._alternations: dict[tuple[int, ...], tuple[tuple[re.Pattern[str], bool], ...]] = {}
        try:
            self._sort(patterns, loosen, tests, unread, behind)
            self._tests = tuple(tests)
            self._unread = tuple(unread)
            self._alternation(tuple(range(len(unread))))  # compiles every joined pattern once
        except re.error:
            compile_patterns(patterns, where=where)  # raises ConfigError naming the bad pattern
            raise
        self._compiled: list[re.Pattern[str] | None] = [None] * len(self._sources)
        self._led: list[re.Pattern[str] | None] = [None] * len(self._sources)  # led by _BEFORE_WORD, but see _behind
        self._behind = frozenset(behind)
        # Each first word's bit -> the gated patterns that may start with it, in list order.
        by_first: dict[int, list[int]] = {}
        for index, (first, _, _) in enumerate(tests):
            for bit in _bits_of(first):
                by_first.setdefault(bit, []).append(index)
        self._by_first = {bit: tuple(indices) for bit, indices in by_first.items()}
        self._firsts = reduce(or_, self._by_first, 0)
        # Every word the gate looks for: first words, and the later words patterns need.
        self.mask = reduce(or_, (*(first | every for first, every, _ in tests), *(b for *_, gs in tests for b in gs),
                                 *((u.keys or 0) | u.every for u in unread), *(b for u in unread for b in u.groups)), 0)
        # The bits of ``mask`` a text has -> what runs on it.
        self._gates: dict[int, _Gate] = {}

    def _sort(self, patterns: tuple[str, ...], loosen: Callable[[str], str],
              tests: list[tuple[int, int, tuple[int, ...]]], unread: list[_Unread], behind: set[int]) -> None:
        bits = self.bits.of
        for pattern in patterns:
            source = loosen(pattern)
            cased = "(?-i:" in pattern
            keys = first_words(pattern)  # parsing checks the syntax
            later = later_words(pattern)
            if cased or keys is None:
                if cased:  # its words outside the case-sensitive part match in any case
                    keys = frozenset(key.lower() for key in keys) if keys is not None else None
                    later = tuple(frozenset(word.lower() for word in words) for words in later)
                unread.append(_Unread(source, cased, bits(keys) if keys is not None else None,
                                      *_later_test(tuple(map(bits, later)))))
                continue
            if "(?<" in source:
                behind.add(len(self._sources))
            self._sources.append(led_by_first_letters(source, keys))
            tests.append((bits(keys), *_later_test(tuple(map(bits, later)))))

    def _gate(self, words: int) -> _Gate:
        """What to run on a text with word prefix bits ``words``: gated candidates and joined alternations.

        Both depend only on which of the list's gate words the text has, and the same few
        ("we", "will", "integr") come together again and again: one ``&`` and one look-up
        replace a test of every pattern's words per search.
        """
        present = words & self.mask
        gate = self._gates.get(present)
        if gate is None:
            if len(self._gates) >= 512:  # a bound: ~230 bytes an entry, a few MB a worker at worst
                self._gates.clear()
            gate = self._gates[present] = (self._candidates(present), self._joined(present))
        return gate

    def _joined(self, words: int) -> tuple[tuple[re.Pattern[str], bool], ...]:
        """The alternations to run on a text: joined patterns whose needed words it has, in list order.

        Leaving out a pattern that cannot match changes no match of the alternation.
        """
        if not self._unread:
            return ()
        open_ = tuple(i for i, pattern in enumerate(self._unread) if pattern.may_match(words))
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

    def _candidates(self, words: int) -> tuple[int, ...]:
        """Gated patterns whose first word and needed later words are among a text's word prefix bits.

        In list order, which makes ties deterministic: at the same start the first listed
        pattern wins. The test is :meth:`_Unread.may_match`'s, written out: this runs for
        every new set of words (a few hundred a call). Only the patterns that start with one
        of the text's words are tested: a text holds a few of a list's first words, and
        testing every pattern's was most of the work.
        """
        opened: set[int] = set()
        for bit in _bits_of(words & self._firsts):
            opened.update(self._by_first[bit])
        candidates = []
        for index in sorted(opened):
            _, every, groups = self._tests[index]
            if words & every == every and (not groups or all(words & group for group in groups)):
                candidates.append(index)
        return tuple(candidates)

    def _pattern(self, index: int) -> re.Pattern[str]:
        compiled = self._compiled[index]
        if compiled is None:
            compiled = self._compiled[index] = re.compile(self._sources[index])
        return compiled

    def _led_pattern(self, index: int) -> re.Pattern[str]:
        compiled = self._led[index]
        if compiled is None:
            source = self._sources[index]
            compiled = self._pattern(index) if index in self._behind else re.compile(_BEFORE_WORD + source)
            self._led[index] = compiled
        return compiled

    def search(self, text: str, low: str, words: int, pos: int = 0, spaced: str | None = None) -> Span | None:
        """Span of the earliest match in ``text`` at or after ``pos``.

        ``low`` is ``text`` lower-cased and ``words`` its word prefix bits (``self.bits.of_text(low)``);
        ``spaced`` is ``" " + low``, if the caller has it (see ``_BEFORE_WORD``).

        At the same start the first pattern tried wins: gated ones in list order, then the
        joined ones. A plain loop rather than a generator: this runs ~2,500 times a call.
        """
        best: Span | None = None
        gated, joined = self._gates.get(words & self.mask) or self._gate(words)  # a call less when known
        if gated:
            spaced = spaced if spaced is not None else " " + low
            behind = self._behind
            for index in gated:
                pattern = self._led[index] or self._led_pattern(index)
                if behind and index in behind:
                    found, gap = pattern.search(low, pos), 0
                else:
                    found, gap = pattern.search(spaced, pos), 1  # starts where the match in ``low`` does
                if found and (best is None or found.start() < best[0]):
                    best = (found.start(), found.end() - gap)
                    if best[0] == pos:
                        return best  # nothing starts earlier
        for pattern, as_written in joined:
            found = pattern.search(text if as_written else low, pos)
            if found and (best is None or found.start() < best[0]):
                best = found.span()
        return best

    def occurs(self, text: str, low: str, words: int, spaced: str | None = None) -> bool:
        """Whether any pattern matches ``text``: :meth:`search` that stops at the first one found."""
        gated, joined = self._gates.get(words & self.mask) or self._gate(words)
        if gated:
            spaced = spaced if spaced is not None else " " + low
            behind = self._behind
            for index in gated:
                pattern = self._led[index] or self._led_pattern(index)
                if pattern.search(low if behind and index in behind else spaced):
                    return True
        return any(pattern.search(text if as_written else low) for pattern, as_written in joined)

    def spans(self, text: str, low: str, words: int) -> list[Span]:
        """Spans of every match of every pattern (they may overlap), by start."""
        out: list[Span] = []
        gated, joined = self._gate(words)
        for index in gated:
            out.extend(m.span() for m in self._pattern(index).finditer(low))
        for pattern, as_written in joined:
            out.extend(m.span() for m in pattern.finditer(text if as_written else low))
        return sorted(out)
