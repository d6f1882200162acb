"""Sending one excerpt to an OpenAI-compatible server, with retries and a JSON-mode fallback.

The openai SDK is imported here, inside functions, and nowhere else at module
level, so the offline default never loads it. The SDK's own retries are
turned off (``max_retries=0``): this module retries itself so that every
attempt is logged and priced, and so that a 429's ``Retry-After`` is honoured.

What can happen to one request, and what this module makes of it:

* an answer that validates against the schema -> :class:`Answer`
* 429, 5xx, 408/409, a timeout or a dropped connection -> wait and retry;
  when the retries run out, :class:`ChunkFailed` (or :class:`BackendError`
  when the server could never be reached at all)
* output cut off by the token limit, a refusal, a content filter, invalid
  JSON, or a prompt over the context window -> :class:`RetrySmaller`
* a 400 saying the server does not do ``json_schema`` -> JSON mode from then
  on for this base URL, and the same request again
* 401, 403, 404 -> :class:`BackendError` (nothing later can succeed)
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from analyzer.errors import BackendError
from analyzer.extract.llm_options import LLMOptions
from analyzer.extract.llm_prompt import Prompt, chat_messages
from analyzer.schemas import ChunkFindings

STRICT, JSON_MODE = "json_schema", "json_object"
MAX_RETRY_AFTER = 120.0  # seconds; a server asking for longer is treated as an error
_SCHEMA_REJECTED = re.compile(r"response_format|json_schema|structured output", re.IGNORECASE)
_TOO_LONG = re.compile(r"context.length|maximum context|too many tokens|context window", re.IGNORECASE)
_FENCE = re.compile(r"^\s*```(?:json)?\s*|\s*```\s*$")
# Reasoning models accept only the default temperature.
_NO_TEMPERATURE = ("o1", "o3", "o4", "gpt-5")


@dataclass(frozen=True)
class Request:
    """One excerpt to send: the text (already redacted if asked) and the turns it covers."""

    key: str
    text: str
    first_turn: int
    last_turn: int


@dataclass(frozen=True)
class Answer:
    """A validated answer: the findings as normalized JSON, and what the request used."""

    content: str
    tokens_in: int = 0
    tokens_out: int = 0
    cached_in: int = 0


@dataclass(frozen=True)
class Attempt:
    """One HTTP request, for the request log (``error`` is ``None`` when it worked)."""

    mode: str
    latency: float
    tokens_in: int = 0
    tokens_out: int = 0
    cached_in: int = 0
    error: str | None = None


class RetrySmaller(Exception):
    """The answer was unusable in a way a smaller excerpt may fix (cut off, refused, not JSON)."""


class ChunkFailed(Exception):
    """This excerpt could not be analyzed; the others may still be."""


class _Transient(Exception):
    def __init__(self, reason: str, retry_after: float | None = None, *, unreachable: bool = False):
        super().__init__(reason)
        self.retry_after = retry_after
        self.unreachable = unreachable


class _SchemaUnsupported(Exception):
    pass


def validate_content(content: str | None) -> str:
    """The answer's JSON checked against the schema and normalized, or :class:`RetrySmaller`."""
    if not content:
        raise RetrySmaller("empty answer")
    try:
        findings = ChunkFindings.model_validate_json(_FENCE.sub("", content))
    except ValidationError as err:
        raise RetrySmaller(f"invalid JSON: {err.errors()[0]['msg']}") from err
    return findings.model_dump_json()


def make_client(options: LLMOptions) -> Any:
    """The SDK client for ``options`` (the SDK is imported only now)."""
    import openai

    try:
        return openai.OpenAI(api_key=options.key_to_send, base_url=options.base_url, timeout=options.timeout,
                             max_retries=0)
    except openai.OpenAIError as err:
        raise BackendError(f"cannot set up the openai client: {err}") from err


class ChatSender:
    """Sends requests to one server; thread-safe, at most ``concurrency`` in flight."""

    def __init__(self, options: LLMOptions, prompt: Prompt, *, client: Any = None):
        self.options = options
        self.prompt = prompt
        self._client = client
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(options.concurrency)
        self._modes: dict[str, str] = {}  # base URL -> mode that works there, for this run
        self._fatal: BackendError | None = None  # a bad key or URL fails every later request too

    @property
    def client(self) -> Any:
        with self._lock:
            if self._client is None:
                self._client = make_client(self.options)
            return self._client

    @property
    def mode(self) -> str:
        return self._modes.get(self.options.base_url, STRICT)

    def send(self, request: Request, on_attempt: Callable[[Attempt], None]) -> Answer:
        """The validated answer for ``request``, retrying transient failures with backoff.

        ``on_attempt`` hears about every HTTP request made, failed ones included.
        """
        failures = 0
        while True:
            if self._fatal is not None:
                raise BackendError(self._fatal.reason)
            try:
                return self._attempt(request, on_attempt)
            except BackendError as err:
                self._fatal = err
                raise
            except _SchemaUnsupported:
                self._modes[self.options.base_url] = JSON_MODE  # not a failure: ask again in JSON mode
            except _Transient as err:
                failures += 1
                if err.retry_after is not None and err.retry_after > MAX_RETRY_AFTER:
                    raise ChunkFailed(f"{err} (the server asks to wait {err.retry_after:.0f} s)") from err
                if failures > self.options.retries:
                    if err.unreachable:
                        self._fatal = BackendError(f"cannot reach {self.options.base_url}: {err}")
                        raise self._fatal from err
                    raise ChunkFailed(f"{err} (gave up after {failures} attempts)") from err
                time.sleep(self._wait(failures, err.retry_after))

    def _wait(self, failures: int, retry_after: float | None) -> float:
        if retry_after is not None and retry_after >= 0:
            return retry_after  # the server said when; honour it
        return min(self.options.backoff * 2 ** (failures - 1), self.options.max_backoff)

    def _attempt(self, request: Request, on_attempt: Callable[[Attempt], None]) -> Answer:
        mode = self.mode
        started = time.monotonic()
        try:
            with self._slots:
                answer = self._post(request, mode)
        except (RetrySmaller, ChunkFailed, _Transient, _SchemaUnsupported, BackendError) as err:
            usage = getattr(err, "usage", None) or Answer("")
            on_attempt(Attempt(mode, time.monotonic() - started, usage.tokens_in, usage.tokens_out,
                                    usage.cached_in, error=_describe(err)))
            raise
        on_attempt(Attempt(mode, time.monotonic() - started, answer.tokens_in, answer.tokens_out,
                                answer.cached_in))
        return answer

    def _post(self, request: Request, mode: str) -> Answer:
        import openai

        schema = None if mode == STRICT else ChunkFindings.model_json_schema()
        messages = chat_messages(self.prompt, request.text, request.first_turn, request.last_turn, schema=schema)
        params = request_params(self.options, messages, mode)
        try:
            if mode == STRICT:
                raw = self.client.chat.completions.with_raw_response.parse(**params)
            else:
                raw = self.client.chat.completions.with_raw_response.create(**params)
        except openai.APIError as err:
            raise _classify(err, mode) from err
        return _read(raw, mode)


