"""Who is speaking: role labels resolved to names, and the hints labels state."""

from __future__ import annotations

from collections.abc import Callable

from analyzer.models import SpeakerHint
from analyzer.parsing.labels import Label, role_side


def resolver(labels: list[Label]) -> Callable[[Label], str]:
    """Map each label to a speaker name: ``AE (Jordan)`` and a later bare ``AE`` both -> Jordan."""
    names: dict[str, set[str]] = {}
    for label in labels:
        if label.name and role_side(label.base):
            names.setdefault(label.key, set()).add(label.name)
        elif label.role and label.title and role_side(label.title):  # "Lee (AE)"
            names.setdefault(label.title.casefold(), set()).add(label.base)

    def speaker_of(label: Label) -> str:
        if label.name:
            return label.name
        if role_side(label.base) and len(found := names.get(label.key, set())) == 1:
            return next(iter(found))
        return label.base

    return speaker_of


def label_hints(labels: list[tuple[str, Label]]) -> dict[str, SpeakerHint]:
    """Sides, titles and companies the speaker labels state."""
    hints: dict[str, SpeakerHint] = {}
    for speaker, label in labels:
        if speaker in hints and label.role is None and label.title is None and label.company is None:
            continue  # a bare "Dana:" adds nothing to what is known (titles are never "", so `or` keeps them)
        stated = SpeakerHint(side=label.role or "unknown", title=label.title, company=label.company)
        hints[speaker] = _combine(hints.get(speaker, SpeakerHint()), stated)
    return {name: hint for name, hint in hints.items() if hint != SpeakerHint()}


def merge_hints(listed: dict[str, SpeakerHint], labelled: dict[str, SpeakerHint]) -> dict[str, SpeakerHint]:
    """Attendee-list hints and label hints together: a label's side wins (it is said at the
    line), the attendee list's fuller title and company win."""
    merged = dict(listed)
    for name, said in labelled.items():
        known = merged.get(name, SpeakerHint())
        merged[name] = SpeakerHint(
            side=said.side if said.side != "unknown" else known.side,
            title=known.title or said.title,
            company=known.company or said.company,
        )
    return merged


def _combine(first: SpeakerHint, second: SpeakerHint) -> SpeakerHint:
    """``first``'s fields, with ``second`` filling the ones it leaves empty."""
    return SpeakerHint(
        side=first.side if first.side != "unknown" else second.side,
        title=first.title or second.title,
        company=first.company or second.company,
    )
