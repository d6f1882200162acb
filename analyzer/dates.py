"""Calendar helpers: due phrases to dates, ISO weeks, dates in file names. Pure, no I/O.

A seller says "next Friday", "in two weeks", "by Q3", "December 1st" or "within
48 hours"; :func:`resolve_due` turns that into a calendar date counted from the
day the call took place. The readings are deliberately simple and written down
here so a reviewer can check them:

- ``by``/``before``/``until`` + a period (a month, a quarter, next week) means the
  period's first day; ``in``/``during``/``end of`` or the bare period means its last
  day, and so does ``before July's out``. A named day ("Friday", "December 1st",
  "May fifteenth", "by the 12th") is that day; "the last weekend of October" is
  the month's last day; "early next month" a quarter of the way into it, "mid" half way.
- ``next Friday`` is the Friday of the following Monday-to-Sunday week; ``Friday``,
  ``this Friday`` or ``by Friday`` is the first Friday after the call.
- A week ends on Friday (the working week); ``end of day`` is the call's day.
- A date without a year that would fall before the call is read as next year's.
- Durations count from the call ("in two weeks", "within 48 hours"; a range such as
  "6-8 weeks" takes its upper end). Business days skip weekends.
- Anything anchored to an event the transcript does not date ("two weeks from
  kickoff", "after signing", "next sprint") resolves to ``None``: better no date
  than a wrong one.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta

Resolver = Callable[[re.Match[str], date], "date | None"]

# No "sat"/"sun": "we sat down" and "the sun" are not days.
WEEKDAYS = {"monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
            "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
            "saturday": 5, "sunday": 6}
MONTHS = {"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
          "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
          "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12}
NUMBERS = {"a": 1, "an": 1, "one": 1, "a single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14,
           "fifteen": 15, "twenty": 20, "twenty-four": 24, "thirty": 30, "forty-eight": 48, "sixty": 60,
           "seventy-two": 72, "ninety": 90, "a couple of": 2, "a couple": 2, "couple of": 2, "a few": 3,
           "few": 3}
_UNITS_ORDINAL = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
# Days of the month as said: "May fifteenth", "by the twenty-first".
ORDINAL_DAYS = {word: n for n, word in enumerate(
    [*_UNITS_ORDINAL, "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
     "seventeenth", "eighteenth", "nineteenth", "twentieth"], start=1)}
ORDINAL_DAYS |= {f"twenty{sep}{word}": 20 + n for n, word in enumerate(_UNITS_ORDINAL, start=1) for sep in "- "}
ORDINAL_DAYS |= {"thirtieth": 30, "thirty-first": 31, "thirty first": 31}
ORDINAL_QUARTERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
WORKWEEK_END = 4  # Friday: "end of the week" in business talk

# Longest alternatives first so "september" is not read as "sep" + "tember".
_WD = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_MON = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUM = r"\d{1,3}|" + "|".join(sorted((re.escape(n) for n in NUMBERS), key=len, reverse=True))
# Words that make a period's first day the date: "by December", "starting next week".
_ORD = "|".join(sorted(ORDINAL_DAYS, key=len, reverse=True))
_BY = r"(?P<by>by|before|until|no later than|starting(?: in)?|from|targeting|target)"


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# --- small calendar arithmetic ------------------------------------------------------------

def month_end(year: int, month: int) -> date:
    """The last day of ``month``."""
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the month's length (Jan 31 + 1 -> Feb 28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def add_business_days(day: date, count: int) -> date:
    """``count`` working days (Monday to Friday) after ``day``."""
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of a calendar quarter."""
    first_month = 3 * (quarter - 1) + 1
    return date(year, first_month, 1), month_end(year, first_month + 2)


def _number(word: str) -> int:
    word = " ".join(word.lower().split())
    return int(word) if word.isdigit() else NUMBERS[word]


def _not_before(candidate: date | None, said_on: date, *, roll: Callable[[date], date]) -> date | None:
    """Roll a date that would fall before the call forward (a year without a year given)."""
    if candidate is not None and candidate < said_on:
        return roll(candidate)
    return candidate


def _still_open(found: date, last: date, said_on: date) -> date:
    """A point inside a period that has already passed when the period is still running
    ("by December" said on December 5th) means the period's end."""
    return last if found < said_on <= last else found


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _next_year(day: date) -> date:
    return _safe_date(day.year + 1, day.month, day.day) or month_end(day.year + 1, day.month)


# --- resolvers, one per shape of phrase ------------------------------------------------------

