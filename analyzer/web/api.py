"""The JSON API under ``/api/``: upload, list and get calls, as the contract fixes them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from starlette.concurrency import run_in_threadpool

from analyzer.dates import parse_day
from analyzer.store.search import CallQuery, search_calls
from analyzer.store.sqlite import Database  # FastAPI reads the annotation at run time
from analyzer.web.app import config, get_db, load_or_404
from analyzer.web.schemas import UPLOAD_BODY, CallObject, CallSummary, CategorySlug, ErrorBody, SeverityName
from analyzer.web.service import analyze_upload, upload_settings
from analyzer.web.uploads import read_upload

router = APIRouter(prefix="/api", tags=["calls"])

ERRORS: dict[int | str, dict] = {
    422: {"model": ErrorBody, "description": "A parameter is invalid."},
}


def day_query(description: str):
    """A ``YYYY-MM-DD`` query parameter. Not typed ``date``: pydantic would also take ``0`` as 1970-01-01."""
    return Query(description=description, pattern=r"^\d{4}-\d{2}-\d{2}$", json_schema_extra={"format": "date"})


def iso_day(name: str, value: str | None) -> str:
    """A checked day for the store ("" when not given); 422 for an impossible date such as 2026-02-30."""
    if not value:
        return ""
    try:
        return parse_day(value).isoformat()
    except ValueError as err:
        raise HTTPException(422, f"{name}: {err}") from err


@router.post(
    "/calls", response_model=list[CallObject], summary="Upload and analyze transcripts",
    openapi_extra={"requestBody": UPLOAD_BODY},
    responses={400: {"model": ErrorBody, "description": "A file cannot be read as a transcript; nothing stored."},
               413: {"model": ErrorBody, "description": "A file is larger than the upload limit; nothing stored."},
               415: {"model": ErrorBody, "description": "The body is not multipart/form-data."},
               **ERRORS},
)
async def upload_calls(request: Request) -> list[dict]:
    """Analyze one or more transcripts and store them; answer their call objects in upload order.

    Either every file is stored or none is: the first file that cannot be read
    is named in the error with the same reason the CLI gives.
    """
    cfg = config(request)
    # Read here, not via File() parameters: Starlette would spool large files to disk.
    form = await read_upload(request.headers, request.stream(), max_file_bytes=cfg.max_file_bytes)
    settings = upload_settings(form, cfg.settings)
    # Analysis is CPU-bound and synchronous: keep it off the event loop.
    return await run_in_threadpool(analyze_upload, form, settings, db_path=cfg.db_path)


@router.get("/calls", response_model=list[CallSummary], summary="List and search stored calls", responses=ERRORS)
def list_calls(
    db: Annotated[Database, Depends(get_db)],
    q: Annotated[str, Query(max_length=500, description="Words said in the call (full-text search).")] = "",
    account: Annotated[str, Query(max_length=500, description="Part of the account name.")] = "",
    since: Annotated[str | None, day_query("Calls on or after this day (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, day_query("Calls on or before this day (YYYY-MM-DD).")] = None,
    category: Annotated[CategorySlug | None, Query(description="Calls with findings in this category.")] = None,
    severity: Annotated[SeverityName | None, Query(description="Calls with a risk of this severity.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 500,
) -> list[dict]:
    """Stored calls, newest first, filtered by every parameter given."""
    query = CallQuery(text=q, account=account, since=iso_day("since", since), until=iso_day("until", until),
                      category=category or "", severity=severity or "")
    return search_calls(db, query, limit=limit)


@router.get("/calls/{call_id}", response_model=CallObject, summary="One stored call",
            responses={404: {"model": ErrorBody, "description": "No stored call has this id."}, **ERRORS})
def get_call(call_id: str, db: Annotated[Database, Depends(get_db)]) -> dict:
    """The call object of a stored call, by id or a unique prefix of it."""
    call, _ = load_or_404(db, call_id)
    return call
