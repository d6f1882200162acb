"""parse -> sides -> chunk -> extract -> check -> store, wired in one place."""

from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, fields, replace
from functools import cache
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from analyzer import __version__, parsing, store
from analyzer.checks import check
from analyzer.chunking import ChunkSettings, chunk_turns
from analyzer.dates import date_from_name
from analyzer.errors import AnalyzerError, InputError
from analyzer.extract import Backend, backend_factory
from analyzer.models import CallAnalysis, Chunk, Transcript, Turn
from analyzer.sides import assign_sides
from analyzer.store.llm import LLMStore
from analyzer.tokens import DEFAULT_MODEL, Tokenizer, get_tokenizer

if TYPE_CHECKING:
    from sqlite_utils import Database

# Backend options that change how a run goes, not what it finds.
RESULT_NEUTRAL_OPTIONS = frozenset({"concurrency", "timeout", "prices"})
TRANSCRIPT_SUFFIXES = (".txt", ".md", ".vtt", ".srt", ".json", ".jsonl", ".docx", ".text", ".markdown", ".csv", ".tsv")


@dataclass(frozen=True)
class Settings:
    """Everything that shapes one analysis run, from the command line or the web form."""

    backend: str = "rules"
    sellers: tuple[str, ...] = ()
    account: str | None = None
    date: str | None = None
    model: str = DEFAULT_MODEL
    chunks: ChunkSettings = field(default_factory=ChunkSettings)
    backend_options: dict = field(default_factory=dict)
    force: bool = False  # re-analyze content already stored with the same settings

    def key(self) -> str:
        """What makes a stored analysis reusable: these settings and this analyzer build.

        Equal settings give equal keys however they were spelled: ``analyze``
        passes every option (``redact=False``, ``replay=None``) where ``serve``
        leaves unset ones out, and an option given as None or False is one not
        given (the backends treat None as unset, and their flags default to off).
        Sellers count as the sides read them (trimmed, any case, once each).
        """
        options = {k: v for k, v in self.backend_options.items()
                   if k not in RESULT_NEUTRAL_OPTIONS and v is not None and v is not False}
        sellers = sorted({s.strip().lower() for s in self.sellers if s.strip()})
        parts = [self.backend, self.model, sellers, self.account or None, self.date or None,
                 self.chunks.budget, self.chunks.overlap, sorted(options.items()), analyzer_fingerprint()]
        return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:16]


