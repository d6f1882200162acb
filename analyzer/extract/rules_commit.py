"""Seller promises: which sentences and clauses of a seller turn commit the vendor.

LABELING.md's line: a statement the customer will hold the vendor to (the
product does X for them, work or support delivered, a price, a date), said by
the seller, explicitly or implicitly. Not: questions, sales admin, stories
about other customers, ROI arithmetic, hedges, demo narration, pleasantries,
or work the seller puts on the customer.
"""

from __future__ import annotations

from dataclasses import dataclass

from analyzer.extract.rules_match import Matchers, mask_quoted
from analyzer.extract.rules_text import Span, clause_spans, merge_fragments, sentence_spans, word_count
from analyzer.models import Mention, Turn

# How far back a seller's answer looks for the customer's question.
_LOOKBACK_TURNS = 2


@dataclass(frozen=True, slots=True)
class _Question:
    """What the customer just asked, if anything."""

    capability: bool  # a yes/no "can you / does it" question
    category: str | None  # the category it was about


@dataclass(frozen=True, slots=True)
class _Verdict:
    kind: str  # explicit | implicit


class CommitmentReader:
    """Reads seller turns for commitments, with the customer's last question as context."""

    def __init__(self, matchers: Matchers) -> None:
        self._m = matchers

    def read(self, turns: list[Turn], index: int, region: Span) -> list[Mention]:
        """Commitment mentions (and the work they offer, as asks) in one seller turn piece."""
        turn = turns[index]
        text, masked = turn.text, mask_quoted(turn.text)
        if self._m.has("puffery", masked[region[0] : region[1]]):
            return []  # a recited pitch, not a promise to this customer
        question = self._question_before(turns, index) if region[0] == 0 else None
        mentions: list[Mention] = []
        opening = True
        for sentence in merge_fragments(text, sentence_spans(text, *region)):
            for a, b in clause_spans(text, sentence):
                verdict = self._judge(masked[a:b], opening=opening, question=question)
                opening = False
                if verdict is None:
                    continue
                mentions.extend(self._mentions(index, text, masked, (a, b), verdict, question))
                question = None  # only the first promise inherits the question's category
        return mentions

    def _mentions(
        self, index: int, text: str, masked: str, span: Span, verdict: _Verdict, question: _Question | None
    ) -> list[Mention]:
        a, b = span
        clause = masked[a:b]
        hits = self._m.category_hits(clause)
        category = hits[-1].slug if hits else (question.category if question else None)
        minimizer = self._m.first("minimizer", clause)
        found = [Mention(
            kind="commitment", turn=index, quote=text[a:b], category=category,
            due=self._due(text, span), commitment_kind=verdict.kind,
            minimizer=minimizer.group() if minimizer else None,
        )]
        # What the seller commits to deliver is hidden work for this customer too.
        found.extend(
            Mention(kind="ask", turn=index, quote=text[a:b], category=slug)
            for slug in dict.fromkeys(hit.slug for hit in hits)
        )
        return found

    def _due(self, text: str, span: Span) -> str | None:
        phrase = self._m.due_phrase(text[span[0] : span[1]])
        return phrase or None

    def _judge(self, clause: str, *, opening: bool, question: _Question | None) -> _Verdict | None:
        """Whether ``clause`` commits the vendor, and how (explicit or implicit)."""
        m = self._m
        if word_count(clause) < 3 or self._excluded(clause):
            return None
        explicit = m.has("commitment", clause) or m.has("price", clause)
        implicit = m.has("implicit", clause)
        affirmed = opening and question is not None and question.capability and m.has("affirmation", clause)
        if explicit or affirmed:
            return _Verdict("explicit")
        if implicit:
            return _Verdict("implicit")
        return None

    def _excluded(self, clause: str) -> bool:
        """Everything LABELING.md says is not a commitment, checked on one clause."""
        m = self._m
        offer = m.has("offer_question", clause)
        dated = m.has("dated_answer", clause)
        if clause.rstrip().endswith("?") and not (offer or dated):
            return True
        if m.has("hedge", clause) and not dated:
            return True
        if m.has("sales_admin", clause) and not m.has("compliance_artifact", clause):
            return True
        if m.has("other_customers", clause) and not m.has("price", clause):
            return True
        return (
            m.has("roi", clause)
            or m.has("narration", clause)
            or m.has("customer_work", clause)
            or (m.has("pleasantry", clause) and not m.has("commitment", clause))
        )

    def _question_before(self, turns: list[Turn], index: int) -> _Question | None:
        """The customer's question right before this seller turn, if there is one."""
        for back in range(index - 1, max(-1, index - 1 - _LOOKBACK_TURNS), -1):
            turn = turns[back]
            if turn.side == "seller":
                return None
            if turn.side != "customer":
                continue
            masked = mask_quoted(turn.text)
            asked = [masked[a:b] for a, b in sentence_spans(masked) if masked[a:b].rstrip().endswith("?")]
            if not asked:
                return None
            hits = [hit for sentence in asked for hit in self._m.category_hits(sentence)]
            if not hits:
                hits = self._m.category_hits(masked)
            return _Question(
                capability=any(self._m.has("capability_question", s) for s in asked),
                category=hits[-1].slug if hits else None,
            )
        return None
