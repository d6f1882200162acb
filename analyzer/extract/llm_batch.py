"""The OpenAI Batch API: the same chunk requests as a JSONL file, and their answers back.

A batch line's body is exactly what ``chat.completions.parse`` sends for a
live request (same prompt, same strict schema), so an answer collected from a
batch goes into the same cache under the same key, and the analysis that
follows is an ordinary cache-only run of the openai backend.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from analyzer.errors import BackendError
from analyzer.extract.llm_client import STRICT, Answer, RetrySmaller, request_params, validate_content
from analyzer.extract.llm_prompt import chat_messages
from analyzer.schemas import ChunkFindings

if TYPE_CHECKING:
    from analyzer.extract.openai_backend import OpenAIBackend, Planned

ENDPOINT = "/v1/chat/completions"
FINISHED = ("completed", "expired", "cancelled", "failed")  # no more answers will come


@dataclass(frozen=True)
class BatchResult:
    """One line of a batch's output: an answer, or why there is none."""

    custom_id: str
    answer: Answer | None = None
    error: str | None = None


def batch_line(backend: OpenAIBackend, planned: Planned, custom_id: str) -> dict:
    """One JSONL line of a Batch API input file for one chunk."""
    from openai.lib._parsing import type_to_response_format_param  # what parse() itself sends

    request = planned.request
    messages = chat_messages(backend.prompt, request.text, request.first_turn, request.last_turn)
    body = request_params(backend.options, messages, STRICT)
    body["response_format"] = type_to_response_format_param(ChunkFindings)
    return {"custom_id": custom_id, "method": "POST", "url": ENDPOINT, "body": body}


def submit(backend: OpenAIBackend, lines: list[dict], *, metadata: dict[str, str]) -> Any:
    """Upload the JSONL file and create the batch; the SDK's ``Batch`` object."""
    payload = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode("utf-8")
    client = _client(backend)
    with _sdk_errors("submitting the batch"):
        uploaded = client.files.create(file=("analyzer-batch.jsonl", payload, "application/jsonl"), purpose="batch")
        return client.batches.create(input_file_id=uploaded.id, endpoint=ENDPOINT, completion_window="24h",
                                     metadata=metadata)


def retrieve(backend: OpenAIBackend, batch_id: str) -> Any:
    """The batch's current state (the SDK's ``Batch``)."""
    with _sdk_errors(f"checking batch {batch_id}"):
        return _client(backend).batches.retrieve(batch_id)


def download(backend: OpenAIBackend, file_id: str) -> str:
    """A batch output or error file's text."""
    with _sdk_errors(f"downloading {file_id}"):
        return _client(backend).files.content(file_id).text


def read_results(text: str) -> Iterator[BatchResult]:
    """The results in an output (or error) file, validated like live answers."""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            custom_id = item["custom_id"]
        except (ValueError, KeyError, TypeError):
            yield BatchResult(f"?line {number}", error="unreadable output line")
            continue
        yield _result(custom_id, item)


def _result(custom_id: str, item: dict) -> BatchResult:
    response = item.get("response") or {}
    body = response.get("body") or {}
    if item.get("error") or response.get("status_code") != 200:
        message = (item.get("error") or body.get("error") or {}).get("message", "no answer")
        return BatchResult(custom_id, error=f"status {response.get('status_code')}: {message}")
    try:
        choice = body["choices"][0]
        if choice.get("finish_reason") != "stop":
            raise RetrySmaller(f"finish_reason {choice.get('finish_reason')}")
        if choice["message"].get("refusal"):
            raise RetrySmaller("the model refused")
        content = validate_content(choice["message"].get("content"))
    except (KeyError, IndexError, TypeError, RetrySmaller) as err:
        return BatchResult(custom_id, error=f"unusable answer: {err}")
    usage = body.get("usage") or {}
    cached = (usage.get("prompt_tokens_details") or {}).get("cached_tokens") or 0
    return BatchResult(custom_id, Answer(content, usage.get("prompt_tokens", 0), usage.get("completion_tokens", 0),
                                         cached))


def _client(backend: OpenAIBackend) -> Any:
    client = getattr(backend.sender, "client", None)
    if client is None:
        raise BackendError("the Batch API needs a server: it cannot run in replay mode")
    return client


@contextmanager
def _sdk_errors(doing: str) -> Iterator[None]:
    """Turn the SDK's errors into one-line :class:`BackendError` messages."""
    import openai

    try:
        yield
    except openai.APIError as err:
        status = getattr(err, "status_code", None)
        raise BackendError(f"{doing}: {f'{status} ' if status else ''}{err.message}") from err