def request_params(options: LLMOptions, messages: list[dict[str, str]], mode: str) -> dict[str, Any]:
    """Keyword arguments for ``chat.completions.parse``/``create`` (also the Batch API body)."""
    params: dict[str, Any] = {"model": options.model, "messages": messages,
                              "max_completion_tokens": options.max_output_tokens}
    params["response_format"] = ChunkFindings if mode == STRICT else {"type": "json_object"}
    if not options.model.startswith(_NO_TEMPERATURE):
        params["temperature"] = options.temperature
    return params


def _read(raw: Any, mode: str) -> Answer:
    """Turn the raw HTTP response into an :class:`Answer`, keeping the usage even when it fails."""
    import openai

    usage = _usage(raw)
    try:
        completion = raw.parse()
        choice = completion.choices[0]
        if choice.finish_reason == "length":
            raise RetrySmaller("the answer was cut off at the output token limit")
        if choice.finish_reason == "content_filter":
            raise RetrySmaller("the answer was stopped by the server's content filter")
        if choice.message.refusal:
            raise RetrySmaller(f"the model refused: {choice.message.refusal[:200]}")
        content = validate_content(choice.message.content)
    except openai.LengthFinishReasonError as err:
        raise _with_usage(RetrySmaller("the answer was cut off at the output token limit"), usage) from err
    except openai.ContentFilterFinishReasonError as err:
        raise _with_usage(RetrySmaller("the answer was stopped by the server's content filter"), usage) from err
    except (ValidationError, json.JSONDecodeError) as err:
        raise _with_usage(RetrySmaller(f"invalid JSON in the answer ({type(err).__name__})"), usage) from err
    except (RetrySmaller, IndexError, AttributeError) as err:
        failure = err if isinstance(err, RetrySmaller) else RetrySmaller(f"malformed response: {err}")
        raise _with_usage(failure, usage) from err
    return Answer(content, usage.tokens_in, usage.tokens_out, usage.cached_in)


def _usage(raw: Any) -> Answer:
    """Token counts from the response body, read without the SDK's parsing (which may fail)."""
    try:
        body = json.loads(raw.text)
        usage = body.get("usage") or {}
        details = usage.get("prompt_tokens_details") or {}
        return Answer("", int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0),
                      int(details.get("cached_tokens") or 0))
    except (ValueError, TypeError, AttributeError):
        return Answer("")


def _with_usage(err: Exception, usage: Answer) -> Exception:
    err.usage = usage  # type: ignore[attr-defined]  # the attempt was paid for; log it
    return err


def _classify(err: Exception, mode: str) -> Exception:
    """Map an SDK error to what the retry loop does with it."""
    import openai

    message = _error_message(err)
    if isinstance(err, openai.APITimeoutError):
        return _Transient("the request timed out")
    if isinstance(err, openai.APIConnectionError):
        return _Transient(f"connection failed ({message})", unreachable=True)
    status = getattr(err, "status_code", None)
    if status == 429:
        return _Transient(f"rate limited (429): {message}", _retry_after(err))
    if status is not None and (status >= 500 or status in (408, 409)):
        return _Transient(f"server error {status}: {message}", _retry_after(err))
    if status in (401, 403):
        return BackendError(f"the server refused the API key ({status}): {message}")
    if status == 404:
        return BackendError(f"not found (404) - check --model and --base-url: {message}")
    if status == 400 and mode == STRICT and _SCHEMA_REJECTED.search(message):
        return _SchemaUnsupported(message)
    if status == 400 and _TOO_LONG.search(message):
        return RetrySmaller(f"the excerpt is over the model's context window: {message}")
    return ChunkFailed(f"request rejected ({status}): {message}")


def _error_message(err: Exception) -> str:
    body = getattr(err, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])
        if isinstance(body.get("message"), str):
            return body["message"]
    return str(getattr(err, "message", None) or err)


def _retry_after(err: Exception) -> float | None:
    """Seconds from ``Retry-After-Ms`` or ``Retry-After``, if the server sent one."""
    response = getattr(err, "response", None)
    headers = getattr(response, "headers", None) or {}
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is not None:
            try:
                return float(value) * scale
            except ValueError:
                continue  # an HTTP date: fall back to our own backoff
    return None


def _describe(err: Exception) -> str:
    return f"{type(err).__name__.lstrip('_')}: {err}"[:500]
