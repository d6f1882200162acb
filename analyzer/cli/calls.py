"""Commands over single calls: analyze, calls, show, questions."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from analyzer import pipeline, store
from analyzer.cli.common import DEFAULT_DB, DbOption, Format, app, fail, open_db, warn
from analyzer.errors import AnalyzerError
from analyzer.models import SEVERITY_ORDER, Usage
from analyzer.pipeline import Input, Outcome, Settings
from analyzer.report.markdown import call_markdown, questions_markdown
from analyzer.report.text import call_report


def _check_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return Date.fromisoformat(value).isoformat()
    except ValueError as err:
        raise typer.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from err


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
    model: Annotated[str | None, typer.Option(help="Model name for the openai backend.")] = None,
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
    options: dict = {"base_url": base_url} if base_url else {}
    if backend == "openai":
        options |= {"concurrency": concurrency, "timeout": timeout, "redact": redact,
                    "prices": str(prices) if prices else None, "replay": str(replay) if replay else None}
        jobs = jobs or concurrency  # calls wait on the network: run as many as requests may be in flight
    settings = Settings(backend=backend, sellers=tuple(seller or ()), account=account,
                        date=_check_date(date), force=force,
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
        failures = run_batch(outcomes, lambda outcome: _emit(outcome, format, totals), total=len(inputs))
    except AnalyzerError as err:  # a backend or store problem that stops the whole run
        raise fail(str(err)) from err
    if totals.requests and len(inputs) > 1:
        _note(_usage_text(f"total for {len(inputs)} inputs", totals))
    raise typer.Exit(1 if failures else 0)


def _emit(outcome: Outcome, format: Format, totals: Usage) -> bool:
    """Print one outcome; True when it was a failure (a partial call is one: turns were not analyzed)."""
    if outcome.error is not None:
        warn(str(outcome.error))
        return True
    assert outcome.call is not None
    extra = outcome.extra or {}
    _print_call(outcome.call, extra, format)
    if outcome.analysis is not None and outcome.analysis.usage.requests:
        totals.add(outcome.analysis.usage)
        _note(_usage_text(outcome.source, outcome.analysis.usage))
    if extra.get("partial"):
        spans = ", ".join(f"{a}-{b}" for a, b in extra.get("failed_turns", []))
        warn(f"{outcome.source}: partial analysis: turns {spans} were not analyzed (stored as partial)")
        return True
    return False


def _usage_text(label: str, usage: Usage) -> str:
    """One line of LLM usage: requests, cache hits, tokens and cost."""
    plural = "" if usage.requests == 1 else "s"
    return (f"{label}: {usage.requests} LLM request{plural} ({usage.cached} cached), {usage.tokens_in:,} tokens "
            f"in, {usage.tokens_out:,} out, ${usage.cost_usd:.4f}")


@dataclass
class BatchTally:
    """What a batch did, for the summary at its end."""

    analyzed: int = 0
    skipped: int = 0
    failed: list[str] = field(default_factory=list)  # one line each, naming the file and the reason
    risks: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: Outcome, failed: bool) -> None:
        if outcome.error is not None:
            self.failed.append(str(outcome.error))
            return
        if failed:  # stored, but some turns were not analyzed
            self.failed.append(f"{outcome.source}: partial analysis")
        elif outcome.skipped:
            self.skipped += 1
        else:
            self.analyzed += 1
        self.risks.update(r["severity"] for r in (outcome.call or {}).get("risks", []))

    def summary(self) -> str:
        lines = [f"{self.analyzed + self.skipped + len(self.failed)} inputs: {self.analyzed} analyzed, "
                 f"{self.skipped} already stored (skipped), {len(self.failed)} failed",
                 "risks: " + ", ".join(f"{self.risks[s]} {s}" for s in SEVERITY_ORDER)]
        return "\n".join(lines + (["failed:", *(f"  {line}" for line in self.failed)] if self.failed else []))


@contextmanager
def _progress(total: int) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr for several inputs when stderr is a terminal; yields ``advance(source)``."""
    console = Console(stderr=True)
    if total < 2 or not console.is_terminal:
        yield lambda source: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    # A report printed to a terminal goes above the bar; piped stdout (JSON Lines) is left alone.
    with Progress(TextColumn("analyzing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}"), console=console, transient=True,
                  redirect_stdout=sys.stdout.isatty()) as bar:
        task = bar.add_task("", total=total)
        yield lambda source: bar.update(task, advance=1, description=os.path.basename(source))


def run_batch(outcomes: Iterable[Outcome], emit: Callable[[Outcome], bool], *, total: int) -> int:
    """Emit each outcome under a progress bar, then the summary on stderr; the number of failures.

    Ctrl-C stops with the summary so far: every call finished is stored whole, and the
    same command run again skips them and finishes the rest.
    """
    tally = BatchTally()
    try:
        with _progress(total) as advance:
            for outcome in outcomes:
                tally.add(outcome, emit(outcome))
                advance(outcome.source)
    except KeyboardInterrupt:
        _note(tally.summary() + "\ninterrupted: finished calls are stored; run the same command again to finish")
        raise typer.Exit(130) from None
    if total > 1:
        _note(tally.summary())
    return len(tally.failed)


def _note(message: str) -> None:
    """A line of information on stderr (stdout stays the report, or JSON Lines)."""
    Console(stderr=True).print(message, highlight=False, markup=False, soft_wrap=True)


def _print_call(call: dict, extra: dict, format: Format) -> None:
    if format is Format.json:
        sys.stdout.write(json.dumps(call, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    elif format is Format.markdown:
        sys.stdout.write(call_markdown(call, extra) + "\n")
    elif format is Format.html:
        from analyzer.report.html import call_html  # Jinja2 is loaded only for HTML

        sys.stdout.write(call_html(call, extra))
    else:
        Console().print(call_report(call, extra))


@app.command()
def calls(db: DbOption = DEFAULT_DB) -> None:
    """List stored calls, newest first.

    Example: analyzer calls --db week47.db
    """
    from rich.table import Table

    rows = store.list_calls(open_db(db))
    table = Table(title=f"{len(rows)} stored calls", title_justify="left")
    for name in ("call_id", "date", "account", "source", "commitments", "hidden work", "risks"):
        table.add_column(name, overflow="fold")
    for r in rows:
        table.add_row(r["call_id"], r["started_at"] or "", r["account"] or "", r["source"],
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
        call, extra = store.load_call(open_db(db), call_id)
    except AnalyzerError as err:
        raise fail(str(err)) from err
    _print_call(call, extra, format)


@app.command()
def questions(
    call_id: Annotated[str, typer.Argument(help="A call id (or a unique prefix of one).")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Print the call's question list for engineering as Markdown, ready for a ticket.

    Example: analyzer questions 3f9a1c > questions.md
    """
    try:
        call, _ = store.load_call(open_db(db), call_id)
    except AnalyzerError as err:
        raise fail(str(err)) from err
    sys.stdout.write(questions_markdown(call))


