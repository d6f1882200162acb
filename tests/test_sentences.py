"""Sentence, fragment and clause spans: always exact slices of the turn."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from analyzer.sentences import (
    _ABBREVIATIONS,
    _END,
    _SOFT_BREAK,
    _STARTS_STATEMENT,
    _WORD,
    clause_spans,
    is_question,
    merge_fragments,
    sentence_spans,
    word_count,
    words_at_most,
)


def pieces(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[a:b] for a, b in spans]


def test_sentences_split_at_end_punctuation_but_not_abbreviations_or_decimals():
    text = "We charge 2.5% per order, e.g. on cards. Is that OK?  Dr. Patel signs off.\n- first bullet"
    assert pieces(text, sentence_spans(text)) == [
        "We charge 2.5% per order, e.g. on cards.", "Is that OK?", "Dr. Patel signs off.", "first bullet",
    ]


def test_sentences_respect_a_region_of_the_turn():
    text = "Hello there. We can host it in Frankfurt. Bye now."
    start = text.index("We")
    assert pieces(text, sentence_spans(text, start, text.index(" Bye"))) == ["We can host it in Frankfurt."]


def test_short_answer_fragments_glue_to_the_next_sentence():
    text = "Yep. Um. We'll wire that up for you. It takes three days, tops."
    (span, core), *rest = merge_fragments(text, sentence_spans(text))
    assert text[span[0] : span[1]] == "Yep. Um. We'll wire that up for you."
    assert text[core : span[1]] == "We'll wire that up for you."
    assert [text[a:b] for (a, b), _ in rest] == ["It takes three days, tops."]


def test_a_trailing_fragment_joins_the_sentence_before_it():
    text = "We'll wire that up for you. Three days, tops."
    assert [text[a:b] for (a, b), _ in merge_fragments(text, sentence_spans(text))] == [text]


def test_a_dash_or_a_new_subject_starts_a_new_clause():
    text = "Setup is about a week—we handle the data load, and I'll run the admin training myself."
    assert pieces(text, clause_spans(text, (0, len(text)))) == [
        "Setup is about a week", "we handle the data load", "I'll run the admin training myself.",
    ]


def test_every_each_nothing_and_nobody_after_and_start_a_new_clause():
    text = "The dock lead approves it, and every change is stamped with her name and the time."
    assert pieces(text, clause_spans(text, (0, len(text)))) == [
        "The dock lead approves it", "every change is stamped with her name and the time.",
    ]
    text = "Your data stays in Ohio, and nobody outside the team can open it."
    assert pieces(text, clause_spans(text, (0, len(text)))) == [
        "Your data stays in Ohio", "nobody outside the team can open it.",
    ]


def test_a_guess_said_aside_after_a_promise_is_a_clause_of_its_own():
    text = "The scanners keep working offline, out in the yard, I'm guessing the signal is—"
    assert pieces(text, clause_spans(text, (0, len(text)))) == [
        "The scanners keep working offline, out in the yard", "I'm guessing the signal is—",
    ]


def test_a_dash_before_a_list_is_not_a_new_clause():
    text = "The plan covers everything—hosting, backups, the works."
    assert pieces(text, clause_spans(text, (0, len(text)))) == [text]


def test_you_and_your_team_is_one_subject_not_two_clauses():
    text = "I know you and your team have looked at a few tools already."
    assert pieces(text, clause_spans(text, (0, len(text)))) == [text]


@given(st.text(alphabet=st.sampled_from(list("ab .?!\n—;,I'lwe")), max_size=80))
def test_every_span_is_inside_the_text_and_trimmed(text):
    for a, b in sentence_spans(text):
        assert 0 <= a < b <= len(text)
        assert text[a:b] == text[a:b].strip()
        for c, d in clause_spans(text, (a, b)):
            assert a <= c < d <= b


def test_an_unpunctuated_run_on_is_cut_where_a_new_statement_starts():
    text = ("yeah so the kiosk keeps working when the network drops um it stores the check ins locally "
            "and then we push them to your server overnight so your front desk never re-enters anything")
    assert pieces(text, sentence_spans(text)) == [
        "yeah so the kiosk keeps working when the network drops",
        "it stores the check ins locally",
        "and then we push them to your server overnight",
        "so your front desk never re-enters anything",
    ]


def test_we_or_they_right_after_a_content_word_starts_a_new_statement():
    text = "the scanner app works without signal they load the day's pallets in the morning and we sync them at night"
    assert pieces(text, sentence_spans(text)) == [
        "the scanner app works without signal", "they load the day's pallets in the morning",
        "and we sync them at night",
    ]
    # After a word that takes a clause, it goes on: "the day we", "otherwise they".
    kept = "the first day we go live the drivers get a text otherwise they keep the paper sheets for a week"
    assert pieces(kept, sentence_spans(kept)) == [kept]


def test_a_punctuated_or_short_sentence_is_left_whole():
    short = "so we load the roster for you and it's done"
    assert pieces(short, sentence_spans(short)) == [short]
    written = "Right, so the kiosk keeps working offline, and then we push everything to your server overnight, tidy."
    assert pieces(written, sentence_spans(written)) == [written]


def test_a_long_sentence_with_its_own_full_stop_is_not_a_run_on():
    # With so few commas it would read as speech run together, and lose the half after "so".
    written = ("We'll have the portal ready for you by June so your managers can approve every timesheet "
               "before it goes out.")
    assert pieces(written, sentence_spans(written)) == [written]
    asked = "Would it help if we load the old jobs for you first so the crews can start on the app in the spring?"
    assert pieces(asked, sentence_spans(asked)) == [asked]
    # Without the stop it is cut as speech is; twice the run-on length, even punctuated.
    spoken = written.removesuffix(".")
    assert len(pieces(spoken, sentence_spans(spoken))) == 2
    rambling = ("yeah so the kiosk keeps working when the network drops and it stores the check ins locally "
                "and then we push them to your server overnight so your front desk never re-enters anything "
                "and we could also send them a text.")
    assert len(pieces(rambling, sentence_spans(rambling))) > 1


def test_a_subject_after_glue_words_does_not_cut():
    text = "the only thing that we'd need from the clinic is a list of rooms and the hours when you'd open them up"
    assert pieces(text, sentence_spans(text)) == [text]


def test_questions_without_a_question_mark():
    assert is_question("and does it handle split shifts")
    assert is_question("um how long until the crews can use it")
    assert is_question("Is that OK?")
    assert not is_question("the app handles split shifts")
    assert not is_question("Does it matter. We ship anyway.")


# The end-mark pattern as it reads plainly; ``_END`` is written to be scanned faster.
_PLAIN_END = re.compile(r"[.!?…]+[\"”’'*)\]]*(?=\s)|\n+")


@given(st.text(alphabet=st.sampled_from(list("a .!?…\n\"”’'*)]\t")), max_size=40))
def test_the_end_mark_pattern_finds_what_its_plain_form_finds(text):
    assert [m.span() for m in _END.finditer(text)] == [m.span() for m in _PLAIN_END.finditer(text)]


@given(st.text(alphabet=st.sampled_from(list("aZ9 '%$.,-’€_/!\né")), max_size=30),
       st.integers(min_value=0, max_value=6), st.integers(min_value=0, max_value=30),
       st.integers(min_value=0, max_value=8))
def test_words_are_counted_as_the_word_pattern_finds_them(text, start, end, limit):
    # ASCII text is counted without the pattern: the marks a word may hold, in and around words.
    marks = "a,b it's $3.5% a$b x%y co-op - , x_y"
    for piece in (text, f"{text} {marks}", marks):
        assert word_count(piece) == len(_WORD.findall(piece))
        assert words_at_most(piece, limit, start, end) == (len(_WORD.findall(piece, start, end)) <= limit)
        assert words_at_most(piece, limit, start) == (len(_WORD.findall(piece, start)) <= limit)


# The abbreviation pattern as it reads plainly; ``_ABBREVIATIONS`` is written to be searched faster.
_PLAIN_ABBREVIATIONS = re.compile(
    r"(?:\b(?:e\.g|i\.e|vs|etc|approx|mr|mrs|ms|dr|inc|ltd|co|corp|no|st|jr|sr|u\.s|a\.m|p\.m)|\b[A-Z])\.$",
    re.IGNORECASE,
)


@given(st.lists(st.sampled_from(["e", ".", "g", "i", "vs", "etc", "approx", "mr", "s", "dr", "inc", "ltd", "co", "rp",
                                 "no", "t", "jr", "u", "a", "m", "p", " ", "x", "K", "\u212a", "ſ", "é", "_", "9"]),
                max_size=8).map("".join))
def test_the_abbreviation_pattern_finds_what_its_plain_form_finds(text):
    words = ["e.g", "i.e", "vs", "etc", "approx", "mr", "mrs", "ms", "dr", "inc", "ltd", "co", "corp", "no", "st", "jr",
             "sr", "u.s", "a.m", "p.m", "A", "z", "\u212a", "é", "9", "_", "was", "tomorrow"]
    for word in words:
        for before in ("", " ", "x", "_", ".", "Mr. "):
            for tail in (f"{before}{word}.", f"{before}{word.upper()}.", f"{text}{before}{word}."[-8:], text[-8:]):
                assert bool(_ABBREVIATIONS.search(tail)) == bool(_PLAIN_ABBREVIATIONS.search(tail)), tail


# The run-on cut without the look-ahead that turns down most spaces first.
_PLAIN_SOFT_BREAK = re.compile(_SOFT_BREAK.pattern.replace(_STARTS_STATEMENT, "", 1))
_RUN_ON_PIECES = ["and", "And", "then", "so", "um", "umm", "Uh", "uhm", "erm", "but", "because", "cause", "plus",
                  "yeah", "yep", "yes", "okay", "ok", "alright", "honestly", "basically", "anyway", "i", "I", "we",
                  "We", "you", "they", "it", "that", "there", "our", "it's", "we'd", "I'll", "I’m", "can", "will",
                  "just", "don't", "think", "the", "day", "works", "when", "like", ",", "'", "som", "itx"]


@given(st.lists(st.sampled_from(_RUN_ON_PIECES), max_size=14), st.sampled_from([" ", "  ", "\n", ", "]))
def test_the_run_on_cut_finds_what_it_finds_without_its_first_look_ahead(words, space):
    assert _PLAIN_SOFT_BREAK.pattern != _SOFT_BREAK.pattern
    # Each kind of cut, after a content word: a filler, a marker and a subject, a subject with a modal, we/they.
    cuts = ["works um we", "works and uh so", "works so we do", "works and then they", "works Yeah I", "works I'll do",
            "works it can", "works that'd be", "works you’re set", "works we do", "works they load", "works it’s done"]
    for text in (" " + space.join(words), *cuts):
        assert [m.span() for m in _SOFT_BREAK.finditer(text)] == [m.span() for m in _PLAIN_SOFT_BREAK.finditer(text)]
