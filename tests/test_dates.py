from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analyzer.dates import (
    add_business_days,
    add_months,
    call_day,
    date_from_name,
    parse_week,
    resolve_due,
    week_label,
)

WED = date(2026, 11, 18)  # a Wednesday in ISO week 2026-W47

# (phrase, expected date when said on Wednesday 2026-11-18)
READINGS = [
    # weekdays: "next X" is in the following week, a bare or "this" X the first one ahead
    ("next Friday", date(2026, 11, 27)),
    ("by next Friday", date(2026, 11, 27)),
    ("by Friday", date(2026, 11, 20)),
    ("this Friday", date(2026, 11, 20)),
    ("on Monday morning", date(2026, 11, 23)),
    ("Friday after next", date(2026, 11, 27)),
    # durations count from the call; a range takes its upper end
    ("in two weeks", date(2026, 12, 2)),
    ("within 48 hours", date(2026, 11, 20)),
    ("within 24 hours", date(2026, 11, 19)),
    ("within an hour", WED),
    ("in a couple of weeks", date(2026, 12, 2)),
    ("in 3 days", date(2026, 11, 21)),
    ("10 business days", date(2026, 12, 2)),
    ("6-8 weeks", date(2027, 1, 13)),
    ("two to three months", date(2027, 2, 18)),
    ("in the next 30 days", date(2026, 12, 18)),
    # calendar dates; a date already past this year is next year's
    ("December 1st", date(2026, 12, 1)),
    ("by Dec. 5", date(2026, 12, 5)),
    ("1 December 2026", date(2026, 12, 1)),
    ("the 3rd of March", date(2027, 3, 3)),
    ("by January 15", date(2027, 1, 15)),
    ("by 12/1", date(2026, 12, 1)),
    ("on 2026-12-03", date(2026, 12, 3)),
    ("by the 15th", date(2026, 12, 15)),
    # months: "by" is the first day, "in"/"end of" the last, "mid"/"early" inside
    ("by December", date(2026, 12, 1)),
    ("in December", date(2026, 12, 31)),
    ("by the end of December", date(2026, 12, 31)),
    ("mid-December", date(2026, 12, 15)),
    ("early January", date(2027, 1, 7)),
    # quarters, weeks, months and years relative to the call
    ("by Q3", date(2027, 7, 1)),  # Q3 2026 is over: next year's
    ("in Q1", date(2027, 3, 31)),
    ("by end of Q4", date(2026, 12, 31)),
    ("Q2 2027", date(2027, 6, 30)),
    ("in the third quarter of 2027", date(2027, 9, 30)),
    ("by the end of the quarter", date(2026, 12, 31)),
    ("next quarter", date(2027, 3, 31)),
    ("this week", date(2026, 11, 20)),
    ("by end of week", date(2026, 11, 20)),
    ("next week", date(2026, 11, 27)),
    ("by next week", date(2026, 11, 23)),
    ("end of next week", date(2026, 11, 27)),
    ("by the end of the month", date(2026, 11, 30)),
    ("next month", date(2026, 12, 31)),
    ("by end of year", date(2026, 12, 31)),
    ("by EOD", WED),
    ("close of business", WED),
    ("today", WED),
    ("tomorrow", date(2026, 11, 19)),
    ("first thing tomorrow", date(2026, 11, 19)),
]


@pytest.mark.parametrize(("phrase", "expected"), READINGS)
def test_due_phrases_resolve_relative_to_the_call(phrase, expected):
    assert resolve_due(phrase, WED) == expected


@pytest.mark.parametrize("phrase", [
    "two weeks from kickoff", "30 days after signing", "next sprint", "soon", "24/7 support",
    "we sat down last time", "", None,
])
def test_phrases_without_a_knowable_date_resolve_to_none(phrase):
    assert resolve_due(phrase, WED) is None


def test_no_call_date_means_no_due_date():
    assert resolve_due("next Friday", None) is None


@pytest.mark.parametrize(("phrase", "expected"), [
    ("by  the end  of   the month", date(2026, 11, 30)),
    ("by tomorrow’s standup", date(2026, 11, 19)),  # U+2019, as transcripts and word processors write it
    ("by this week’s  end", date(2026, 11, 20)),
    ("we’ll have it by the end of the month", date(2026, 11, 30)),
])
def test_curly_apostrophes_and_extra_spaces_do_not_matter(phrase, expected):
    assert "’" in phrase or "  " in phrase
    assert resolve_due(phrase, WED) == expected


