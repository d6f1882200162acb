"""``analyzer batch submit|status|collect``: the OpenAI Batch API, for reviews that can wait a day.

Batch requests cost half as much as live ones. ``submit`` writes every chunk
that is not cached yet as one JSONL request, uploads it and creates the
batch; ``status`` polls; ``collect`` downloads the answers into the cache and
then analyzes the calls exactly as ``analyze --backend openai`` would, from
the cache (chunks with no answer make the call partial, and the exit status 1).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from analyzer import pipeline
from analyzer.chunking import ChunkSettings
from analyzer.cli.common import DEFAULT_DB, DbOption, Format, app, fail, open_db, warn
from analyzer.cli.output import check_date, emit_outcome, note, run_batch, usage_text  # report as analyze does
from analyzer.errors import AnalyzerError, InputError
from analyzer.models import Chunk, Usage
from analyzer.pipeline import Input, Settings

if TYPE_CHECKING:
    from sqlite_utils import Database

    from analyzer.extract.openai_backend import OpenAIBackend
    from analyzer.store.llm import LLMStore

batch_app = typer.Typer(help="The OpenAI Batch API: submit calls now, collect their analyses later (half price).",
                        no_args_is_help=True)
app.add_typer(batch_app, name="batch")


@batch_app.command()
def submit(
    paths: Annotated[list[str], typer.Argument(help="Transcript files or folders (not stdin).")],
    db: DbOption = DEFAULT_DB,
    seller: Annotated[list[str] | None, typer.Option(
        "--seller", help="A seller-side speaker (repeat for several); others are the customer.")] = None,
    model: Annotated[str | None, typer.Option(help="Model name.")] = None,
    base_url: Annotated[str | None, typer.Option(
        "--base-url", help="OpenAI-compatible server URL (default: OPENAI_BASE_URL).")] = None,
    account: Annotated[str | None, typer.Option(help="The customer account these calls belong to.")] = None,
    date: Annotated[str | None, typer.Option(help="Call date (YYYY-MM-DD), overriding the file's.")] = None,
    redact: Annotated[bool, typer.Option(help="Replace personal data in the text sent.")] = False,
) -> None:
    """Send every chunk not cached yet as one Batch API job; prints the batch id.

    Example: analyzer batch submit calls/week47/ --seller Dana
    """
    from analyzer.extract import llm_batch  # the LLM client loads only for batch work
    from analyzer.extract.openai_backend import OpenAIBackend
    from analyzer.store.llm import LLMStore
    if "-" in paths:
        raise fail("batch submit reads files again at collect time, so it cannot take stdin (-)", code=2)
    settings = Settings(backend="openai", sellers=tuple(seller or ()), account=account, date=check_date(date),
                        **({"model": model} if model else {}),
                        backend_options={k: v for k, v in {"base_url": base_url, "redact": redact}.items() if v})
    database = open_db(db)
    try:
        backend = pipeline.make_backend(settings, db=database)
        assert isinstance(backend, OpenAIBackend)
        lines, rows, inputs, failures = _plan(pipeline.expand_inputs(paths), settings, backend)
        if not lines:
            note(f"nothing to submit: every chunk of {len(inputs)} calls is cached already; "
                  "`analyzer analyze --backend openai` answers them with no requests")
            raise typer.Exit(1 if failures else 0)
        batch = llm_batch.submit(backend, lines, metadata={"tool": "analyzer", "calls": str(len(inputs))})
    except AnalyzerError as err:
        raise fail(str(err)) from err
    LLMStore(database).save_batch(_batch_record(batch, backend, settings, inputs, len(lines)), rows)
    sys.stdout.write(batch.id + "\n")
    note(f"submitted {len(lines)} requests for {len(inputs)} calls as batch {batch.id} ({batch.status}); "
          f"run `analyzer batch status` to follow it and `analyzer batch collect` when it is done")
    raise typer.Exit(1 if failures else 0)


def _plan(inputs: list[Input], settings: Settings, backend: OpenAIBackend) -> tuple[list, list, list, int]:
    """Batch lines and their records for every uncached chunk; inputs read, and how many failed."""
    from analyzer.extract import llm_batch  # the LLM client loads only for batch work
    lines: list[dict] = []
    rows: list[dict] = []
    done: list[dict] = []
    seen: set[str] = set()
    failures = 0
    for item in inputs:
        try:
            transcript, chunks = pipeline.prepare_transcript(pipeline.read_transcript(item), settings)
        except InputError as err:
            warn(str(err))
            failures += 1
            continue
        call_id = pipeline.call_id_for(transcript)
        done.append({"source": item.source, "path": str(Path(item.source).resolve())})
        for chunk in chunks:
            planned = backend.plan(transcript, chunk)
            key = planned.request.key
            if key in seen or (backend.cache is not None and backend.cache.get(key) is not None):
                continue  # answered already (or asked twice in this batch)
            seen.add(key)
            custom_id = f"{call_id}-{chunk.index}"
            lines.append(llm_batch.batch_line(backend, planned, custom_id))
            rows.append({"custom_id": custom_id, "cache_key": key, "source": item.source, "chunk": chunk.index,
                         "first_turn": chunk.first_turn, "last_turn": chunk.last_turn})
    return lines, rows, done, failures


def _batch_record(batch: object, backend: OpenAIBackend, settings: Settings, inputs: list[dict],
                  requests: int) -> dict:
    """What collect needs to redo the analysis exactly as submitted."""
    options = backend.options
    return {
        "batch_id": batch.id, "status": batch.status, "model": options.model,  # type: ignore[attr-defined]
        "base_url": options.base_url, "input_file_id": batch.input_file_id,  # type: ignore[attr-defined]
        "requests": requests, "inputs": inputs,
        "settings": {"sellers": list(settings.sellers), "account": settings.account, "date": settings.date,
                     "budget": settings.chunks.budget, "overlap": settings.chunks.overlap,
                     "redact": options.redact, "prompt_version": backend.prompt_version},
    }


@batch_app.command()
def status(
    batch_id: Annotated[str | None, typer.Argument(help="A batch id (or prefix); default: every batch.")] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Ask the server how far each recorded batch has got.

    Example: analyzer batch status
    """
    from rich.table import Table

    from analyzer.store.llm import LLMStore  # the LLM client loads only for batch work

    store = LLMStore(open_db(db, existing=True))
    table = Table(title="Batches", title_justify="left")
    for name in ("batch", "status", "done", "failed", "requests", "calls", "submitted", "collected"):
        table.add_column(name, no_wrap=name in ("batch", "status"), overflow="fold")
    try:
        for record in _records(store, batch_id):
            counts = _refresh(store, record)
            table.add_row(record["batch_id"], record["status"], str(counts.get("completed", "")),
                          str(counts.get("failed", "")), str(record["requests"]), str(len(record["inputs"])),
                          _minute(record["created_at"]), _minute(record["collected_at"]))
    except AnalyzerError as err:
        raise fail(str(err)) from err
    Console().print(table)


