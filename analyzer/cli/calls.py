"""Commands over single calls: analyze, calls, show, questions."""

from __future__ import annotations

import os
import sys
from pathlib import Path, PurePath
from typing import Annotated

import typer
from rich.console import Console

from analyzer import pipeline, store
from analyzer.cli.common import DEFAULT_DB, DbOption, Format, app, fail, open_db
from analyzer.cli.output import check_date, emit_outcome, note, print_call, run_batch, usage_text
from analyzer.errors import AnalyzerError
from analyzer.extract import BACKENDS
from analyzer.models import Usage
from analyzer.pipeline import Input, Settings
from analyzer.report.markdown import questions_markdown
from analyzer.tokens import DEFAULT_MODEL


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Transcript files, folders, or - for stdin.")],
    format: Annotated[Format, typer.Option("--format", "-f", help="Report format.")] = Format.text,
    db: DbOption = DEFAULT_DB,
    seller: Annotated[list[str] | None, typer.Option(
        "--seller", help="A seller-side speaker (repeat for several); others are the customer.")] = None,
    backend: Annotated[str, typer.Option(help="Extraction backend: rules (offline) or openai.")] = "rules",
    base_url: Annotated[str | None, typer.Option(
        "--base-url", help="OpenAI-compatible server URL (default: OPENAI_BASE_URL).")] = None,
    model: Annotated[str | None, typer.Option(
        help=f"Model name for the openai backend (default {DEFAULT_MODEL}).")] = None,
    account: Annotated[str | None, typer.Option(help="The customer account these calls belong to.")] = None,
    date: Annotated[str | None, typer.Option(help="Call date (YYYY-MM-DD), overriding the file's.")] = None,
    force: Annotated[bool, typer.Option(help="Re-analyze calls already stored unchanged.")] = False,
    jobs: Annotated[int, typer.Option(min=0, help="Calls analyzed in parallel; 0 means one per core "
                                      "(openai: --concurrency).")] = 0,
    concurrency: Annotated[int, typer.Option(min=1, help="openai: requests in flight at once.")] = 4,
    timeout: Annotated[float, typer.Option(min=0.1, help="openai: seconds before a request is retried.")] = 120.0,
    redact: Annotated[bool, typer.Option(help="openai: replace emails, phone numbers, speakers' names and "
                                         "other personal data in the text sent to the model.")] = False,
    prices: Annotated[Path | None, typer.Option(help="openai: a price table (TOML) over the shipped one.",
                                                envvar="ANALYZER_PRICES")] = None,
    replay: Annotated[Path | None, typer.Option(help="openai: answer from recorded responses in DIR "
                                                "(no network, no key).", metavar="DIR")] = None,
) -> None:
    """Analyze transcripts, store them, and print a report per call.

    With --backend openai, tokens and cost per call and for the run go to stderr.

    Example: analyzer analyze fixtures/sso-pilot.txt --seller Dana
    """
    if backend not in BACKENDS:  # a usage error (exit 2), caught before any file is read
        raise typer.BadParameter(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}",
                                 param_hint="--backend")
    options: dict = {"base_url": base_url} if base_url else {}
    if backend == "openai":
        options |= {"concurrency": concurrency, "timeout": timeout, "redact": redact,
                    "prices": str(prices) if prices else None, "replay": str(replay) if replay else None}
        jobs = jobs or concurrency  # calls wait on the network: run as many as requests may be in flight
    settings = Settings(backend=backend, sellers=tuple(seller or ()), account=account,
                        date=check_date(date), force=force,
                        **({"model": model} if model else {}), backend_options=options)
    inputs = [Input("-", data=sys.stdin.buffer.read()) if i.source == "-" else i
              for i in pipeline.expand_inputs(paths)]
    if not inputs:
        raise fail("no transcript files found in " + ", ".join(paths))
    if format is Format.html and len(inputs) > 1:
        raise typer.BadParameter("html is one page per call: give one transcript (or see `analyzer review "
                                 "--format html` for a week)", param_hint="--format")
    database = open_db(db)
    totals = Usage()
    try:
        outcomes = pipeline.analyze_inputs(inputs, settings, db=database, workers=jobs or os.cpu_count() or 1)
        failures = run_batch(outcomes, lambda outcome: emit_outcome(outcome, format, totals, sellers=settings.sellers),
                             total=len(inputs))
    except AnalyzerError as err:  # a backend or store problem that stops the whole run
        raise fail(str(err)) from err
    if totals.requests and len(inputs) > 1:
        note(usage_text(f"total for {len(inputs)} inputs", totals))
    raise typer.Exit(1 if failures else 0)


@app.command()
def calls(db: DbOption = DEFAULT_DB) -> None:
    """List stored calls, newest first.

    Example: analyzer calls --db week47.db
    """
    from rich import box
    from rich.table import Table

    rows = store.list_calls(open_db(db, existing=True))
    table = Table(title=f"{len(rows)} stored call{'' if len(rows) == 1 else 's'}", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False, expand=True)  # no borders: the names get the width
    for name in ("call_id", "date", "account", "file", "promises", "asks", "risks"):
        # Ids and dates are copied whole into the next command, so only names wrap, sharing what is left.
        table.add_column(name, overflow="fold", no_wrap=name not in ("account", "file"),
                         ratio={"account": 2, "file": 3}.get(name))
    for r in rows:  # the file's name is enough to recognise a call here; `show` gives the whole path
        table.add_row(r["call_id"], (r["started_at"] or "")[:10], r["account"] or "", PurePath(r["source"]).name,
                      str(r["commitments"]), str(r["hidden_work"]), str(r["risks"]))
    Console().print(table)


@app.command()
def show(
    call_id: Annotated[str, typer.Argument(help="A call id (or a unique prefix of one).")],
    db: DbOption = DEFAULT_DB,
    format: Annotated[Format, typer.Option("--format", "-f", help="Report format.")] = Format.text,
) -> None:
    """Show one stored call (json: the call object of the contract).

    Example: analyzer show 3f9a1c --format json
    """
    try:
        call, extra = store.load_call(open_db(db, existing=True), call_id)
    except AnalyzerError as err:
        raise fail(str(err)) from err
    print_call(call, extra, format)


@app.command()
def questions(
    call_id: Annotated[str, typer.Argument(help="A call id (or a unique prefix of one).")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Print the call's question list for engineering as Markdown, ready for a ticket.

    Example: analyzer questions 3f9a1c > questions.md
    """
    try:
        call, _ = store.load_call(open_db(db, existing=True), call_id)
    except AnalyzerError as err:
        raise fail(str(err)) from err
    sys.stdout.write(questions_markdown(call))


