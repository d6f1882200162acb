"""Token-aware, turn-aligned chunks of a transcript.

Both backends see the call through the same chunks. A chunk holds whole turns
(each rendered on one line as ``[index] speaker (side): text``) up to a token
budget; consecutive chunks share about ``overlap`` tokens of trailing turns so
that an ask and its answer are seen together. A turn longer than the budget
is split at sentence boundaries into pieces that each become a chunk.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from analyzer.models import Chunk, Turn
from analyzer.tokens import Tokenizer

DEFAULT_BUDGET = 8000  # a one-hour call in two LLM requests: prompt overhead stays under 10%
DEFAULT_OVERLAP = 120
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


@dataclass(frozen=True, slots=True)
class ChunkSettings:
    budget: int = DEFAULT_BUDGET
    overlap: int = DEFAULT_OVERLAP

    def __post_init__(self) -> None:
        if self.budget < 50:
            raise ValueError("chunk budget must be at least 50 tokens")
        if not 0 <= self.overlap < self.budget:
            raise ValueError("chunk overlap must be between 0 and the budget")


def render_turn(index: int, turn: Turn, text: str | None = None) -> str:
    """The line a chunk shows for a turn; the LLM cites turns by ``index``."""
    return f"[{index}] {turn.speaker} ({turn.side}): {turn.text if text is None else text}"


def chunk_turns(
    turns: list[Turn], tokenizer: Tokenizer, settings: ChunkSettings = ChunkSettings()
) -> list[Chunk]:
    """Split ``turns`` into overlapping chunks of at most ``settings.budget`` tokens."""
    lines = [render_turn(i, t) for i, t in enumerate(turns)]
    sizes = [tokenizer.count(line) + 1 for line in lines]  # +1 for the newline
    chunks: list[Chunk] = []
    first = 0
    while first < len(turns):
        if sizes[first] > settings.budget:
            for piece in _split_long_turn(first, turns[first], tokenizer, settings.budget):
                chunks.append(_renumber(piece, len(chunks)))
            first += 1
            continue
        last, used = first, sizes[first]
        while last + 1 < len(turns) and used + sizes[last + 1] <= settings.budget:
            last += 1
            used += sizes[last]
        chunks.append(Chunk(len(chunks), first, last, "\n".join(lines[first : last + 1]), used))
        if last + 1 >= len(turns):
            break
        first = _overlap_start(sizes, first, last, settings.overlap)
    return chunks


def _overlap_start(sizes: list[int], first: int, last: int, overlap: int) -> int:
    """Where the next chunk starts: back from ``last`` by up to ``overlap`` tokens.

    Always moves forward by at least one turn so chunking terminates.
    """
    start, carried = last + 1, 0
    while start - 1 > first and carried + sizes[start - 1] <= overlap:
        start -= 1
        carried += sizes[start]
    return start


def _renumber(chunk: Chunk, index: int) -> Chunk:
    return Chunk(index, chunk.first_turn, chunk.last_turn, chunk.text, chunk.tokens,
                 chunk.char_start, chunk.char_end)


def _split_long_turn(index: int, turn: Turn, tokenizer: Tokenizer, budget: int) -> Iterator[Chunk]:
    """Pieces of one over-long turn, cut at sentence ends (or words, for run-ons)."""
    prefix_tokens = tokenizer.count(render_turn(index, turn, "")) + 1
    room = max(budget - prefix_tokens, 10)
    start = 0
    for end in _piece_ends(turn.text, tokenizer, room):
        piece = turn.text[start:end]
        text = render_turn(index, turn, piece)
        yield Chunk(0, index, index, text, tokenizer.count(text) + 1, start, end)
        start = end


def _piece_ends(text: str, tokenizer: Tokenizer, room: int) -> Iterator[int]:
    """End offsets of consecutive pieces of ``text`` that each fit in ``room`` tokens.

    Pieces are packed from whole sentences; a sentence that alone is over
    ``room`` is cut between words.
    """
    units: list[int] = []  # end offsets of the smallest pieces we may cut at
    start = 0
    for end in [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]:
        if tokenizer.count(text[start:end]) <= room:
            units.append(end)
        else:
            units.extend(start + m.end() for m in re.finditer(r"\S+\s*", text[start:end]))
        start = end
    piece_start, piece_end = 0, None
    for end in units:
        if piece_end is not None and tokenizer.count(text[piece_start:end]) > room:
            yield piece_end
            piece_start = piece_end
        piece_end = end
    if piece_end is not None and piece_end > piece_start:
        yield piece_end
