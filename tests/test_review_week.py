"""The weekly review end to end: the fixture week analyzed by the default backend, then reviewed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from analyzer import pipeline, store
from analyzer.report.review_html import review_html
from analyzer.report.review_markdown import review_markdown
from analyzer.review import Period, build_review
from analyzer.store.review import review_rows

WEEK_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "week"
W47 = Period(date(2026, 11, 16), date(2026, 11, 22))


@pytest.fixture(scope="module")
def db():
    database = store.open_db(":memory:")
    outcomes = list(pipeline.analyze_inputs(pipeline.expand_inputs([str(WEEK_DIR)]), pipeline.Settings(),
                                            db=database))
    assert [o.error for o in outcomes] == [None] * len(outcomes)
    return database


@pytest.fixture(scope="module")
def review(db):
    return build_review(review_rows(db, W47.since, W47.until), W47)


def test_the_week_holds_its_eight_calls_and_three_named_accounts(review):
    assert len(review.calls) == 8
    assert review.accounts == ["Globex Foods", "Initech Health", "Northwind Logistics"]


def test_one_account_given_two_dates_for_single_sign_on(review):
    conflict = next(c for c in review.conflicts
                    if (c.account, c.category, c.kind) == ("Northwind Logistics", "sso", "dates"))
    assert {s.stance for s in conflict.statements} >= {"due 2026-11-27", "due 2026-12-04"}  # next Friday vs Dec 4th


def test_one_account_told_yes_and_no_on_single_sign_on(review):
    conflict = next(c for c in review.conflicts
                    if (c.account, c.category, c.kind) == ("Northwind Logistics", "sso", "yes/no"))
    refusal = next(s for s in conflict.statements if s.stance == "no")
    assert "SCIM provisioning isn't something we support" in refusal.quote
    assert any(s.stance == "yes" for s in conflict.statements)


def test_audit_logs_answered_yes_for_one_account_and_no_for_another(review):
    conflict = next(c for c in review.conflicts if c.account is None and c.category == "audit_logs")
    stances = {(s.call.account, s.stance) for s in conflict.statements}
    assert ("Initech Health", "yes") in stances and ("Globex Foods", "no") in stances


def test_every_conflict_quotes_the_seller_and_a_reply_about_other_work_is_no_answer(review, db):
    # Northwind's security lead asks about the security review; the seller's next words refuse SCIM
    # (single sign-on work), which says nothing about the review, and later promise the SOC 2 report.
    side_of = {(row["call_id"], row["speaker"]): row["side"] for row in db["turns"].rows}
    quoted = {(s.call.call_id, s.speaker) for c in review.conflicts for s in c.statements}
    assert quoted and {side_of[who] for who in quoted} == {"seller"}
    assert not any(c.account == "Northwind Logistics" and c.category == "compliance_security"
                   for c in review.conflicts)
    assert not any(c.category == "compliance_security" and any(s.stance == "no" for s in c.statements)
                   for c in review.conflicts)


def test_promises_from_this_week_and_the_one_before_come_due(review):
    due = {(p.due_date.isoformat(), p.call.account) for p in review.coming_due}
    assert ("2026-11-24", "Initech Health") in due  # said on 2026-11-10: "by November 24th"
    assert ("2026-11-27", "Northwind Logistics") in due  # said on Monday 2026-11-16: "next Friday"
    assert ("2026-12-01", "Northwind Logistics") in due  # "by December 1st"
    assert [p.due_date for p in review.coming_due] == sorted(p.due_date for p in review.coming_due)


def test_the_question_list_is_one_per_question_linked_to_calls(review):
    keys = [(q.category, q.question.casefold()) for q in review.questions]
    assert len(keys) == len(set(keys))
    sso = next(q for q in review.questions if q.category == "sso" and "identity provider" in q.question)
    assert len({s.call.call_id for s in sso.raised_by}) >= 2


def test_every_format_renders_the_fixture_week(review):
    page = review_html(review)
    assert "<svg" in page and "Northwind Logistics" in page
    text = review_markdown(review)
    assert "## Conflicting answers" in text and "Northwind Logistics" in text
