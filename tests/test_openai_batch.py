"""``analyzer batch submit|status|collect`` against the fake server, and replay mode from fixtures/."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from test_openai import CALL, RULES
from typer.testing import CliRunner

from analyzer.cli import app

from fake_openai import API_KEY, FakeOpenAI, cut_off, echo

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def server(monkeypatch):
    with FakeOpenAI() as fake:
        fake.default = echo(RULES)
        monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
        monkeypatch.setenv("OPENAI_BASE_URL", fake.base_url)
        yield fake


@pytest.fixture
def calls(tmp_path) -> list[Path]:
    paths = [tmp_path / "a.txt", tmp_path / "b.txt"]
    paths[0].write_text(CALL, encoding="utf-8")
    paths[1].write_text(CALL.replace("Great, thanks.", "Great, talk soon."), encoding="utf-8")
    return paths


def cli(*args: str):
    return CliRunner().invoke(app, list(args))


def rows(db: Path, sql: str) -> list[dict]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql)]


def uploaded_lines(server: FakeOpenAI) -> list[dict]:
    (upload,) = [f["content"] for f in server.files.values() if f["object"].get("purpose") == "batch"]
    return [json.loads(line) for line in upload.decode().splitlines()]


def test_submit_status_collect_stores_the_calls_at_the_batch_price(server, calls, tmp_path):
    db = str(tmp_path / "b.db")
    submitted = cli("batch", "submit", *map(str, calls), "--seller", "Dana", "--db", db)
    assert submitted.exit_code == 0, submitted.stderr
    batch_id = submitted.stdout.strip()
    assert "submitted 2 requests for 2 calls" in submitted.stderr
    lines = uploaded_lines(server)
    assert server.violations == []  # JSONL layout, strict schema, model, delimited transcript
    assert all(line["custom_id"].endswith("-0") for line in lines) and len(lines) == 2
    assert "in_progress" in cli("batch", "status", "--db", db).stdout

    early = cli("batch", "collect", "--db", db)
    assert early.exit_code == 1 and "not finished yet" in early.stderr
    assert rows(db, "SELECT count(*) AS n FROM calls") == [{"n": 0}]

    server.finish_batches()
    collected = cli("batch", "collect", "--db", db, "--format", "json")
    assert collected.exit_code == 0, collected.stderr
    out = [json.loads(line) for line in collected.stdout.splitlines()]
    assert [len(c["commitments"]) for c in out] == [2, 2]
    assert f"batch {batch_id} (completed, Batch API price): 2 LLM requests" in collected.stderr
    logged = rows(db, "SELECT * FROM llm_requests WHERE mode = 'batch'")
    assert [r["batch_id"] for r in logged] == [batch_id, batch_id]
    assert logged[0]["cost_usd"] == pytest.approx((1000 * 0.15e-6 + 50 * 0.60e-6) / 2)
    assert len(server.chat_requests) == 0  # nothing was sent live
    again = cli("batch", "collect", "--db", db)  # collected once only: nothing to redo, and it says so
    assert (again.exit_code, again.stdout) == (0, "")
    assert "nothing to collect: every recorded batch is collected already" in again.stderr
    assert len(rows(db, "SELECT * FROM llm_requests WHERE mode = 'batch'")) == 2


def test_cached_chunks_are_not_resubmitted(server, calls, tmp_path):
    db = str(tmp_path / "b.db")
    live = cli("analyze", str(calls[0]), "--backend", "openai", "--seller", "Dana", "--db", db)
    assert live.exit_code == 0
    submitted = cli("batch", "submit", *map(str, calls), "--seller", "Dana", "--db", db)
    assert "submitted 1 requests for 2 calls" in submitted.stderr
    (line,) = uploaded_lines(server)
    assert "talk soon" in line["body"]["messages"][1]["content"]
    server.finish_batches()
    assert cli("batch", "collect", "--db", db).exit_code == 0
    assert rows(db, "SELECT count(*) AS n FROM calls WHERE partial = 0") == [{"n": 2}]
    nothing = cli("batch", "submit", *map(str, calls), "--seller", "Dana", "--db", db)
    assert nothing.exit_code == 0 and "nothing to submit" in nothing.stderr


def test_a_batch_answer_that_is_unusable_leaves_its_call_partial(server, calls, tmp_path):
    db = str(tmp_path / "b.db")
    assert cli("batch", "submit", str(calls[0]), "--seller", "Dana", "--db", db).exit_code == 0
    server.script(cut_off())
    server.finish_batches()
    collected = cli("batch", "collect", "--db", db)
    assert collected.exit_code == 1
    assert "partial analysis: turns 0-5 were not analyzed" in collected.stderr
    (row,) = rows(db, "SELECT partial, failed_turns FROM calls")
    assert row == {"partial": 1, "failed_turns": "[[0, 5]]"}
    (logged,) = rows(db, "SELECT error FROM llm_requests WHERE mode = 'batch'")
    assert "finish_reason length" in logged["error"]


def test_submit_refuses_stdin(server):
    result = cli("batch", "submit", "-")
    assert result.exit_code == 2 and "cannot take stdin" in result.stderr


# ---- replay ------------------------------------------------------------------------------------------

@pytest.fixture
def offline(monkeypatch):
    """No key, no server: whatever answers must come from recordings."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "ANALYZER_PRICES"):
        monkeypatch.delenv(name, raising=False)


def test_replay_answers_from_recordings_without_network_or_key(offline, tmp_path):
    result = cli("analyze", str(ROOT / "fixtures" / "sso-pilot.txt"), "--backend", "openai", "--replay",
                 str(ROOT / "fixtures" / "replay"), "--db", str(tmp_path / "r.db"), "--format", "json")
    assert result.exit_code == 0, result.stderr + "\nstale recordings? run: python fixtures/replay/regenerate.py"
    (call,) = [json.loads(result.stdout)]
    promises = {c["quote"]: c["due"] for c in call["commitments"]}
    assert promises["We can have SSO live for the pilot by next Friday"] == "by next Friday"
    assert {h["category"] for h in call["hidden_work"]} == {"sso", "roles_permissions", "audit_logs",
                                                          "compliance_security"}
    assert any(r["rule"] == "dated_promise" for r in call["risks"])


def test_replay_without_a_recording_names_the_folder_and_marks_the_call_partial(offline, tmp_path, calls,
                                                                                run_cli):
    empty = tmp_path / "recordings"
    empty.mkdir()
    # The real command: the warning naming the folder goes to stderr through logging, as a user sees it.
    result = run_cli("analyze", str(calls[0]), "--backend", "openai", "--replay", str(empty),
                     "--db", str(tmp_path / "r.db"))
    assert result.code == 1
    assert f"turns 0-5 not analyzed: no recorded answer for turns 0-5 in {empty} " in result.stderr
    assert "partial analysis: turns 0-5 were not analyzed" in result.stderr


def test_a_live_run_can_record_what_replay_then_answers(server, calls, tmp_path):
    from analyzer import parsing, pipeline
    from analyzer.extract.openai_backend import OpenAIBackend

    settings = pipeline.Settings(backend="openai", sellers=("Dana",))
    transcript = parsing.load(calls[0])
    live = OpenAIBackend(base_url=server.base_url, record=str(tmp_path / "rec"))
    recorded = pipeline.analyze_transcript(transcript, settings, live)
    replayed = pipeline.analyze_transcript(transcript, settings,
                                           OpenAIBackend(base_url=server.base_url, replay=str(tmp_path / "rec")))
    assert replayed.to_contract() == recorded.to_contract() and len(server.chat_requests) == 1
