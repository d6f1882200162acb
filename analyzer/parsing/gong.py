"""Gong API transcript exports, with names and sides from the call's parties.

The transcript (``{"callTranscripts": [{"callId", "transcript": [{"speakerId",
"sentences": [{"start", "end", "text"}]}]}]}``, times in ms) names speakers only by id.
Names, titles and Internal/External affiliations come from the call's ``parties``, found
in a ``NAME.meta.json`` beside it or in the same file, in any of Gong's shapes:
``{"callData": {...}}``, ``{"calls": [{...}]}`` or a webhook payload wrapping those.
"""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.errors import InputError
from analyzer.models import Side, SpeakerHint, Transcript
from analyzer.parsing.json_list import UNKNOWN, load_json
from analyzer.parsing.turns import Piece, build

_AFFILIATION: dict[str, Side] = {"internal": "seller", "external": "customer"}
_MAX_DEPTH = 8  # how deep a webhook may wrap the call data


def is_gong(data: object) -> bool:
    """Whether decoded JSON is a Gong transcript export."""
    return isinstance(data, dict) and isinstance(data.get("callTranscripts"), list)


def parse(text: str, *, source: str, meta: str | None = None) -> Transcript:
    """Parse a Gong transcript export; ``meta`` is the text of its ``.meta.json``, if any."""
    meta_data = load_json(meta, source=f"{source} (meta)") if meta is not None else None
    return from_data(load_json(text, source=source), source=source, meta=meta_data)


def from_data(data: object, *, source: str, meta: object = None) -> Transcript:
    """Turns from already-decoded Gong JSON (and its decoded meta)."""
    found = data.get("callTranscripts") if isinstance(data, dict) else None
    calls = [c for c in found if isinstance(c, dict)] if isinstance(found, list) else []
    call = next((c for c in calls if isinstance(c.get("transcript"), list) and c["transcript"]), None)
    if call is None:
        raise InputError("Gong export without a call transcript", source=source)
    call_data = _call_data([meta, data], call.get("callId"))
    parties = _parties(call_data)
    pieces = [_piece(block, parties) for block in call["transcript"] if isinstance(block, dict)]
    info = call_data.get("metaData")
    info = info if isinstance(info, dict) else {}
    return build(
        pieces,
        source=source,
        fmt="gong",
        hints={name: hint for name, hint in parties.values()},
        title=_text(info.get("title")),
        started_at=_text(info.get("started")) or _text(info.get("scheduled")),
        account=_account(call_data),
    )


def _piece(block: dict, parties: dict[str, tuple[str, SpeakerHint]]) -> Piece:
    """One monologue block: its sentences joined with a space, its first start in seconds."""
    speaker_id = block.get("speakerId")
    speaker = parties[str(speaker_id)][0] if str(speaker_id) in parties else _text(speaker_id) or UNKNOWN
    sentences = [s for s in block.get("sentences") or [] if isinstance(s, dict)]
    texts = [s["text"].strip() for s in sentences if isinstance(s.get("text"), str) and s["text"].strip()]
    starts = [_ms(s.get("start")) for s in sentences]
    return Piece(speaker, " ".join(texts), next((s for s in starts if s is not None), None))


def _call_data(docs: list[object], call_id: object) -> dict:
    """The call's metaData/parties dict: the one whose id matches, else the first found."""
    found = [found for doc in docs for found in _find_calls(doc, 0)]
    for candidate in found:
        info = candidate.get("metaData")
        if isinstance(info, dict) and call_id is not None and str(info.get("id")) == str(call_id):
            return candidate
    return found[0] if found else {}


def _find_calls(doc: object, depth: int) -> Iterator[dict]:
    if depth > _MAX_DEPTH:
        return
    if isinstance(doc, dict):
        if isinstance(doc.get("parties"), list) or isinstance(doc.get("metaData"), dict):
            yield doc
        for key, value in doc.items():
            if key not in ("callTranscripts", "transcript", "parties", "metaData"):
                yield from _find_calls(value, depth + 1)
    elif isinstance(doc, list):
        for value in doc:
            yield from _find_calls(value, depth + 1)


def _parties(call_data: dict) -> dict[str, tuple[str, SpeakerHint]]:
    """speakerId -> (name, hint) for every party that has a speaker id."""
    out: dict[str, tuple[str, SpeakerHint]] = {}
    for party in call_data.get("parties") or []:
        if not isinstance(party, dict) or party.get("speakerId") is None:
            continue
        speaker_id = str(party["speakerId"])
        name = _text(party.get("name")) or _text(party.get("emailAddress")) or speaker_id
        affiliation = party.get("affiliation")
        side = _AFFILIATION.get(affiliation.casefold(), "unknown") if isinstance(affiliation, str) else "unknown"
        out[speaker_id] = (name, SpeakerHint(side=side, title=_text(party.get("title"))))
    return out


def _account(call_data: dict) -> str | None:
    """The Name field of a CRM Account object in the call's context (Salesforce)."""
    for context in call_data.get("context") or []:
        objects = context.get("objects") if isinstance(context, dict) else None
        for obj in objects or []:
            if not isinstance(obj, dict) or str(obj.get("objectType", "")).casefold() != "account":
                continue
            for item in obj.get("fields") or []:
                if isinstance(item, dict) and item.get("name") == "Name" and _text(item.get("value")):
                    return _text(item["value"])
    return None


def _ms(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < 1e12:
        return value / 1000
    return None


def _text(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return (value.strip() or None) if isinstance(value, str) else None
