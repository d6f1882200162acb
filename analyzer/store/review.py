"""The weekly review's reads: one period's calls and their findings, plus earlier dated promises.

Calls are selected by ``started_at`` (indexed since 001_initial) and every other
table is reached through its ``call_id`` index, so the cost follows the size of
the period, not of the database.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import TYPE_CHECKING

from analyzer.review import ReviewRows
from analyzer.store.calls import query_rows

if TYPE_CHECKING:  # importing sqlite_utils loads pandas when installed: types only
    from sqlite_utils import Database

PROMISE_LOOKBACK_DAYS = 365  # a promise made up to a year before the period can still come due in it

# ``started_at`` holds an ISO date or datetime, so a half-open string range selects whole days.
_IN_PERIOD = "SELECT call_id FROM calls WHERE started_at >= :since AND started_at < :after"
_CALLS = ("SELECT call_id, source, title, started_at, account FROM calls "
          "WHERE started_at >= :since AND started_at < :after ORDER BY started_at, source")
_RISKS = f"SELECT * FROM risks WHERE call_id IN ({_IN_PERIOD})"
_COMMITMENTS = f"SELECT * FROM commitments WHERE call_id IN ({_IN_PERIOD})"
_QUESTIONS = f"SELECT * FROM questions WHERE call_id IN ({_IN_PERIOD}) ORDER BY call_id, idx"
# For an answered ask, the seller's words that answered it (kept when the call was stored),
# so a conflict can quote the seller rather than the ask.
_HIDDEN_WORK = f"""
    SELECT call_id, idx, category, quote, speaker, side, turn, start, answer,
           answer_turn AS reply_turn, answer_speaker AS reply_speaker, answer_quote AS reply_text
    FROM hidden_work WHERE call_id IN ({_IN_PERIOD})"""
_PROMISES = """
    SELECT m.call_id, m.idx, m.quote, m.speaker, m.turn, m.start, m.category, m.due,
           c.source, c.title, c.started_at, c.account
    FROM calls c JOIN commitments m ON m.call_id = c.call_id
    WHERE c.started_at >= :lookback AND c.started_at < :after AND m.due IS NOT NULL AND m.due != ''"""


def review_rows(db: Database, since: date, until: date, *,
                lookback_days: int = PROMISE_LOOKBACK_DAYS) -> ReviewRows:
    """Everything :func:`analyzer.review.build_review` needs for ``since``..``until`` (both included)."""
    params = {"since": since.isoformat(), "after": (until + timedelta(days=1)).isoformat(),
              "lookback": (since - timedelta(days=lookback_days)).isoformat()}

    def rows(sql: str) -> list[dict]:
        return query_rows(db, sql, params)

    risks = rows(_RISKS)
    for risk in risks:
        risk["evidence"] = json.loads(risk["evidence"] or "[]")
    return ReviewRows(
        calls=rows(_CALLS), risks=risks, hidden_work=rows(_HIDDEN_WORK), commitments=rows(_COMMITMENTS),
        questions=rows(_QUESTIONS), promises=rows(_PROMISES), undated_calls=undated_calls(db),
    )


def undated_calls(db: Database) -> int:
    """How many stored calls have no date (and so fall in no week)."""
    sql = "SELECT count(*) FROM calls WHERE started_at IS NULL OR started_at = ''"
    return db.execute(sql).fetchone()[0]


def latest_call_day(db: Database) -> date | None:
    """The day of the most recent dated call, or None when no call has a date."""
    row = db.execute("SELECT max(started_at) FROM calls WHERE started_at != ''").fetchone()
    try:
        return date.fromisoformat(row[0][:10]) if row and row[0] else None
    except ValueError:  # a started_at that is not ISO: no default week from it
        return None