def _minute(timestamp: str | None) -> str:
    """``2026-11-25T10:44:30+00:00`` as ``2026-11-25 10:44`` (UTC), short enough for a table."""
    return (timestamp or "")[:16].replace("T", " ")


def _records(store: LLMStore, batch_id: str | None) -> list[dict]:
    records = store.batches(batch_id)
    if batch_id and not records:
        raise fail(f"no recorded batch with id {batch_id}")
    return records


def _refresh(store: LLMStore, record: dict) -> dict:
    """Poll the server for a batch not collected yet; update the record; its request counts."""
    from analyzer.extract import llm_batch  # the LLM client loads only for batch work
    if record["collected_at"]:
        return {}
    batch = llm_batch.retrieve(_backend_for(record, store), record["batch_id"])
    record.update(status=batch.status, output_file_id=batch.output_file_id, error_file_id=batch.error_file_id)
    store.update_batch(record["batch_id"], status=batch.status, output_file_id=batch.output_file_id,
                       error_file_id=batch.error_file_id)
    counts = batch.request_counts
    return counts.model_dump() if counts is not None else {}


def _settings_for(record: dict) -> Settings:
    saved = record["settings"]
    return Settings(backend="openai", sellers=tuple(saved["sellers"]), account=saved["account"],
                    date=saved["date"], model=record["model"], force=True,
                    chunks=ChunkSettings(saved["budget"], saved["overlap"]),
                    backend_options={"base_url": record["base_url"], "redact": saved["redact"], "cache_only": True})


