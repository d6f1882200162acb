"""The HTML pages: upload, calls list, call report, weekly review.

Pages are for people: errors come back as a page with the same one-line
reason the API and the CLI give. They are left out of the OpenAPI schema,
which documents the JSON API only.
"""

from __future__ import annotations

from datetime import date as Date
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from analyzer.catalogue import SLUGS
from analyzer.dates import parse_week, week_label
from analyzer.report.html import report_context
from analyzer.report.review_html import review_context
from analyzer.review import Period, build_review, label_of
from analyzer.store.review import latest_call_day, review_rows
from analyzer.store.search import HIT_END, HIT_START, CallQuery, search_calls
from analyzer.store.sqlite import Database  # FastAPI reads the annotation at run time
from analyzer.web.app import config, get_db, load_or_404, render
from analyzer.web.service import analyze_upload, upload_settings
from analyzer.web.uploads import UploadError, read_upload

router = APIRouter(include_in_schema=False)
SEVERITIES = ("high", "medium", "low")


@router.get("/", response_class=HTMLResponse)
def upload_page(request: Request) -> HTMLResponse:
    """The upload form."""
    return render(request, "upload.html.j2", {"max_bytes": config(request).max_file_bytes})


@router.post("/upload", response_class=HTMLResponse)
async def upload_form(request: Request) -> Response:
    """The form's plain POST (when JavaScript is off): one call lands on its report."""
    cfg = config(request)
    try:
        form = await read_upload(request.headers, request.stream(), max_file_bytes=cfg.max_file_bytes)
        calls = await run_in_threadpool(analyze_upload, form, upload_settings(form, cfg.settings),
                                        db_path=cfg.db_path)
    except UploadError as err:
        return render(request, "upload.html.j2", {"max_bytes": cfg.max_file_bytes, "error": str(err)},
                      status=err.status)
    if len(calls) == 1:
        return RedirectResponse(f"/calls/{calls[0]['call_id']}", status_code=303)
    return render(request, "upload.html.j2", {"max_bytes": cfg.max_file_bytes, "results": calls})


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """A search snippet as (text, is_hit) pieces, so the template escapes each one."""
    parts: list[tuple[str, bool]] = []
    for i, piece in enumerate(snippet.split(HIT_START)):
        hit, _, rest = piece.partition(HIT_END) if i else ("", "", piece)
        parts += [(text, is_hit) for text, is_hit in ((hit, True), (rest, False)) if text]
    return parts


def _day(value: str, name: str, problems: list[str]) -> str:
    """``value`` as an ISO day, or "" with a problem noted (a page shows it, not a 422)."""
    if not value.strip():
        return ""
    try:
        return Date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        problems.append(f"{name}: {value!r} is not a date in the form YYYY-MM-DD")
        return ""


@router.get("/calls", response_class=HTMLResponse)
def calls_page(request: Request, db: Annotated[Database, Depends(get_db)], q: str = "", account: str = "",
               since: str = "", until: str = "", category: str = "", severity: str = "") -> HTMLResponse:
    """Every stored call, searchable by words, account and date, filterable by category and severity."""
    problems: list[str] = []
    query = CallQuery(text=q[:500], account=account[:500], since=_day(since, "since", problems),
                      until=_day(until, "until", problems), category=category if category in SLUGS else "",
                      severity=severity if severity in SEVERITIES else "")
    rows = search_calls(db, query)
    for row in rows:
        row["hit_parts"] = [(h, snippet_parts(h["snippet"])) for h in row.get("hits", [])]
    filtered = any((q.strip(), account.strip(), query.since, query.until, query.category, query.severity))
    return render(request, "calls.html.j2", {
        "rows": rows, "query": query, "problems": problems, "filtered": filtered,
        "categories": [(slug, label_of(slug)) for slug in SLUGS], "severities": SEVERITIES})


@router.get("/calls/{call_id}", response_class=HTMLResponse)
def call_page(request: Request, call_id: str, db: Annotated[Database, Depends(get_db)]) -> HTMLResponse:
    """One call's report: the HTML report's content, with the site's navigation."""
    call, extra = load_or_404(db, call_id)
    return render(request, "call_page.html.j2", report_context(call, extra))


def review_period(db: Database, week: str) -> Period:
    """The ISO week asked for; without one, the week of the latest stored call (as ``analyzer review``)."""
    if week.strip():
        try:
            return Period(*parse_week(week))
        except ValueError as err:
            raise HTTPException(422, f"week: {err}") from err
    anchor = latest_call_day(db) or Date.today()
    monday = anchor - timedelta(days=anchor.weekday())
    return Period(monday, monday + timedelta(days=6))


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, db: Annotated[Database, Depends(get_db)], week: str = "") -> HTMLResponse:
    """The weekly review (``analyzer review``'s content) for a chosen ISO week, linked to the call reports."""
    period = review_period(db, week)
    weekly = build_review(review_rows(db, period.since, period.until), period)
    return render(request, "review_page.html.j2", {
        **review_context(weekly, call_href="/calls/{call_id}"), "week": week_label(period.since),
        "prev_week": week_label(period.since - timedelta(days=7)),
        "next_week": week_label(period.since + timedelta(days=7))})
