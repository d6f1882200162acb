"""Domain types shared by every stage: transcripts, chunks, findings, analyses.

Plain dataclasses, no I/O. The JSON shape other programs rely on
(``../shared/CONTRACT.md``) is produced by :func:`CallAnalysis.to_contract`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Literal

Side = Literal["seller", "customer", "unknown"]
SIDES: tuple[str, ...] = ("seller", "customer", "unknown")
Severity = Literal["high", "medium", "low"]
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def _pickled_by_fields(cls: type) -> type:
    """Pickle ``cls`` as a call to its constructor with its field values, one tuple.

    For the types a call has hundreds of, which go to a worker process and back
    (turns, then findings): a slots dataclass pickles by default through a
    state list built and applied field by field, about twice as slow.
    """
    assert all(f.init for f in fields(cls)), f"{cls.__name__}: every field must be a constructor argument"
    values = attrgetter(*(f.name for f in fields(cls)))  # several fields, so a tuple

    def __reduce__(self: object) -> tuple:
        return cls, values(self)

    cls.__reduce__ = __reduce__
    return cls


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Turn:
    """One speaker's uninterrupted stretch of talk."""

    speaker: str
    text: str
    start: float | None = None
    side: Side = "unknown"


@dataclass(frozen=True, slots=True)
class SpeakerHint:
    """What the file itself says about a speaker (a Gong party, a role label).

    ``side`` is the side the file states outright (Gong's Internal/External, an
    ``AE:`` or ``Prospect:`` label); ``title`` is a job title when one is given.
    """

    side: Side = "unknown"
    title: str | None = None
    company: str | None = None


@dataclass(slots=True)
class Transcript:
    """A parsed transcript: turns plus whatever metadata the file carried."""

    source: str
    turns: list[Turn]
    format: str
    title: str | None = None
    started_at: str | None = None  # ISO 8601 date or datetime
    account: str | None = None
    hints: dict[str, SpeakerHint] = field(default_factory=dict)

    def speakers(self) -> list[str]:
        """Speaker names in order of first appearance."""
        seen: dict[str, None] = {}
        for turn in self.turns:
            seen.setdefault(turn.speaker, None)
        return list(seen)


@dataclass(frozen=True, slots=True)
class Chunk:
    """A token-bounded, turn-aligned window of a transcript.

    ``first_turn``..``last_turn`` (inclusive) are the turns it covers. A turn
    longer than the budget is split into pieces; ``char_start``/``char_end``
    then give the piece of ``turns[first_turn]`` (for whole turns they are
    ``0`` and ``None``).
    """

    index: int
    first_turn: int
    last_turn: int
    text: str
    tokens: int
    char_start: int = 0
    char_end: int | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """A raw finding from a backend, before checks.

    ``kind`` is ``ask`` (hidden work the customer asks for or the seller offers)
    or ``commitment`` (a seller promise). ``quote`` must be an exact substring
    of ``turns[turn].text``; checks drop or re-anchor anything else.
    """

    kind: Literal["ask", "commitment"]
    turn: int
    quote: str
    category: str | None = None
    due: str | None = None
    commitment_kind: str | None = None  # explicit | implicit
    minimizer: str | None = None  # "just", "simple", "quick" said about it
    answer: str | None = None  # for asks: yes | no | None (no answer found)


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Evidence:
    quote: str
    speaker: str
    turn: int
    start: float | None


@_pickled_by_fields
@dataclass(slots=True)
class Commitment:
    quote: str
    speaker: str
    side: Side
    turn: int
    start: float | None
    category: str | None
    due: str | None = None
    kind: str | None = None


@_pickled_by_fields
@dataclass(slots=True)
class HiddenWork:
    category: str
    quote: str
    speaker: str
    side: Side
    turn: int
    start: float | None
    work_items: list[str] = field(default_factory=list)
    customer_prerequisites: list[str] = field(default_factory=list)
    minimizer: str | None = None
    answer: str | None = None
    answered_by: Evidence | None = None  # the seller's words that gave ``answer`` (reports, not the contract)


@_pickled_by_fields
@dataclass(slots=True)
class Risk:
    rule: str
    severity: Severity
    category: str | None
    title: str
    rationale: str
    evidence: list[Evidence] = field(default_factory=list)


@_pickled_by_fields
@dataclass(slots=True)
class Question:
    category: str | None
    question: str
    turn: int | None
    answered: bool | None = None  # for the five-point check: did the call answer it?


@dataclass(slots=True)
class Usage:
    """What one backend run cost: all zero for the rules backend."""

    requests: int = 0
    cached: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: float = 0.0

    def add(self, other: Usage) -> None:
        self.requests += other.requests
        self.cached += other.cached
        self.tokens_in += other.tokens_in
        self.tokens_out += other.tokens_out
        self.cost_usd += other.cost_usd


@dataclass(slots=True)
class CallAnalysis:
    """Everything known about one analyzed call."""

    call_id: str
    transcript: Transcript
    backend: str
    commitments: list[Commitment] = field(default_factory=list)
    hidden_work: list[HiddenWork] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    # Outside the JSON contract, kept in the store and the human reports.
    rejected_quotes: int = 0
    failed_turns: list[tuple[int, int]] = field(default_factory=list)
    tokenizer: str = ""
    usage: Usage = field(default_factory=Usage)

    @property
    def partial(self) -> bool:
        return bool(self.failed_turns)

    def side_of(self, speaker: str) -> Side:
        for turn in self.transcript.turns:
            if turn.speaker == speaker:
                return turn.side
        return "unknown"

    def to_contract(self) -> dict:
        """The call object exactly as ``../shared/CONTRACT.md`` fixes it."""
        t = self.transcript
        speakers = [{"name": name, "side": self.side_of(name)} for name in t.speakers()]
        return {
            "call_id": self.call_id,
            "source": t.source,
            "title": t.title,
            "started_at": t.started_at,
            "backend": self.backend,
            "speakers": speakers,
            "turns": [
                {"speaker": x.speaker, "side": x.side, "start": x.start, "text": x.text}
                for x in t.turns
            ],
            "commitments": [
                {
                    "quote": c.quote,
                    "speaker": c.speaker,
                    "side": c.side,
                    "turn": c.turn,
                    "start": c.start,
                    "category": c.category,
                    "due": c.due,
                }
                for c in self.commitments
            ],
            "hidden_work": [
                {
                    "category": h.category,
                    "quote": h.quote,
                    "speaker": h.speaker,
                    "side": h.side,
                    "turn": h.turn,
                    "start": h.start,
                    "work_items": list(h.work_items),
                    "customer_prerequisites": list(h.customer_prerequisites),
                }
                for h in self.hidden_work
            ],
            "risks": [
                {
                    "rule": r.rule,
                    "severity": r.severity,
                    "category": r.category,
                    "title": r.title,
                    "rationale": r.rationale,
                    "evidence": [
                        {"quote": e.quote, "speaker": e.speaker, "turn": e.turn, "start": e.start}
                        for e in r.evidence
                    ],
                }
                for r in self.risks
            ],
            "questions": [
                {"category": q.category, "question": q.question, "turn": q.turn}
                for q in self.questions
            ],
        }
