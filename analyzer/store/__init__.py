"""The SQLite store (sqlite-utils): the only package that writes SQL."""

from __future__ import annotations

from analyzer.store.calls import (
    delete_call,
    extra_of,
    list_calls,
    load_call,
    resolve_call_id,
    save_call,
    stored_key,
    writing,
)
from analyzer.store.migrations import CALL_TABLES, DEFAULT_DB, MIGRATIONS, open_db

__all__ = [
    "CALL_TABLES", "DEFAULT_DB", "MIGRATIONS", "delete_call", "extra_of", "list_calls", "load_call",
    "open_db", "resolve_call_id", "save_call", "stored_key", "writing",
]
