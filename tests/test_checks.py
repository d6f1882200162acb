from __future__ import annotations

import pytest

from analyzer.checks import anchor, check, ground
from analyzer.models import Mention, Turn


def T(speaker: str, side: str, text: str, start: float | None = None) -> Turn:
    return Turn(speaker, text, start, side)  # type: ignore[arg-type]


def test_anchor_returns_exact_text_for_quotes_that_differ_in_case_spacing_or_punctuation():
    text = "Yes — we support SSO with Okta, over SAML."
    assert anchor("we support SSO with Okta", text) == "we support SSO with Okta"
    assert anchor("We support  sso with okta over saml", text) == "we support SSO with Okta, over SAML"
    assert anchor("we support Azure AD", text) is None
    assert anchor("   ", text) is None


def test_ground_rejects_invented_quotes_and_bad_turn_numbers():
    turns = [T("Lee", "customer", "We need Okta login."), T("Dana", "seller", "Sure, we support that.")]
    mentions = [
        Mention("ask", 0, "we need okta login", "sso"),
        Mention("commitment", 1, "we guarantee 100% uptime", None),
        Mention("commitment", 7, "Sure", None),
    ]
    kept, rejected = ground(mentions, turns)
    assert rejected == 2
    assert [m.quote for m in kept] == ["We need Okta login"]
    for m in kept:
        assert m.quote in turns[m.turn].text


def test_commitments_only_come_from_the_seller_and_chunk_duplicates_merge():
    turns = [T("Lee", "customer", "We'll have the exports ready by Friday."),
             T("Dana", "seller", "We can have SSO live for the pilot by next Friday.")]
    mentions = [
        Mention("commitment", 0, "We'll have the exports ready by Friday", None, due="Friday"),
        Mention("commitment", 1, "We can have SSO live for the pilot", "sso"),
        Mention("commitment", 1, "We can have SSO live for the pilot by next Friday", "sso", due="next Friday"),
    ]
    result = check(mentions, turns)
    assert len(result.commitments) == 1
    c = result.commitments[0]
    assert (c.speaker, c.side, c.category, c.due) == ("Dana", "seller", "sso", "next Friday")


def _call():
    return [
        T("Lee", "customer", "Our IT team will want everyone to log in with Okta.", 38.0),
        T("Sam", "seller", "Yes, that's really just a configuration on our side.", 49.0),
        T("Dana", "seller", "We can have SSO live for the pilot by next Friday.", 65.0),
        T("Mia", "customer", "We also need data from two old systems brought over.", 71.0),
        T("Dana", "seller", "Onboarding takes one day.", 80.0),
        T("Mia", "customer", "And we need an approval step before invoicing.", 90.0),
        T("Dana", "seller", "Great, I'll send the order form.", 95.0),
    ]


def _mentions():
    return [
        Mention("ask", 0, "log in with Okta", "sso"),
        Mention("commitment", 1, "that's really just a configuration on our side", "sso"),
        Mention("commitment", 2, "We can have SSO live for the pilot by next Friday", "sso", due="next Friday"),
        Mention("ask", 3, "data from two old systems brought over", "data_import"),
        Mention("commitment", 4, "Onboarding takes one day", "onboarding_training", due="one day"),
        Mention("ask", 5, "we need an approval step before invoicing", "approval_workflow"),
    ]


def test_risk_rules_fire_with_evidence_from_the_call():
    result = check(_mentions(), _call())
    rules = {(r.rule, r.category) for r in result.risks}
    assert ("dated_promise", "sso") in rules
    assert ("timeline_vs_revealed_work", "onboarding_training") in rules
    assert ("minimized_ask", "sso") in rules
    assert ("unscoped_yes", "sso") in rules
    assert ("unanswered_ask", "approval_workflow") in rules
    assert ("missing_prerequisites", "sso") in rules
    severities = [r.severity for r in result.risks]
    assert severities == sorted(severities, key=["high", "medium", "low"].index)
    turns = _call()
    for risk in result.risks:
        assert risk.evidence and risk.title and risk.rationale
        for e in risk.evidence:
            assert e.quote in turns[e.turn].text


def test_timeline_risk_names_the_revealed_work():
    result = check(_mentions(), _call())
    (risk,) = [r for r in result.risks if r.rule == "timeline_vs_revealed_work"]
    assert "Data import" in risk.title and "one day" in risk.rationale
    assert {e.turn for e in risk.evidence} >= {4, 3}


def test_a_scoping_question_clears_the_unscoped_yes_risk():
    turns = _call()
    turns.insert(1, T("Sam", "seller", "Which identity provider do you use, and how many users?"))
    mentions = [Mention(m.kind, m.turn + (m.turn >= 1), m.quote, m.category, m.due) for m in _mentions()]
    rules = {(r.rule, r.category) for r in check(mentions, turns).risks}
    assert ("unscoped_yes", "sso") not in rules


