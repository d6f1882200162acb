"""Searching stored calls: FTS over turns kept in step by triggers, and the filters."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from analyzer import store
from analyzer.models import CallAnalysis, HiddenWork, Risk, Transcript, Turn
from analyzer.store.search import HIT_END, HIT_START, CallQuery, fts_query, search_calls


def analysis(source: str, account: str, date: str, lines: list[str], category: str, severity: str) -> CallAnalysis:
    """A stored-call stand-in built by hand, so these tests do not depend on the extractor."""
    turns = [Turn("Dana" if i % 2 else "Lee", text, float(i), "seller" if i % 2 else "customer")
             for i, text in enumerate(lines)]
    transcript = Transcript(source, turns, "txt", started_at=date, account=account)
    ask = HiddenWork(category, lines[0][:10], "Lee", "customer", 0, 0.0, ["work"], ["prep"])
    risk = Risk("dated_promise", severity, category, "title", "why")  # type: ignore[arg-type]
    return CallAnalysis(source.split(".")[0], transcript, "rules", hidden_work=[ask], risks=[risk])


@pytest.fixture
def db() -> Database:
    database = store.open_db(":memory:")
    store.save_call(database, analysis("sso-pilot.txt", "Northwind Logistics", "2026-11-16",
                                       ["Everyone must log in with Okta.", "We can have SSO by Friday."],
                                       "sso", "high"))
    store.save_call(database, analysis("field-service-approval.txt", "Acme 100%_Field", "2026-11-20",
                                       ["Managers approve every job.", "Approvals are simple for us."],
                                       "approval_workflow", "medium"))
    return database


def ids(db: Database, **query: str) -> set[str]:
    return {row["source"] for row in search_calls(db, CallQuery(**query))}


def test_no_filter_lists_every_call_newest_first(db: Database) -> None:
    rows = search_calls(db, CallQuery())
    assert [r["source"] for r in rows] == ["field-service-approval.txt", "sso-pilot.txt"]
    assert rows[1]["hidden_work"] == 1 and rows[1]["categories"] == ["sso"] and rows[1]["high_risks"] == 1


def test_text_search_finds_words_from_the_turns_with_marked_snippets(db: Database) -> None:
    rows = search_calls(db, CallQuery(text="okta"))
    assert [r["source"] for r in rows] == ["sso-pilot.txt"]
    hit = rows[0]["hits"][0]
    assert f"{HIT_START}Okta{HIT_END}" in hit["snippet"]
    assert ids(db, text="zzzz-nothing") == set()


def test_search_syntax_typed_by_a_person_is_not_an_error(db: Database) -> None:
    both = {"sso-pilot.txt", "field-service-approval.txt"}
    expected = {
        '"': both,  # no word at all: no text filter
        "-": both,
        "AND (": set(),  # operators are plain words, found nowhere
        "NEAR(": set(),
        "okta*": {"sso-pilot.txt"},  # a star is a prefix search, as it would be anyway
        "(okta": {"sso-pilot.txt"},  # a stray bracket breaks nothing
        "'; DROP TABLE calls; --": set(),
    }
    assert {text: ids(db, text=text) for text in expected} == expected
    assert ids(db) == both  # and nothing was dropped
    assert fts_query("  ") is None
    assert fts_query('Okta "log') == '"Okta" "log"*'


def test_filters_by_account_date_category_and_severity(db: Database) -> None:
    assert ids(db, account="northwind") == {"sso-pilot.txt"}
    # % and _ in the account filter are literal, not LIKE wildcards.
    assert ids(db, account="100%_") == {"field-service-approval.txt"}
    assert ids(db, account="1%0") == set()
    assert ids(db, since="2026-11-17") == {"field-service-approval.txt"}
    assert ids(db, until="2026-11-16") == {"sso-pilot.txt"}
    assert ids(db, category="sso") == {"sso-pilot.txt"}
    assert ids(db, severity="high") == {"sso-pilot.txt"}
    assert ids(db, category="approval_workflow", severity="medium", text="approve") == {
        "field-service-approval.txt"}
    assert ids(db, category="sso", severity="medium") == set()


def test_index_follows_reanalysis_and_deletion(db: Database) -> None:
    [row] = search_calls(db, CallQuery(text="okta"))
    with store.writing(db):
        store.delete_call(db, row["call_id"])
    assert ids(db, text="okta") == set()
    assert db.execute("SELECT count(*) FROM turns_fts").fetchone()[0] == db.execute(
        "SELECT count(*) FROM turns").fetchone()[0]


def test_fts_migration_indexes_rows_stored_before_it() -> None:
    database = Database(memory=True)
    store.MIGRATIONS.apply(database, stop_before="004_turns_fts")
    database["turns"].insert({"call_id": "c", "idx": 0, "speaker": "A", "side": "seller", "start": None,
                              "text": "We integrate with Salesforce"})
    store.MIGRATIONS.apply(database)
    match = fts_query("salesforce")
    assert database.execute("SELECT count(*) FROM turns_fts WHERE turns_fts MATCH ?", [match]).fetchone()[0] == 1
