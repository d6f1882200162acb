"""Cutting a turn into sentences and clauses, as character spans.

The rules backend never rewrites text: every unit is a ``(start, end)`` span
into the turn, so a quote is always ``text[start:end]`` and exactly grounded.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice

Span = tuple[int, int]

# A sentence ends at . ! ? or … (plus closing quotes/brackets/asterisks) before
# whitespace, or at a line break. Abbreviations are checked separately.
# (Here and below, a leading look-ahead names the characters a match can start with: it
# changes no match, and the engine gives up at once everywhere else instead of trying
# every alternative there.)
# The end mark itself comes first, and the look-behinds tell which one it was: a pattern that
# opens with a character class is scanned for that class in C, not tried at every position
# (the same matches as ``[.!?…]+[\"”’'*)\]]*(?=\s)|\n+``, in half the time).
_END = re.compile(r"[.!?…\n](?:(?<=[.!?…])[.!?…]*[\"”’'*)\]]*(?=\s)|(?<=\n)\n*)")
_ABBREVIATED = ("e.g", "i.e", "vs", "etc", "approx", "mr", "mrs", "ms", "dr", "inc", "ltd", "co", "corp", "no", "st",
                "jr", "sr", "u.s", "a.m", "p.m")
# The closing full stop, then looking back for one of them (or a single letter) as a whole word: the
# engine finds the stop at once instead of trying every abbreviation at every position before it.
_ABBREVIATIONS = re.compile(
    r"\.$(?:" + "|".join(rf"(?<=\b{re.escape(word)}\.)" for word in _ABBREVIATED) + r"|(?<=\b[A-Z]\.))",
    re.IGNORECASE,
)
_LEADING_JUNK = re.compile(r"[\s\-*•>–—]+")
_TRAILING_JUNK = re.compile(r"[\s]+$")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’%$₹€£.,-]*")
# ASCII text as bytes, each letter and digit made "a", the other characters a word may hold (``'%$.,-``)
# dropped, everything else made a space: each word ``_WORD`` finds is then one run of "a"s, counted in C
# without a match object or a string per word (five times faster).
_WORD_LETTERS = bytes(ord("a") if chr(c).isascii() and chr(c).isalnum() else ord(" ") for c in range(256))
_WORD_MARKS = b"'%$.,-"
# A letter or digit: exactly what str.isalnum() accepts (\w is isalnum() or "_").
_ALNUM = re.compile(r"[^\W_]")

# Where one promise ends and the next begins inside a sentence: a dash, a
# semicolon or a conjunction, but only when a new subject (or a modal verb)
# follows - "two weeks—we integrate ...", "..., and I'll brief him" - or the next
# item of a list of deliverables begins (", and a ...", "plus a ..."). A dash
# before a list ("everything—platform, support") is not a new promise.
# The second look-ahead is what every alternative starts with (spaces, then a dash, a
# semicolon, the a/b/p of and/but/plus or the I of a guess said aside): it changes no
# match, and the engine gives up at once after most spaces instead of trying each
# alternative (a fifth faster).
_CLAUSE_BREAK = re.compile(
    r"(?=[\s—–;,])(?=,?\s*[—–;\-abpIi])(?:(?:\s*[—–;]\s*|\s+-\s+|,?\s+(?:and|but|plus)\s+)(?:and\s+)?"
    r"(?=(?i:I|we|you|they|there|will|can|would|we'll|we’ll|I'll|I’ll|every|each|nothing|nobody|everything)\b(?!\s+and\b))"
    # The next item of a list of deliverables: "two sessions on site, and a guide for users", "plus a sandbox".
    r"|,\s+and\s+(?=(?i:an?)\s)|,?\s+plus\s+(?=(?i:an?|the)\s)"
    # A guess said aside after the promise: "the tablets work offline, I'm guessing the wifi is patchy".
    r"|,\s+(?=(?i:I(?:['’]m| am)? (?:guessing|guess|bet|assume|imagine|suppose))\b))"
)
# Every clause break holds one of these: most sentences hold none, and need no scan.
_BREAK_MARKS = ("—", "–", ";", "-", "and", "but", "plus", ", I", ", i")
_MIN_CLAUSE_WORDS = 5

# Speech recognised without punctuation runs many statements together: "yeah so
# we'd pull that out of your old system we've done it before so your team just
# checks a sample". A long, comma-poor run is cut where spoken English starts a
# new statement: at a filler, at a discourse marker ("so", "and then", "yeah")
# followed by a subject, or at a subject with a modal ("we'd", "you can") right
# after a content word. Each cut keeps the words; pieces under five words rejoin.
_SUBJECT = r"(?:i|we|you|they|it|he|she|that|this|there|each|every|our|your|their|[a-z]+['’]s)"
_MODAL_SUBJECTS = ("i", "we", "you", "they", "it", "that")
_MODAL_SUBJECT = (
    rf"(?:{'|'.join(_MODAL_SUBJECTS)})"
    r"(?:['’](?:ll|d|re|ve|m)|\s+(?:can|will|would|could|just|only|also|never|do|don['’]t|get|have))"
)
# Discourse markers that start a new statement when a subject follows ("so we ...", "yeah they ...").
_MARKERS = ("so", "and then", "and", "but", "because", "cause", "plus", "then", "yeah", "yep", "yes", "okay", "ok",
            "alright", "honestly", "basically", "anyway")
# What every alternative of _SOFT_BREAK needs after its whitespace: a marker or a subject as a word of its
# own, or a filler (keep in step with the fillers there). Looked for first, it turns down most spaces at
# once (a quarter less scanning); a test compares the pattern with and without it.
_STATEMENT_WORDS = "|".join(dict.fromkeys([*(marker.split()[0] for marker in _MARKERS), *_MODAL_SUBJECTS]))
_STARTS_STATEMENT = rf"(?=\s+(?:(?:{_STATEMENT_WORDS})['’\s]|um|uh|erm))"
# Words after which a subject continues the clause ("the thing that we'd need").
_GLUE = ("that", "which", "what", "when", "if", "so", "and", "but", "or", "as", "how", "where", "who", "then", "than")
_NOT_AFTER_GLUE = "".join(rf"(?<!\b{word})" for word in _GLUE)
# "we" and "they" are never objects, so one right after a content word starts a new statement
# ("the app works offline they download the route"), unless a word that takes a clause comes
# first ("I think we", "the day we", "whichever they use", "otherwise we").
_CLAUSE_TAKERS = (*_GLUE, "think", "know", "said", "says", "hope", "guess", "mean", "sure", "because", "cause",
                  "whichever", "until", "unless", "once", "before", "after", "since", "while", "like", "whether",
                  "otherwise", "day", "time", "week", "way", "one", "ones", "thing", "things", "stuff", "all")
_NOT_AFTER_TAKER = "".join(rf"(?<!\b{word})" for word in _CLAUSE_TAKERS)
# Every alternative starts with whitespace (the look-behinds consume nothing), so (?=\s) skips
# the four in five positions where all those look-behinds were tried for nothing (2.6x faster).
# The last alternative looks ahead for its subject before trying the look-behinds: the same
# matches (the whitespace run is taken whole either way), and the look-behinds run only
# where a subject follows (run-on sentences scan 1.6x faster).
_SOFT_BREAK = re.compile(
    rf"(?i:(?=\s){_STARTS_STATEMENT}(?:\s+(?:and\s+)?(?:(?:um+|uh+|erm|uhm)\b[\s,]*)+"
    rf"|\s+(?=(?:{'|'.join(_MARKERS)})\s+{_SUBJECT}\b)"
    rf"|(?=\s+{_MODAL_SUBJECT}\b)(?<![\s,]){_NOT_AFTER_GLUE}\s+"
    rf"|(?=\s+(?:we|they)\s)(?<![\s,]){_NOT_AFTER_TAKER}\s+))"
)
_RUN_ON_WORDS = 18  # a span this long with few commas is read as a run-on
_CLOSERS = "\"”’'*)]"  # what may close a sentence after its end mark (see _END)
_WORDS_PER_COMMA = 12

# A question said without a question mark: it opens (after "and", "so", a
# filler) with an auxiliary and a subject, or a question word and a verb.
_QUESTION_START = re.compile(
    r"^\W*(?:(?:and|so|okay|ok|oh|but|also|then|um+|uh+|like|yeah|sorry)\W+)*"
    r"(?:(?:do|does|did|can|could|will|would|is|are|was|were|has|have|should)\s+"
    r"(?:i|we|you|they|it|he|she|this|that|these|those|there|the|your|our|my|any|anyone|everyone|everybody)\b"
    r"|(?:what|how|who|which|when|where|why)\s+(?:do|does|did|is|are|was|were|can|could|will|would|should|about|happens|kind|long|much|many|if|else)\b"
    r"|(?:what|how|who)['’]s\b)",
    re.IGNORECASE,
)


def word_count(text: str) -> int:
    """Number of words, as the scorer counts them roughly."""
    if text.isascii():
        return _ascii_word_count(text)
    return len(_WORD.findall(text))


def _ascii_word_count(text: str) -> int:
    runs = text.encode("ascii").translate(_WORD_LETTERS, _WORD_MARKS)
    return runs.count(b" a") + runs.startswith(b"a")


def words_at_most(text: str, limit: int, start: int = 0, end: int | None = None) -> bool:
    """Whether ``text[start:end]`` has at most ``limit`` words: ``word_count`` that stops counting past it.

    Most pieces asked "is this a fragment?" are long, so they need not be counted to the end
    (an ASCII piece is counted whole: that is faster still).
    """
    piece = text[start:end]
    if piece.isascii():
        return _ascii_word_count(piece) <= limit
    words = _WORD.finditer(text, start, len(text) if end is None else end)
    return next(islice(words, limit, None), None) is None


def _trim(text: str, start: int, end: int) -> Span:
    lead = _LEADING_JUNK.match(text, start, end)
    if lead:
        start = lead.end()
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentences of ``text[start:end]`` as trimmed spans; empty pieces are dropped."""
    return list(_sentence_spans(text, start, len(text) if end is None else end))


