"""The block before the dialogue: title, date, account and attendees.

Shapes seen in the wild: a title line or ``# Title``; ``Date:`` / ``**Date:**`` lines;
``Attendees:`` / ``Participants:`` followed by one person a line (``- Alex (Acme Sales
Engineer)``, ``Lisa Chen, Operations Director, GrowthTech``) or listed inline.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from analyzer.dates import MONTHS
from analyzer.models import Side, SpeakerHint
from analyzer.parsing.labels import HEADER_KEYS, seller_title_prefix, title_side

_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_DATE_SHAPES = [
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b"),
    re.compile(r"\b(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})\b"),  # US style
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b"),
]
_KEY_LINE = re.compile(r"^(?:\*\*)?(?P<key>[A-Za-z][A-Za-z ]{0,20}?)\s*(?::\*\*|\*\*:|:)\s*(?P<value>.*)$")
_BULLET = re.compile(r"^(?:[-*•+]|\d{1,2}[.)])\s+")
_PERSON_PAREN = re.compile(r"^(?P<name>[^(),]+?)\s*\((?P<inner>[^()]*)\)\s*$")
_DASH = re.compile(r"\s+[–—-]\s+")
_TOP_COMMA = re.compile(r",\s*(?![^()]*\))")  # a comma outside parentheses


@dataclass(frozen=True, slots=True)
class Attendee:
    name: str
    title: str | None = None
    company: str | None = None


@dataclass(slots=True)
class Header:
    """Metadata found before the dialogue."""

    title: str | None = None
    started_at: str | None = None
    account: str | None = None
    attendees: list[Attendee] = field(default_factory=list)


def parse_date(text: str) -> str | None:
    """The first calendar date in ``text`` as ISO ``YYYY-MM-DD`` (US order for ``01/15/2026``)."""
    for shape in _DATE_SHAPES:
        for match in shape.finditer(text):
            iso = _iso(match["year"], match["month"], match["day"])
            if iso:
                return iso
    return None


def _iso(year: str, month: str, day: str) -> str | None:
    number = int(month) if month.isdigit() else MONTHS.get(month.casefold())
    if number is None:
        return None
    try:
        return dt.date(int(year), number, int(day)).isoformat()
    except ValueError:
        # "15/01/2026" written day-first: try the other order before giving up.
        try:
            return dt.date(int(year), int(day), number).isoformat() if month.isdigit() else None
        except ValueError:
            return None


def header_key(line: str) -> tuple[str, str] | None:
    """``Date: ...`` / ``**Date:** ...`` -> (``date``, value) for known header keys."""
    bare = line.strip("*# ").rstrip(":").casefold()
    if bare in {"attendees", "participants", "speakers"}:  # a bare list heading
        return bare, ""
    match = _KEY_LINE.match(line)
    if match is None:
        return None
    key = " ".join(match["key"].casefold().split())
    return (key, match["value"].strip().strip("*").strip()) if key in HEADER_KEYS else None


def parse_header(lines: list[str]) -> Header:
    """Read title, date, account and attendees from the lines before the dialogue."""
    header = Header()
    in_people = False
    first = True
    for line in lines:
        if not line or line.startswith("[") or line.startswith("("):
            continue
        was_first, first = first, False
        if re.fullmatch(r"[-*_=]{3,}", line):
            in_people = False
            continue
        if line.startswith("#"):
            header.title = header.title or line.lstrip("#").strip() or None
            continue
        keyed = header_key(line)
        if keyed is not None:
            in_people = _apply_key(header, *keyed)
        elif in_people:
            header.attendees.extend(_people(line, inline=False))
        elif was_first and len(line) <= 120:  # an unlabelled first line is the title
            header.title = line.strip("*_ ").strip() or None
        elif header.started_at is None and len(line) <= 40:
            header.started_at = parse_date(line)
    return header


def _apply_key(header: Header, key: str, value: str) -> bool:
    """Record one ``Key: value`` line; True when an attendee list starts here."""
    if key in {"attendees", "participants", "speakers"}:
        header.attendees.extend(_people(value, inline=True))
        return True
    if key in {"date", "call date", "meeting date", "when", "time"} and header.started_at is None:
        header.started_at = parse_date(value)
    elif key in {"title", "call title", "meeting title", "subject", "topic", "meeting"} and value:
        header.title = value
    elif key in {"account", "company"} and value:
        header.account = value
    return False


def _people(text: str, *, inline: bool) -> list[Attendee]:
    """Attendees from one line: a bullet item, or an inline comma-separated list."""
    text = _BULLET.sub("", text.strip()).strip()
    if not text:
        return []
    items = _TOP_COMMA.split(text) if inline else [text]
    people = [_person(item.strip()) for item in items]
    return [p for p in people if p is not None]


def _person(item: str) -> Attendee | None:
    match = _PERSON_PAREN.match(item)
    if match:
        name, _, rest = match["inner"].partition(",")
        return _attendee(match["name"], name, rest)
    if "," in item:  # "Lisa Chen, Operations Director, GrowthTech Inc."
        name, _, rest = item.partition(",")
        title, _, company = rest.partition(",")
        return _attendee(name, title, company)
    parts = _DASH.split(item, maxsplit=1)
    return _attendee(parts[0], parts[1] if len(parts) > 1 else "", "")


def _attendee(name: str, title: str, company: str) -> Attendee | None:
    name = name.strip().strip("*").strip()
    if not name or len(name.split()) > 5 or not name[:1].isalpha():
        return None
    title, company = title.strip(), company.strip().rstrip(".")
    if _looks_like_title(company) and not _looks_like_title(title):
        title, company = company, title  # written "(Company, Title)" rather than "(Title, Company)"
    return Attendee(name=name, title=title or None, company=company or None)


def _looks_like_title(text: str) -> bool:
    return bool(text) and (title_side(text) != "unknown" or _JOB_WORD.search(text) is not None)


# Words that make a phrase a job title rather than a company name.
_JOB_WORD = re.compile(
    r"\b(director|manager|head|chief|vp|svp|evp|president|officer|founder|owner|lead|engineer|executive|"
    r"analyst|specialist|coordinator|administrator|admin|architect|consultant|representative|rep|"
    r"ceo|cto|cfo|coo|cio|ciso|cro|cmo)\b", re.IGNORECASE)


def attendee_hints(header: Header, speakers: set[str]) -> dict[str, SpeakerHint]:
    """Hints keyed by the speaker name the dialogue uses: the full name, else the first name."""
    attendees = _names_listed_as_titles(header.attendees, speakers)
    first_counts: dict[str, int] = {}
    for person in attendees:
        first = person.name.split()[0]
        first_counts[first] = first_counts.get(first, 0) + 1
    sides = _sides(attendees, header.account)
    hints: dict[str, SpeakerHint] = {}
    for person, side in zip(attendees, sides, strict=True):
        first = person.name.split()[0]
        key = person.name if person.name in speakers else first if first_counts[first] == 1 else None
        hint = SpeakerHint(side=side, title=person.title, company=person.company)
        if key in speakers and hint != SpeakerHint():
            hints[key] = hint
    return hints


def _names_listed_as_titles(attendees: list[Attendee], speakers: set[str]) -> list[Attendee]:
    """``Alice Smith, Bob Jones`` on one line is two people when Bob speaks in the call."""
    firsts = {name.split()[0] for name in speakers} | speakers
    out: list[Attendee] = []
    for person in attendees:
        title = person.title or ""
        if title and (title in speakers or title.split()[0] in firsts):
            out.append(Attendee(name=person.name))
            out.extend(Attendee(name=n.strip()) for n in [title, person.company or ""] if n.strip())
        else:
            out.append(person)
    return out


def _sides(attendees: list[Attendee], account: str | None) -> list[Side]:
    """Selling titles mark the seller; the account's company, or another company than the
    seller's, marks the customer."""
    sides = [title_side(person.title) for person in attendees]
    companies = [_firm(person.company or seller_title_prefix(person.title)) for person in attendees]
    sellers = {firm for firm, side in zip(companies, sides, strict=True) if firm and side == "seller"}
    out: list[Side] = []
    for firm, side in zip(companies, sides, strict=True):
        if side == "unknown" and firm and firm == _firm(account):
            side = "customer"
        elif side == "unknown" and firm and sellers:
            side = "seller" if firm in sellers else "customer"
        out.append(side)
    return out


def _firm(company: str | None) -> str | None:
    """A company's first word, casefolded: "TechCorp" and "TechCorp Industries" are one firm."""
    words = (company or "").casefold().split()
    return words[0] if words else None
