"""How people talk about hidden work: the trigger data in ``triggers.toml``.

The TOML holds, per category, regular expressions for the ways customers and
sellers say it, plus shared cue lists (commitment, negation, hypothetical,
small talk, due phrases, ...). ``{{name}}`` in a pattern expands to the
alternation of ``vocab.name``. Loading is explicit and cached; compiling is
left to the caller (the rules backend compiles once per instance).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import chain
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parser  # type: ignore[attr-defined]

from analyzer.catalogue import SLUGS, read_data
from analyzer.errors import ConfigError

_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")

# Cue lists the rules backend relies on; a missing one is a data error.
CUE_NAMES: tuple[str, ...] = (
    "commitment", "price", "implicit", "minimizer", "negation", "hypothetical", "smalltalk",
    "satisfaction", "other_customers", "roi", "sales_admin", "compliance_artifact", "hedge",
    "dated_answer", "answer_behaviour", "pleasantry", "narration", "puffery", "disengaged", "customer_work", "need",
    "affirmation", "capability_question", "offer_question", "future", "self_denial",
    "self_question", "advised_against", "offer", "declined", "tour", "tour_question", "small_talk", "condition",
    "signing_condition",
)

SIDE_CUE_NAMES: tuple[str, ...] = (
    "seller_roles", "customer_roles", "seller_titles", "customer_titles", "seller_talk", "customer_talk",
)


@dataclass(frozen=True, slots=True)
class CategoryTriggers:
    """The phrasings of one category.

    ``patterns`` fire; a match overlapping an ``exclude`` stretch does not
    count ("my mobile died"); a ``veto`` anywhere in the sentence rules the
    category out there (custom fields that live in the customer's CRM).
    """

    slug: str
    patterns: tuple[str, ...]
    exclude: tuple[str, ...]
    veto: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TriggerData:
    """Every trigger and cue pattern, with ``{{vocab}}`` placeholders already expanded."""

    categories: dict[str, CategoryTriggers]
    cues: dict[str, tuple[str, ...]]
    due: tuple[str, ...]
    sides: dict[str, tuple[str, ...]]


def expand(pattern: str, vocab: dict[str, list[str]]) -> str:
    """``pattern`` with each ``{{name}}`` replaced by the alternation of ``vocab[name]``."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in vocab:
            raise ConfigError(f"triggers.toml: pattern {pattern!r} uses unknown vocab {{{{{name}}}}}")
        return "(?:" + "|".join(vocab[name]) + ")"

    return _PLACEHOLDER.sub(one, pattern)


def _expand_all(patterns: list[str], vocab: dict[str, list[str]]) -> tuple[str, ...]:
    return tuple(expand(p, vocab) for p in patterns)


@cache
def load_triggers() -> TriggerData:
    """Parse ``triggers.toml`` and check that it covers every category and cue list."""
    data = read_data("triggers.toml")
    vocab: dict[str, list[str]] = data.get("vocab", {})
    raw_categories = data.get("categories", {})
    missing = [slug for slug in SLUGS if slug not in raw_categories]
    unknown = [slug for slug in raw_categories if slug not in SLUGS]
    if missing or unknown:
        raise ConfigError(f"triggers.toml: categories missing {missing}, unknown {unknown}")
    cues = data.get("cues", {})
    missing_cues = [name for name in CUE_NAMES if name not in cues]
    missing_cues += [f"sides.{name}" for name in SIDE_CUE_NAMES if name not in data.get("sides", {})]
    if missing_cues:
        raise ConfigError(f"triggers.toml: cue lists missing: {missing_cues}")
    return TriggerData(
        categories={
            slug: CategoryTriggers(
                slug=slug,
                patterns=_expand_all(raw_categories[slug].get("patterns", []), vocab),
                exclude=_expand_all(raw_categories[slug].get("exclude", []), vocab),
                veto=_expand_all(raw_categories[slug].get("veto", []), vocab),
            )
            for slug in SLUGS
        },
        cues={name: _expand_all(patterns, vocab) for name, patterns in cues.items()},
        due=_expand_all(data.get("due", {}).get("patterns", []), vocab),
        sides={name: _expand_all(patterns, vocab) for name, patterns in data.get("sides", {}).items()},
    )


def compile_patterns(patterns: tuple[str, ...], *, where: str) -> tuple[re.Pattern[str], ...]:
    """Compile ``patterns`` case-insensitively; a bad one is a ``ConfigError`` naming ``where``."""
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern, re.IGNORECASE))
        except re.error as err:
            raise ConfigError(f"triggers.toml: {where}: bad pattern {pattern!r}: {err}") from err
    return tuple(compiled)