def _unknown_anchor(match: re.Match[str], said_on: date) -> date | None:
    return None  # counted from an event the transcript does not date


def _iso(match: re.Match[str], said_on: date) -> date | None:
    return _safe_date(int(match["y"]), int(match["m"]), int(match["d"]))


def _numeric(match: re.Match[str], said_on: date) -> date | None:
    year = match["y"]
    if year:
        return _safe_date(int(year) + (2000 if len(year) == 2 else 0), int(match["m"]), int(match["d"]))
    found = _safe_date(said_on.year, int(match["m"]), int(match["d"]))
    return _not_before(found, said_on, roll=_next_year)


def _day(match: re.Match[str]) -> int:
    """The day of the month, in digits ("15th") or words ("fifteenth")."""
    return int(match["d"]) if match["d"] else ORDINAL_DAYS[match["od"].lower()]


def _month_day(match: re.Match[str], said_on: date) -> date | None:
    month, day = MONTHS[match["mon"].lower()], _day(match)
    if match["y"]:
        return _safe_date(int(match["y"]), month, day)
    return _not_before(_safe_date(said_on.year, month, day), said_on, roll=_next_year)


_EARLY_IN_MONTH = frozenset({"early", "beginning of", "start of", "first week of", "first weekend of"})


def _month(match: re.Match[str], said_on: date) -> date | None:
    """A whole month: ``by December`` is its first day, ``mid``/``early`` inside it, else its end."""
    month = MONTHS[match["mon"].lower()]
    year = int(match["y"]) if match["y"] else said_on.year
    mod = (match["mod"] or "").lower()
    day = 15 if mod.startswith("mid") else 7 if mod in _EARLY_IN_MONTH else 1 if match["by"] else None
    last = month_end(year, month)
    found = _still_open(date(year, month, day) if day else last, last, said_on)
    if match["y"]:
        return found
    return _not_before(found, said_on, roll=_next_year)


def _month_out(match: re.Match[str], said_on: date) -> date | None:
    """``before July's out``: the month's last day."""
    month = MONTHS[match["mon"].lower()]
    return _not_before(month_end(said_on.year, month), said_on, roll=_next_year)


def _quarter(match: re.Match[str], said_on: date) -> date | None:
    """``Q3``, ``third quarter``, ``Q1 2027``, ``end of Q2``; ``by Q3`` is the quarter's first day."""
    raw = (match["q"] or match["qword"]).lower()
    quarter = int(raw) if raw.isdigit() else ORDINAL_QUARTERS[raw]
    year = int(match["y"]) if match["y"] else said_on.year
    first, last = quarter_bounds(year, quarter)
    mod = (match["mod"] or "").lower()
    if mod.startswith("mid"):
        found = date(year, first.month + 1, 15)
    elif mod in {"start of", "beginning of", "early"} or (match["by"] and mod != "end of"):
        found = first
    else:
        found = last
    found = _still_open(found, last, said_on)
    if match["y"]:
        return found
    # A quarter already over when the call took place means next year's.
    return found if last >= said_on else _next_year(found)


