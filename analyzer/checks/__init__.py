"""Deterministic checks: grounding, sides, merging, risk rules and questions.

Both backends' mentions go through the same checks, so risks are explained the
same way whichever backend read the call.
"""

from __future__ import annotations

from dataclasses import dataclass

from analyzer.catalogue import load_catalogue
from analyzer.checks.cues import CallText, load_cues
from analyzer.checks.findings import build_commitments, build_hidden_work, mark_answers
from analyzer.checks.grounding import anchor, ground
from analyzer.checks.questions import engineering_questions
from analyzer.checks.risks import CallFindings, assess
from analyzer.models import Commitment, HiddenWork, Mention, Question, Risk, Turn

__all__ = ["CheckedFindings", "anchor", "check", "ground"]


@dataclass(slots=True)
class CheckedFindings:
    commitments: list[Commitment]
    hidden_work: list[HiddenWork]
    risks: list[Risk]
    questions: list[Question]
    rejected_quotes: int


def check(mentions: list[Mention], turns: list[Turn]) -> CheckedFindings:
    """Turn a backend's raw mentions into grounded, merged findings with risks and questions."""
    catalogue = load_catalogue()
    cues = load_cues()
    grounded, rejected = ground(mentions, turns)
    commitments = build_commitments(grounded, turns, cues)
    hidden_work = build_hidden_work(grounded, turns, catalogue)
    mark_answers(hidden_work, commitments, turns, cues)
    findings = CallFindings(turns, commitments, hidden_work, catalogue, cues, CallText.of([t.text for t in turns]))
    return CheckedFindings(commitments, hidden_work, assess(findings),
                           engineering_questions(findings), rejected)
