"""``analyzer serve``: the local web app over the same database and pipeline."""

from __future__ import annotations

from typing import Annotated

import typer

from analyzer.cli.common import DEFAULT_DB, DbOption, app, fail, warn
from analyzer.errors import AnalyzerError
from analyzer.extract import BACKENDS
from analyzer.pipeline import Settings
from analyzer.tokens import DEFAULT_MODEL

LOOPBACK = ("127.0.0.1", "localhost", "::1")
# Host headers a browser sends to a loopback server (the port is ignored by the check).
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"]


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on; anything but 127.0.0.1 exposes it.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    db: DbOption = DEFAULT_DB,
    max_upload_mb: Annotated[float, typer.Option(
        "--max-upload-mb", min=0.001, help="Largest transcript file accepted, in MB (bigger ones get 413).")] = 20,
    backend: Annotated[str, typer.Option(help="Extraction backend for uploads: rules (offline) or openai.")] = "rules",
    base_url: Annotated[str | None, typer.Option(
        "--base-url", help="openai: OpenAI-compatible server URL (default: OPENAI_BASE_URL).")] = None,
    model: Annotated[str | None, typer.Option(
        help=f"openai: model name (default {DEFAULT_MODEL}).")] = None,
    redact: Annotated[bool, typer.Option(help="openai: replace personal data in the text sent.")] = False,
) -> None:
    """Start the web app: upload transcripts in the browser, browse calls, copy questions.

    Example: analyzer serve --db week47.db --port 8080
    """
    import uvicorn  # only this command needs the server

    from analyzer.web import create_app

    if backend not in BACKENDS:
        raise typer.BadParameter(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}",
                                 param_hint="--backend")
    options = {k: v for k, v in {"base_url": base_url, "redact": redact}.items() if v}
    # Uploads are analyzed exactly as `analyze` would with the same options (the LLM cache included).
    settings = Settings(backend=backend, **({"model": model} if model else {}), backend_options=options)
    try:
        # On loopback, refuse other Host names (DNS rebinding); an exposed server is reached by any name.
        application = create_app(db, max_upload_mb=max_upload_mb, settings=settings,
                                 allowed_hosts=LOOPBACK_HOSTS if host in LOOPBACK else None)
    except AnalyzerError as err:
        raise fail(str(err)) from err
    if host not in LOOPBACK:
        # Deliberate, but worth saying: there is no login, so anyone who can reach it can read every call.
        warn(f"listening on {host}: anyone who can reach this address can upload and read calls")
    typer.echo(f"analyzer: serving {db} on http://{'[' + host + ']' if ':' in host else host}:{port}/", err=True)
    uvicorn.run(application, host=host, port=port, log_level="warning")