def _period_bounds(unit: str, which: str, said_on: date) -> tuple[date, date] | None:
    """First and last day of this/next week, month, quarter or year (None for a sprint)."""
    step = 1 if which in {"next", "the following", "coming", "this coming"} else 0
    if unit == "week":
        monday = week_start(said_on) + timedelta(weeks=step)
        return monday, monday + timedelta(days=WORKWEEK_END)
    if unit == "month":
        first = add_months(said_on.replace(day=1), step)
        return first, month_end(first.year, first.month)
    if unit == "quarter":
        index = said_on.year * 4 + quarter_of(said_on) - 1 + step
        return quarter_bounds(index // 4, index % 4 + 1)
    if unit == "year":
        return date(said_on.year + step, 1, 1), date(said_on.year + step, 12, 31)
    return None


def _period(match: re.Match[str], said_on: date) -> date | None:
    """``next week``, ``end of the month``, ``this quarter``, ``EOD`` and friends."""
    unit = _UNIT_ALIASES.get(match["unit"].lower(), match["unit"].lower())
    if unit == "day":
        return said_on + timedelta(days=1 if (match["which"] or "").lower() == "next" else 0)
    bounds = _period_bounds(unit, (match["which"] or "this").lower(), said_on)
    if bounds is None:
        return None
    first, last = bounds
    found = first if match["by"] and not match["end"] else last
    return max(_still_open(found, last, said_on), said_on)


def _part_of_period(match: re.Match[str], said_on: date) -> date | None:
    """``early next month`` a quarter of the way in, ``mid`` half way, ``late`` its last day."""
    bounds = _period_bounds(match["unit"].lower(), match["which"].lower(), said_on)
    if bounds is None:
        return None
    first, last = bounds
    share = {"early": 4, "mid": 2}.get(match["mod"].lower())
    return first + (last - first) / share if share else last


def _weekday(match: re.Match[str], said_on: date) -> date | None:
    """``next Friday`` is in the following week; ``Friday``/``this Friday`` the first one after the call."""
    target = WEEKDAYS[match["wd"].lower()]
    which = (match["which"] or "").lower()
    if which == "next":
        found = week_start(said_on) + timedelta(weeks=1, days=target)
    elif which == "this":  # "this Friday" said on a Friday is today
        found = said_on + timedelta(days=(target - said_on.weekday()) % 7)
    else:
        found = said_on + timedelta(days=(target - said_on.weekday() - 1) % 7 + 1)
    return found + timedelta(weeks=1) if match["after"] else found


def _relative_day(match: re.Match[str], said_on: date) -> date | None:
    word = match["word"].lower()
    if "after tomorrow" in word:
        return said_on + timedelta(days=2)
    if word.startswith("tomorrow") or word.endswith("tomorrow"):
        return said_on + timedelta(days=1)
    if "weekend" in word:
        return said_on + timedelta(days=(5 - said_on.weekday()) % 7)
    return said_on


def _duration(match: re.Match[str], said_on: date) -> date | None:
    """``in two weeks``, ``within 48 hours``, ``6-8 weeks``: counted from the call, the range's upper end."""
    count = _number(match["n2"] or match["n"])
    unit = match["unit"].lower()
    if unit.startswith(("business", "working")):
        return add_business_days(said_on, count)
    if unit.startswith("hour"):
        return said_on + timedelta(days=count // 24)
    if unit.startswith("day"):
        return said_on + timedelta(days=count)
    if unit.startswith("week"):
        return said_on + timedelta(weeks=count)
    months = {"month": 1, "quarter": 3, "year": 12}[unit.rstrip("s")]
    return add_months(said_on, count * months)


def _day_of_month(match: re.Match[str], said_on: date) -> date | None:
    """``by the 15th``: the next 15th on or after the call."""
    day = _day(match)
    found = _safe_date(said_on.year, said_on.month, day)
    if found is None or found < said_on:
        following = add_months(said_on.replace(day=1), 1)
        found = _safe_date(following.year, following.month, day)
    return found


_UNIT_ALIASES = {"business": "day", "eod": "day", "cob": "day", "eow": "week", "eom": "month",
                 "eoq": "quarter", "eoy": "year", "year-end": "year", "year end": "year"}

# Ordered: the first pattern found in the phrase decides. More specific shapes come first
# ("end of next week" before "next week", "December 1st" before "December").
PATTERNS: tuple[tuple[re.Pattern[str], Resolver], ...] = (
    (_rx(r"\b(?:from|after|of|following) (?:the )?(?:kick-?off|signing|signature|contract|go-?live|launch|"
         r"purchase|po|approval|onboarding|start)\b|\bsprints?\b"), _unknown_anchor),
    (_rx(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"), _iso),
    (_rx(r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?\b"), _numeric),
    (_rx(rf"\b(?P<mon>{_MON})\.? (?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)?|(?:the )?(?P<od>{_ORD}))\b(?:,? (?P<y>\d{{4}}))?"),
     _month_day),
    (_rx(rf"\b(?:the )?(?P<od>{_ORD}) of (?P<mon>{_MON})\b(?P<d>)(?:,? (?P<y>\d{{4}}))?"), _month_day),
    (_rx(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<mon>{_MON})\b\.?(?:,? (?P<y>\d{{4}}))?"), _month_day),
    (_rx(rf"(?:{_BY} )?(?:the )?(?P<end>end of|close of) (?:the )?(?P<which>this|next|the following)? ?"
         r"(?P<unit>day|week|month|quarter|year|business)\b"), _period),
    (_rx(rf"(?:{_BY} )?(?:the )?(?P<end>)(?P<unit>eod|eow|eom|eoq|eoy|cob|year[- ]end)\b(?P<which>)"), _period),
    (_rx(rf"(?:{_BY} |\b(?:in|during|for) )?(?:the )?(?:(?P<mod>end of|start of|beginning of|early|mid|late)"
         rf"[- ](?:the )?)?(?:\bq(?P<q>[1-4])\b|\b(?P<qword>first|second|third|fourth|1st|2nd|3rd|4th) "
         r"quarter\b)(?:,? (?:of )?(?P<y>\d{4}))?"), _quarter),
    (_rx(rf"\b(?:before|by the time) (?P<mon>{_MON})(?:['’]s| is) (?:out|over|done|up)\b"), _month_out),
    (_rx(rf"(?:{_BY} |\b(?:in|during|for|through) |\b(?P<mod>mid|early|late|end of|the end of|beginning of|"
         r"start of|first week of|first weekend of|last week of|last weekend of)[- ]?)"
         rf"(?:the )?(?P<mon>{_MON})\b(?:,? (?P<y>\d{{4}}))?"), _month),
    (_rx(r"\b(?P<mod>early|mid|late)[- ](?P<which>next|this) (?P<unit>week|month|quarter|year)\b"), _part_of_period),
    (_rx(rf"(?:{_BY} |\b(?:in|during|for) )?(?P<end>)\b(?P<which>this|next|the following|coming|this coming) "
         r"(?P<unit>week|month|quarter|year)\b"), _period),
    (_rx(rf"\b(?:(?P<which>next|this|coming|this coming) )?(?P<wd>{_WD})\b(?P<after> after next)?"), _weekday),
    (_rx(r"\b(?P<word>the day after tomorrow|first thing tomorrow|tomorrow|today|tonight|this morning|"
         r"this afternoon|this evening|same[- ]day|right now|immediately|asap|this weekend|"
         r"by the weekend|over the weekend)\b"), _relative_day),
    (_rx(rf"\b(?P<n>{_NUM})(?:\s*(?:-|–|to|or)\s*(?P<n2>{_NUM}))?[- ](?P<unit>business days?|working days?|"
         r"hours?|days?|weeks?|months?|quarters?|years?)\b"), _duration),
    (_rx(rf"\b(?:by|on|before|until) the (?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)|(?P<od>{_ORD}))\b"), _day_of_month),
)


def resolve_due(phrase: str | None, said_on: date | None) -> date | None:
    """The calendar date a due phrase names, counted from the day it was said.

    ``None`` when there is no phrase, no call date, or the phrase names no date
    this module can pin down (see the module docstring for the readings).

    >>> resolve_due("next Friday", date(2026, 11, 18))
    datetime.date(2026, 11, 27)
    """
    if not phrase or said_on is None:
        return None
    text = " ".join(phrase.replace("’", "'").split())
    for pattern, resolver in PATTERNS:
        match = pattern.search(text)
        if match is None:
            continue
        if resolver is _unknown_anchor:
            return None
        found = resolver(match, said_on)
        if found is not None:  # "24/7" looks like a date but is not one: try the next shape
            return found
    return None


# --- call dates, weeks, file names --------------------------------------------------------------

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
_NAME_DATE = re.compile(r"(?<!\d)(20\d{2})([-_.]?)(\d{2})\2(\d{2})(?!\d)")


def call_day(started_at: str | None) -> date | None:
    """The calendar day of a stored ``started_at`` (an ISO date or datetime), or None."""
    if not isinstance(started_at, str):  # None, or NaN from a pandas column
        return None
    match = _ISO_DAY.match(started_at)
    return _safe_date(int(match[1]), int(match[2]), int(match[3])) if match else None


def parse_day(text: str) -> date:
    """``2026-11-18`` -> that date; ValueError naming the value and the expected form otherwise."""
    try:
        return date.fromisoformat(text)
    except ValueError as err:
        raise ValueError(f"{text!r} is not a date in the form YYYY-MM-DD") from err


def parse_week(text: str) -> tuple[date, date]:
    """``2026-W47`` -> (its Monday, its Sunday); ValueError for anything else."""
    match = _WEEK.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not an ISO week like 2026-W47")
    monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)  # ValueError for week 54
    return monday, monday + timedelta(days=6)


def week_label(day: date) -> str:
    """``date(2026, 11, 18)`` -> ``2026-W47``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def date_from_name(name: str) -> str | None:
    """A date written in a file name (``2026-11-18-acme.txt``, ``acme_20261118.vtt``) as ISO, or None."""
    for match in _NAME_DATE.finditer(name):
        found = _safe_date(int(match[1]), int(match[3]), int(match[4]))
        if found:
            return found.isoformat()
    return None