def test_a_no_answer_is_not_unanswered_and_a_yes_then_a_no_conflict():
    turns = [T("Lee", "customer", "Do you have a mobile app for our drivers?"),
             T("Dana", "seller", "Not yet, it's on the roadmap."),
             T("Lee", "customer", "Can supervisors approve jobs from the app?"),
             T("Dana", "seller", "Yes, absolutely."),
             T("Lee", "customer", "So approvals work on the phone too?"),
             T("Sam", "seller", "No, approvals are desktop only today.")]
    mentions = [Mention("ask", 0, "mobile app for our drivers", "mobile"),
                Mention("ask", 2, "supervisors approve jobs from the app", "approval_workflow"),
                Mention("ask", 4, "approvals work on the phone too", "approval_workflow")]
    result = check(mentions, turns)
    rules = {(r.rule, r.category) for r in result.risks}
    assert ("unanswered_ask", "mobile") not in rules
    assert [h.answer for h in result.hidden_work if h.category == "mobile"] == ["no"]
    assert ("conflicting_answers", "approval_workflow") in rules


def test_a_conflict_quotes_what_the_seller_said_each_time():
    turns = [T("Lee", "customer", "Can supervisors approve jobs from the app?"),
             T("Dana", "seller", "Yes, absolutely. It's one tap."),
             T("Lee", "customer", "So approvals work on the phone too?"),
             T("Sam", "seller", "No, approvals are desktop only today. Sorry about that.")]
    mentions = [Mention("ask", 0, "supervisors approve jobs from the app", "approval_workflow"),
                Mention("ask", 2, "approvals work on the phone too", "approval_workflow")]
    (risk,) = [r for r in check(mentions, turns).risks if r.rule == "conflicting_answers"]
    assert [(e.speaker, e.turn, e.quote) for e in risk.evidence] == [
        ("Dana", 1, "Yes, absolutely."), ("Sam", 3, "No, approvals are desktop only today.")]
    assert all(e.quote in turns[e.turn].text for e in risk.evidence)


def test_a_reply_about_other_work_does_not_answer_the_ask():
    turns = [T("Priya", "customer", "I own the security review, so I'll send over our questionnaire."),
             T("Sam", "seller", "Sure. And no, SCIM provisioning isn't something we support today."),
             T("Priya", "customer", "We also need your SOC 2 report."),
             T("Sam", "seller", "We'll send the SOC 2 report by Friday.")]
    mentions = [Mention("ask", 0, "I own the security review", "compliance_security"),
                Mention("ask", 2, "We also need your SOC 2 report.", "compliance_security"),
                Mention("commitment", 3, "We'll send the SOC 2 report by Friday.", "compliance_security",
                        due="by Friday")]
    result = check(mentions, turns)
    assert [h.answer for h in result.hidden_work if h.side == "customer"] == ["yes", "yes"]
    assert "conflicting_answers" not in {r.rule for r in result.risks}


def test_a_reply_naming_a_milestone_still_answers_the_ask():
    # "in time for the pilot" is a deadline, not onboarding work: the no answers the SSO ask.
    turns = [T("Lee", "customer", "Can we get SSO with Okta?"),
             T("Dana", "seller", "No, not in time for the pilot, sorry.")]
    result = check([Mention("ask", 0, "Can we get SSO with Okta?", "sso")], turns)
    (ask,) = result.hidden_work
    assert ask.answer == "no"
    assert ask.answered_by.quote == "No, not in time for the pilot, sorry."


def test_two_dates_for_one_category_are_milestones_not_a_conflict():
    turns = [T("Lee", "customer", "We need SSO for the pilot."),
             T("Dana", "seller", "SSO will be live by Friday, and the pilot starts the Monday after.")]
    mentions = [Mention("ask", 0, "We need SSO for the pilot", "sso"),
                Mention("commitment", 1, "SSO will be live by Friday", "sso", due="by Friday"),
                Mention("commitment", 1, "the pilot starts the Monday after", "sso", due="the Monday after")]
    assert "conflicting_answers" not in {r.rule for r in check(mentions, turns).risks}


def test_minimizer_evidence_is_the_sentence_that_says_it():
    result = check(_mentions(), _call())
    (risk,) = [r for r in result.risks if r.rule == "minimized_ask"]
    assert risk.evidence[0].quote == "Yes, that's really just a configuration on our side."
    assert "'just a configuration'" in risk.title


def test_calling_the_customers_own_work_quick_or_a_setting_is_a_minimizer():
    turns = [T("Ana", "customer", "Our two old systems don't share fields, and hygienists mustn't see billing."),
             T("Priya", "seller", "That's fine, our team handles the mapping. It's a quick import."),
             T("Tom", "customer", "And the front desk sees everything?"),
             T("Priya", "seller", "Yep, that's a permission setting. Easy.")]
    mentions = [Mention("ask", 0, "Our two old systems don't share fields", "data_import"),
                Mention("ask", 0, "hygienists mustn't see billing", "roles_permissions"),
                Mention("commitment", 1, "It's a quick import.", "data_import"),
                Mention("commitment", 3, "Yep, that's a permission setting. Easy.", "roles_permissions")]
    risks = {r.category: r for r in check(mentions, turns).risks if r.rule == "minimized_ask"}
    assert set(risks) == {"data_import", "roles_permissions"}
    assert risks["data_import"].evidence[0].quote == "It's a quick import."
    assert risks["roles_permissions"].evidence[0].turn == 3


