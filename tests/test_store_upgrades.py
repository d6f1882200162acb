"""A database written by an earlier analyzer, opened and used by this one."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

from analyzer import parsing, pipeline, store
from analyzer.review import Period, build_review
from analyzer.store.review import review_rows
from analyzer.store.sqlite import Database

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SSO = FIXTURES / "sso-pilot.txt"  # dated 2026-11-16 in its header
WEEK = FIXTURES / "week"
W47 = Period(date(2026, 11, 16), date(2026, 11, 22))
SMALL = b"Dana: We can have SSO live by next Friday.\nLee: Our IT team uses Okta.\n"


def id_from(payload: list) -> str:
    """How call ids hash their payload (the payload differs between schemes)."""
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()[:16]


def database_before(path: Path, migration: str) -> Database:
    """A database file whose schema stops just before ``migration``, as an earlier analyzer left it."""
    db = Database(sqlite3.connect(path))
    store.MIGRATIONS.apply(db, stop_before=migration)
    return db


def store_under(db: Database, call_id: str, *, analyzed_at: str) -> None:
    """Analyze the SSO pilot into ``db`` and move every row of it to ``call_id`` (as an older id scheme did)."""
    (outcome,) = pipeline.analyze_inputs([pipeline.Input(str(SSO), SSO)], pipeline.Settings(), db=db)
    with db.atomic():
        for table in ("calls", *store.CALL_TABLES):
            db.execute(f"UPDATE [{table}] SET call_id = ? WHERE call_id = ?", [call_id, outcome.call["call_id"]])
        db.execute("UPDATE calls SET analyzed_at = ? WHERE call_id = ?", [analyzed_at, call_id])


def schemes(call: dict) -> dict[str, str]:
    """The ids the SSO pilot had under each scheme: [title, date, turns], then [title, turns]."""
    turns = [[t["speaker"], t["start"], t["text"]] for t in call["turns"]]
    return {"dated": id_from([call["title"], call["started_at"], turns]), "undated": id_from([call["title"], turns])}


def test_a_small_transcript_has_this_call_id_whatever_date_or_account_it_is_given():
    # Pinned: a changed id stores every call analyzed before the change a second time. This undated
    # call had this id also when ids hashed the date, so databases of that time need no re-keying for it.
    transcript = parsing.parse_bytes(SMALL, source="pin.txt")
    assert pipeline.call_id_for(transcript) == "de3f60ffb49aac27"
    assert pipeline.call_id_for(replace(transcript, started_at="2026-11-16", account="Acme")) == "de3f60ffb49aac27"
    assert pipeline.call_id_for(replace(transcript, title="Another call")) != "de3f60ffb49aac27"


def test_a_call_stored_under_its_dated_id_is_replaced_not_duplicated_when_analyzed_again(run_cli, tmp_path):
    path = tmp_path / "old.db"
    db = database_before(path, "006_call_ids_without_date")
    store_under(db, "0" * 16, analyzed_at="2026-11-16T09:00:00+00:00")
    call, _ = store.load_call(db, "0" * 16)
    old_id = schemes(call)["dated"]
    with db.atomic():
        for table in ("calls", *store.CALL_TABLES):
            db.execute(f"UPDATE [{table}] SET call_id = ? WHERE call_id = ?", [old_id, "0" * 16])
    db.close()
    again = run_cli("analyze", str(SSO), "--db", str(path), "--format", "json")
    assert again.code == 0, again.stderr
    (fresh,) = again.calls
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT call_id FROM calls").fetchall() == [(fresh["call_id"],)]
        for table in store.CALL_TABLES:  # every row followed its call to the new id
            assert conn.execute(f"SELECT count(*) FROM [{table}] WHERE call_id != ?",
                                [fresh["call_id"]]).fetchone()[0] == 0
    assert fresh["call_id"] != old_id


def test_a_call_stored_twice_under_two_id_schemes_keeps_its_latest_analysis_once(tmp_path):
    path = tmp_path / "old.db"
    db = database_before(path, "006_call_ids_without_date")
    store_under(db, "a" * 16, analyzed_at="2026-11-16T09:00:00+00:00")
    ids = schemes(store.load_call(db, "a" * 16)[0])
    store_under(db, "b" * 16, analyzed_at="2026-11-17T09:00:00+00:00")  # the later analysis
    with db.atomic():
        for table in ("calls", *store.CALL_TABLES):
            db.execute(f"UPDATE [{table}] SET call_id = ? WHERE call_id = ?", [ids["dated"], "a" * 16])
            db.execute(f"UPDATE [{table}] SET call_id = ? WHERE call_id = ?", [ids["undated"], "b" * 16])
    turns = db["turns"].count
    db.close()
    db = store.open_db(path)
    (only,) = store.list_calls(db)
    assert only["call_id"] == pipeline.call_id_for(pipeline.read_transcript(pipeline.Input(str(SSO), SSO)))
    assert store.load_call(db, only["call_id"])[1]["analyzed_at"] == "2026-11-17T09:00:00+00:00"
    assert db["turns"].count == turns // 2
    assert [r[0] for r in db.execute("SELECT rowid FROM turns_fts WHERE turns_fts MATCH 'okta'")]  # still searchable


def test_asks_stored_before_answers_were_kept_get_the_sellers_reply_back(tmp_path):
    # The week as this analyzer stores it, and the same rows in a database of migration 004's time
    # (hidden_work had no answer columns then): opened now, both show the seller's reply in conflicts.
    current = store.open_db(tmp_path / "current.db")
    outcomes = list(pipeline.analyze_inputs(pipeline.expand_inputs([str(WEEK)]), pipeline.Settings(), db=current))
    assert [o.error for o in outcomes] == [None] * len(outcomes)
    old = database_before(tmp_path / "old.db", "005_answer_evidence")
    copy_rows(old, tmp_path / "current.db")
    old.close()
    upgraded = store.open_db(tmp_path / "old.db")

    answers = "SELECT call_id, idx, answer, answer_turn, answer_speaker, answer_quote FROM hidden_work ORDER BY 1, 2"
    expected = current.execute(answers).fetchall()
    assert sum(row[3] is not None for row in expected) >= 5  # enough answered asks to compare
    assert upgraded.execute(answers).fetchall() == expected

    review = build_review(review_rows(upgraded, W47.since, W47.until), W47)
    assert review.conflicts == build_review(review_rows(current, W47.since, W47.until), W47).conflicts
    conflict = next(c for c in review.conflicts
                    if (c.account, c.category, c.kind) == ("Northwind Logistics", "sso", "yes/no"))
    refusal = next(s for s in conflict.statements if s.stance == "no")
    assert "SCIM provisioning isn't something we support" in refusal.quote  # the seller's words, not the ask
    sides = dict(upgraded.execute("SELECT speaker, side FROM turns WHERE call_id = ?", [refusal.call.call_id]))
    assert sides[refusal.speaker] == "seller"


def copy_rows(db: Database, source: Path) -> None:
    """Every call row of the database at ``source`` into ``db``, in the columns ``db`` has."""
    db.execute("ATTACH DATABASE ? AS source", [str(source)])
    with db.atomic():
        for table in ("calls", *store.CALL_TABLES):
            columns = ", ".join(f"[{c}]" for c in db[table].columns_dict)
            db.execute(f"INSERT INTO main.[{table}] ({columns}) SELECT {columns} FROM source.[{table}]")
    db.execute("DETACH DATABASE source")
