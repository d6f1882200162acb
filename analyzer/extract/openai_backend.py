"""The LLM backend: each chunk to an OpenAI-compatible server, answers as raw mentions.

The model is asked for facts only (category, verbatim quote, turn, commitment
kind, due phrase); grounding, risks and questions come from the same checks
the rules backend goes through. Per chunk:

1. redact the text to send (``redact=True``) and compute the cache key;
2. answer from the cache if it can (no request), else from the server
   (retrying 429/5xx/timeouts), or from recordings (``replay=DIR``);
3. an answer cut off, refused or not valid JSON is asked again once as two
   half-size excerpts; what still fails is returned in ``failed_chunks``, so
   the pipeline stores the call as partial instead of silently dropping it.

Every request and cache hit is logged with its tokens, latency, error and
cost when the pipeline hands over a store (``cache=``).
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import ValidationError

from analyzer.extract.base import Extraction
from analyzer.extract.llm_client import Answer, Attempt, ChatSender, ChunkFailed, Request, RetrySmaller
from analyzer.extract.llm_mentions import split_chunk, to_mentions
from analyzer.extract.llm_options import LLMOptions
from analyzer.extract.llm_prices import load_prices
from analyzer.extract.llm_prompt import cache_key, load_prompt, render_excerpt
from analyzer.extract.llm_redact import Redaction, redact
from analyzer.extract.llm_replay import REPLAY, ReplaySender, write_recording
from analyzer.models import Chunk, Mention, Transcript, Usage
from analyzer.schemas import schema_hash
from analyzer.tokens import DEFAULT_MODEL, get_tokenizer

log = logging.getLogger(__name__)
CACHE, BATCH = "cache", "batch"


class AnswerStore(Protocol):
    """What the backend needs from the store (``analyzer.store.llm.LLMStore`` provides it)."""

    def get(self, key: str) -> Any: ...
    def put(self, key: str, content: str, **meta: Any) -> None: ...
    def log_request(self, row: dict) -> None: ...


@dataclass
class Planned:
    """One chunk ready to send: what goes out, and how to map the answer back."""

    chunk: Chunk
    request: Request
    redaction: Redaction


@dataclass
class _ChunkResult:
    mentions: list[Mention] = field(default_factory=list)
    failed: list[Chunk] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)


class OpenAIBackend:
    """Structured extraction through the openai SDK; see the module docstring."""

    name = "openai"
    waits_on_network = True  # the pipeline runs calls on threads, not processes
    uses_llm_store = True  # the pipeline passes ``cache=LLMStore(db)``

    def __init__(self, *, model: str = DEFAULT_MODEL, cache: AnswerStore | None = None, client: Any = None,
                 **options: Any):
        self.options = LLMOptions.from_options(model=model, **options)
        self.cache = cache
        self.prompt = load_prompt(self.options.prompt)
        self.schema_hash = schema_hash()
        self.prices = load_prices(self.options.prices)
        self.tokenizer = get_tokenizer(self.options.model, allow_download=True)
        self.sender = (ReplaySender(self.options.replay) if self.options.replay
                       else ChatSender(self.options, self.prompt, client=client))

    @property
    def prompt_version(self) -> str:
        return self.prompt.version_id

    def extract(self, transcript: Transcript, chunks: list[Chunk]) -> Extraction:
        """Mentions from every chunk, chunks running concurrently (in chunk order in the result)."""
        extraction = Extraction()
        if not chunks:
            return extraction
        with ThreadPoolExecutor(min(self.options.concurrency, len(chunks)), "openai-chunk") as pool:
            results = list(pool.map(lambda chunk: self._chunk(transcript, chunk, retry_smaller=True), chunks))
        for result in results:
            extraction.mentions.extend(result.mentions)
            extraction.failed_chunks.extend(result.failed)
            extraction.usage.add(result.usage)
        return extraction

    def plan(self, transcript: Transcript, chunk: Chunk) -> Planned:
        """The request for one chunk: redacted if asked, keyed for the cache."""
        excerpt = render_excerpt(transcript.turns, chunk)
        redaction = redact(excerpt, transcript.speakers()) if self.options.redact else Redaction(excerpt)
        key = cache_key(model=self.options.model, base_url=self.options.base_url,
                        prompt_version=self.prompt_version, schema_hash=self.schema_hash, text=redaction.text)
        return Planned(chunk, Request(key, redaction.text, chunk.first_turn, chunk.last_turn), redaction)

    def _chunk(self, transcript: Transcript, chunk: Chunk, *, retry_smaller: bool) -> _ChunkResult:
        planned = self.plan(transcript, chunk)
        result = _ChunkResult()
        try:
            content = self._answer(transcript.source, planned, result.usage)
        except RetrySmaller as err:
            halves = split_chunk(chunk, transcript.turns, self.tokenizer) if retry_smaller else None
            if halves is None:
                return self._failed(transcript, chunk, result, str(err))
            log.info("%s: turns %s-%s: %s; trying again in two halves", transcript.source,
                     chunk.first_turn, chunk.last_turn, err)
            for half in halves:
                part = self._chunk(transcript, half, retry_smaller=False)
                result.mentions += part.mentions
                result.failed += part.failed
                result.usage.add(part.usage)
            return result
        except ChunkFailed as err:
            return self._failed(transcript, chunk, result, str(err))
        try:
            result.mentions = to_mentions(content, planned.redaction, chunk, transcript.turns)
        except ValidationError as err:  # only a cache row edited by hand can get here
            return self._failed(transcript, chunk, result, f"stored answer is unreadable: {err}")
        return result

    def _failed(self, transcript: Transcript, chunk: Chunk, result: _ChunkResult, reason: str) -> _ChunkResult:
        # Warnings reach stderr even without logging set up (Python's last-resort handler).
        log.warning("%s: turns %s-%s not analyzed: %s", transcript.source, chunk.first_turn, chunk.last_turn,
                    reason)
        result.failed.append(chunk)
        return result

    def _answer(self, source: str, planned: Planned, usage: Usage) -> str:
        """The answer's JSON: from the cache, else from the server (and then cached)."""
        request = planned.request
        cached = self.cache.get(request.key) if self.cache is not None else None
        if cached is not None:
            usage.requests += 1
            usage.cached += 1
            self._log(source, planned.chunk, request.key, Attempt(CACHE, 0.0), cost=0.0)
            self._record(request, Answer(cached.content, cached.tokens_in, cached.tokens_out))
            return cached.content
        if self.options.cache_only:
            raise ChunkFailed("no answer for it in the cache (missing from the batch output)")

        def on_attempt(attempt: Attempt) -> None:
            cost = self.cost(attempt)
            usage.add(Usage(1, 0, attempt.tokens_in, attempt.tokens_out, cost or 0.0))
            self._log(source, planned.chunk, request.key, attempt, cost=cost)

        answer = self.sender.send(request, on_attempt)
        self._put(request.key, answer)
        self._record(request, answer)
        return answer.content

    def cost(self, attempt: Attempt, *, batch: bool = False) -> float | None:
        """US dollars for one attempt (``None``: the model is not in the price table)."""
        if attempt.mode in (CACHE, REPLAY):
            return 0.0
        return self.prices.cost(self.options.model, tokens_in=attempt.tokens_in, tokens_out=attempt.tokens_out,
                                cached_in=attempt.cached_in, batch=batch)

    def store_batch_answer(self, source: str, chunk: Chunk, key: str, answer: Answer, *,
                           batch_id: str) -> float | None:
        """Cache an answer collected from the Batch API and log it; its cost at the batch price."""
        attempt = Attempt(BATCH, 0.0, answer.tokens_in, answer.tokens_out, answer.cached_in)
        cost = self.cost(attempt, batch=True)
        self._put(key, answer)
        self._log(source, chunk, key, attempt, cost=cost, batch_id=batch_id)
        return cost

    def log_batch_failure(self, source: str, chunk: Chunk, key: str, error: str, *, batch_id: str) -> None:
        """Log a batch request that brought back no usable answer."""
        self._log(source, chunk, key, Attempt(BATCH, 0.0, error=error), cost=0.0, batch_id=batch_id)

    def _put(self, key: str, answer: Answer) -> None:
        if self.cache is not None:
            self.cache.put(key, answer.content, model=self.options.model, base_url=self.options.base_url,
                           prompt_version=self.prompt_version, schema_hash=self.schema_hash,
                           tokens_in=answer.tokens_in, tokens_out=answer.tokens_out)

    def _log(self, source: str, chunk: Chunk, key: str, attempt: Attempt, *, cost: float | None,
             batch_id: str | None = None) -> None:
        if self.cache is None:
            return
        self.cache.log_request({
            "source": source, "chunk": chunk.index, "first_turn": chunk.first_turn, "last_turn": chunk.last_turn,
            "model": self.options.model, "base_url": self.options.base_url,
            "prompt_version": self.prompt_version, "schema_hash": self.schema_hash,
            "cache_key": key, "mode": attempt.mode, "cached": int(attempt.mode == CACHE),
            "batch_id": batch_id, "tokens_in": attempt.tokens_in, "tokens_out": attempt.tokens_out,
            "cached_tokens": attempt.cached_in, "latency_ms": round(attempt.latency * 1000),
            "error": attempt.error, "cost_usd": cost,
        })

    def _record(self, request: Request, answer: Answer) -> None:
        if self.options.record:
            write_recording(self.options.record, request, answer, meta={
                "model": self.options.model, "base_url": self.options.base_url,
                "prompt_version": self.prompt_version, "schema_hash": self.schema_hash})