def _backend_for(record: dict, store: LLMStore) -> OpenAIBackend:
    from analyzer.extract.openai_backend import OpenAIBackend  # the LLM client loads only for batch work
    settings = _settings_for(record)
    return OpenAIBackend(model=settings.model, cache=store, **settings.backend_options)


@batch_app.command()
def collect(
    batch_id: Annotated[str | None, typer.Argument(help="A batch id (or prefix); default: every finished one.")] = None,
    db: DbOption = DEFAULT_DB,
    format: Annotated[Format, typer.Option("--format", "-f", help="Report format.")] = Format.text,
) -> None:
    """Download finished batches' answers, then analyze, check and store their calls.

    Example: analyzer batch collect --format json > week47.jsonl
    """
    from analyzer.store.llm import LLMStore  # the LLM client loads only for batch work
    database = open_db(db, existing=True)
    store = LLMStore(database)
    failures = 0
    try:
        records = _records(store, batch_id)
        pending = [r for r in records if batch_id is not None or not r["collected_at"]]
        for record in pending:
            if not record["collected_at"]:
                _refresh(store, record)
            failures += _collect_one(store, database, record, format, explicit=batch_id is not None)
    except AnalyzerError as err:
        raise fail(str(err)) from err
    if not pending:  # say so rather than print nothing: the user may expect a batch to be there
        note("nothing to collect: every recorded batch is collected already (name one to collect it again)"
             if records else "nothing to collect: no batch was submitted with this database")
    raise typer.Exit(1 if failures else 0)


def _collect_one(store: LLMStore, database: Database, record: dict, format: Format, *, explicit: bool) -> int:
    """Ingest one batch and analyze its calls; the number of failed or partial calls."""
    from analyzer.extract import llm_batch  # the LLM client loads only for batch work
    name = record["batch_id"]
    if record["collected_at"] and not explicit:
        return 0
    if record["status"] not in llm_batch.FINISHED:
        warn(f"batch {name} is {record['status']}: not finished yet, collect it later")
        return 1
    if not record.get("output_file_id") and not record.get("error_file_id"):
        warn(f"batch {name} is {record['status']} with no results to collect; submit the calls again")
        return 1
    backend = _backend_for(record, store)
    if backend.prompt_version != record["settings"]["prompt_version"]:
        warn(f"batch {name}: the prompt changed since it was submitted; its answers no longer match")
    usage = _ingest(store, backend, record)
    note(usage_text(f"batch {name} ({record['status']}, Batch API price)", usage))
    settings = _settings_for(record)
    inputs = [Input(i["source"], Path(i["path"])) for i in record["inputs"]]
    outcomes = pipeline.analyze_inputs(inputs, settings, db=database, backend=backend)
    totals = Usage()
    failures = run_batch(outcomes, lambda outcome: emit_outcome(outcome, format, totals, sellers=settings.sellers),
                         total=len(inputs))
    store.update_batch(name, collected_at=_now())
    return failures


def _ingest(store: LLMStore, backend: OpenAIBackend, record: dict) -> Usage:
    """Put every usable answer of the batch into the cache; log every result; what it cost."""
    from analyzer.extract import llm_batch  # the LLM client loads only for batch work
    requests = store.batch_requests(record["batch_id"])
    usage = Usage()
    for file_id in (record.get("output_file_id"), record.get("error_file_id")):
        if not file_id:
            continue
        for result in llm_batch.read_results(llm_batch.download(backend, file_id)):
            row = requests.get(result.custom_id)
            if row is None:
                continue  # not one of ours (or unreadable): nothing to file it under
            chunk = Chunk(row["chunk"], row["first_turn"], row["last_turn"], "", 0)
            if result.answer is None:
                backend.log_batch_failure(row["source"], chunk, row["cache_key"], result.error or "",
                                          batch_id=record["batch_id"])
                continue
            cost = backend.store_batch_answer(row["source"], chunk, row["cache_key"], result.answer,
                                              batch_id=record["batch_id"])
            usage.add(Usage(1, 0, result.answer.tokens_in, result.answer.tokens_out, cost or 0.0))
    return usage


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat(timespec="seconds")