# Remembered for a few turns: a customer turn is cut into sentences to read its asks, and again
# (the same text, when nothing in it was masked) as the question the next seller turn answers.
@lru_cache(maxsize=8)
def _sentence_spans(text: str, start: int, end: int) -> tuple[Span, ...]:
    spans: list[Span] = []
    piece_start = start
    for match in _END.finditer(text, start, end):
        marked = text[match.start()] != "\n"  # an end mark, not a line break
        cut = match.end() if marked else match.start()
        # Only a full stop can close an abbreviation: "?" and "!" need no look.
        if marked and text[cut - 1] == "." and _ABBREVIATIONS.search(text[max(piece_start, cut - 8) : cut]):
            continue
        spans.append(_trim(text, piece_start, cut))
        piece_start = match.end()
    spans.append(_trim(text, piece_start, end))
    out: list[Span] = []
    for a, b in spans:
        if b > a and _ALNUM.search(text, a, b):
            out.extend(_soft_spans(text, a, b))
    return tuple(out)


def is_question(sentence: str) -> bool:
    """Whether a sentence asks: it ends with "?", or opens like a question and has no end mark."""
    tail = sentence.rstrip()
    if tail.endswith("?"):
        return True
    return not tail.endswith((".", "!")) and _QUESTION_START.match(sentence) is not None


