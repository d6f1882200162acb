"""How people talk about hidden work: the trigger data in ``triggers.toml``.

The TOML holds, per category, regular expressions for the ways customers and
sellers say it, plus shared cue lists (commitment, negation, hypothetical,
small talk, due phrases, ...). ``{{name}}`` in a pattern expands to the
alternation of ``vocab.name``. Loading is explicit and cached; compiling is
left to the caller (the rules backend compiles once per instance).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from analyzer.catalogue import SLUGS, read_data
from analyzer.errors import ConfigError

_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")

# Cue lists the rules backend relies on; a missing one is a data error.
CUE_NAMES: tuple[str, ...] = (
    "commitment", "price", "implicit", "minimizer", "negation", "hypothetical", "smalltalk",
    "satisfaction", "other_customers", "roi", "sales_admin", "compliance_artifact", "hedge",
    "dated_answer", "pleasantry", "narration", "puffery", "disengaged", "customer_work", "need",
    "affirmation", "capability_question", "offer_question", "future", "self_denial",
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
