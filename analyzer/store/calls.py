"""Analyzed calls: written in one transaction each, read back as contract objects.

Saving a call replaces any earlier rows of the same call id, so a failure
leaves nothing half-written and re-analysis is idempotent.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from analyzer.errors import StoreError
from analyzer.models import CallAnalysis, Evidence
from analyzer.store.migrations import CALL_TABLES, database_path

if TYPE_CHECKING:
    from sqlite_utils import Database


@contextmanager
def writing(db: Database) -> Iterator[Database]:
    """One transaction; SQLite errors become :class:`StoreError`."""
    try:
        with db.atomic():
            yield db
    except sqlite3.Error as err:
        raise StoreError(f"cannot write to database {database_path(db) or '(in memory)'}: {err}") from err


def save_call(db: Database, analysis: CallAnalysis, *, key: str = "", call: dict | None = None) -> None:
    """Store one analyzed call, replacing any earlier rows with the same call id.

    ``key`` identifies the settings and analyzer build that produced it, so a
    later run can tell whether the stored analysis is still current. ``call``
    is ``analysis.to_contract()`` when the caller has built it already.
    """
    call = call if call is not None else analysis.to_contract()
    cid = call["call_id"]
    listed = _JsonLists()  # asks of one category share their work items and prerequisites
    with writing(db):
        delete_call(db, cid)
        _insert(db, "calls", [_call_row(analysis, call) | {"analysis_key": key}])
        _insert(db, "turns", [{"call_id": cid, "idx": i, **t} for i, t in enumerate(call["turns"])])
        _insert(db, "commitments", [
            {"call_id": cid, "idx": i, **row, "kind": analysis.commitments[i].kind}
            for i, row in enumerate(call["commitments"])])
        _insert(db, "hidden_work", [
            {"call_id": cid, "idx": i, **row, "work_items": listed.dumps(row["work_items"]),
             "customer_prerequisites": listed.dumps(row["customer_prerequisites"]),
             "answer": analysis.hidden_work[i].answer, "minimizer": analysis.hidden_work[i].minimizer,
             **_answer_columns(analysis.hidden_work[i].answered_by)}
            for i, row in enumerate(call["hidden_work"])])
        _insert(db, "risks", [
            {"call_id": cid, "idx": i, **row, "evidence": json.dumps(row["evidence"])}
            for i, row in enumerate(call["risks"])])
        _insert(db, "questions", [
            {"call_id": cid, "idx": i, **row, "answered": analysis.questions[i].answered}
            for i, row in enumerate(call["questions"])])


class _JsonLists:
    """``json.dumps`` of lists of strings, each distinct list encoded once."""

    def __init__(self) -> None:
        self._done: dict[tuple[str, ...], str] = {}

    def dumps(self, items: list) -> str:
        key = tuple(items)
        if not all(type(item) is str for item in key):  # 1 == 1.0 == True: only strings share an encoding
            return json.dumps(items)
        text = self._done.get(key)
        if text is None:
            text = self._done[key] = json.dumps(items)
        return text


def _answer_columns(said: Evidence | None) -> dict:
    """The seller's answer to an ask, as the hidden_work columns that keep it."""
    if said is None:
        return {"answer_turn": None, "answer_speaker": None, "answer_quote": None}
    return {"answer_turn": said.turn, "answer_speaker": said.speaker, "answer_quote": said.quote}


# Values bound per INSERT statement: SQLite before 3.32 allows no more than 999.
_MAX_VALUES = 999


def _insert(db: Database, table: str, rows: list[dict]) -> None:
    """Insert rows that all have the first row's keys, many rows per statement.

    The same statements sqlite-utils' ``insert_all`` builds, without its
    per-call reading of the schema. Every value here is already a str, int,
    float, bool or None, so nothing needs converting. One multi-row INSERT is
    faster than ``executemany`` of single rows here (the full-text trigger).
    """
    if not rows:
        return
    columns = list(rows[0])
    head = "INSERT INTO [{}] ({}) VALUES ".format(table, ", ".join(f"[{c}]" for c in columns))
    one = "(" + ", ".join("?" * len(columns)) + ")"
    per_statement = _MAX_VALUES // len(columns)
    for at in range(0, len(rows), per_statement):
        batch = rows[at : at + per_statement]
        db.conn.execute(head + ", ".join([one] * len(batch)), [row[c] for row in batch for c in columns])


