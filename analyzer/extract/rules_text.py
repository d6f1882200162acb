"""Cutting a turn into sentences and clauses, as character spans.

The rules backend never rewrites text: every unit is a ``(start, end)`` span
into the turn, so a quote is always ``text[start:end]`` and exactly grounded.
"""

from __future__ import annotations

import re

Span = tuple[int, int]

# A sentence ends at . ! ? or … (plus closing quotes/brackets/asterisks) before
# whitespace, or at a line break. Abbreviations are checked separately.
_END = re.compile(r"[.!?…]+[\"”’'*)\]]*(?=\s)|\n+")
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:e\.g|i\.e|vs|etc|approx|mr|mrs|ms|dr|inc|ltd|co|corp|no|st|jr|sr|u\.s|a\.m|p\.m)|\b[A-Z])\.$",
    re.IGNORECASE,
)
_LEADING_JUNK = re.compile(r"[\s\-*•>–—]+")
_TRAILING_JUNK = re.compile(r"[\s]+$")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’%$₹€£.,-]*")

# Where one promise ends and the next begins inside a sentence: a dash, a
# semicolon or a conjunction, but only when a new subject (or a modal verb)
# follows - "two weeks—we integrate ...", "..., and I'll brief him". A dash
# before a list ("everything—platform, support") is not a new promise.
_CLAUSE_BREAK = re.compile(
    r"(?:\s*[—–;]\s*|\s+-\s+|,?\s+(?:and|but|plus)\s+)(?:and\s+)?"
    r"(?=(?i:I|we|you|they|will|can|would|we'll|we’ll|I'll|I’ll)\b(?!\s+and\b))"
)
_MIN_CLAUSE_WORDS = 5


def word_count(text: str) -> int:
    """Number of words, as the scorer counts them roughly."""
    return len(_WORD.findall(text))


def _trim(text: str, start: int, end: int) -> Span:
    lead = _LEADING_JUNK.match(text, start, end)
    if lead:
        start = lead.end()
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentences of ``text[start:end]`` as trimmed spans; empty pieces are dropped."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    piece_start = start
    for match in _END.finditer(text, start, end):
        cut = match.end() if match.group().strip() else match.start()
        if match.group().strip() and _ABBREVIATIONS.search(text[max(piece_start, cut - 8) : cut]):
            continue
        spans.append(_trim(text, piece_start, cut))
        piece_start = match.end()
    spans.append(_trim(text, piece_start, end))
    return [(a, b) for a, b in spans if b > a and any(ch.isalnum() for ch in text[a:b])]


def merge_fragments(text: str, spans: list[Span], *, max_words: int = 3) -> list[tuple[Span, int]]:
    """Glue a very short sentence ("Yes.", "Two weeks.") to the sentence after it.

    People answer with a fragment and then the substance; a promise quote
    reads best with both. Returns ``(span, core_start)`` pairs: ``core_start``
    is where the substance begins, so rules can judge it without the
    fragment ("Great question." says nothing about the promise).
    """
    merged: list[tuple[Span, int]] = []
    pending: int | None = None
    for a, b in spans:
        start = a if pending is None else pending
        if word_count(text[a:b]) <= max_words and not text[a:b].rstrip().endswith("?"):
            pending = start
            continue
        pending = None
        merged.append(((start, b), a))
    if pending is not None:
        tail = spans[-1][1]
        if merged and word_count(text[pending:tail]) <= max_words:
            (first, _), core = merged[-1]
            merged[-1] = ((first, tail), core)
        else:
            merged.append(((pending, tail), pending))
    return merged


def clause_spans(text: str, span: Span) -> list[Span]:
    """``span`` cut at clause breaks; clauses under five words rejoin a neighbour."""
    start, end = span
    cuts: list[Span] = []  # (end of previous clause, start of next)
    for match in _CLAUSE_BREAK.finditer(text, start, end):
        if match.start() > start:
            cuts.append((match.start(), match.end()))
    pieces: list[Span] = []
    piece_start = start
    for cut_end, next_start in cuts:
        pieces.append((piece_start, cut_end))
        piece_start = next_start
    pieces.append((piece_start, end))
    merged: list[Span] = []
    for a, b in pieces:
        short = word_count(text[a:b]) < _MIN_CLAUSE_WORDS
        if merged and (short or word_count(text[merged[-1][0] : merged[-1][1]]) < _MIN_CLAUSE_WORDS):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return [_trim(text, a, b) for a, b in merged]
