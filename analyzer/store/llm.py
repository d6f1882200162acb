"""The LLM answer cache, the request log and Batch API records, in the calls database.

The openai backend runs requests on worker threads while the pipeline saves
calls on the main thread. A file database therefore gets a second SQLite
connection of its own here (WAL mode lets both work), so a cache write can
never land inside, or break, a call's transaction; an in-memory database
(tests) has to share its one connection, under a lock.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from analyzer.errors import StoreError
from analyzer.store.migrations import database_path
from analyzer.store.sqlite import Database


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class CachedAnswer:
    content: str
    tokens_in: int
    tokens_out: int


class LLMStore:
    """Cache, request log and batch records for one database; safe to share between threads."""

    def __init__(self, db: Database):
        self._lock = threading.Lock()
        path = database_path(db)
        self._path = path
        self._shared = not path  # in-memory: the one connection there is
        self.db = db if self._shared else self._connect(path)

    def close(self) -> None:
        """Close the connection this store opened (an in-memory one belongs to whoever passed it)."""
        if not self._shared:
            with self._lock:
                self.db.conn.close()

    @staticmethod
    def _connect(path: str) -> Database:
        # Autocommit: each write below is its own short IMMEDIATE transaction.
        conn = sqlite3.connect(path, timeout=30, check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 30000")
        return Database(conn)

    @contextmanager
    def _locked(self) -> Iterator[Database]:
        try:
            with self._lock:
                yield self.db
        except sqlite3.Error as err:
            raise StoreError(f"LLM cache in {self._path or '(in memory)'}: {err}") from err

    @contextmanager
    def _writing(self) -> Iterator[Database]:
        """One write transaction. IMMEDIATE takes the write lock up front: a deferred one that
        read first fails at once with "database is locked" if the calls connection wrote meanwhile."""
        with self._locked() as db:
            if self._shared:
                with db.atomic():
                    yield db
                return
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def get(self, key: str) -> CachedAnswer | None:
        """The stored answer for a cache key, if any."""
        with self._locked() as db:
            row = db.execute("SELECT content, tokens_in, tokens_out FROM llm_cache WHERE key = ?", [key]).fetchone()
        return CachedAnswer(row[0], row[1] or 0, row[2] or 0) if row else None

    def put(self, key: str, content: str, *, model: str, base_url: str, prompt_version: str,
            schema_hash: str, tokens_in: int, tokens_out: int) -> None:
        """Store (or replace) the answer for a cache key."""
        row = {"key": key, "model": model, "base_url": base_url, "prompt_version": prompt_version,
               "schema_hash": schema_hash, "content": content, "tokens_in": tokens_in,
               "tokens_out": tokens_out, "created_at": _now()}
        with self._writing() as db:
            db["llm_cache"].upsert(row, pk="key")

    def log_request(self, row: dict) -> None:
        """Append one row to the request log (``at`` is filled in)."""
        with self._writing() as db:
            db["llm_requests"].insert({"at": _now(), **row})

    def requests(self, *, source: str | None = None) -> list[dict]:
        """Logged requests, oldest first, optionally for one source file."""
        sql = "SELECT * FROM llm_requests" + (" WHERE source = ?" if source else "") + " ORDER BY id"
        with self._locked() as db:
            cursor = db.execute(sql, [source] if source else [])
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def save_batch(self, batch: dict, requests: list[dict]) -> None:
        """Record a submitted batch and which cache key each of its requests answers."""
        row = {**batch, "settings": json.dumps(batch["settings"]), "inputs": json.dumps(batch["inputs"]),
               "created_at": _now()}
        with self._writing() as db:
            db["llm_batches"].upsert(row, pk="batch_id")
            db["llm_batch_requests"].upsert_all([{"batch_id": batch["batch_id"], **r} for r in requests],
                                                pk=("batch_id", "custom_id"))

    def update_batch(self, batch_id: str, **values: object) -> None:
        with self._writing() as db:
            db["llm_batches"].update(batch_id, values)

    def batches(self, batch_id: str | None = None) -> list[dict]:
        """Recorded batches, newest first (or the one with ``batch_id``, or ids starting with it)."""
        sql = "SELECT * FROM llm_batches"
        params: list[str] = []
        if batch_id:
            sql += " WHERE batch_id LIKE ? || '%'"
            params.append(batch_id)
        with self._locked() as db:
            cursor = db.execute(sql + " ORDER BY created_at DESC, batch_id", params)
            names = [d[0] for d in cursor.description]
            rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        for row in rows:
            row["settings"] = json.loads(row["settings"] or "{}")
            row["inputs"] = json.loads(row["inputs"] or "[]")
        return rows

    def batch_requests(self, batch_id: str) -> dict[str, dict]:
        """A batch's requests by custom id."""
        with self._locked() as db:
            cursor = db.execute("SELECT * FROM llm_batch_requests WHERE batch_id = ?", [batch_id])
            names = [d[0] for d in cursor.description]
            rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        return {row["custom_id"]: row for row in rows}