def test_a_one_word_verdict_is_a_minimizer_named_without_punctuation():
    turns = [T("Lee", "customer", "Auditors want a log of who changed what."),
             T("Dana", "seller", "We'll turn the audit trail on for you. Easy!")]
    mentions = [Mention("ask", 0, "Auditors want a log of who changed what.", "audit_logs"),
                Mention("commitment", 1, "We'll turn the audit trail on for you.", "audit_logs")]
    (risk,) = [r for r in check(mentions, turns).risks if r.rule == "minimized_ask"]
    assert "'Easy'" in risk.title


def test_a_quick_sync_or_report_is_not_a_minimizer():
    turns = [T("Lee", "customer", "We need Okta SSO for the pilot."),
             T("Dana", "seller", "We'll have Okta SSO ready. Let's book a quick sync with your IT team, "
                                 "and I'll send a quick report after.")]
    mentions = [Mention("ask", 0, "We need Okta SSO for the pilot.", "sso"),
                Mention("commitment", 1, "We'll have Okta SSO ready.", "sso")]
    assert "minimized_ask" not in {r.rule for r in check(mentions, turns).risks}


def test_questions_per_category_and_five_point_check_for_dated_promises():
    result = check(_mentions(), _call())
    cats = {q.category for q in result.questions}
    assert {"sso", "data_import", "approval_workflow"} <= cats
    five = [q for q in result.questions if q.question.startswith("For “We can have SSO")]
    assert len(five) == 5
    assert all(q.turn == 2 for q in five)
    assert len({(q.category, q.question) for q in result.questions}) == len(result.questions)


def test_a_readiness_point_is_touched_only_by_talk_about_it():
    turns = [T("Dana", "seller", "First, what does IT need from us? Then we can talk dates."),
             T("Lee", "customer", "We need SSO for the pilot."),
             T("Dana", "seller", "SSO will be live by Friday."),
             T("Lee", "customer", "Okay, and roles?"),
             T("Dana", "seller", "Roles come in phase two, after the pilot.")]
    mentions = [Mention("ask", 1, "We need SSO for the pilot.", "sso"),
                Mention("commitment", 2, "SSO will be live by Friday.", "sso", due="by Friday")]
    ships_first = [q for q in check(mentions, turns[:4]).questions if "ships first" in q.question]
    assert [q.answered for q in ships_first] == [False]  # "First, ..." and "Then ..." plan nothing
    ships_first = [q for q in check(mentions, turns).questions if "ships first" in q.question]
    assert [q.answered for q in ships_first] == [True] and "turn 4" in ships_first[0].question


def test_hidden_work_carries_catalogue_work_items_and_prerequisites():
    result = check(_mentions(), _call())
    sso = next(h for h in result.hidden_work if h.category == "sso")
    assert "login flow changes" in sso.work_items
    assert any("IdP metadata" in p for p in sso.customer_prerequisites)
    assert sso.answer == "yes"


def test_an_immediate_no_is_a_no_even_when_a_workaround_is_promised_later():
    turns = [T("Lee", "customer", "Do you support SCIM provisioning?"),
             T("Dana", "seller", "No, we don't support SCIM today."),
             T("Dana", "seller", "We can sync users nightly from a CSV instead.")]
    mentions = [Mention("ask", 0, "Do you support SCIM provisioning?", "sso"),
                Mention("commitment", 2, "We can sync users nightly from a CSV instead.", "sso")]
    (item,) = check(mentions, turns).hidden_work
    assert item.answer == "no"


def test_a_refusal_is_never_a_commitment_even_with_a_date_in_it():
    turns = [T("Lee", "customer", "Do you support SCIM provisioning?"),
             T("Sam", "seller", "No, SCIM isn't something we support today. No problem on SAML though.")]
    mentions = [Mention("ask", 0, "Do you support SCIM provisioning?", "sso"),
                Mention("commitment", 1, "No, SCIM isn't something we support today.", "sso", due="today"),
                Mention("commitment", 1, "No problem on SAML though.", "sso")]
    result = check(mentions, turns)
    assert [c.quote for c in result.commitments] == ["No problem on SAML though."]
    assert "dated_promise" not in {r.rule for r in result.risks}


@pytest.mark.parametrize("said", [
    "We'll turn the approval step on, it's basically a checkbox.",
    "We'll set up the approval step, a few minutes of setup.",
    "We'll knock that out for you before the pilot.",
    "The approval step is one click for your admin.",
])
def test_size_said_as_effort_or_time_is_a_minimizer(said):
    turns = [T("Lee", "customer", "Invoices need a manager's approval before they go out."),
             T("Dana", "seller", said)]
    mentions = [Mention("ask", 0, "Invoices need a manager's approval before they go out.", "approval_workflow"),
                Mention("commitment", 1, said, "approval_workflow")]
    assert "minimized_ask" in {r.rule for r in check(mentions, turns).risks}
