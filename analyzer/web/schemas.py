"""The JSON API's shapes, as pydantic models: they document the OpenAPI schema.

They mirror the call object of ``../shared/CONTRACT.md`` field for field; the
API returns the store's dicts through them, so a field missing here would be
dropped from the answer (``tests/test_web_api.py`` compares with the CLI's JSON).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from analyzer.catalogue import SLUGS

# Literal over the catalogue's slugs: the schema lists them as an enum.
CategorySlug = Literal[SLUGS]  # type: ignore[valid-type]
SideName = Literal["seller", "customer", "unknown"]
SeverityName = Literal["high", "medium", "low"]


class ErrorBody(BaseModel):
    """Every 4xx answer of the API."""

    error: str = Field(description="One line naming the file (when there is one) and the reason.",
                       examples=["notes.pdf: not a transcript: binary data"])


class Speaker(BaseModel):
    name: str
    side: SideName


class TurnOut(BaseModel):
    speaker: str
    side: SideName
    start: float | None = Field(description="Seconds from the call's start; null when the file has no times.")
    text: str


class EvidenceOut(BaseModel):
    quote: str = Field(description="Exact words from turns[turn].text.")
    speaker: str
    turn: int = Field(description="0-based index into turns.")
    start: float | None


class CommitmentOut(EvidenceOut):
    side: SideName
    category: CategorySlug | None
    due: str | None = Field(description="The due phrase as said, e.g. 'next Friday'.")


class HiddenWorkOut(EvidenceOut):
    category: CategorySlug
    side: SideName
    work_items: list[str]
    customer_prerequisites: list[str]


class RiskOut(BaseModel):
    rule: str
    severity: SeverityName
    category: CategorySlug | None
    title: str
    rationale: str
    evidence: list[EvidenceOut]


class QuestionOut(BaseModel):
    category: CategorySlug | None
    question: str
    turn: int | None


class CallObject(BaseModel):
    """One analyzed call, exactly as the contract fixes it."""

    call_id: str = Field(description="Stable id derived from the transcript content.")
    source: str = Field(description="The uploaded file's name (display only).")
    title: str | None
    started_at: str | None
    backend: str
    speakers: list[Speaker]
    turns: list[TurnOut]
    commitments: list[CommitmentOut]
    hidden_work: list[HiddenWorkOut]
    risks: list[RiskOut]
    questions: list[QuestionOut]


class CallSummary(BaseModel):
    """One stored call in a list, with counts of what was found."""

    call_id: str
    source: str
    title: str | None
    started_at: str | None
    account: str | None
    backend: str
    partial: bool
    commitments: int
    hidden_work: int
    risks: int
    high_risks: int
    categories: list[CategorySlug] = Field(description="Hidden-work categories the call raised.")


# The multipart body of POST /api/calls. The route reads the stream itself (to
# keep files in memory and enforce the size limit), so FastAPI cannot derive
# this from its parameters; it is given to the schema by hand.
UPLOAD_BODY = {
    "required": True,
    "content": {"multipart/form-data": {
        "schema": {
            "type": "object",
            "required": ["files"],
            "properties": {
                "files": {"type": "array", "minItems": 1, "items": {"type": "string", "format": "binary"},
                          "description": "One or more transcripts, in any format the CLI reads."},
                "seller": {"type": "array", "items": {"type": "string"},
                           "description": "Seller-side speaker names (repeat, or comma-separated)."},
                "account": {"type": "string", "description": "The customer account the calls belong to."},
                "date": {"type": "string", "format": "date", "description": "Call date, overriding the file's."},
            },
        },
        "encoding": {"files": {"contentType": "application/octet-stream"}},
    }},
}