def extra_of(analysis: CallAnalysis) -> dict:
    """The facts outside the contract that human reports show (as ``load_call`` returns them)."""
    t = analysis.transcript
    return {
        "account": t.account, "format": t.format,
        "analyzed_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "partial": analysis.partial, "failed_turns": list(analysis.failed_turns),
        "rejected_quotes": analysis.rejected_quotes, "tokenizer": analysis.tokenizer,
        "requests": analysis.usage.requests, "cached_requests": analysis.usage.cached,
        "tokens_in": analysis.usage.tokens_in, "tokens_out": analysis.usage.tokens_out,
        "cost_usd": analysis.usage.cost_usd,
    }


def _call_row(analysis: CallAnalysis, call: dict) -> dict:
    extra = extra_of(analysis)
    return extra | {
        "call_id": call["call_id"], "source": call["source"], "title": call["title"],
        "started_at": call["started_at"], "backend": analysis.backend,
        "partial": int(extra["partial"]), "failed_turns": json.dumps(extra["failed_turns"]),
        "speakers": json.dumps(call["speakers"]),
    }


def stored_key(db: Database, call_id: str) -> str | None:
    """The analysis key a stored call was made with, or ``None`` if it is not stored."""
    row = db.execute("SELECT analysis_key FROM calls WHERE call_id = ?", [call_id]).fetchone()
    return row[0] if row else None


def delete_call(db: Database, call_id: str) -> None:
    """Remove every row of one call (inside the caller's transaction)."""
    for table in ("calls", *CALL_TABLES):
        db.execute(f"DELETE FROM [{table}] WHERE call_id = ?", [call_id])


def list_calls(db: Database) -> list[dict]:
    """Every stored call, newest first, with counts of its findings."""
    sql = """
        SELECT c.call_id, c.source, c.title, c.started_at, c.account, c.backend, c.partial,
               (SELECT count(*) FROM commitments x WHERE x.call_id = c.call_id) AS commitments,
               (SELECT count(*) FROM hidden_work x WHERE x.call_id = c.call_id) AS hidden_work,
               (SELECT count(*) FROM risks x WHERE x.call_id = c.call_id) AS risks
        FROM calls c ORDER BY coalesce(c.started_at, '') DESC, c.analyzed_at DESC"""
    return query_rows(db, sql)


def query_rows(db: Database, sql: str, params: list | dict | None = None) -> list[dict]:
    """The rows ``sql`` selects, each as a dict of column name to value."""
    cursor = db.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def resolve_call_id(db: Database, call_id: str) -> str:
    """The full call id for ``call_id`` or a unique prefix of it."""
    matches = [r["call_id"] for r in query_rows(db, "SELECT call_id FROM calls WHERE call_id LIKE ? || '%'",
                                               [call_id])]
    if len(matches) == 1:
        return matches[0]
    reason = "no stored call with that id" if not matches else "that prefix matches several calls"
    raise StoreError(f"{reason}: {call_id}")


def load_call(db: Database, call_id: str) -> tuple[dict, dict]:
    """A stored call as (contract call object, extra facts for human reports)."""
    cid = resolve_call_id(db, call_id)
    row = query_rows(db, "SELECT * FROM calls WHERE call_id = ?", [cid])[0]

    def rows(table: str) -> list[dict]:
        return query_rows(db, f"SELECT * FROM [{table}] WHERE call_id = ? ORDER BY idx", [cid])

    turns = [{k: r[k] for k in ("speaker", "side", "start", "text")} for r in rows("turns")]
    call = {
        "call_id": cid, "source": row["source"], "title": row["title"], "started_at": row["started_at"],
        "backend": row["backend"], "speakers": json.loads(row["speakers"]), "turns": turns,
        "commitments": [{k: r[k] for k in ("quote", "speaker", "side", "turn", "start", "category", "due")}
                        for r in rows("commitments")],
        "hidden_work": [{"category": r["category"], "quote": r["quote"], "speaker": r["speaker"],
                         "side": r["side"], "turn": r["turn"], "start": r["start"],
                         "work_items": json.loads(r["work_items"]),
                         "customer_prerequisites": json.loads(r["customer_prerequisites"])}
                        for r in rows("hidden_work")],
        "risks": [{k: r[k] for k in ("rule", "severity", "category", "title", "rationale")}
                  | {"evidence": json.loads(r["evidence"])} for r in rows("risks")],
        "questions": [{k: r[k] for k in ("category", "question", "turn")} for r in rows("questions")],
    }
    extra = {k: row[k] for k in ("account", "format", "analyzed_at", "rejected_quotes", "tokenizer",
                                 "requests", "cached_requests", "tokens_in", "tokens_out", "cost_usd")}
    extra["partial"] = bool(row["partial"])
    extra["failed_turns"] = [tuple(x) for x in json.loads(row["failed_turns"] or "[]")]
    return call, extra