def _soft_spans(text: str, start: int, end: int) -> list[Span]:
    """A run-on ``text[start:end]`` cut where a new spoken statement begins (else kept whole)."""
    if end - start < 2 * _RUN_ON_WORDS - 1:
        return [(start, end)]  # too short to hold a run-on: words need a separator between them
    piece = text[start:end]
    words = word_count(piece)
    if words < _RUN_ON_WORDS or piece.count(",") * _WORDS_PER_COMMA > words:
        return [(start, end)]
    if piece.rstrip(_CLOSERS)[-1:] in (".", "!", "?") and words < 2 * _RUN_ON_WORDS:
        # Ended by its own full stop, it is a sentence someone punctuated, not speech run together;
        # cut, it would lose the half that says for whom or why ("... so your managers approve it first").
        return [(start, end)]
    pieces: list[Span] = []
    piece_start = start
    for match in _SOFT_BREAK.finditer(text, start, end):
        if piece_start > start and words_at_most(text, 1, piece_start, match.start()):
            continue  # "and then we": the cut before "and" already holds the marker
        if match.start() > piece_start:
            pieces.append((piece_start, match.start()))
        piece_start = match.end()
    pieces.append((piece_start, end))
    return _join_short(text, pieces)


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
        if words_at_most(text, max_words, a, b) and not text[a:b].rstrip().endswith("?"):
            pending = start
            continue
        pending = None
        merged.append(((start, b), a))
    if pending is not None:
        tail = spans[-1][1]
        if merged and words_at_most(text, max_words, pending, tail):
            (first, _), core = merged[-1]
            merged[-1] = ((first, tail), core)
        else:
            merged.append(((pending, tail), pending))
    return merged


def clause_spans(text: str, span: Span) -> list[Span]:
    """``span`` cut at clause breaks; clauses under five words rejoin a neighbour."""
    start, end = span
    piece = text[start:end]
    if not any(mark in piece for mark in _BREAK_MARKS):
        return [_trim(text, start, end)]  # one clause, as the loop below would leave it
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
    return _join_short(text, pieces)


def _join_short(text: str, pieces: list[Span]) -> list[Span]:
    """Pieces under five words rejoin the one before them, trimmed.

    Words are counted only when there is a piece to join (most sentences are one clause).
    """
    merged: list[Span] = []
    for a, b in pieces:
        if merged and (words_at_most(text, _MIN_CLAUSE_WORDS - 1, a, b)
                       or words_at_most(text, _MIN_CLAUSE_WORDS - 1, *merged[-1])):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return [_trim(text, a, b) for a, b in merged]
