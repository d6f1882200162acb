"""The checks' shortcuts skip only searches that could not match: results equal plain searches."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.checks.cues import (
    CallText,
    ReplyTopics,
    _compile_lowered,
    _twin,
    any_match,
    categories_named,
    heads,
    load_cues,
)
from analyzer.errors import AnalyzerError
from analyzer.parsing import load

ROOT = Path(__file__).resolve().parent.parent

# Constructs the heads reader meets, and some it must give up on.
TRICKY = [
    r"\b(ab|a)c", r"x?y", r"(?:foo)*bar", r"(?i)Foo b", r"a{0}b", r"(?<=q)ab", r"(?i:AB)c", "ſx", r"(a|)b",
    r"[ab]c", r"a+b", r"(?:ab){2,3}c", r"\bİs", r"(?=abc)ab", r"ab|\d", r"(a(b(c|d)?)?)e", r"\bab\b c",
    r"(?:a|b)(?:c|d)(?:e|f)(?:a|b)(?:c|d)(?:e|f)(?:a|b)", r"^\W*(ab|cd)\b", r"(^|(?<=[.!?]\s))(ab|cd)(?=[.!])",
]
TRICKY_ALPHABET = [*"abcdefoqxy .!?-İıſK", "AB", "Foo", "FOO B", "ab c"]


def _cue_groups() -> dict[str, tuple[re.Pattern[str], ...]]:
    cues = load_cues()
    return {"yes": cues.yes, "no": cues.no, "refusals": cues.refusals, "scoping": cues.scoping,
            "minimizers": cues.minimizers}


def _call_patterns() -> list[re.Pattern[str]]:
    cues = load_cues()
    return [p for point in cues.five_point for p in point.cues] + [
        p for patterns in cues.prerequisite_cues.values() for p in patterns]


def _vocabulary() -> list[str]:
    """The words the patterns look for, in several cases, and characters that fold oddly."""
    words = set()
    for pattern in [*(p for g in _cue_groups().values() for p in g), *_call_patterns()]:
        for head in heads(pattern) or ():
            words.update(head.split())
    words = sorted(words)
    return [*words, *(w.upper() for w in words[::3]), *(w.title() for w in words[1::3]),
            "İ", "ı", "ſ", "K", "’", "-", ".", "!", "?", ",", "\n", "  ", "a", "an", "the", "it", "is"]


VOCABULARY = _vocabulary()
texts = st.lists(st.sampled_from(VOCABULARY), max_size=30).map(" ".join)


def _plain_any_match(patterns: tuple[re.Pattern[str], ...], text: str) -> re.Match[str] | None:
    for pattern in patterns:
        found = pattern.search(text)
        if found:
            return found
    return None


def _same(a: re.Match[str] | None, b: re.Match[str] | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and a.re is b.re and a.span() == b.span())


@settings(max_examples=300)
@given(st.sampled_from(TRICKY), st.lists(st.sampled_from(TRICKY_ALPHABET), max_size=20).map("".join))
def test_every_match_starts_with_one_of_the_heads(source, text):
    pattern = re.compile(source)
    starts = heads(pattern)
    if starts is None:
        return
    folded = bool(pattern.flags & re.IGNORECASE)
    if folded and any(ch in text for ch in "İıſ"):
        return  # such a text is searched without its heads
    seen = text.lower() if folded else text
    for at in range(len(text) + 1):
        if pattern.match(text, at):
            assert any(seen.startswith(head, at) for head in starts), (source, text, at, starts)


def test_heads_are_read_off_the_pattern():
    assert heads(re.compile(r"\b(in scope|out of scope|phases?)\b")) == ("in scope", "out of scope", "phase")
    assert heads(re.compile(r"(?i)\bWe (do|can)")) == ("we can", "we do")
    assert heads(re.compile(r"^\W*(yes|no)")) is None  # "\W*" may start the match: nothing is known
    assert heads(re.compile(r"(?i:AB)c")) is None  # flags changed inside: stop there


@settings(max_examples=300)
@given(texts)
def test_any_match_finds_what_plain_searches_find(text):
    for patterns in _cue_groups().values():
        assert _same(any_match(patterns, text), _plain_any_match(patterns, text))


@settings(max_examples=200)
@given(st.lists(texts, min_size=1, max_size=6))
def test_call_text_finds_what_a_search_of_the_whole_call_finds(turns):
    call = CallText.of(turns)
    for pattern in _call_patterns():
        fast, plain = call._search(pattern), pattern.search(call.lowered)
        assert (fast and fast.span()) == (plain and plain.span()), pattern.pattern


def _fixture_turns() -> list[list[str]]:
    calls = []
    for path in sorted((ROOT / "fixtures").rglob("*")):
        if path.suffix in (".txt", ".md", ".vtt", ".srt") and path.is_file():
            try:
                calls.append([t.text for t in load(path).turns])
            except AnalyzerError:  # a fixture meant to fail parsing
                continue
    return calls


@pytest.mark.parametrize("turns", _fixture_turns())
def test_shortcuts_agree_with_plain_searches_on_the_fixture_calls(turns):
    for text in turns:
        for patterns in _cue_groups().values():
            assert _same(any_match(patterns, text), _plain_any_match(patterns, text))
    call = CallText.of(turns)
    for pattern in _call_patterns():
        fast, plain = call._search(pattern), pattern.search(call.lowered)
        assert (fast and fast.span()) == (plain and plain.span()), pattern.pattern


@pytest.mark.parametrize("text", ["ſimple fix", "İt's easy", "ıt's easy", "That’s a SIMPLE FIX", "KEY: a quick fix"])
def test_letters_that_fold_oddly_are_still_found(text):
    patterns = (re.compile(r"\b(simple|quick) fix", re.I), re.compile(r"\bit's easy", re.I))
    assert _same(any_match(patterns, text), _plain_any_match(patterns, text))
    assert any_match(patterns, text) is not None


TWINNED = [r"[a-z]+", r"[^a-z]x", r"\bk\w", r"s\b", r"[\w-]+ing\b", r"(?<=[.!?]\s)(easy|simple)(?=[.!])",
           r"^\W*(no|nope)\b,?\s+(we|it)", r"\bthat's (just )?(a|an) ([\w-]+ )?(setting|toggle)\b"]
UNTWINNED = [r"[A-Z]", r"é", r"(a)\1", r"(?-i:it)", r"Yes"]
CASE_ALPHABET = [*"aAbkKsSſıİéÉσςΣ .!?-_", "ing", "ING", "that's a toggle", "THAT'S AN ok SETTING", "Easy.", "no, we"]


@settings(max_examples=300)
@given(st.sampled_from(TWINNED), st.lists(st.sampled_from(CASE_ALPHABET), max_size=20).map("".join))
def test_a_twin_finds_in_the_lower_cased_text_what_its_pattern_finds(source, text):
    pattern = re.compile(source, re.IGNORECASE)
    twin = _twin(pattern)
    assert twin is not None
    if any(ch in text for ch in "İıſ"):
        return  # such a text is searched by the pattern itself
    assert [m.span() for m in twin.finditer(text.lower())] == [m.span() for m in pattern.finditer(text)]
    assert _same(any_match((pattern,), text), pattern.search(text))


@pytest.mark.parametrize("source", UNTWINNED)
def test_patterns_that_read_case_are_not_twinned(source):
    assert _twin(re.compile(source, re.IGNORECASE)) is None


@pytest.mark.parametrize("turns", _fixture_turns())
def test_reply_topics_say_what_categories_named_says(turns):
    seen: dict[str, tuple[str, ...]] = {}
    for text in turns:
        named = categories_named(text, {})
        topics = ReplyTopics(text, seen)
        assert topics.names_any() == bool(named)
        for slug in ("sso", "data_import", "audit_logs", "billing", "mobile", "not_a_category", None):
            topics = ReplyTopics(text, seen)  # as mark_answers asks: the ask's category first, then any
            assert topics.names(slug) == (slug in named)
            assert topics.names_any() == bool(named)


def test_a_cue_for_the_whole_call_keeps_its_escapes_when_lowered():
    # "\W" lowered to "\w" would match letters where the rule asked for anything else.
    (cue,) = _compile_lowered([r"\bSend\W+Us\b"])
    assert cue.search("please send - us the file") and not cue.search("sendxus")
