"""Properties of the rules backend on messy, generated talk: it never crashes and never misquotes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from test_rules_helpers import backend

from analyzer.models import Chunk, Transcript, Turn

# Pieces of real-sounding talk: triggers, fillers, false starts, cross-talk marks.
PIECES = [
    "we need SSO", "um,", "uh", "you know,", "we- we", "[crosstalk]", "*laughs*", "“quoted bit”",
    "can you sync with HubSpot?", "we'll have it by next Friday.", "no integrations for now.",
    "that's a simple change on our side.", "I'll send the deck.", "my phone died", "—", ";", "...",
    "Yes.", "No.", "$2,400 per month", "within 48 hours", "audit trail", "İstanbul office", "\n", "  ",
]


@st.composite
def calls(draw: st.DrawFn) -> Transcript:
    turns = []
    for _ in range(draw(st.integers(1, 6))):
        text = " ".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12)))
        side = draw(st.sampled_from(["seller", "customer", "unknown"]))
        turns.append(Turn(speaker=side, text=text, side=side))
    return Transcript(source="gen.txt", turns=turns, format="txt")


@settings(max_examples=150, deadline=None)
@given(calls(), st.data())
def test_quotes_are_exact_spans_of_their_turn_whatever_the_chunking(t, data):
    last = len(t.turns) - 1
    chunks = [Chunk(0, 0, last, "", 0)]
    text = t.turns[0].text
    if len(text) > 2:  # also read the first turn as two split pieces, as long turns are
        cut = data.draw(st.integers(1, len(text) - 1))
        chunks += [Chunk(1, 0, 0, "", 0, 0, cut), Chunk(2, 0, 0, "", 0, cut, len(text))]
    for m in backend().extract(t, chunks).mentions:
        assert m.quote and m.quote in t.turns[m.turn].text
        assert m.kind in ("ask", "commitment")
        if m.kind == "commitment":
            assert t.turns[m.turn].side == "seller"
