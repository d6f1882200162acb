"""The default backend: deterministic, offline rules over the trigger data.

Customer-side sentences that name a category (and are not negated, small
talk, praise or a maybe-someday) become ``ask`` mentions. Seller-side
sentences and clauses that commit the vendor become ``commitment`` mentions
(see :mod:`analyzer.extract.rules_commit`), and the categories they deliver
are offered work too. Every quote is a span of the turn's own text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from analyzer.catalogue.triggers import load_triggers
from analyzer.extract.base import Extraction
from analyzer.extract.rules_commit import CommitmentReader
from analyzer.extract.rules_match import Matchers, mask_stage
from analyzer.models import Chunk, Mention, Transcript, Turn
from analyzer.sentences import Span, is_question, sentence_spans, words_at_most

# A turn piece: (turn index, char start, char end).
Region = tuple[int, int, int]

# Clause separators inside a customer sentence, so that "we don't need SSO,
# but audit logs are a must" negates only the SSO half.
_NEGATION_SCOPE_BREAKS = (", but ", " but ", "; ", " — ", "—", ", although ", ", though ", " whereas ")
# The breaks after which a clause can take the need back: "the mobile app — we'd never use it".
_AFTERTHOUGHT_BREAKS = (" — ", "—")


# A clause that names the need only by pronoun: "... — I don't think we'd need it".
_BACK_REFERENCE = re.compile(r"\b(?:need|use|want|require|bother with)s? (?:it|that|them|those|one|this)\b",
                             re.IGNORECASE)

# An offer that is the clause's own condition ("... if you want"), not an extra after it.
_IF = re.compile(r"if\b", re.IGNORECASE)

# A customer turn this long (or a question) after a "not interested" shows the buyers are still in the call.
_ENGAGED_WORDS = 8
# How many turns after a customer's own question a colleague's "no" can come.
_ANSWER_TURNS = 2


@dataclass(frozen=True, slots=True)
class _CallState:
    """Facts about the whole call that sentence rules need."""

    disengaged_from: int | None  # first turn where the customer shut the call down


class RulesBackend:
    """Finds asks and commitments with the phrasings in ``catalogue/triggers.toml``."""

    name = "rules"

    def __init__(self, **settings: object) -> None:
        """Compile the trigger data; unknown settings (model, base_url, ...) are ignored."""
        self._m = Matchers(load_triggers())
        self._commitments = CommitmentReader(self._m)

    def extract(self, transcript: Transcript, chunks: list[Chunk]) -> Extraction:
        """Asks and commitments in the turns ``chunks`` cover, each turn piece read once."""
        state = self._call_state(transcript.turns)
        mentions: list[Mention] = []
        raised: frozenset[str] = frozenset()  # what the customer side asked for so far
        for turn_index, start, end in _regions(transcript.turns, chunks):
            turn = transcript.turns[turn_index]
            if turn.side == "customer" or turn.side == "unknown":
                found = self._asks(transcript.turns, turn_index, (start, end))
                raised = raised.union(m.category for m in found if m.category)
                mentions.extend(found)
            elif turn.side == "seller":
                if state.disengaged_from is not None and turn_index > state.disengaged_from:
                    continue  # pitching at someone who hung up promises nothing
                found = self._commitments.read(transcript.turns, turn_index, (start, end), raised)
                mentions.extend(self._not_declined(transcript.turns, turn_index, found))
        return Extraction(mentions=_untour(mentions))

    def _not_declined(self, turns: list[Turn], index: int, found: list[Mention]) -> list[Mention]:
        """``found`` less an offer the turn ends on that the buyers turn down at once.

        "We could set up single sign-on..." - "No, no, please. Just a password."
        promises nothing and offers no work they want. An extra held out after a
        promise ("Yes, it works offline for your drivers, I could show you.") is
        turned down on its own: the promise before it stands.
        """
        if not found or index + 1 >= len(turns) or turns[index + 1].side != "customer":
            return found
        last = found[-1].quote
        text = turns[index].text.rstrip()
        offered = self._m.start("offer", last)
        if not text.endswith(last.rstrip()) or offered is None:
            return found
        if not _IF.match(last, offered) and self._commitments.stands_alone(last[:offered]):
            # "It syncs every night, or we can switch it to hourly." - "No, nightly is perfect." An "if you
            # want" at the end makes the whole clause the offer ("we can bring those over if you want").
            return found
        if not self._m.has("declined", mask_stage(turns[index + 1].text)):
            return found
        return [m for m in found if m.quote != last]

    def _call_state(self, turns: list[Turn]) -> _CallState:
        disengaged = next(
            (i for i, t in enumerate(turns)
             if t.side == "customer" and self._m.has("disengaged", t.text) and not self._engages_after(turns, i)),
            None,
        )
        return _CallState(disengaged_from=disengaged)

    def _engages_after(self, turns: list[Turn], index: int) -> bool:
        """Whether the customer comes back into the call after turn ``index``.

        "Not interested" about one feature ("we just signed with PetDesk, so not
        interested") waves off that feature; the call goes on, with questions and
        talk from the buyers. A customer who shut the call down says no more.
        """
        return any(
            t.side == "customer" and not self._m.has("disengaged", t.text)
            and (is_question(t.text) or not words_at_most(t.text, _ENGAGED_WORDS - 1))
            for t in turns[index + 1 :]
        )

    def _asks(self, turns: list[Turn], index: int, region: Span) -> list[Mention]:
        """Ask mentions in one customer (or unknown-side) turn piece."""
        turn = turns[index]
        text = turn.text
        masked = mask_stage(text)  # a customer quoting a need still has the need
        found: list[Mention] = []
        spans = sentence_spans(text, *region)
        for i, (a, b) in enumerate(spans):
            sentence = masked[a:b]
            if turn.side == "unknown" and not self._m.has("need", sentence):
                continue  # without a side, only an outright need counts
            hits = self._m.category_hits(sentence)
            if not hits or self._not_an_ask(sentence) or self._answered_away(masked, spans, i):
                continue
            if self._answered_next(turns, index, sentence, masked[b:]):
                continue
            minimizer = self._m.first("minimizer", sentence)
            for hit in hits:
                if self._negated(sentence, hit.start):
                    continue
                found.append(Mention(
                    kind="ask", turn=index, quote=text[a:b], category=hit.slug,
                    minimizer=minimizer,
                ))
        return found

    def _not_an_ask(self, sentence: str) -> bool:
        """Small talk, praise for what already works, or a maybe-someday."""
        return (
            self._m.has("smalltalk", sentence)
            or self._m.has("satisfaction", sentence)
            or self._m.has("hypothetical", sentence)
        )

    def _answered_away(self, masked: str, spans: list[Span], i: int) -> bool:
        """A question the customer answers away at once.

        "Do we need the mobile app? Honestly, no." or "The integration?
        Smooth, no issues." - the next sentence says no, or praises what is.
        """
        if i + 1 >= len(spans) or not is_question(masked[spans[i][0] : spans[i][1]]):
            return False
        a, b = spans[i + 1]
        answer = masked[a:b]
        return self._m.has("self_denial", answer) or self._m.has("satisfaction", answer)

    def _answered_next(self, turns: list[Turn], index: int, sentence: str, rest: str) -> bool:
        """A question the customer side asks itself, answered no in the next turns.

        "Do we need the mobile app?" - a colleague: "Nah, not for now." Only
        the turn's last question (no "?" in ``rest``, the turn after it; a
        reason may follow it), and only a customer-side answer before any
        seller turn: a seller's "no" to an ask leaves the ask standing, unless
        it tells them they can do without ("For eight people you don't need it.").
        """
        if turns[index].side != "customer" or "?" in rest or not is_question(sentence):
            return False
        if not self._m.has("self_question", sentence):
            return False
        for turn in turns[index + 1 : index + 1 + _ANSWER_TURNS]:
            reply = mask_stage(turn.text)
            if turn.side != "customer":
                return turn.side == "seller" and self._m.has("advised_against", reply)
            if self._m.has("self_denial", reply):
                return True
            if self._m.has("affirmation", reply):
                return False  # "yeah, we do" settles it the other way
        return False

    def _negated(self, sentence: str, at: int) -> bool:
        """Whether the clause holding position ``at`` rules the need out.

        So does the clause after a dash when it names the need only as "it" or
        "that": "the mobile app — I don't think we'd need it". After "but" the
        pronoun narrows the need instead: "we need SSO, but we don't need it on
        day one" still asks for SSO.
        """
        start, end = _scope(sentence, at)
        if self._m.has("negation", sentence[start:end]):
            return True
        if not sentence.startswith(_AFTERTHOUGHT_BREAKS, end):
            return False
        next_start, next_end = _scope(sentence, _next_clause(sentence, end))
        after = sentence[next_start:next_end]
        return bool(_BACK_REFERENCE.search(after)) and self._m.has("negation", after)


def _scope(sentence: str, at: int) -> Span:
    """The clause of ``sentence`` holding position ``at``, between negation scope breaks."""
    start, end = 0, len(sentence)
    for sep in _NEGATION_SCOPE_BREAKS:
        before = sentence.rfind(sep, 0, at)
        if before != -1:
            start = max(start, before + len(sep))
        after = sentence.find(sep, at)
        if after != -1:
            end = min(end, after)
    return start, end


def _next_clause(sentence: str, end: int) -> int:
    """A position inside the clause that follows the break at ``end``."""
    sep = next((sep for sep in _NEGATION_SCOPE_BREAKS if sentence.startswith(sep, end)), " ")
    return min(end + len(sep), len(sentence) - 1)


def _untour(mentions: list[Mention]) -> list[Mention]:
    """Drop a promise's category when nobody in the call needs or was offered that work.

    A seller reciting features ("we have mobile apps too") commits to
    something, but it is no hidden work for this customer.
    """
    wanted = {m.category for m in mentions if m.kind == "ask"}
    return [
        replace(m, category=None) if m.kind == "commitment" and m.category is not None and m.category not in wanted
        else m  # a promise that names no category is kept as it is: replace() is slow
        for m in mentions
    ]


def _regions(turns: list[Turn], chunks: list[Chunk]) -> list[Region]:
    """The turn pieces the chunks cover, in order, each once (chunks overlap)."""
    seen: set[Region] = set()
    regions: list[Region] = []
    for chunk in chunks:
        if chunk.char_end is not None:
            pieces = [(chunk.first_turn, chunk.char_start, chunk.char_end)]
        else:
            pieces = [(i, 0, len(turns[i].text)) for i in range(chunk.first_turn, chunk.last_turn + 1)]
        for piece in pieces:
            if piece not in seen and 0 <= piece[0] < len(turns):
                seen.add(piece)
                regions.append(piece)
    return regions


__all__ = ["RulesBackend"]
