"""Masking fillers: the fast path for ASCII text blanks exactly what the case-insensitive pattern matches."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from analyzer.extract.rules_match import _FILLERS, _blank, _blank_fillers

PIECES = ["um", "Umm", "UH", "erm", "Ahh", "hmm", "mm", "you know", "You Know", "I mean", "like", "Kind of",
          "basically", "HONESTLY", "actually", "we", "need", "SSO", "i", "you", "mean", "er", "hm", "a", "h", "m",
          "é", "\u212a", "ſ", ",", ", ", " ", "  ", ".", "\n", "_", "9", "-"]


@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_fillers_are_blanked_as_the_case_insensitive_pattern_finds_them(text):
    assert _blank_fillers(text) == _FILLERS.sub(_blank, text)


def test_a_filler_is_blanked_in_the_text_as_written():
    assert _blank_fillers("We don't, UM, need SSO") == "We don't      need SSO"


def test_fillers_are_blanked_as_the_case_insensitive_pattern_finds_them_in_every_short_run():
    for first in PIECES:
        for second in PIECES:
            for third in PIECES:
                text = first + second + third
                assert _blank_fillers(text) == _FILLERS.sub(_blank, text), text
