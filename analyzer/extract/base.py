"""The one interface every extraction backend implements."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from analyzer.models import Chunk, Mention, Transcript, Usage


@dataclass(slots=True)
class Extraction:
    """What a backend read from one call's chunks.

    ``mentions`` may hold duplicates (chunks overlap) and quotes that are not
    exact: the checks merge, re-anchor or reject them. ``failed_chunks`` are
    chunks the backend could not analyze; the call is then stored as partial.
    """

    mentions: list[Mention] = field(default_factory=list)
    failed_chunks: list[Chunk] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)


class Backend(Protocol):
    """Reads a transcript's chunks and returns raw mentions."""

    name: str

    def extract(self, transcript: Transcript, chunks: list[Chunk]) -> Extraction:
        """Find asks and commitments in ``chunks`` of ``transcript``.

        ``transcript.turns`` already carry their speaker sides.
        """
        ...