def test_next_weekday_said_on_a_weekend_is_in_the_following_week():
    sunday = date(2026, 11, 22)
    assert resolve_due("next Friday", sunday) == date(2026, 11, 27)
    assert resolve_due("Friday", sunday) == date(2026, 11, 27)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.integers(1, 60))
def test_durations_in_days_count_forward_exactly(said_on, days):
    assert resolve_due(f"within {days} days", said_on) == said_on + timedelta(days=days)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
       st.sampled_from([p for p, _ in READINGS]))
def test_a_resolved_due_date_is_never_before_the_call(said_on, phrase):
    found = resolve_due(phrase, said_on)
    # Only a phrase with its year written out may name a day before the call (someone misspoke).
    if found is not None and not re.search(r"\d{4}", phrase):
        assert found >= said_on


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
       st.sampled_from(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]))
def test_next_weekday_is_that_weekday_in_the_following_week(said_on, weekday):
    found = resolve_due(f"next {weekday}", said_on)
    assert found.strftime("%A").lower() == weekday
    assert found.isocalendar()[:2] == (said_on + timedelta(weeks=1)).isocalendar()[:2]


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.integers(1, 30))
def test_business_days_land_on_weekdays_and_skip_weekends(day, n):
    found = add_business_days(day, n)
    assert found.weekday() < 5
    assert found - day >= timedelta(days=n)
    assert sum((day + timedelta(days=i)).weekday() < 5 for i in range(1, (found - day).days + 1)) == n


def test_adding_months_clamps_to_the_month_length():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_iso_weeks_round_trip():
    assert parse_week("2026-W47") == (date(2026, 11, 16), date(2026, 11, 22))
    assert parse_week("2026w01") == (date(2025, 12, 29), date(2026, 1, 4))
    assert week_label(date(2026, 11, 18)) == "2026-W47"
    for bad in ("2026-47", "W47", "2026-W54", "next week"):
        with pytest.raises(ValueError):
            parse_week(bad)


@pytest.mark.parametrize(("name", "expected"), [
    ("2026-11-18-acme.txt", "2026-11-18"),
    ("acme_2026_11_18.vtt", "2026-11-18"),
    ("acme-20261118.srt", "2026-11-18"),
    ("call.2026.11.18.json", "2026-11-18"),
    ("acme-2026-13-40.txt", None),  # not a date
    ("acme-2026-11_18.txt", None),  # mixed separators are not one date
    ("ticket-120261118999.txt", None),  # digits inside a longer number
    ("acme.txt", None),
])
def test_dates_in_file_names(name, expected):
    assert date_from_name(name) == expected


def test_call_day_reads_dates_and_datetimes():
    assert call_day("2026-11-18") == date(2026, 11, 18)
    assert call_day("2026-11-18T15:00:00Z") == date(2026, 11, 18)
    assert call_day(None) is None and call_day("Nov 18") is None and call_day("2026-02-30") is None


@pytest.mark.parametrize(("phrase", "expected"), [
    ("by may fifteenth", date(2027, 5, 15)),
    ("before december first", date(2026, 12, 1)),
    ("by the twenty-first", date(2026, 11, 21)),
    ("by the fifth", date(2026, 12, 5)),  # the 5th of this month has passed: next month's
    ("the third of December", date(2026, 12, 3)),
    ("before December's out", date(2026, 12, 31)),
    ("the last weekend of December", date(2026, 12, 31)),
])
def test_days_said_in_words_resolve_like_digits(phrase, expected):
    assert resolve_due(phrase, WED) == expected


@pytest.mark.parametrize(("phrase", "expected"), [
    ("early next month", date(2026, 12, 8)),
    ("mid next month", date(2026, 12, 16)),
    ("late this quarter", date(2026, 12, 31)),
    ("End of next week", date(2026, 11, 27)),
])
def test_part_of_a_period_resolves_inside_it(phrase, expected):
    assert resolve_due(phrase, WED) == expected
