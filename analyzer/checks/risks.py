"""Named risk rules over one call's findings.

Each rule is a small function returning risks; titles, severities and
rationales come from ``rules.toml`` so wording changes are data changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from analyzer.catalogue import Category
from analyzer.checks.cues import CallText, CheckCues, any_match, sentence_around
from analyzer.models import SEVERITY_ORDER, Commitment, Evidence, HiddenWork, Risk, Turn

# Work that a setup or onboarding promise rarely covers when it shows up in the same call.
SETUP_HEAVY = ("data_import", "integration_api", "sso", "roles_permissions", "custom_fields",
               "approval_workflow", "compliance_security")
SCOPING_WINDOW = (3, 6)  # turns before and after an ask where a scoping question counts


@dataclass(frozen=True)
class CallFindings:
    turns: list[Turn]
    commitments: list[Commitment]
    hidden_work: list[HiddenWork]
    catalogue: dict[str, Category]
    cues: CheckCues
    text: CallText

    def label(self, slug: str | None) -> str:
        return self.catalogue[slug].label if slug in self.catalogue else "this work"

    def evidence(self, item: Commitment | HiddenWork) -> Evidence:
        return Evidence(item.quote, item.speaker, item.turn, item.start)

    def make(self, rule: str, category: str | None, evidence: Iterable[Evidence], **fields: object) -> Risk:
        spec = self.cues.risks[rule]
        values = {"category_label": self.label(category), **fields}
        return Risk(rule, spec.severity, category, spec.title.format(**values),  # type: ignore[arg-type]
                    spec.rationale.format(**values), list(evidence))


def _first_per_category(items: Iterable[HiddenWork]) -> dict[str, HiddenWork]:
    first: dict[str, HiddenWork] = {}
    for item in items:
        first.setdefault(item.category, item)
    return first


def dated_promise(f: CallFindings) -> list[Risk]:
    return [f.make("dated_promise", c.category, [f.evidence(c)], due=c.due)
            for c in f.commitments if c.due and c.category]


def timeline_vs_revealed_work(f: CallFindings) -> list[Risk]:
    promise = next((c for c in f.commitments if c.due and c.category == "onboarding_training"), None)
    if promise is None:
        return []
    revealed = _first_per_category(h for h in f.hidden_work if h.category in SETUP_HEAVY)
    if not revealed:
        return []
    names = ", ".join(f.label(slug) for slug in revealed)
    evidence = [f.evidence(promise), *(f.evidence(h) for h in revealed.values())]
    return [f.make("timeline_vs_revealed_work", "onboarding_training", evidence,
                   revealed=names, due=promise.due)]


def unscoped_yes(f: CallFindings) -> list[Risk]:
    risks = []
    for slug, item in _first_per_category(
        h for h in f.hidden_work if h.side == "customer" and h.answer == "yes"
    ).items():
        lo, hi = item.turn - SCOPING_WINDOW[0], item.turn + SCOPING_WINDOW[1]
        window = f.turns[max(lo, 0) : hi + 1]
        if not any(t.side == "seller" and any_match(f.cues.scoping, t.text) for t in window):
            risks.append(f.make("unscoped_yes", slug, [f.evidence(item)]))
    return risks


def minimized_ask(f: CallFindings) -> list[Risk]:
    """A "just / simple / quick" said in the seller's turn that promised work in a category."""
    risks, done = [], set()
    searched: dict[int, re.Match[str] | None] = {}  # a turn holds many promises: search it once
    for c in f.commitments:
        if not c.category or c.category in done:
            continue
        turn = f.turns[c.turn]
        if c.turn not in searched:
            searched[c.turn] = any_match(f.cues.minimizers, turn.text)
        found = searched[c.turn]
        if found:
            done.add(c.category)
            said = Evidence(sentence_around(turn.text, found.start(), found.end()), c.speaker, c.turn, c.start)
            work = len(f.catalogue[c.category].work_items)
            risks.append(f.make("minimized_ask", c.category, [said],
                                minimizer=whole_words(turn.text, found.start(), found.end()), work_count=work))
    return risks


def whole_words(text: str, start: int, end: int) -> str:
    """``text[start:end]`` widened to whole words ("just a config" -> "just a configuration")."""
    while end < len(text) and (text[end].isalnum() or text[end] in "'-"):
        end += 1
    return text[start:end].strip()


def missing_prerequisites(f: CallFindings) -> list[Risk]:
    risks = []
    for slug, item in _first_per_category(f.hidden_work).items():
        cues = f.cues.prerequisite_cues.get(slug, ())
        if cues and f.text.first_turn(cues) is None:
            prereqs = "; ".join(f.catalogue[slug].prerequisites)
            risks.append(f.make("missing_prerequisites", slug, [f.evidence(item)], prerequisites=prereqs))
    return risks


def unanswered_ask(f: CallFindings) -> list[Risk]:
    answered = {h.category for h in f.hidden_work if h.answer} | {c.category for c in f.commitments}
    return [f.make("unanswered_ask", slug, [f.evidence(item)])
            for slug, item in _first_per_category(
                h for h in f.hidden_work if h.side == "customer").items()
            if slug not in answered]


def conflicting_answers(f: CallFindings) -> list[Risk]:
    """A yes and a no to the same category in one call.

    Different dates in one call are usually different milestones (live on
    Friday, pilot on Monday), so only the weekly review compares dates across calls.
    """
    risks = []
    for slug in _first_per_category(f.hidden_work):
        answers = {h.answer: h for h in f.hidden_work if h.category == slug and h.answer}
        if len(answers) > 1:  # the evidence is what the seller said each time, not the asks
            evidence = [h.answered_by or f.evidence(h) for h in answers.values()]
            risks.append(f.make("conflicting_answers", slug, evidence, details="a yes and a no"))
    return risks


RULES: tuple[Callable[[CallFindings], list[Risk]], ...] = (
    dated_promise, timeline_vs_revealed_work, unscoped_yes, minimized_ask,
    missing_prerequisites, unanswered_ask, conflicting_answers,
)


def assess(findings: CallFindings) -> list[Risk]:
    """Every rule's risks, most severe first (stable within a severity)."""
    risks = [risk for rule in RULES for risk in rule(findings)]
    return sorted(risks, key=lambda r: SEVERITY_ORDER[r.severity])
