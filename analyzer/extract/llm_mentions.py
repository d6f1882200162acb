"""From a validated LLM answer to raw :class:`Mention` objects, and smaller excerpts on failure.

Nothing here decides what is true: quotes are passed on for the checks to
ground (and reject, and count). Two repairs are made first, both about
*where* a quote is, never *what* it says: a ``[n] speaker:`` prefix
copied into the quote is dropped, and a quote filed under the wrong turn
number is moved to the one turn of the excerpt that contains it.
"""

from __future__ import annotations

import re

from analyzer.catalogue import SLUGS
from analyzer.checks import anchor
from analyzer.chunking import render_turn
from analyzer.extract.llm_redact import Redaction
from analyzer.models import Chunk, Mention, Turn
from analyzer.schemas import ChunkFindings, ExtractedMention
from analyzer.tokens import Tokenizer

# "[12] Dana: " as sent, or "[12] Dana (seller): " as chunks render turns.
_LINE_PREFIX = re.compile(r"^\s*\[\d+\]\s*[^:\n]{1,80}?(?:\s*\((?:seller|customer|unknown)\))?:\s*")


def to_mentions(content: str, redaction: Redaction, chunk: Chunk, turns: list[Turn]) -> list[Mention]:
    """The answer's mentions, with redaction placeholders restored to the original text."""
    findings = ChunkFindings.model_validate_json(content)
    return [_mention(item, redaction, chunk, turns) for item in findings.mentions]


def _mention(item: ExtractedMention, redaction: Redaction, chunk: Chunk, turns: list[Turn]) -> Mention:
    quote = redaction.restore(_LINE_PREFIX.sub("", item.quote)) or ""
    turn = _locate(item.turn, quote, chunk, turns)
    category = (item.category or "").strip().lower() or None
    minimizer = redaction.restore(item.minimizer)
    if minimizer and 0 <= turn < len(turns) and minimizer.lower() not in turns[turn].text.lower():
        minimizer = None  # a word the speaker did not say is not evidence of anything
    return Mention(
        kind=item.kind, turn=turn, quote=quote,
        category=category if category in SLUGS else None,
        due=redaction.restore(item.due) or None,
        commitment_kind=item.commitment_kind if item.kind == "commitment" else None,
        minimizer=minimizer,
    )


def _locate(cited: int, quote: str, chunk: Chunk, turns: list[Turn]) -> int:
    """The cited turn if the quote is there, else the one turn of the excerpt that has it."""
    if 0 <= cited < len(turns) and anchor(quote, turns[cited].text) is not None:
        return cited
    hits = [i for i in range(chunk.first_turn, min(chunk.last_turn, len(turns) - 1) + 1)
            if anchor(quote, turns[i].text) is not None]
    return hits[0] if len(hits) == 1 else cited  # ambiguous or absent: grounding decides


def split_chunk(chunk: Chunk, turns: list[Turn], tokenizer: Tokenizer) -> list[Chunk] | None:
    """Two halves of ``chunk`` (by turns, or by text for a single turn), or ``None`` if too small."""
    if chunk.last_turn > chunk.first_turn:
        middle = (chunk.first_turn + chunk.last_turn + 1) // 2
        return [_whole_turns(chunk.index, first, last, turns, tokenizer)
                for first, last in ((chunk.first_turn, middle - 1), (middle, chunk.last_turn))]
    turn = turns[chunk.first_turn]
    start, end = chunk.char_start, len(turn.text) if chunk.char_end is None else chunk.char_end
    cut = _middle_cut(turn.text, start, end)
    if cut is None:
        return None
    return [_piece(chunk, turn, a, b, tokenizer) for a, b in ((start, cut), (cut, end))]


def _whole_turns(index: int, first: int, last: int, turns: list[Turn], tokenizer: Tokenizer) -> Chunk:
    text = "\n".join(render_turn(i, turns[i]) for i in range(first, last + 1))
    return Chunk(index, first, last, text, tokenizer.count(text))


def _piece(chunk: Chunk, turn: Turn, start: int, end: int, tokenizer: Tokenizer) -> Chunk:
    text = render_turn(chunk.first_turn, turn, turn.text[start:end])
    return Chunk(chunk.index, chunk.first_turn, chunk.first_turn, text, tokenizer.count(text), start, end)


def _middle_cut(text: str, start: int, end: int) -> int | None:
    """Where to halve ``text[start:end]``: the sentence end nearest the middle, if one lies in
    the middle half, else the space nearest the middle; ``None`` for a single word."""
    middle, quarter = (start + end) // 2, (end - start) // 4
    gaps = [m for m in re.finditer(r"\s+", text[start:end]) if m.start() > 0 and start + m.end() < end]
    if not gaps:
        return None
    cuts = [start + m.end() for m in gaps]
    sentence_ends = [start + m.end() for m in gaps if text[start + m.start() - 1] in ".!?…"
                     and abs(start + m.end() - middle) <= quarter]
    return min(sentence_ends or cuts, key=lambda c: abs(c - middle))
