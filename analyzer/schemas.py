"""The pydantic models the LLM answers in (structured outputs).

The class docstrings and field descriptions are sent to the model inside the
JSON schema, so they are prompt text: every field is described, briefly (each
word is paid for on every chunk). They ask for facts the model can read off
the excerpt - what was said, by which turn, in which category - never for
conclusions; work items, risks and questions come from the catalogue and the
deterministic checks.

Changing anything here changes :func:`schema_hash` and so invalidates cached
answers, on purpose.
"""

from __future__ import annotations

import hashlib
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


def _without_titles(schema: dict) -> None:
    """Drop pydantic's generated titles: they repeat the field names and every token is paid for."""
    schema.pop("title", None)
    for prop in schema.get("properties", {}).values():
        prop.pop("title", None)


class ExtractedMention(BaseModel):
    """One ask for work, or one seller promise, in the excerpt."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_without_titles)

    kind: Literal["ask", "commitment"] = Field(
        description="ask: work is requested or offered; commitment: a seller-side speaker promises something.")
    turn: int = Field(description="The number in square brackets at the start of the quoted line.")
    quote: str = Field(
        description="Exact words copied from that line's text (not the [n] speaker prefix): the shortest "
                    "clause that says it.")
    category: str | None = Field(description="One category slug from the instructions, or null if none fits.")
    commitment_kind: Literal["explicit", "implicit"] | None = Field(
        description="For commitments: explicit (\"we will\", \"I'll send\") or implicit (\"that's just "
                    "config\", \"no problem\"); null for asks.")
    due: str | None = Field(description="The deadline phrase as said (\"by next Friday\"), or null.")
    minimizer: str | None = Field(
        description="A word that plays the work down (\"just\", \"simple\", \"quick\") as said, or null.")


class ChunkFindings(BaseModel):
    """Everything found in one excerpt; an empty list when nothing qualifies."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_without_titles)

    mentions: list[ExtractedMention] = Field(description="Asks and commitments, in the order they occur.")


def response_schema() -> dict:
    """The JSON schema of :class:`ChunkFindings`, as pydantic generates it."""
    return ChunkFindings.model_json_schema()


def schema_hash() -> str:
    """A short, stable hash of the response schema (part of every cache key)."""
    text = json.dumps(response_schema(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:12]