# The gate: skip a pattern whose first word is not in the text (used by the rules, sides and checks).
# First words are compared on at most this many letters ("integrat" -> "integr").
KEY_LENGTH = 6
_WORD = re.compile(r"[a-z0-9]+")
_DIGITS = frozenset("0123456789")  # a pattern starting with \d: any word starting with a digit (ASCII only)


def lower_same_length(text: str) -> str:
    """``text`` lower-cased without moving any offset."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def word_prefixes(low: str, cache: dict[str, tuple[str, ...]], keys: frozenset[str] | None = None) -> frozenset[str]:
    """Every prefix (up to ``KEY_LENGTH`` letters) of every word in lower-cased ``low``.

    ``cache`` maps words already seen to their prefixes (calls share words).
    With ``keys`` (the first words of every gated pattern) only those prefixes
    are kept: no other prefix can open a gate, and the smaller sets are faster
    to build and to intersect. A ``cache`` must always be used with the same ``keys``.
    """
    words = set(_WORD.findall(low))
    for word in words.difference(cache):
        cache[word] = tuple(
            prefix for prefix in (word[:k] for k in range(1, min(len(word), KEY_LENGTH) + 1))
            if keys is None or prefix in keys
        )
    # Looked up and chained without a Python loop per word (a third faster).
    return frozenset(chain.from_iterable(map(cache.__getitem__, words)))


@dataclass(frozen=True, slots=True)
class GatedPattern:
    """One pattern, searched only when the words it needs are among a text's word prefixes.

    Most patterns are absent from most texts: a set test of their first word
    (and of the words they need further on) is far cheaper than the regex.
    """

    keys: frozenset[str] | None  # one of these starts the match; None: cannot be read off, always search
    later: tuple[frozenset[str], ...]  # words the match needs further on, one of each set
    pattern: re.Pattern[str]
    cased: bool = False  # has a case-sensitive part: searched in the text as written, case-insensitively

    @classmethod
    def of(cls, pattern: str) -> GatedPattern:
        """``pattern`` (written in lower case) compiled with its gate, to search lower-cased text.

        Without IGNORECASE on lower-cased text a search is two to three times
        faster and finds the same matches. A pattern with a case-sensitive part
        (``(?-i:IT)``) is searched in the text as written, case-insensitively,
        and never gated: its words may be upper case.
        """
        if "(?-i:" in pattern:
            return cls(None, (), re.compile(pattern, re.IGNORECASE), cased=True)
        keys, later = first_words(pattern), later_words(pattern)
        if keys is not None:
            pattern = led_by_first_letters(pattern, keys)
        return cls(keys, later, re.compile(pattern))

    @property
    def words(self) -> frozenset[str]:
        """Every word prefix the gate looks for (for :func:`word_prefixes`' ``keys``)."""
        return frozenset().union(self.keys or (), *self.later)

    def found_in(self, low: str, prefixes: frozenset[str], text: str | None = None) -> bool:
        """Whether the pattern occurs: ``low`` is the text lower-cased (``text`` as written, if it differs),
        ``prefixes`` the prefixes of its words."""
        if self.cased:
            return self.pattern.search(text if text is not None else low) is not None
        if self.keys is not None and self.keys.isdisjoint(prefixes):
            return False
        if any(words.isdisjoint(prefixes) for words in self.later):
            return False  # "we (integrate|offer|...)" with none of those words in the text
        return self.pattern.search(low) is not None

    def spans_in(self, low: str, prefixes: frozenset[str], text: str | None = None) -> list[tuple[int, int]]:
        """Every match's span, read as :meth:`found_in` reads the text (empty when the gate rules it out)."""
        if not self.cased and not self.found_in(low, prefixes):
            return []
        return [m.span() for m in self.pattern.finditer(text if self.cased and text is not None else low)]


def first_letters(keys: frozenset[str]) -> str:
    """The letters the first words ``keys`` start with, sorted: a character set's contents."""
    return "".join(sorted({key[0] for key in keys}))


def led_by_first_letters(pattern: str, keys: frozenset[str]) -> str:
    """``pattern`` behind a look-ahead for the first letters of its first words ``keys``.

    A match starts with one of them, so the look-ahead changes no match; the engine
    gives up at once on every other position instead of entering the whole pattern.
    """
    return f"(?=[{first_letters(keys)}])(?:{pattern})"


def led_by_its_first_letters(pattern: str) -> str:
    """``pattern`` behind a look-ahead for the first letters of its first words, when those are known."""
    keys = first_words(pattern)
    return pattern if keys is None else led_by_first_letters(pattern, keys)


def first_words(pattern: str) -> frozenset[str] | None:
    """The words one of which a match of ``pattern`` must start with, or ``None`` if unknown."""
    return _gate_words(pattern)[0]


def later_words(pattern: str) -> tuple[frozenset[str], ...]:
    """For each later word of ``pattern`` after a separator: the words one of which must be there.

    "\\b(?:plus|and) we (?:also )?have\\b" needs "we" and "also" or "have" as well as its
    first word. Only separators at the top level count (every match has them): a
    space, a dash, any character that cannot be part of a word, so what follows
    starts a word of the text. A pattern whose first word is in a text but a later
    word is not cannot match, so it need not run.
    """
    return _gate_words(pattern)[1]


@cache
def _gate_words(pattern: str) -> tuple[frozenset[str] | None, tuple[frozenset[str], ...]]:
    """:func:`first_words` and :func:`later_words` of ``pattern``, from one parse.

    Parsing is most of the cost of building the rules backend, and the rules, the
    sides and the checks ask about the same thousand patterns (a worker forked
    from the CLI inherits the answers). Both results are immutable; a bad pattern
    raises ``re.error`` every time (exceptions are not cached).
    """
    ops = list(sre_parser.parse(pattern, 0).data)
    return _first_words(ops), _later_words(ops)


def _first_words(ops: list) -> frozenset[str] | None:
    while ops and ops[0][0] is sre_constants.ASSERT_NOT and ops[0][1][0] < 0:
        ops = ops[1:]  # a look-behind consumes nothing: "(?<!what )\bwe ..."
    if not ops or ops[0] != (sre_constants.AT, sre_constants.AT_BOUNDARY):
        return None  # only a word boundary guarantees the match starts a word
    return _first(ops[1:])


def _later_words(ops: list) -> tuple[frozenset[str], ...]:
    out = []
    for j, (op, arg) in enumerate(ops):
        if _is_separator(op, arg) or _words_then_separator(ops, j):
            words = _first(ops[j + 1 :])
            if words is not None:
                out.append(words)
    return tuple(out)


def _words_then_separator(ops: list, j: int) -> bool:
    """Whether ``ops[j]`` is a run of any words, each with its separator after it, as in
    "the (?:\\w+ ){0,2}report": what follows it starts a word of the text.

    So "report" gates the pattern, not only "the". With no repetition the separator
    before the run must be there instead.
    """
    op, arg = ops[j]
    if op not in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
        return False
    body = list(arg[2].data)
    if not body or not _is_separator(*body[-1]):
        return False
    return arg[0] >= 1 or (j > 0 and _is_separator(*ops[j - 1]))


def reach_before_end(pattern: str) -> int | None:
    """The longest match of ``pattern`` without its closing ``\\W*$``, when the pattern ends that way."""
    parsed = sre_parser.parse(pattern, re.IGNORECASE)
    ops = list(parsed.data)
    if len(ops) < 2 or ops[-1] != (sre_constants.AT, sre_constants.AT_END) or not _any_non_words(*ops[-2]):
        return None  # a top-level "a|b\\W*$" is one BRANCH op, so it never gets here
    return sre_parser.SubPattern(parsed.state, ops[:-2]).getwidth()[1]


def _any_non_words(op: object, arg: object) -> bool:
    """Whether one parsed op is ``\\W*``."""
    not_word = [(sre_constants.IN, [(sre_constants.CATEGORY, sre_constants.CATEGORY_NOT_WORD)])]
    return op is sre_constants.MAX_REPEAT and arg[0] == 0 and list(arg[2].data) == not_word  # type: ignore[index]


def _is_separator(op: object, arg: object) -> bool:
    """Whether ``op`` always matches one or more characters that are not letters or digits."""
    if op is sre_constants.LITERAL:
        return not _word_char(arg)  # type: ignore[arg-type]
    if op is sre_constants.IN:
        return all(
            (kind is sre_constants.LITERAL and not _word_char(value))
            or (kind is sre_constants.CATEGORY and value is sre_constants.CATEGORY_SPACE)
            for kind, value in arg  # type: ignore[attr-defined]
        )
    if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and arg[0] >= 1:  # type: ignore[index]
        items = list(arg[2].data)  # type: ignore[index]
        return len(items) == 1 and _is_separator(*items[0])
    return False


def _word_char(code: int) -> bool:
    """A character a word of the text may hold (upper case too, to stay on the safe side)."""
    return chr(code).isascii() and chr(code).isalnum()


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
        if arg[2] & sre_constants.SRE_FLAG_IGNORECASE:
            return None  # a case-sensitive group ("(?-i:IT)"): its words are not lower case
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
