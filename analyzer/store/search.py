"""Finding stored calls: full-text search over what was said, plus filters.

Text search uses the ``turns_fts`` FTS5 table (migration ``002_turns_fts``);
the filters are plain SQL over the call's rows. The user's words never reach
FTS5's query syntax directly: they are cut into words and each word is quoted,
so ``"``, ``AND`` or ``*`` typed in a search box cannot cause a syntax error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


# Snippet highlight markers: control characters never found in a transcript,
# so the web layer can split on them and escape every piece.
HIT_START, HIT_END = "\x02", "\x03"


@dataclass(frozen=True, slots=True)
class CallQuery:
    """What to look for; empty fields do not filter.

    ``category`` matches a call with hidden work, a commitment or a risk in
    that category; ``severity`` matches a call with a risk of that severity.
    ``since`` and ``until`` are inclusive ``YYYY-MM-DD`` dates compared with
    the call's date (calls without a date are left out when either is set).
    """

    text: str = ""
    account: str = ""
    since: str = ""
    until: str = ""
    category: str = ""
    severity: str = ""


def fts_query(text: str) -> str | None:
    """The user's words as a safe FTS5 query: every word must occur; the last may be a prefix."""
    words = re.findall(r"\w+", text)
    if not words:
        return None
    return " ".join(f'"{w}"' for w in words) + "*"


def _like(value: str) -> str:
    """``value`` as a LIKE pattern matching it anywhere, its own ``%`` and ``_`` taken literally."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _where(query: CallQuery) -> tuple[list[str], list[str]]:
    """SQL conditions on ``calls c`` and their parameters, one per filter that is set."""
    clauses: list[str] = []
    params: list[str] = []
    if query.account.strip():
        clauses.append("c.account LIKE ? ESCAPE '\\'")
        params.append(_like(query.account.strip()))
    if query.since:
        clauses.append("substr(c.started_at, 1, 10) >= ?")
        params.append(query.since)
    if query.until:
        clauses.append("substr(c.started_at, 1, 10) <= ?")
        params.append(query.until)
    if query.category:
        clauses.append("(" + " OR ".join(
            f"EXISTS (SELECT 1 FROM [{table}] x WHERE x.call_id = c.call_id AND x.category = ?)"
            for table in ("hidden_work", "commitments", "risks")) + ")")
        params += [query.category] * 3
    if query.severity:
        clauses.append("EXISTS (SELECT 1 FROM risks x WHERE x.call_id = c.call_id AND x.severity = ?)")
        params.append(query.severity)
    match = fts_query(query.text)
    if match:
        clauses.append("c.call_id IN (SELECT t.call_id FROM turns_fts f JOIN turns t ON t.rowid = f.rowid "
                       "WHERE turns_fts MATCH ?)")
        params.append(match)
    return clauses, params


def search_calls(db: Database, query: CallQuery, *, limit: int = 500) -> list[dict]:
    """Calls matching every filter, newest first, with finding counts and their categories.

    When ``query.text`` is set each call also carries ``hits``: up to three
    matching turns with a snippet marked with :data:`HIT_START` / :data:`HIT_END`.
    """
    clauses, params = _where(query)
    sql = f"""
        SELECT c.call_id, c.source, c.title, c.started_at, c.account, c.backend, c.partial,
               (SELECT count(*) FROM commitments x WHERE x.call_id = c.call_id) AS commitments,
               (SELECT count(*) FROM hidden_work x WHERE x.call_id = c.call_id) AS hidden_work,
               (SELECT count(*) FROM risks x WHERE x.call_id = c.call_id) AS risks,
               (SELECT count(*) FROM risks x WHERE x.call_id = c.call_id AND x.severity = 'high') AS high_risks,
               (SELECT group_concat(category, ' ') FROM (SELECT DISTINCT category FROM hidden_work x
                    WHERE x.call_id = c.call_id ORDER BY category)) AS categories
        FROM calls c {"WHERE " + " AND ".join(clauses) if clauses else ""}
        ORDER BY coalesce(c.started_at, '') DESC, c.analyzed_at DESC LIMIT ?"""
    cursor = db.execute(sql, [*params, limit])
    names = [d[0] for d in cursor.description]
    calls = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    for call in calls:
        call["categories"] = (call["categories"] or "").split()
        call["partial"] = bool(call["partial"])
    match = fts_query(query.text)
    if match and calls:
        hits = matching_turns(db, match, [c["call_id"] for c in calls])
        for call in calls:
            call["hits"] = hits.get(call["call_id"], [])
    return calls


def matching_turns(db: Database, match: str, call_ids: list[str], *, per_call: int = 3) -> dict[str, list[dict]]:
    """The first ``per_call`` turns of each call matching the FTS query, with snippets."""
    marks = ", ".join("?" for _ in call_ids)
    sql = f"""
        SELECT t.call_id, t.idx, t.speaker,
               snippet(turns_fts, 0, char(2), char(3), '…', 16) AS snippet
        FROM turns_fts f JOIN turns t ON t.rowid = f.rowid
        WHERE turns_fts MATCH ? AND t.call_id IN ({marks})
        ORDER BY t.call_id, t.idx"""
    found: dict[str, list[dict]] = {}
    for call_id, idx, speaker, snippet in db.execute(sql, [match, *call_ids]).fetchall():
        hits = found.setdefault(call_id, [])
        if len(hits) < per_call:
            hits.append({"turn": idx, "speaker": speaker, "snippet": snippet})
    return found
