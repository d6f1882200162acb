"""``--redact``: personal data out of the text sent to the model, and back into its quotes.

Emails, phone numbers, card and social-security numbers, IP addresses and the
speakers' names are replaced with numbered placeholders (``[EMAIL_1]``) in the
text sent to the model. Quotes that come back carrying placeholders are
restored with the same mapping before grounding, so stored quotes are the
original transcript text. Names said in passing that are not a speaker's
cannot be told from other words reliably and are left as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Order matters: the longer, more specific patterns claim their text first.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("EMAIL", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    ("CARD", re.compile(r"\b(?:\d[ -]?){13,16}\b")),
    ("SSN", re.compile(r"\b\d{3}-\d{2}-\d{4}\b")),
    ("IP", re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")),
    # +1 (555) 010-2345, 555-010-2345, 020 7946 0018, +44 20 7946 0018 ...
    ("PHONE", re.compile(r"(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]\d{2,4}){1,3}(?!\w)")),
)
_MIN_PHONE_DIGITS = 7
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PLACEHOLDER = re.compile(r"\[(?:EMAIL|CARD|SSN|IP|PHONE|PERSON)_\d+\]")


@dataclass
class Redaction:
    """The redacted text and the placeholders that map back to the original."""

    text: str
    originals: dict[str, str] = field(default_factory=dict)  # placeholder -> original text

    def restore(self, value: str | None) -> str | None:
        """``value`` (a quote, a due phrase) with every placeholder put back."""
        if not value or not self.originals:
            return value
        return _PLACEHOLDER.sub(lambda m: self.originals.get(m.group(), m.group()), value)


def redact(text: str, speakers: list[str]) -> Redaction:
    """Replace personal data in ``text``; the same value always gets the same placeholder."""
    result = Redaction(text)
    by_value: dict[str, str] = {}

    def placeholder(label: str, value: str) -> str:
        if value not in by_value:
            count = sum(1 for p in by_value.values() if p.startswith(f"[{label}_")) + 1
            by_value[value] = f"[{label}_{count}]"
            result.originals[by_value[value]] = value
        return by_value[value]

    for label, pattern in _PATTERNS:
        def swap(match: re.Match[str], label: str = label) -> str:
            value = match.group()
            if label == "PHONE" and (sum(c.isdigit() for c in value) < _MIN_PHONE_DIGITS
                                     or _ISO_DATE.fullmatch(value)):
                return value  # "2024", "10 20", "2026-11-16": numbers and dates, not phone numbers
            return placeholder(label, value)
        result.text = pattern.sub(swap, result.text)
    names = _name_pattern(speakers)
    if names is not None:
        result.text = names.sub(lambda m: placeholder("PERSON", m.group()), result.text)
    return result


def _name_pattern(speakers: list[str]) -> re.Pattern[str] | None:
    """Speakers' full names and their parts (``Dana Ruiz``, ``Dana``, ``Ruiz``), longest first."""
    parts = {s.strip() for s in speakers if s.strip()}
    for name in list(parts):
        parts.update(p for p in re.split(r"[\s,]+", name) if len(p) >= 3 and p[0].isupper())
    # Generic labels carry no identity and are needed to tell the sides apart.
    parts -= {"Speaker", "Unknown", "Customer", "Seller", "Host", "Guest"}
    if not parts:
        return None
    alternatives = "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True))
    return re.compile(rf"(?<![\w\[])(?:{alternatives})(?!\w)")
