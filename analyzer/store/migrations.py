"""The schema, as named migrations (sqlite-utils).

An applied migration is never edited: a schema change is a new migration
appended here, and a test applies them all to an empty in-memory database.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from analyzer.errors import StoreError

DEFAULT_DB = "analyzer.db"
CALL_TABLES = ("turns", "commitments", "hidden_work", "risks", "questions")
MIGRATIONS = Migrations("analyzer")


@MIGRATIONS(name="001_initial")
def _initial(db: Database) -> None:
    db["calls"].create({
        "call_id": str, "source": str, "title": str, "started_at": str, "account": str,
        "backend": str, "format": str, "analyzed_at": str, "partial": int, "failed_turns": str,
        "rejected_quotes": int, "tokenizer": str, "speakers": str, "requests": int,
        "cached_requests": int, "tokens_in": int, "tokens_out": int, "cost_usd": float, "analysis_key": str,
    }, pk="call_id")
    db["turns"].create({"call_id": str, "idx": int, "speaker": str, "side": str, "start": float,
                        "text": str}, pk=("call_id", "idx"))
    db["commitments"].create({"call_id": str, "idx": int, "turn": int, "quote": str, "speaker": str,
                              "side": str, "start": float, "category": str, "due": str, "kind": str},
                             pk=("call_id", "idx"))
    db["hidden_work"].create({"call_id": str, "idx": int, "category": str, "turn": int, "quote": str,
                              "speaker": str, "side": str, "start": float, "work_items": str,
                              "customer_prerequisites": str, "answer": str, "minimizer": str},
                             pk=("call_id", "idx"))
    db["risks"].create({"call_id": str, "idx": int, "rule": str, "severity": str, "category": str,
                        "title": str, "rationale": str, "evidence": str}, pk=("call_id", "idx"))
    db["questions"].create({"call_id": str, "idx": int, "category": str, "question": str, "turn": int,
                            "answered": int}, pk=("call_id", "idx"))
    for table in CALL_TABLES:
        db[table].create_index(["call_id"])
    db["calls"].create_index(["started_at"])


def open_db(path: str | Path = DEFAULT_DB) -> Database:
    """Open (creating if needed) and migrate the database at ``path``."""
    name = str(path)
    try:
        conn = sqlite3.connect(name, timeout=30, check_same_thread=False)
        db = Database(conn)
        conn.execute("PRAGMA busy_timeout = 30000")
        if name != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
        MIGRATIONS.apply(db)
    except sqlite3.Error as err:
        raise StoreError(f"cannot use database: {err}", source=name) from err
    return db


@MIGRATIONS(name="004_turns_fts")
def _turns_fts(db: Database) -> None:
    """Full-text search over what was said (the web app's calls search).

    An external-content FTS5 table over ``turns.text``, kept in step by
    triggers the way sqlite-utils' ``enable_fts(create_triggers=True)`` builds
    it, so ``save_call`` and ``delete_call`` need no change. The SQL is spelled
    out because ``enable_fts`` uses ``executescript``, which commits in the
    middle of this migration's transaction.
    """
    db.execute("CREATE VIRTUAL TABLE [turns_fts] USING FTS5 ([text], tokenize='porter', content=[turns])")
    db.execute("INSERT INTO [turns_fts] (rowid, [text]) SELECT rowid, [text] FROM [turns]")
    db.execute("""CREATE TRIGGER [turns_ai] AFTER INSERT ON [turns] BEGIN
        INSERT INTO [turns_fts] (rowid, [text]) VALUES (new.rowid, new.[text]); END""")
    db.execute("""CREATE TRIGGER [turns_ad] AFTER DELETE ON [turns] BEGIN
        INSERT INTO [turns_fts] ([turns_fts], rowid, [text]) VALUES ('delete', old.rowid, old.[text]); END""")
    db.execute("""CREATE TRIGGER [turns_au] AFTER UPDATE ON [turns] BEGIN
        INSERT INTO [turns_fts] ([turns_fts], rowid, [text]) VALUES ('delete', old.rowid, old.[text]);
        INSERT INTO [turns_fts] (rowid, [text]) VALUES (new.rowid, new.[text]); END""")
