"""From grounded mentions to the findings users see: sides, merging, enrichment."""

from __future__ import annotations

import re

from analyzer.catalogue import Category
from analyzer.checks.cues import CheckCues, ReplyTopics, any_match, sentence_around
from analyzer.models import Commitment, Evidence, HiddenWork, Mention, Turn


def _span(m: Mention, turns: list[Turn]) -> tuple[int, int]:
    start = turns[m.turn].text.find(m.quote)
    return start, start + len(m.quote)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def build_commitments(mentions: list[Mention], turns: list[Turn], cues: CheckCues) -> list[Commitment]:
    """Seller-side commitment mentions, one per promise (overlapping quotes merged).

    A quote that says no ("that isn't something we support today") is dropped
    whichever backend proposed it: a refusal is not a promise.
    """
    kept: list[tuple[Mention, tuple[int, int]]] = []
    in_turn: dict[int, list[int]] = {}  # turn -> where its promises are in ``kept``, in order
    for m in mentions:
        if m.kind != "commitment" or turns[m.turn].side != "seller" or any_match(cues.refusals, m.quote):
            continue
        span = _span(m, turns)
        clash = next((i for i in in_turn.get(m.turn, ()) if _overlaps(kept[i][1], span)), None)
        if clash is None:
            in_turn.setdefault(m.turn, []).append(len(kept))
            kept.append((m, span))
        elif (kept[clash][0].category is None and m.category) or (not kept[clash][0].due and m.due):
            kept[clash] = (m, span)  # the duplicate that knows more wins
    kept.sort(key=lambda pair: (pair[0].turn, pair[1][0]))
    return [
        Commitment(
            quote=m.quote, speaker=turns[m.turn].speaker, side=turns[m.turn].side, turn=m.turn,
            start=turns[m.turn].start, category=m.category, due=m.due, kind=m.commitment_kind,
        )
        for m, _ in kept
    ]


def build_hidden_work(
    mentions: list[Mention], turns: list[Turn], catalogue: dict[str, Category]
) -> list[HiddenWork]:
    """One hidden-work item per category and turn, with the catalogue's work and prerequisites."""
    seen: set[tuple[str, int]] = set()
    items: list[HiddenWork] = []
    for m in sorted(mentions, key=lambda m: m.turn):
        if m.kind != "ask" or m.category not in catalogue or (m.category, m.turn) in seen:
            continue
        seen.add((m.category, m.turn))
        category = catalogue[m.category]
        turn = turns[m.turn]
        items.append(HiddenWork(
            category=m.category, quote=m.quote, speaker=turn.speaker, side=turn.side, turn=m.turn,
            start=turn.start, work_items=category.work_items,
            customer_prerequisites=list(category.prerequisites), minimizer=m.minimizer,
        ))
    return items


def mark_answers(
    items: list[HiddenWork], commitments: list[Commitment], turns: list[Turn], cues: CheckCues
) -> None:
    """Set ``answer`` to yes/no for customer asks from the seller's reply, if there is one.

    The first seller turn within the next three turns is read first, when it is
    about the ask (it names the ask's category, or no category at all): a no
    there is a no even if something in the category is promised later (often
    a workaround). Otherwise a yes there, or a later seller commitment in the
    same category, is a yes. ``answered_by`` keeps the seller's words.
    """
    seen: dict[str, tuple[str, ...]] = {}  # word -> prefixes, for reading what each reply is about
    replies: dict[int, tuple[re.Match[str] | None, bool]] = {}  # reply turn -> what it said (asks share replies)
    topics: dict[int, ReplyTopics] = {}  # reply turn -> the categories it names, read as far as asked
    promised: dict[str | None, list[Commitment]] = {}  # category -> its promises, in order
    for c in commitments:
        promised.setdefault(c.category, []).append(c)
    for item in items:
        if item.side != "customer":
            continue
        at = next((i for i in range(item.turn + 1, min(item.turn + 4, len(turns))) if turns[i].side == "seller"), None)
        said, said_no = None, False
        if at is not None:
            if at not in replies:
                replies[at] = _yes_or_no(turns[at].text, cues)
            said, said_no = replies[at]
        if at is not None and said is not None:  # it answers the ask if it names its category, or none at all
            if at not in topics:
                topics[at] = ReplyTopics(turns[at].text, seen)
            if not topics[at].names(item.category) and topics[at].names_any():
                said = None
        if at is not None and said is not None:
            item.answer = "no" if said_no else "yes"
            reply = turns[at]
            item.answered_by = Evidence(sentence_around(reply.text, said.start(), said.start()),
                                        reply.speaker, at, reply.start)
            continue
        later = next((c for c in promised.get(item.category, ()) if c.turn >= item.turn), None)
        if later is not None:
            item.answer = "yes"
            item.answered_by = Evidence(later.quote, later.speaker, later.turn, later.start)


def _yes_or_no(text: str, cues: CheckCues) -> tuple[re.Match[str] | None, bool]:
    """A reply's first no, else its first yes, and whether it is a no."""
    said_no = any_match(cues.no, text)
    if said_no is not None:
        return said_no, True
    return any_match(cues.yes, text), False
