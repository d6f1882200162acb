"""parse -> sides -> chunk -> extract -> check -> store, wired in one place."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from sqlite_utils import Database

from analyzer import __version__, parsing, store
from analyzer.checks import check
from analyzer.chunking import ChunkSettings, chunk_turns
from analyzer.errors import AnalyzerError, InputError
from analyzer.extract import Backend, backend_factory
from analyzer.models import CallAnalysis, Transcript
from analyzer.sides import assign_sides
from analyzer.tokens import DEFAULT_MODEL, get_tokenizer

TRANSCRIPT_SUFFIXES = (".txt", ".md", ".vtt", ".srt", ".json", ".docx", ".text", ".markdown")


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
        """What makes a stored analysis reusable: these settings and this analyzer build."""
        parts = [self.backend, self.model, sorted(s.lower() for s in self.sellers), self.account,
                 self.date, self.chunks.budget, self.chunks.overlap, analyzer_fingerprint()]
        return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:16]


@cache
def analyzer_fingerprint() -> str:
    """A hash of the installed analyzer's code and data: a changed analyzer re-analyzes."""
    digest = hashlib.sha256(__version__.encode())
    root = Path(__file__).parent
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".toml", ".txt", ".md") and "__pycache__" not in path.parts:
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
    """Parse one input (raising :class:`InputError` with the file named)."""
    if item.data is not None:
        return parsing.parse_bytes(item.data, source=item.source)
    if item.path is None:
        raise InputError("nothing to read", source=item.source)
    return parsing.load(item.path)


def call_id_for(transcript: Transcript) -> str:
    """A stable id from what was said (not the file name), so re-analysis replaces rows."""
    payload = json.dumps([transcript.title, transcript.started_at,
                          [(t.speaker, t.start, t.text) for t in transcript.turns]],
                         ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def make_backend(settings: Settings) -> Backend:
    """The backend the settings name, built with its options."""
    return backend_factory(settings.backend)(model=settings.model, **settings.backend_options)


def analyze_transcript(transcript: Transcript, settings: Settings, backend: Backend) -> CallAnalysis:
    """Run sides, chunking, extraction and checks over one parsed transcript."""
    if settings.account:
        transcript = replace(transcript, account=settings.account)
    if settings.date:
        transcript = replace(transcript, started_at=settings.date)
    transcript = assign_sides(transcript, settings.sellers)
    tokenizer = get_tokenizer(settings.model)
    chunks = chunk_turns(transcript.turns, tokenizer, settings.chunks)
    extraction = backend.extract(transcript, chunks)
    checked = check(extraction.mentions, transcript.turns)
    return CallAnalysis(
        call_id=call_id_for(transcript), transcript=transcript, backend=backend.name,
        commitments=checked.commitments, hidden_work=checked.hidden_work, risks=checked.risks,
        questions=checked.questions, rejected_quotes=checked.rejected_quotes,
        failed_turns=sorted({(c.first_turn, c.last_turn) for c in extraction.failed_chunks}),
        tokenizer=tokenizer.name, usage=extraction.usage,
    )


def analyze_inputs(
    inputs: Iterable[Input], settings: Settings, *, db: Database | None, backend: Backend | None = None
) -> Iterator[Outcome]:
    """Analyze and store each input in turn; a bad input yields its error, the rest go on."""
    backend = backend or make_backend(settings)
    key = settings.key()
    for item in inputs:
        try:
            yield analyze_one(item, settings, db=db, backend=backend, key=key)
        except AnalyzerError as err:
            if err.source is None:
                err.source = item.source
            yield Outcome(item.source, error=err)


def analyze_one(item: Input, settings: Settings, *, db: Database | None, backend: Backend,
                key: str) -> Outcome:
    """Analyze and store one input, or reuse its stored analysis when nothing changed."""
    transcript = read_transcript(item)
    call_id = call_id_for(transcript)
    if db is not None and not settings.force and store.stored_key(db, call_id) == key:
        call, extra = store.load_call(db, call_id)
        call["source"] = item.source
        return Outcome(item.source, call=call, extra=extra, skipped=True)
    analysis = analyze_transcript(transcript, settings, backend)
    if db is not None:
        store.save_call(db, analysis, key=key)
    return Outcome(item.source, call=analysis.to_contract(), extra=store.extra_of(analysis),
                   analysis=analysis)
