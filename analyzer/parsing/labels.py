"""Speaker labels as people write them: ``Dana``, ``AE``, ``AE (Jordan)``,
``Prospect (Priya – RevOps Director)``, ``Kailash (acme.com)``, ``Lee (AE)``, ``Dana (01:23)``.

A label is short (at most four words before an optional parenthetical) and starts with
a letter; words that usually introduce prose (``Note``, ``Q3``, ``Next steps``) and header
keys (``Date``, ``Attendees``) are never labels. Conferencing tools name whoever joins
from a phone by the device (``Dana's iPhone``, ``iPad``) or the number (``313-555-0142``,
``+1 313-555-0142``): those are labels too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from analyzer.models import Side
from analyzer.parsing.timecodes import TIMECODE, to_seconds

SELLER_ROLES = frozenset(
    {
        "ae", "se", "rep", "sales", "csm", "sdr", "bdr", "seller", "vendor",
        "account executive", "sales engineer", "solutions engineer", "solution engineer",
        "customer success", "customer success manager", "sales rep", "sales representative",
        "account manager", "salesperson", "sales person", "sales agent", "sales associate", "sales consultant",
    }
)  # fmt: skip
CUSTOMER_ROLES = frozenset({"prospect", "customer", "client", "buyer"})

# Job titles that put a person on the seller side wherever they appear in the title
# ("Senior Account Executive", "Acme Sales Engineer"). Bare "Sales" is not one of them:
# "VP Sales" is as often the buyer.
_SELLER_TITLE = re.compile(
    r"\b(account executive|sales engineer|solutions? engineer|sales rep(?:resentative)?|"
    r"customer success|account manager|(?-i:CSM|SDR|BDR|AE|SE))\b",
    re.IGNORECASE,
)

HEADER_KEYS = frozenset(
    {
        "title", "date", "time", "duration", "length", "attendees", "participants", "speakers",
        "account", "company", "call id", "call type", "call date", "call title", "meeting",
        "meeting id", "meeting title", "meeting date", "subject", "topic", "outcome", "location",
        "recording", "recorded", "organizer", "platform", "type", "deal", "opportunity", "stage",
        "when", "where", "agenda",
    }
)  # fmt: skip
_NOT_SPEAKERS = frozenset(
    {
        "note", "notes", "nb", "n.b", "ps", "p.s", "edit", "update", "summary", "action items",
        "action item", "next steps", "next step", "example", "e.g", "i.e", "important",
        "warning", "tip", "re", "fyi", "todo", "reminder", "result", "results", "goal",
        "problem", "solution", "issue", "http", "https", "mailto", "ftp", "www", "total", "price",
        "pricing", "cost", "status", "decision", "context", "background", "takeaway",
        "takeaways", "key takeaways", "recap", "caveat", "disclaimer", "call notes",
        "transcript", "bottom line", "pros", "cons", "timeline", "budget", "scope",
    }
)  # fmt: skip
_NOT_SPEAKER_SHAPES = re.compile(
    r"^(?:q[1-4]|h[12]|fy\s?\d{2,4}|(?:step|phase|option|day|week|part|item)\s*\d+|v\d+(?:\.\d+)*)$"
)
_BASE = re.compile(r"^[^\W\d_][\w.'’&/@-]*(?:\s+[\w.'’&/@-]+){0,3}$")
_SPLIT = re.compile(r"^(?P<base>[^()]+?)\s*(?:\((?P<paren>[^()]*)\))?$")
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)+$")
_TIMECODE = re.compile(rf"^{TIMECODE}$")
_NAME_TITLE = re.compile(r"\s+[–—-]\s+|\s*[–—]\s*|,\s*")
_SENIORITY = frozenset(
    {"senior", "sr", "sr.", "junior", "jr", "jr.", "lead", "principal", "staff", "enterprise",
     "strategic", "regional", "global", "commercial", "named", "associate", "head", "chief"}
)  # fmt: skip
_PARTICLES = frozenset({"de", "da", "di", "del", "der", "den", "van", "von", "la", "le", "bin", "al", "el"})
# Devices as they name themselves when someone joins from one ("Dana's iPhone", "Galaxy A54").
# Spelled as written ("iPhone" counts as a capitalised word), so "iphone: it died" stays prose.
_DEVICE_WORDS = frozenset({"iPhone", "iPad", "iPod", "iMac", "MacBook", "Galaxy", "Pixel", "Android"})
# A phone number as a dial-in caller's label: "313-555-0142", "(313) 555-0142",
# "+1 313-555-0142", "+44 20 7946 0958". Grouped as phone numbers are, so a date
# ("2024-03-15") or a clock time ("14:30") is never one.
PHONE = r"(?:\+?\d{1,3}[ .-])?(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}|\+\d[\d .-]{6,18}\d"
_PHONE = re.compile(rf"^(?:{PHONE})$")


@dataclass(frozen=True, slots=True)
class Label:
    """What one speaker label says, split into its parts."""

    base: str  # the label before any parenthetical: "AE", "Dana Ruiz"
    role: Side | None = None  # the side a role label states ("AE" -> seller)
    name: str | None = None  # the person a role label names: "AE (Jordan)" -> "Jordan"
    title: str | None = None
    company: str | None = None
    start: float | None = None  # "Dana (01:23)"
    name_shaped: bool = True  # capitalised words, like a name or a role
    device: bool = False  # a phone or its number, as a dial-in caller is labelled

    @property
    def key(self) -> str:
        """The label compared case-blind: ``AE`` and ``ae`` are one speaker."""
        return self.base.casefold()


def role_side(text: str) -> Side | None:
    """The side a role label states (``AE`` -> seller, ``Prospect`` -> customer), if it is one.

    Machine-written roles read the same: ``sales_rep``, ``Sales-Rep``.
    """
    folded = " ".join(text.casefold().replace("_", " ").replace("-", " ").split())
    if folded in SELLER_ROLES:
        return "seller"
    if folded in CUSTOMER_ROLES:
        return "customer"
    return None


def title_side(title: str | None) -> Side:
    """Seller when a job title is a selling role (``Senior Account Executive``), else unknown."""
    if title and (_SELLER_TITLE.search(title) or role_side(title) == "seller"):
        return "seller"
    if title and role_side(title) == "customer":
        return "customer"
    return "unknown"


def seller_title_prefix(title: str | None) -> str | None:
    """The company a title names before its selling role: ``TribeAI Account Executive`` -> TribeAI."""
    match = _SELLER_TITLE.search(title or "")
    if match is None or title is None:
        return None
    words = title[: match.start()].split()
    # Seniority words are not companies ("Senior Account Executive").
    while words and words[0].casefold() in _SENIORITY:
        words.pop(0)
    return " ".join(words) or None


def is_name_shaped(text: str) -> bool:
    """Capitalised words (``Dana Ruiz``, ``Speaker 1``, ``Anne de Vries``), as names are written."""
    words = text.split()
    if not words or not (words[0][:1].isupper() or words[0] in _DEVICE_WORDS):
        return False
    return all(
        w[:1].isupper() or w[:1].isdigit() or w.casefold() in _PARTICLES or w in _DEVICE_WORDS for w in words[1:]
    )


def is_blocked(base: str) -> bool:
    """Words that introduce prose or header fields, never a speaker."""
    folded = " ".join(base.casefold().rstrip(".").split())
    return folded in _NOT_SPEAKERS or folded in HEADER_KEYS or bool(_NOT_SPEAKER_SHAPES.match(folded))


def parse_label(written: str) -> Label | None:
    """Split a candidate label into its parts, or None when it cannot be a speaker label."""
    written = written.strip()
    if _PHONE.match(written):  # before the parenthetical is read: "(313) 555-0142"
        return Label(base=written, device=True)
    match = _SPLIT.match(written)
    if match is None:
        return None
    base = match["base"].strip()
    if len(base) > 40 or not _BASE.match(base) or is_blocked(base):
        return None
    role = role_side(base)
    device = any(word in _DEVICE_WORDS for word in base.split())
    label = Label(base=base, role=role, name_shaped=role is not None or is_name_shaped(base), device=device)
    paren = (match["paren"] or "").strip()
    return _with_paren(label, paren) if paren else label


def _with_paren(label: Label, paren: str) -> Label:
    """Read the parenthetical: a time, a company domain, a role, a stage note or a name."""
    if _TIMECODE.match(paren):
        return replace(label, start=to_seconds(paren))
    if _DOMAIN.match(paren):
        return replace(label, company=paren)
    paren_role = role_side(paren)
    if paren_role is not None and label.role is None:
        return replace(label, role=paren_role, title=paren)
    if not paren[:1].isupper():  # "(smiling)", "(reads on-screen)": a stage note
        return label
    if label.role is None:  # "Dana (VP Sales)"
        return replace(label, title=paren)
    name, title = _split_name_title(paren)
    if not name or len(name.split()) > 4 or not is_name_shaped(name):
        return replace(label, title=paren)
    return replace(label, name=name, title=title or None)


def _split_name_title(paren: str) -> tuple[str, str]:
    """``Priya – RevOps Director`` -> (``Priya``, ``RevOps Director``)."""
    parts = _NAME_TITLE.split(paren, maxsplit=1)
    return parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")


# A label at the start of a line: plain "Name:", Markdown "**Name:**" or "**Name**:".
# It starts with a letter, or is a dial-in caller's phone number.
LABEL = rf"(?:[^\W\d_][^:()\[\]*]{{0,59}}?|{PHONE})(?:\s*\([^()]{{0,80}}\))?"
_BOLD_IN = re.compile(rf"^\*\*(?P<label>{LABEL})\s*:\*\*(?:\s*(?P<text>.*))?$")
_BOLD_OUT = re.compile(rf"^\*\*(?P<label>{LABEL})\*\*\s*:(?:\s+(?P<text>.*))?$")
_PLAIN = re.compile(rf"^(?P<label>{LABEL})\s*:(?:\s+(?P<text>.*))?$")
# "[Dana] text" / "[Dana]: text" - but "[laughter] yes" is a stage direction, not a speaker.
_BRACKETED = re.compile(rf"^\[(?P<label>{LABEL})\]\s*:?(?:\s+(?P<text>.*))?$")
# In caption cues only a bracket followed by a colon names a speaker ("[SPEAKER_00]: text",
# as diarized SRT from WhisperX writes it): a bare "[MUSIC]" or "[laughter] yes" is shown text.
_BRACKETED_COLON = re.compile(rf"^\[(?P<label>{LABEL})\]\s*:(?:\s+(?P<text>.*))?$")
_STAGE_WORDS = frozenset(
    {
        "laughter", "laughs", "laughing", "crosstalk", "cross talk", "inaudible", "unintelligible", "music",
        "pause", "silence", "applause", "noise", "background noise", "overlapping", "coughs", "cough", "sighs",
        "end", "start", "beginning", "break", "silent", "chuckles", "overtalk", "blank audio", "no audio",
    }
)  # fmt: skip
_LABELS = ((_BOLD_IN, "bold"), (_BOLD_OUT, "bold"), (_PLAIN, "plain"))
_CUE_LABELS = (*_LABELS, (_BRACKETED_COLON, "bracket"))
_TEXT_FILE_LABELS = (*_LABELS, (_BRACKETED, "bracket"))
# A list or bullet marker before a label: "- **Dana:** text", "* Dana: text".
_BULLET = re.compile(r"^[-*•–]\s+(?=\S)")


def labelled(
    line: str, *, text_file: bool = False, known: dict[str, Label | None] | None = None
) -> tuple[Label, str, str] | None:
    """(label, text, style) when the line starts with a speaker label.

    In a text or Markdown file (``text_file``) a list marker before the label is read
    past and a bracketed name (``[Dana] text``) is a label too; in caption cues a
    leading dash or ``[MUSIC]`` is part of what is shown, and only a bracketed name
    with a colon (``[SPEAKER_00]: text``) is a label. ``known`` holds the labels
    already read in this file (a call repeats a few labels hundreds of times).
    """
    patterns = _TEXT_FILE_LABELS if text_file else _CUE_LABELS
    known = {} if known is None else known
    found = _labelled(line, patterns, known)
    if found is None and text_file and (bullet := _BULLET.match(line)):
        found = _labelled(line[bullet.end() :], patterns, known)
    return found


def _labelled(
    line: str, patterns: tuple[tuple[re.Pattern[str], str], ...], known: dict[str, Label | None]
) -> tuple[Label, str, str] | None:
    for pattern, style in patterns:
        match = pattern.match(line)
        if match and (style != "bracket" or match["label"].casefold() not in _STAGE_WORDS) \
                and (label := _parse_known(match["label"], known)):
            if style == "plain" and label.start is not None:
                style = "ts"
            return label, (match["text"] or "").strip(), style
    return None


def _parse_known(written: str, known: dict[str, Label | None]) -> Label | None:
    """:func:`parse_label`, read once per distinct label (labels are frozen, so sharing one is safe)."""
    if written not in known:
        known[written] = parse_label(written)
    return known[written]