@cache
def analyzer_fingerprint() -> str:
    """A hash of the installed analyzer's code and data: a changed analyzer re-analyzes."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent
    repo_prompts = package.parent / "prompts"  # an editable install keeps prompts beside the package
    for root in (package, repo_prompts):
        for path in sorted(root.rglob("*")) if root.is_dir() else ():
            if path.suffix in (".py", ".toml", ".txt", ".md", ".j2") and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Input:
    """One transcript to analyze: a file, or bytes already read (stdin, an upload)."""

    source: str
    path: Path | None = None
    data: bytes | None = None


@dataclass
class Outcome:
    """What became of one input: its call (fresh or already stored) or its error."""

    source: str
    call: dict | None = None  # the contract call object
    extra: dict | None = None  # facts outside the contract, for human reports
    analysis: CallAnalysis | None = None  # set when analyzed in this run
    error: AnalyzerError | None = None
    skipped: bool = False  # already stored with the same settings


def expand_inputs(paths: Iterable[str]) -> list[Input]:
    """Files as given, folders as their transcript files (sorted), ``-`` as stdin."""
    inputs: list[Input] = []
    for raw in paths:
        path = Path(raw)
        if raw == "-":
            inputs.append(Input("-"))
        elif path.is_dir():
            inputs.extend(Input(str(p), p) for p in sorted(path.iterdir()) if _is_transcript_file(p))
        else:
            inputs.append(Input(raw, path))
    return inputs


def _is_transcript_file(path: Path) -> bool:
    name = path.name.lower()
    return path.is_file() and name.endswith(TRANSCRIPT_SUFFIXES) and not name.endswith(".meta.json")


def read_transcript(item: Input) -> Transcript:
    """Parse one input (raising :class:`InputError` with the file named).

    A transcript whose file carries no date takes one written in its name
    (``2026-11-18-acme.vtt``), as many recorders and exports name files.
    """
    if item.data is not None:
        transcript = parsing.parse_bytes(item.data, source=item.source)
    elif item.path is None:
        raise InputError("nothing to read", source=item.source)
    else:
        transcript = parsing.load(item.path)
    if transcript.started_at is None and (named := date_from_name(Path(item.source).name)):
        transcript = replace(transcript, started_at=named)
    return transcript


def call_id_for(transcript: Transcript) -> str:
    """A stable id from what was said (not the file name, nor the date or account given for it).

    Re-analysis replaces the call's rows, also when ``--date`` or ``--account``
    corrects what the file said: one call is never stored twice. The ``None``
    is where the date once was: undated calls keep the ids they were stored
    under then (store migration 006 re-keys the dated ones).
    """
    payload = json.dumps([transcript.title, None, [(t.speaker, t.start, t.text) for t in transcript.turns]],
                         ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def make_backend(settings: Settings, *, db: Database | None = None) -> Backend:
    """The backend the settings name, built with its options.

    A backend that caches and logs LLM requests (``uses_llm_store``) gets them
    kept in ``db``, the same SQLite file as the calls.
    """
    factory = backend_factory(settings.backend)
    options = dict(settings.backend_options)
    if db is not None and getattr(factory, "uses_llm_store", False):
        options["cache"] = LLMStore(db)
    return factory(model=settings.model, **options)


def prepare_transcript(transcript: Transcript, settings: Settings) -> tuple[Transcript, list[Chunk]]:
    """The transcript with the settings' account, date and speaker sides applied, and its chunks.

    Exactly what a backend is given (the Batch API plans its requests from it).
    """
    if settings.account:
        transcript = replace(transcript, account=settings.account)
    if settings.date:
        transcript = replace(transcript, started_at=settings.date)
    transcript = assign_sides(transcript, settings.sellers)
    return transcript, chunk_turns(transcript.turns, tokenizer_for(settings), settings.chunks)


def tokenizer_for(settings: Settings) -> Tokenizer:
    """The tokenizer that counts chunks; only a backend that goes online may download an encoding."""
    return get_tokenizer(settings.model, allow_download=settings.backend != "rules")


def analyze_transcript(transcript: Transcript, settings: Settings, backend: Backend, *,
                       call_id: str | None = None) -> CallAnalysis:
    """Run sides, chunking, extraction and checks over one parsed transcript.

    ``call_id`` is ``call_id_for(transcript)`` when the caller has it already
    (it looked the call up in the store); it is kept unless preparing the
    transcript changed more than the turns' sides.
    """
    read = transcript
    transcript, chunks = prepare_transcript(transcript, settings)
    if call_id is None or not _same_words(read, transcript):
        call_id = call_id_for(transcript)
    tokenizer = tokenizer_for(settings)
    extraction = backend.extract(transcript, chunks)
    checked = check(extraction.mentions, transcript.turns)
    return CallAnalysis(
        call_id=call_id, transcript=transcript, backend=backend.name,
        commitments=checked.commitments, hidden_work=checked.hidden_work, risks=checked.risks,
        questions=checked.questions, rejected_quotes=checked.rejected_quotes,
        failed_turns=sorted({(c.first_turn, c.last_turn) for c in extraction.failed_chunks}),
        tokenizer=tokenizer.name, usage=extraction.usage,
    )


# Everything a turn holds but its side: what sides may not change (the call id hashes some of it).
_words = attrgetter(*(f.name for f in fields(Turn) if f.name != "side"))


def _same_words(before: Transcript, after: Transcript) -> bool:
    """Whether ``after`` has ``before``'s title and turns, but for the turns' sides."""
    return (before.title == after.title and len(before.turns) == len(after.turns)
            and all(a is b or _words(a) == _words(b) for a, b in zip(before.turns, after.turns, strict=True)))


def analyze_inputs(
    inputs: Iterable[Input], settings: Settings, *, db: Database | None, backend: Backend | None = None,
    workers: int = 1,
) -> Iterator[Outcome]:
    """Analyze and store each input; yield outcomes in input order.

    A bad input yields its error and the rest go on. With ``workers > 1`` the
    analysis runs in a pool (processes for CPU-bound backends, threads for
    backends that wait on a network) while this process parses, stores each
    call in its own transaction as soon as it is done, and keeps at most a few
    calls per worker in flight so memory does not grow with the batch.
    """
    backend = backend or make_backend(settings, db=db)
    key = settings.key()
    items = list(inputs)
    if workers <= 1 or len(items) <= 1:
        for item in items:
            yield _guarded(item, lambda item=item: analyze_one(item, settings, db=db, backend=backend, key=key))
        return
    yield from _analyze_in_pool(items, settings, db=db, backend=backend, key=key, workers=workers)


def _guarded(item: Input, work: Callable[[], Outcome]) -> Outcome:
    try:
        return work()
    except AnalyzerError as err:
        return _failed(item, err)


def _failed(item: Input, err: AnalyzerError) -> Outcome:
    if err.source is None:
        err.source = item.source
    return Outcome(item.source, error=err)


def analyze_one(item: Input, settings: Settings, *, db: Database | None, backend: Backend,
                key: str) -> Outcome:
    """Analyze and store one input, or reuse its stored analysis when nothing changed."""
    transcript = read_transcript(item)
    call_id = call_id_for(transcript)
    stored = _stored_outcome(item, call_id, settings, db, key)
    if stored is not None:
        return stored
    analysis = analyze_transcript(transcript, settings, backend, call_id=call_id)
    return _finish(item, analysis, db, key)


def _stored_outcome(item: Input, call_id: str, settings: Settings, db: Database | None,
                    key: str) -> Outcome | None:
    if db is None or settings.force or store.stored_key(db, call_id) != key:
        return None
    call, extra = store.load_call(db, call_id)
    if extra["partial"]:
        return None  # turns were not analyzed last time: try again (answers that worked are cached)
    call["source"] = item.source
    return Outcome(item.source, call=call, extra=extra, skipped=True)


def _finish(item: Input, analysis: CallAnalysis, db: Database | None, key: str) -> Outcome:
    call = analysis.to_contract()
    if db is not None:
        store.save_call(db, analysis, key=key, call=call)  # saving reads the call object, never edits it
    return Outcome(item.source, call=call, extra=store.extra_of(analysis), analysis=analysis)


# Each worker process builds its own backend once (not per call), unless it inherited
# the parent's: a forked worker starts with the parent's compiled trigger data.
_worker_backend: Backend | None = None


def _analyze_in_worker(transcript: Transcript, settings: Settings, call_id: str) -> CallAnalysis:
    global _worker_backend
    if _worker_backend is None:
        _worker_backend = make_backend(settings)
    return analyze_transcript(transcript, settings, _worker_backend, call_id=call_id)


def _inherit_backend(backend: Backend) -> None:
    """Hand ``backend`` to the workers about to be forked (spawned ones build their own).

    Compiling the trigger data takes each worker about a tenth of a second.
    """
    global _worker_backend
    _worker_backend = backend


def _analyze_in_pool(items: list[Input], settings: Settings, *, db: Database | None, backend: Backend,
                     key: str, workers: int) -> Iterator[Outcome]:
    threads = getattr(backend, "waits_on_network", False)
    if not threads and not getattr(backend, "uses_llm_store", False):
        _inherit_backend(backend)  # no connection or socket in it to share across a fork
    pool: Executor = ThreadPoolExecutor(workers) if threads else ProcessPoolExecutor(workers)
    done: dict[int, Outcome] = {}
    running: dict[Future, tuple[int, str]] = {}
    # The same call twice in one batch (one export in two shapes) is analyzed once: the later
    # input waits for the earlier one to be stored and is then skipped, as a rerun would skip
    # it; analyzed side by side, whichever finished last would be the one stored.
    analyzing: dict[str, int] = {}  # call id -> the input being analyzed for it
    waiting: dict[int, list[int]] = {}  # that input -> later inputs of the same call
    next_submit = next_yield = 0
    # The first call to analyze runs in this process, before the pool's first submit forks the
    # workers: they inherit what a first call builds (the tokenizer, the patterns the sides and
    # checks compile and cache on first use), a third of a second each would spend on its own.
    here = None if threads else backend
    forked = threads  # whether the workers exist yet (the first submit to a process pool forks them)

    def start(index: int) -> None:
        nonlocal here, forked
        outcome, transcript, call_id = _prepare(items[index], settings, db, key)
        if outcome is not None:
            done[index] = outcome
        elif db is not None and call_id in analyzing:
            waiting.setdefault(analyzing[call_id], []).append(index)
        else:
            if here is None and not forked:
                # Everything built so far (the backend's patterns, the tokenizer, caches) lives as
                # long as the batch: frozen, this process's cyclic collector no longer walks it on
                # every full collection while it parses, stores and prints each call (about 40% of
                # its collection time).
                gc.freeze()
                forked = True
            running[_submit(transcript, call_id, settings, pool, backend if threads else None, here)] = index, call_id
            analyzing[call_id] = index
            here = None

    try:
        with pool:
            while next_yield < len(items):
                while next_submit < len(items) and len(running) < 2 * workers:
                    start(next_submit)
                    next_submit += 1
                if next_yield not in done and running:
                    finished, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in finished:
                        index, call_id = running.pop(future)
                        done[index] = _guarded(items[index], lambda f=future, i=index: _finish(
                            items[i], f.result(), db, key))
                        del analyzing[call_id]
                        for later in waiting.pop(index, []):
                            start(later)  # stored now, so skipped; analyzed if the first one failed
                while next_yield in done:
                    yield done.pop(next_yield)
                    next_yield += 1
    finally:
        if forked and not threads:
            gc.unfreeze()  # a long-lived caller (the web app) gets its objects collected again


def _prepare(item: Input, settings: Settings, db: Database | None,
             key: str) -> tuple[Outcome | None, Transcript, str]:
    """Parse in this process: the outcome when it is settled already (a failure, or stored)."""
    try:
        transcript = read_transcript(item)
        call_id = call_id_for(transcript)
        return _stored_outcome(item, call_id, settings, db, key), transcript, call_id
    except AnalyzerError as err:
        return _failed(item, err), None, ""  # type: ignore[return-value]


def _submit(transcript: Transcript, call_id: str, settings: Settings, pool: Executor,
            backend: Backend | None, here: Backend | None) -> Future:
    """Hand the analysis to the pool (with the backend, for threads).

    With ``here``, analyze in this process with that backend instead: the future is
    done already, and like the pool's it holds the analysis or what was raised.
    """
    if here is not None:
        future: Future = Future()
        try:
            future.set_result(analyze_transcript(transcript, settings, here, call_id=call_id))
        except Exception as err:  # raised from result(), as a worker's would be
            future.set_exception(err)
        return future
    if backend is not None:
        return pool.submit(analyze_transcript, transcript, settings, backend, call_id=call_id)
    return pool.submit(_analyze_in_worker, transcript, settings, call_id)
