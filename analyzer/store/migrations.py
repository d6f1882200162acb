"""The schema, as named migrations (sqlite-utils).

An applied migration is never edited: a schema change is a new migration
appended here, and a test applies them all to an empty in-memory database.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from analyzer.checks.cues import CheckCues, load_cues
from analyzer.checks.findings import mark_answers
from analyzer.errors import StoreError
from analyzer.models import Commitment, HiddenWork, Turn
from analyzer.store.sqlite import Database, Migrations

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


@MIGRATIONS(name="002_llm_cache_and_requests")
def _llm_cache_and_requests(db: Database) -> None:
    # One answer per cache key (model, base URL, prompt version, schema hash, text sent).
    db["llm_cache"].create({
        "key": str, "model": str, "base_url": str, "prompt_version": str, "schema_hash": str,
        "content": str, "tokens_in": int, "tokens_out": int, "created_at": str,
    }, pk="key")
    # One row per HTTP request (and per cache hit), priced when it was made.
    db["llm_requests"].create({
        "id": int, "at": str, "source": str, "chunk": int, "first_turn": int, "last_turn": int,
        "model": str, "base_url": str, "prompt_version": str, "schema_hash": str, "cache_key": str,
        "mode": str, "cached": int, "batch_id": str, "tokens_in": int, "tokens_out": int,
        "cached_tokens": int, "latency_ms": int, "error": str, "cost_usd": float,
    }, pk="id")
    db["llm_requests"].create_index(["cache_key"])
    db["llm_requests"].create_index(["at"])


@MIGRATIONS(name="003_llm_batches")
def _llm_batches(db: Database) -> None:
    db["llm_batches"].create({
        "batch_id": str, "created_at": str, "status": str, "model": str, "base_url": str,
        "input_file_id": str, "output_file_id": str, "error_file_id": str, "settings": str,
        "inputs": str, "requests": int, "collected_at": str,
    }, pk="batch_id")
    # custom_id -> the cache key its answer is stored under, so collect needs no re-rendering.
    db["llm_batch_requests"].create({
        "batch_id": str, "custom_id": str, "cache_key": str, "source": str, "chunk": int,
        "first_turn": int, "last_turn": int,
    }, pk=("batch_id", "custom_id"))


def open_db(path: str | Path = DEFAULT_DB) -> Database:
    """Open (creating if needed) and migrate the database at ``path``."""
    name = str(path)
    if name != ":memory:" and Path(name).is_dir():  # SQLite would only say "unable to open database file"
        raise StoreError("is a folder, not a database file (give --db a file name)", source=name)
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


def database_path(db: Database) -> str:
    """The file ``db`` is open on ("" for an in-memory database), for error messages and new connections."""
    try:
        return next((row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main"), "")
    except sqlite3.Error:
        return ""


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


@MIGRATIONS(name="005_answer_evidence")
def _answer_evidence(db: Database) -> None:
    """Where the seller answered each ask (their words, speaker and turn), so reviews quote the real answer.

    Calls stored before this have none: reports fall back to the ask itself.
    """
    for column, kind in (("answer_turn", "INTEGER"), ("answer_speaker", "TEXT"), ("answer_quote", "TEXT")):
        db.execute(f"ALTER TABLE [hidden_work] ADD COLUMN [{column}] {kind}")


def _content_id(payload: list) -> str:
    """The call id scheme's hash (``pipeline.call_id_for``), over a payload spelled out per scheme."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@MIGRATIONS(name="006_call_ids_without_date")
def _call_ids_without_date(db: Database) -> None:
    """Re-key calls stored under an id that hashed their date, so analyzing them again replaces them.

    Ids were once ``[title, date, turns]`` hashed, then briefly ``[title, turns]``,
    and are now ``[title, None, turns]`` (undated calls kept their ids). A call
    whose stored id one of those schemes reproduces from its stored title, date
    and turns gets the current id in every table that holds call ids; one stored
    twice (under two schemes) keeps its latest analysis. A call no scheme
    reproduces is left as it is.
    """
    tables = [name for name in db.table_names() if "call_id" in db[name].columns_dict]
    groups: dict[str, list[str]] = {}  # current id -> stored ids, latest analysis first
    for call_id, title, started_at in db.execute(
            "SELECT call_id, title, started_at FROM calls ORDER BY coalesce(analyzed_at, '') DESC").fetchall():
        turns = [list(row) for row in db.execute(
            "SELECT speaker, start, text FROM turns WHERE call_id = ? ORDER BY idx", [call_id]).fetchall()]
        current = _content_id([title, None, turns])
        if call_id in (current, _content_id([title, started_at, turns]), _content_id([title, turns])):
            groups.setdefault(current, []).append(call_id)
    for current, stored in groups.items():
        for stale in stored[1:]:
            for table in tables:
                db.execute(f"DELETE FROM [{table}] WHERE call_id = ?", [stale])
        if stored[0] != current:
            for table in tables:
                db.execute(f"UPDATE [{table}] SET call_id = ? WHERE call_id = ?", [current, stored[0]])


@MIGRATIONS(name="007_answer_evidence_backfill")
def _answer_evidence_backfill(db: Database) -> None:
    """The seller's answer for asks stored before 005, found in the stored call as analysis finds it.

    Analysis takes the first seller turn within the next three turns when it
    says yes or no about the ask, or else the first later promise in the ask's
    category (``checks.findings.mark_answers``). That rule runs again here over
    each such call's stored turns, asks and promises; an answer is written only
    when it is the one stored with the ask (the rules may have changed since),
    and otherwise reports go on quoting the ask.
    """
    cues = load_cues()
    pending = "SELECT DISTINCT call_id FROM hidden_work WHERE answer IS NOT NULL AND answer_turn IS NULL"
    for (call_id,) in db.execute(pending).fetchall():
        _backfill_answers(db, call_id, cues)


def _backfill_answers(db: Database, call_id: str, cues: CheckCues) -> None:
    """Migration 007 for one call."""
    def rows(sql: str) -> list[tuple]:
        return db.execute(f"{sql} WHERE call_id = ? ORDER BY idx", [call_id]).fetchall()

    turns = [Turn(speaker, text, start, side)
             for speaker, text, start, side in rows("SELECT speaker, text, start, side FROM turns")]
    asks = rows("SELECT idx, category, quote, speaker, side, turn, start, answer, answer_turn FROM hidden_work")
    items = [HiddenWork(*row[1:7]) for row in asks]
    promises = [Commitment(*row) for row in rows(
        "SELECT quote, speaker, side, turn, start, category, due, kind FROM commitments")]
    mark_answers(items, promises, turns, cues)
    for (idx, *_, answer, answer_turn), item in zip(asks, items, strict=True):
        said = item.answered_by
        if answer is not None and answer_turn is None and item.answer == answer and said is not None:
            db.execute("UPDATE hidden_work SET answer_turn = ?, answer_speaker = ?, answer_quote = ? "
                       "WHERE call_id = ? AND idx = ?", [said.turn, said.speaker, said.quote, call_id, idx])
