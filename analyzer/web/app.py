"""The FastAPI application: built by :func:`create_app`, never at import time.

FastAPI gives typed routes and the OpenAPI schema for free; Jinja2 (with
autoescape on, shared with the HTML report) renders the pages. Each request
opens its own SQLite connection (WAL and a busy timeout are set by
``store.open_db``), so two uploads at once both land.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import ChoiceLoader, Environment, PackageLoader
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.routing import Match

from analyzer import __version__, store
from analyzer.errors import AnalyzerError, StoreError
from analyzer.pipeline import Settings
from analyzer.report.html import make_environment
from analyzer.store.sqlite import Database  # FastAPI reads the annotation at run time
from analyzer.web.guards import SameOriginWrites
from analyzer.web.uploads import UploadError, megabytes


@dataclass(frozen=True)
class WebConfig:
    """What the app was started with; kept on ``app.state.config``."""

    db_path: Path
    max_file_bytes: int
    settings: Settings = field(default_factory=Settings)

    @property
    def limit_label(self) -> str:
        return megabytes(self.max_file_bytes)


def create_app(db_path: str | Path, *, max_upload_mb: float = 20, settings: Settings | None = None,
               allowed_hosts: list[str] | None = None) -> FastAPI:
    """The web app over the database at ``db_path``.

    The database is opened (created and migrated) once here so a bad path, or
    ``:memory:``, fails at startup with a clear message rather than on the first request.
    ``settings`` are the analysis defaults (backend, model); the upload form
    adds sellers, account and date per request. ``allowed_hosts`` limits the
    ``Host`` header (``analyzer serve`` passes the loopback names when it
    listens on loopback; see :mod:`analyzer.web.guards`).
    """
    from analyzer.web import api, pages  # the routers import this module's helpers

    if str(db_path) == ":memory:":
        # Each request opens a connection of its own, and so does an upload's LLM cache: each would see a new,
        # empty database (and the cache one closed under it).
        raise StoreError("an in-memory database (:memory:) cannot back the web app: it lasts one connection "
                         "and each request opens its own (give --db a file name)")
    store.open_db(db_path).close()
    app = FastAPI(title="analyzer", version=__version__,
                  description="Upload sales-call transcripts; read back seller commitments, hidden "
                              "engineering work, risks and questions for engineering.")
    app.state.config = WebConfig(Path(db_path), int(max_upload_mb * 2**20), settings or Settings())
    app.state.templates = make_environment(ChoiceLoader([PackageLoader("analyzer.web", "templates"),
                                                         PackageLoader("analyzer.report", "templates")]))
    app.include_router(api.router)
    app.include_router(pages.router)
    _add_error_handlers(app)
    app.add_middleware(SameOriginWrites)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    return app


def config(request: Request) -> WebConfig:
    """The running app's configuration."""
    return request.app.state.config


def get_db(request: Request) -> Iterator[Database]:
    """A database connection for one request (a FastAPI dependency), closed after it."""
    db = store.open_db(config(request).db_path)
    try:
        yield db
    finally:
        db.close()


def load_or_404(db: Database, call_id: str) -> tuple[dict, dict]:
    """A stored call by id (or unique prefix); 404 with the store's reason otherwise."""
    # Ids are hex digests; anything else would reach the store's LIKE as a wildcard.
    if not re.fullmatch(r"[0-9a-f]{1,64}", call_id):
        raise HTTPException(404, f"no stored call with that id: {call_id}")
    try:
        return store.load_call(db, call_id)
    except StoreError as err:
        raise HTTPException(404, str(err)) from err


def render(request: Request, name: str, context: dict, *, status: int = 200) -> HTMLResponse:
    """One page from the shared templates (autoescaped)."""
    env: Environment = request.app.state.templates
    page = env.get_template(name).render({"limit": config(request).limit_label, "path": request.url.path,
                                          **context})
    return HTMLResponse(page, status_code=status)


def wants_json(request: Request) -> bool:
    """API routes answer errors in JSON; pages answer with an HTML page."""
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def error_response(request: Request, message: str, status: int, headers: dict[str, str] | None = None) -> Response:
    """``{"error": message}`` for the API, the error page for a browser."""
    if wants_json(request):
        return JSONResponse({"error": message}, status_code=status, headers=headers)
    response = render(request, "error.html.j2", {"message": message, "status": status}, status=status)
    response.headers.update(headers or {})
    return response


def _validation_message(err: RequestValidationError) -> str:
    """FastAPI's list of validation problems as one line: ``since: Input should be a valid date``."""
    parts = []
    for problem in err.errors():
        where = ".".join(str(x) for x in problem.get("loc", ()) if x not in ("query", "path", "body"))
        parts.append(f"{where}: {problem.get('msg', 'invalid')}" if where else str(problem.get("msg")))
    return "; ".join(parts) or "invalid request"


def _add_error_handlers(app: FastAPI) -> None:
    """Every error leaves as one line: JSON ``{"error": ...}`` under /api/, a page elsewhere."""

    @app.exception_handler(UploadError)
    async def upload_error(request: Request, err: UploadError) -> Response:
        return error_response(request, str(err), err.status)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, err: StoreError) -> Response:
        # The database cannot be written (locked past the busy timeout, disk full): try again later.
        return error_response(request, str(err), 503)

    @app.exception_handler(AnalyzerError)
    async def analyzer_error(request: Request, err: AnalyzerError) -> Response:
        return error_response(request, str(err), 500)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, err: RequestValidationError) -> Response:
        return error_response(request, _validation_message(err), 422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException) -> Response:
        headers = dict(getattr(err, "headers", None) or {})
        if err.status_code == 405:
            headers["Allow"] = ", ".join(_allowed_methods(request))
        return error_response(request, str(err.detail), err.status_code, headers)


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path.

    GET and POST /api/calls are two routes, and Starlette's 405 names only the
    first one's method; RFC 9110 wants the ``Allow`` header to list them all.
    """
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match is not Match.NONE:
            methods |= getattr(route, "methods", None) or set()
    return sorted(methods)
