from __future__ import annotations

import sqlite3

import pytest

from analyzer import store
from analyzer.checks import check
from analyzer.errors import StoreError
from analyzer.models import CallAnalysis, Mention, Transcript, Turn


def make_analysis(text: str = "We can have SSO live by next Friday.") -> CallAnalysis:
    turns = [Turn("Lee", "We need Okta login for everyone.", 3.0, "customer"),
             Turn("Dana", text, 9.5, "seller")]
    transcript = Transcript("call.txt", turns, "text", title="Pilot", started_at="2026-11-16",
                            account="Northwind")
    found = check([Mention("ask", 0, "We need Okta login", "sso"),
                   Mention("commitment", 1, text.rstrip("."), "sso", due="next Friday")], turns)
    return CallAnalysis("abc123", transcript, "rules", found.commitments, found.hidden_work, found.risks,
                        found.questions, tokenizer="cl100k_base")


def test_every_migration_applies_to_an_empty_in_memory_database():
    db = store.open_db(":memory:")
    applied = [m.name for m in store.MIGRATIONS.applied(db)]
    assert applied == [m.name for m in store.MIGRATIONS._migrations]
    assert {"calls", "turns", "commitments", "hidden_work", "risks", "questions"} <= set(db.table_names())
    store.MIGRATIONS.apply(db)  # applying again is a no-op
    assert [m.name for m in store.MIGRATIONS.applied(db)] == applied


def test_a_stored_call_loads_back_as_the_same_contract_object():
    db = store.open_db(":memory:")
    analysis = make_analysis()
    store.save_call(db, analysis, key="k1")
    call, extra = store.load_call(db, "abc123")
    assert call == analysis.to_contract()
    assert extra["account"] == "Northwind" and extra["partial"] is False
    assert store.stored_key(db, "abc123") == "k1"
    assert store.load_call(db, "abc")[0]["call_id"] == "abc123"  # a unique prefix is enough


def test_saving_the_same_call_again_replaces_its_rows():
    db = store.open_db(":memory:")
    store.save_call(db, make_analysis())
    store.save_call(db, make_analysis("We can have SSO live by next Monday."))
    assert db["calls"].count == 1
    assert db["commitments"].count == 1
    assert db["turns"].count == 2
    call, _ = store.load_call(db, "abc123")
    assert call["commitments"][0]["quote"] == "We can have SSO live by next Monday"


def test_a_failure_mid_write_leaves_the_earlier_version_whole(tmp_path):
    path = tmp_path / "calls.db"
    db = store.open_db(path)
    store.save_call(db, make_analysis())
    before = store.load_call(db, "abc123")
    with sqlite3.connect(path) as conn:  # as a full disk would: the write fails after the call row is replaced
        conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON turns BEGIN SELECT RAISE(ABORT, 'disk is full'); END")
    with pytest.raises(StoreError, match="disk is full"):
        store.save_call(db, make_analysis("We can have SSO live by next Monday."))
    assert store.load_call(db, "abc123") == before


def test_an_unreadable_database_is_a_store_error_naming_the_file(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("this is not a database, just some notes\n" * 50)
    with pytest.raises(StoreError) as err:
        store.open_db(bad)
    assert str(bad) in str(err.value)


def test_unknown_call_id_is_a_clear_error():
    db = store.open_db(":memory:")
    with pytest.raises(StoreError, match="no stored call"):
        store.load_call(db, "nope")


def test_a_call_with_more_rows_than_one_statement_binds_loads_back_whole():
    turns = [Turn("Lee", f"Turn {i}: we need Okta login for everyone.", float(i), "customer") if i % 2 else
             Turn("Dana", f"Turn {i}: we can have SSO live by next Friday.", float(i), "seller") for i in range(401)]
    transcript = Transcript("long.txt", turns, "text", title="Long")
    found = check([Mention("ask", i, "we need Okta login", "sso") for i in range(1, 401, 2)]
                  + [Mention("commitment", i, "we can have SSO live by next Friday", "sso", due="next Friday")
                     for i in range(0, 401, 2)], turns)
    analysis = CallAnalysis("long1", transcript, "rules", found.commitments, found.hidden_work, found.risks,
                            found.questions)
    db = store.open_db(":memory:")
    store.save_call(db, analysis)
    assert store.load_call(db, "long1")[0] == analysis.to_contract()
    assert db["turns"].count == 401 and db["commitments"].count == len(found.commitments) > 99
    assert db["hidden_work"].count == len(found.hidden_work) > 66  # more rows than 999 values bind at once
