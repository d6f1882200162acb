"""The call object of ../shared/CONTRACT.md as strict pydantic models, for tests.

Every field is checked by name, type and allowed values; unknown fields are
refused, so a drift from the contract fails loudly.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, StrictFloat, StrictInt, StrictStr, model_validator

Side = Literal["seller", "customer", "unknown"]
Slug = Literal[
    "sso", "data_import", "roles_permissions", "audit_logs", "custom_fields", "approval_workflow",
    "integration_api", "billing", "export_reporting", "mobile", "admin_controls",
    "compliance_security", "onboarding_training", "support_sla",
]
Seconds = StrictFloat | StrictInt | None


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Speaker(Strict):
    name: StrictStr
    side: Side


class Turn(Strict):
    speaker: StrictStr
    side: Side
    start: Seconds
    text: StrictStr


class Commitment(Strict):
    quote: StrictStr
    speaker: StrictStr
    side: Side
    turn: StrictInt
    start: Seconds
    category: Slug | None
    due: StrictStr | None


class HiddenWork(Strict):
    category: Slug
    quote: StrictStr
    speaker: StrictStr
    side: Side
    turn: StrictInt
    start: Seconds
    work_items: list[StrictStr]
    customer_prerequisites: list[StrictStr]


class Evidence(Strict):
    quote: StrictStr
    speaker: StrictStr
    turn: StrictInt
    start: Seconds


class Risk(Strict):
    rule: StrictStr
    severity: Literal["high", "medium", "low"]
    category: Slug | None
    title: StrictStr
    rationale: StrictStr
    evidence: list[Evidence]


class Question(Strict):
    category: Slug | None
    question: StrictStr
    turn: StrictInt | None


class Call(Strict):
    call_id: StrictStr
    source: StrictStr
    title: StrictStr | None
    started_at: StrictStr | None
    backend: StrictStr
    speakers: list[Speaker]
    turns: list[Turn]
    commitments: list[Commitment]
    hidden_work: list[HiddenWork]
    risks: list[Risk]
    questions: list[Question]

    @model_validator(mode="after")
    def grounded(self) -> Call:
        """Every quote is an exact substring of the turn it cites; speakers match turns."""
        quoted = [*self.commitments, *self.hidden_work, *(e for r in self.risks for e in r.evidence)]
        for item in quoted:
            assert 0 <= item.turn < len(self.turns), f"turn {item.turn} out of range"
            turn = self.turns[item.turn]
            assert item.quote and item.quote in turn.text, f"ungrounded quote {item.quote!r}"
            assert item.speaker == turn.speaker and item.start == turn.start
        for q in self.questions:
            assert q.turn is None or 0 <= q.turn < len(self.turns)
        assert {s.name for s in self.speakers} == {t.speaker for t in self.turns}
        sides = {s.name: s.side for s in self.speakers}
        assert all(t.side == sides[t.speaker] for t in self.turns)
        assert all(c.side == "seller" for c in self.commitments)
        return self


def validate_call(obj: dict) -> Call:
    return Call.model_validate(obj)
