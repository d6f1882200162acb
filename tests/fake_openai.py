"""A fake OpenAI server on 127.0.0.1 for tests: real HTTP, scripted answers, no network.

It speaks the parts of the protocol the analyzer uses (chat completions with
``response_format``, file upload and download, batches), checks what the
client sends (auth header, model, a strict JSON schema, the Batch API's JSONL
layout), records every request, and answers from a per-test script:

    with FakeOpenAI() as server:
        server.script(ok(mention("ask", 3, "We need Okta")), rate_limited(0.1), ...)
        server.default = echo({"Okta": ("ask", "sso")})

Scripted replies are used in order; after them ``default`` answers (it gets
the request). Problems with what the client sent are collected in
``server.violations`` (and answered with a 400), so a test can assert none.

A concurrency test calls ``server.hold_until(3)``: replies wait until three
requests are open at once, so ``max_in_flight`` shows the client's limit
however slowly a loaded machine sends them (see ``hold_until``).
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

API_KEY = "sk-test-fake"
MODEL = "gpt-4o-mini"
_LINE = re.compile(r"^\[(\d+)\] ([^:]+): (.*)$")
_SPEAKER = re.compile(r"([^,]+?) \(([\w/]+)\)(?:, |$)")


@dataclass
class Recorded:
    """One request the client made."""

    method: str
    path: str
    headers: dict[str, str]
    body: object  # parsed JSON, or raw bytes for uploads

    @property
    def excerpt(self) -> list[tuple[int, str, str, str]]:
        """For a chat request: the transcript lines sent, as (turn, speaker, side, text)."""
        return excerpt_of(self.body)

    @property
    def mode(self) -> str | None:
        fmt = self.body.get("response_format") if isinstance(self.body, dict) else None
        return fmt.get("type") if isinstance(fmt, dict) else None


def excerpt_of(body: object) -> list[tuple[int, str, str, str]]:
    """The turns between the transcript tags of a chat request, as (turn, speaker, side, text).

    The excerpt starts with ``Speakers: Dana (seller), Lee (customer)``, then one
    ``[n] speaker: text`` line per turn.
    """
    if not isinstance(body, dict):
        return []
    user = next((m["content"] for m in body.get("messages", []) if m.get("role") == "user"), "")
    legend, _, rest = user.split("<transcript>\n", 1)[-1].rsplit("\n</transcript>", 1)[0].partition("\n")
    sides = dict(_SPEAKER.findall(legend.removeprefix("Speakers: ")))
    lines = [_LINE.match(line) for line in rest.split("\n")]
    return [(int(m[1]), m[2], sides.get(m[2], "unknown"), m[3]) for m in lines if m]


@dataclass
class Reply:
    """A scripted answer: status, JSON body (or raw bytes), headers, and a delay before it."""

    status: int = 200
    body: object = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


# ---- building replies ---------------------------------------------------------------------------

def mention(kind: str, turn: int, quote: str, category: str | None = None, *, due: str | None = None,
            commitment_kind: str | None = None, minimizer: str | None = None) -> dict:
    """One mention in the shape of ``analyzer.schemas.ExtractedMention``."""
    if kind == "commitment" and commitment_kind is None:
        commitment_kind = "explicit"
    return {"kind": kind, "turn": turn, "quote": quote, "category": category, "commitment_kind": commitment_kind,
            "due": due, "minimizer": minimizer}


def completion(content: str | None, *, finish_reason: str = "stop", refusal: str | None = None,
               prompt_tokens: int = 1000, completion_tokens: int = 50, model: str = MODEL) -> dict:
    """A chat completion body."""
    return {
        "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()), "model": model,
        "choices": [{"index": 0, "finish_reason": finish_reason, "logprobs": None,
                     "message": {"role": "assistant", "content": content, "refusal": refusal}}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens,
                  "prompt_tokens_details": {"cached_tokens": 0}},
    }


def ok(*mentions: dict, **usage: int) -> Reply:
    """A good structured output."""
    return Reply(body=completion(json.dumps({"mentions": list(mentions)}), **usage))


def rate_limited(retry_after: float = 0.1) -> Reply:
    return Reply(429, {"error": {"message": "Rate limit reached for requests", "type": "requests",
                                 "code": "rate_limit_exceeded"}}, {"Retry-After": str(retry_after)})


def server_error() -> Reply:
    return Reply(500, {"error": {"message": "The server had an error while processing your request.",
                                 "type": "server_error"}})


def hang(seconds: float) -> Reply:
    """No answer for ``seconds`` (past the client's timeout), then an empty one nobody reads."""
    return Reply(body=completion(json.dumps({"mentions": []})), delay=seconds)


def cut_off() -> Reply:
    """The output token limit hit mid-answer."""
    return Reply(body=completion('{"mentions": [{"kind": "ask", "turn": 1, "quote": "We ne',
                                 finish_reason="length", completion_tokens=4096))


def refusal() -> Reply:
    return Reply(body=completion(None, refusal="I'm sorry, I can't help with that."))


def broken_json() -> Reply:
    return Reply(body=completion('{"mentions": [{"kind": "ask", "turn": 1,, "quote": }'))


def schema_rejected() -> Reply:
    """What a server without structured outputs answers to ``json_schema``."""
    return Reply(400, {"error": {"message": "response_format type 'json_schema' is not supported",
                                 "type": "invalid_request_error", "param": "response_format"}})


def echo(rules: dict[str, tuple]) -> Callable[[Recorded], Reply]:
    """A default answer built from the excerpt: each rule ``phrase -> (kind, category[, due])``
    yields a mention quoting ``phrase`` on every line that contains it."""
    def answer(request: Recorded) -> Reply:
        found = []
        for turn, _speaker, _side, text in request.excerpt:
            for phrase, (kind, category, *due) in rules.items():
                if phrase in text:
                    found.append(mention(kind, turn, phrase, category, due=due[0] if due else None))
        return ok(*found)
    return answer


def nothing(_request: Recorded) -> Reply:
    return ok()


# ---- what the client must send ------------------------------------------------------------------

def strict_schema_problems(schema: dict, path: str = "$") -> list[str]:
    """Where ``schema`` breaks OpenAI's strict-mode rules (closed objects, every property required)."""
    problems: list[str] = []
    if schema.get("type") == "object" or "properties" in schema:
        props = schema.get("properties", {})
        if schema.get("additionalProperties") is not False:
            problems.append(f"{path}: additionalProperties must be false")
        if sorted(schema.get("required", [])) != sorted(props):
            problems.append(f"{path}: every property must be required")
        for name, sub in props.items():
            if "description" not in sub and "$ref" not in sub:
                problems.append(f"{path}.{name}: no description")
    for key in ("properties", "$defs"):
        for name, sub in schema.get(key, {}).items():
            problems += strict_schema_problems(sub, f"{path}.{name}")
    for key in ("items", "anyOf"):
        subs = schema.get(key)
        for sub in subs if isinstance(subs, list) else [subs] if isinstance(subs, dict) else []:
            problems += strict_schema_problems(sub, f"{path}[{key}]")
    return problems


def chat_problems(body: object, model: str) -> list[str]:
    """What is wrong with a chat-completion request body."""
    if not isinstance(body, dict):
        return ["body is not a JSON object"]
    problems = [] if body.get("model") == model else [f"model {body.get('model')!r}, expected {model!r}"]
    messages = body.get("messages")
    if not (isinstance(messages, list) and [m.get("role") for m in messages] == ["system", "user"]
            and all(isinstance(m.get("content"), str) for m in messages)):
        return [*problems, "messages must be one system and one user message with text"]
    if "<transcript>" not in messages[1]["content"]:
        problems.append("the transcript is not delimited")
    fmt = body.get("response_format") or {}
    if fmt.get("type") == "json_schema":
        spec = fmt.get("json_schema", {})
        if spec.get("strict") is not True or not spec.get("name"):
            problems.append("json_schema must be named and strict")
        problems += strict_schema_problems(spec.get("schema", {}))
    elif fmt.get("type") == "json_object":
        if "json" not in messages[0]["content"].lower():
            problems.append("JSON mode needs the word JSON in the messages")
    else:
        problems.append(f"unexpected response_format {fmt!r}")
    return problems


class FakeOpenAI:
    """The server; use as a context manager. ``base_url`` points the openai client at it."""

    def __init__(self, *, model: str = MODEL, api_key: str = API_KEY, rejects_json_schema: bool = False):
        self.model = model
        self.api_key = api_key
        self.rejects_json_schema = rejects_json_schema
        self.requests: list[Recorded] = []
        self.violations: list[str] = []
        self.default: Callable[[Recorded], Reply] = nothing
        self.files: dict[str, dict] = {}
        self.batches: dict[str, dict] = {}
        self._script: list[Reply] = []
        self._in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self._gathered = threading.Condition(self._lock)
        self._hold = 0
        self._hold_timeout = 0.0
        self._ids = itertools.count(1)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        # A short poll interval: shutdown() waits for the loop to notice, once per server.
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def hold_until(self, requests: int, timeout: float = 15.0) -> None:
        """Hold every reply until ``requests`` are open at once, then answer them all (and later ones at once).

        A concurrency test then does not depend on replies being slow enough to
        overlap. If they never all arrive (a client that sends fewer at a time),
        replies go out after ``timeout`` seconds and holding stops, so the test
        fails on ``max_in_flight`` instead of hanging.
        """
        with self._lock:
            self._hold, self._hold_timeout = requests, timeout

    @contextmanager
    def in_flight(self) -> Iterator[None]:
        """Count requests being answered at once (``max_in_flight`` is the most there were)."""
        with self._gathered:
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
            self._gathered.notify_all()
            if self._hold and not self._gathered.wait_for(lambda: self.max_in_flight >= self._hold,
                                                          self._hold_timeout):
                self._hold = 0  # gave up waiting: answer this and every later request at once
                self._gathered.notify_all()
        try:
            yield
        finally:
            with self._lock:
                self._in_flight -= 1

    def script(self, *replies: Reply) -> None:
        """Answer the next chat requests with ``replies``, in order."""
        with self._lock:
            self._script.extend(replies)

    @property
    def chat_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def next_reply(self, request: Recorded) -> Reply:
        with self._lock:
            if self._script:
                return self._script.pop(0)
        return self.default(request)

    def new_id(self, prefix: str) -> str:
        return f"{prefix}-{next(self._ids)}"

    # -- routes --

    def route(self, method: str, path: str, headers: dict[str, str], raw: bytes) -> Reply:
        """The reply to one HTTP request (401 without the right key, like the real API)."""
        auth = headers.get("authorization")
        if auth != f"Bearer {self.api_key}":
            return Reply(401, {"error": {"message": "Incorrect API key provided.", "type": "invalid_request_error",
                                         "code": "invalid_api_key"}})
        if method == "POST" and path == "/v1/chat/completions":
            return self._chat(headers, raw)
        if method == "POST" and path == "/v1/files":
            return self._upload(headers, raw)
        if method == "GET" and (m := re.fullmatch(r"/v1/files/([\w-]+)/content", path)):
            found = self.files.get(m[1])
            return Reply(200, found["content"]) if found else _not_found(path)
        if method == "POST" and path == "/v1/batches":
            return self._create_batch(raw)
        if method == "GET" and (m := re.fullmatch(r"/v1/batches/([\w-]+)", path)):
            return Reply(200, self.batches[m[1]]) if m[1] in self.batches else _not_found(path)
        return _not_found(path)

    def _chat(self, headers: dict[str, str], raw: bytes) -> Reply:
        body = json.loads(raw or b"null")
        request = Recorded("POST", "/v1/chat/completions", headers, body)
        self.requests.append(request)
        problems = chat_problems(body, self.model)
        if not headers.get("content-type", "").startswith("application/json"):
            problems.append("content-type is not application/json")
        if problems:
            self.violations += problems
            return Reply(400, {"error": {"message": "fake server: " + "; ".join(problems)}})
        if self.rejects_json_schema and request.mode == "json_schema":
            return schema_rejected()
        return self.next_reply(request)

    def _upload(self, headers: dict[str, str], raw: bytes) -> Reply:
        parts = _multipart(headers.get("content-type", ""), raw)
        self.requests.append(Recorded("POST", "/v1/files", headers, parts))
        content = parts.get("file", b"")
        if parts.get("purpose") != b"batch":
            self.violations.append(f"file purpose {parts.get('purpose')!r}, expected b'batch'")
        self.violations += self._jsonl_problems(content)
        file_id = self.new_id("file")
        self.files[file_id] = {"content": content, "object": {
            "id": file_id, "object": "file", "bytes": len(content), "created_at": int(time.time()),
            "filename": "batch.jsonl", "purpose": "batch", "status": "processed"}}
        return Reply(200, self.files[file_id]["object"])

    def _jsonl_problems(self, content: bytes) -> list[str]:
        problems: list[str] = []
        ids = []
        for n, line in enumerate(content.decode().splitlines(), 1):
            item = json.loads(line)
            ids.append(item.get("custom_id"))
            if item.get("method") != "POST" or item.get("url") != "/v1/chat/completions":
                problems.append(f"line {n}: method/url")
            problems += [f"line {n}: {p}" for p in chat_problems(item.get("body"), self.model)]
        if len(set(ids)) != len(ids) or None in ids:
            problems.append("custom_id values must be present and unique")
        return problems

    def _create_batch(self, raw: bytes) -> Reply:
        body = json.loads(raw)
        self.requests.append(Recorded("POST", "/v1/batches", {}, body))
        if body.get("input_file_id") not in self.files or body.get("endpoint") != "/v1/chat/completions" \
                or body.get("completion_window") != "24h":
            self.violations.append(f"bad batch request {body!r}")
            return Reply(400, {"error": {"message": "bad batch request"}})
        batch_id = self.new_id("batch")
        self.batches[batch_id] = {
            "id": batch_id, "object": "batch", "endpoint": body["endpoint"], "errors": None,
            "input_file_id": body["input_file_id"], "completion_window": "24h", "status": "in_progress",
            "output_file_id": None, "error_file_id": None, "created_at": int(time.time()),
            "request_counts": {"total": 0, "completed": 0, "failed": 0}, "metadata": body.get("metadata")}
        return Reply(200, self.batches[batch_id])

    def finish_batches(self) -> None:
        """Run every pending batch through the script and mark it completed."""
        for batch in self.batches.values():
            if batch["status"] != "in_progress":
                continue
            lines = self.files[batch["input_file_id"]]["content"].decode().splitlines()
            out = [self._batch_line(json.loads(line)) for line in lines]
            file_id = self.new_id("file")
            content = "".join(json.dumps(o) + "\n" for o in out).encode()
            self.files[file_id] = {"content": content, "object": {"id": file_id, "object": "file"}}
            failed = sum(1 for o in out if o["response"]["status_code"] != 200)
            batch.update(status="completed", output_file_id=file_id,
                         request_counts={"total": len(out), "completed": len(out) - failed, "failed": failed})

    def _batch_line(self, item: dict) -> dict:
        reply = self.next_reply(Recorded("POST", "/v1/chat/completions", {}, item["body"]))
        return {"id": self.new_id("batch_req"), "custom_id": item["custom_id"], "error": None,
                "response": {"status_code": reply.status, "request_id": self.new_id("req"), "body": reply.body}}


def _not_found(path: str) -> Reply:
    return Reply(404, {"error": {"message": f"Unknown request URL: {path}", "type": "invalid_request_error"}})


def _multipart(content_type: str, raw: bytes) -> dict[str, bytes]:
    """Form fields of a multipart body, by name."""
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + raw)
    return {part.get_param("name", header="content-disposition"): part.get_payload(decode=True)
            for part in message.iter_parts()}


def _handler_for(server: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

        def _serve(self, method: str) -> None:
            raw = self.rfile.read(int(self.headers.get("content-length") or 0))
            headers = {k.lower(): v for k, v in self.headers.items()}
            with server.in_flight():
                reply = server.route(method, self.path.split("?")[0], headers, raw)
                if reply.delay:
                    time.sleep(reply.delay)
            data = reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
            try:
                self.send_response(reply.status)
                kind = "application/octet-stream" if isinstance(reply.body, bytes) else "application/json"
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout tests)

        def do_POST(self) -> None:
            self._serve("POST")

        def do_GET(self) -> None:
            self._serve("GET")

    return Handler
