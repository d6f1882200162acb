"""`analyzer serve --backend openai`: uploads go through the LLM backend, cached in the same database.

The model is the fake OpenAI server of tests/fake_openai.py on 127.0.0.1, reached
by base URL through the real openai client.
"""

from __future__ import annotations

import json
import os
import sqlite3

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from analyzer.cli import app
from analyzer.pipeline import Settings
from analyzer.web import create_app

from fake_openai import API_KEY, FakeOpenAI, echo

CALL = b"""\
Dana: Thanks for making the time today, everyone.
Lee: Our IT team needs everyone to log in with Okta.
Dana: We can have SSO live by next Friday.
"""
RULES = {
    "log in with Okta": ("ask", "sso"),
    "We can have SSO live by next Friday": ("commitment", "sso", "next Friday"),
}


@pytest.fixture
def server(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    monkeypatch.setenv("ANALYZER_LLM_BACKOFF", "0.05")
    with FakeOpenAI() as fake:
        fake.default = echo(RULES)
        yield fake


def upload(client: TestClient, name: str, data: bytes):
    return client.post("/api/calls", files=[("files", (name, data, "text/plain"))], data={"seller": "Dana"})


def test_uploads_are_read_by_the_model_and_a_second_upload_is_answered_from_the_cache(server, tmp_path):
    db = tmp_path / "web.db"
    settings = Settings(backend="openai", backend_options={"base_url": server.base_url})
    client = TestClient(create_app(db, settings=settings))
    first = upload(client, "pilot.txt", CALL)
    assert first.status_code == 200, first.text
    [call] = first.json()
    assert call["backend"] == "openai"
    assert [(c["quote"], c["due"]) for c in call["commitments"]] == [("We can have SSO live by next Friday",
                                                                     "next Friday")]
    sent = len(server.chat_requests)
    assert sent >= 1
    again = upload(client, "pilot-again.txt", CALL)
    assert again.status_code == 200 and again.json()[0]["commitments"] == call["commitments"]
    assert len(server.chat_requests) == sent  # the same chunks: answered from the database's cache
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM llm_cache").fetchone()[0] >= 1


def test_calls_uploaded_in_the_browser_are_skipped_by_analyze_with_the_same_options(server, tmp_path):
    db = tmp_path / "web.db"
    files = [tmp_path / "pilot.txt", tmp_path / "pilot-again.txt"]
    files[0].write_bytes(CALL)
    files[1].write_bytes(CALL.replace(b"Thanks", b"Thank you"))
    # As `analyzer serve --backend openai --base-url URL` builds them: no redact, no replay.
    settings = Settings(backend="openai", backend_options={"base_url": server.base_url})
    client = TestClient(create_app(db, settings=settings))
    uploaded = client.post("/api/calls", files=[("files", (f.name, f.read_bytes(), "text/plain")) for f in files],
                           data={"seller": "Dana"})
    assert uploaded.status_code == 200, uploaded.text
    result = CliRunner().invoke(app, ["analyze", *map(str, files), "--backend", "openai", "--base-url",
                                      server.base_url, "--seller", "Dana", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert "2 inputs: 0 analyzed, 2 already stored (skipped), 0 failed" in result.stderr
    assert [json.loads(line)["call_id"] for line in result.stdout.splitlines()] == [
        c["call_id"] for c in uploaded.json()]


def test_a_model_server_that_is_down_is_one_clear_error_and_nothing_is_stored(monkeypatch, tmp_path):
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    monkeypatch.setenv("ANALYZER_LLM_RETRIES", "0")
    db = tmp_path / "web.db"
    settings = Settings(backend="openai", backend_options={"base_url": "http://127.0.0.1:9/v1", "timeout": 2})
    client = TestClient(create_app(db, settings=settings))
    response = upload(client, "pilot.txt", CALL)
    assert response.status_code == 502
    assert response.json() == {"error": "pilot.txt: cannot reach http://127.0.0.1:9/v1: connection failed "
                                        "(Connection error.)"}
    assert client.get("/api/calls").json() == []


def test_serve_refuses_an_unknown_backend_before_starting(run_cli):
    r = run_cli("serve", "--backend", "claude", "--port", "0")
    assert r.code == 2 and "--backend" in r.stderr


def _open_connections_to(path) -> int:
    """How many file descriptors of this process point at the database file."""
    fds = os.listdir("/proc/self/fd")
    return sum(1 for fd in fds if os.path.realpath(f"/proc/self/fd/{fd}") == str(path))


def test_uploads_do_not_leave_database_connections_open(server, tmp_path):
    # `serve` runs for days: each upload's LLM cache connection must be closed after it.
    db = tmp_path / "web.db"
    settings = Settings(backend="openai", backend_options={"base_url": server.base_url})
    client = TestClient(create_app(db, settings=settings))
    assert upload(client, "first.txt", CALL).status_code == 200
    after_one = _open_connections_to(db)
    for n in range(5):
        assert upload(client, f"more-{n}.txt", CALL.replace(b"today", f"today {n}".encode())).status_code == 200
    assert _open_connections_to(db) == after_one
