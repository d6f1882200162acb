"""Batch analysis: a folder at once, killed mid-way, resumed; dates and accounts per call.

These run the real command (``python -m analyzer``) in a subprocess: a kill -9
or Ctrl-C has to meet the real worker pool and the real SQLite file.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analyzer import parsing

ROOT = Path(__file__).resolve().parent.parent
WEEK = ROOT / "fixtures" / "week"
sys.path.insert(0, str(ROOT / "benchmarks"))

from synth import generate_week  # noqa: E402  (the benchmark's generator: realistic, varied calls)

CALLS = 40


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory):
    """A folder of calls long enough that a kill lands mid-batch (a few seconds of work).

    The interrupt comes as soon as the first call is stored, with 39 still to go,
    so even a slow, loaded machine cannot finish the batch first.
    """
    folder = tmp_path_factory.mktemp("batch") / "calls"
    generate_week(folder, calls=CALLS, words=2500, seed=5)
    return folder


def _env() -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("ANALYZER_DB", None)
    return env


def _start(folder: Path, db: Path, stderr: Path) -> subprocess.Popen:
    # A session of its own, so a signal reaches the CLI and its workers, as a terminal's would.
    # stderr goes to a file: a pipe nobody reads until the end could fill and stall the batch.
    with stderr.open("wb") as err:
        return subprocess.Popen([sys.executable, "-m", "analyzer", "analyze", str(folder), "--db", str(db),
                                 "--format", "json", "--jobs", "2"], stdout=subprocess.DEVNULL,
                                stderr=err, env=_env(), start_new_session=True)


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM calls").fetchone()[0]
    except sqlite3.OperationalError:  # not created or not migrated yet
        return 0


def _interrupt_after(proc: subprocess.Popen, db: Path, sig: signal.Signals, stderr: Path, *,
                     stored: int = 1) -> int:
    """Send ``sig`` to the batch once ``stored`` calls are in the database; the count at that moment."""
    deadline = time.monotonic() + 90
    while _stored(db) < stored:
        if proc.poll() is not None:
            pytest.fail(f"the batch ended before it could be interrupted: {stderr.read_text()[-2000:]}")
        assert time.monotonic() < deadline, "the batch stored nothing in time"
        time.sleep(0.01)
    os.killpg(proc.pid, sig)
    proc.wait(timeout=60)
    return _stored(db)


def _assert_whole(db: Path, folder: Path) -> dict[str, str]:
    """Integrity: SQLite says ok, and every stored call has all its turns and nothing dangles."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        calls = dict(conn.execute("SELECT call_id, source FROM calls").fetchall())
        for table in ("turns", "commitments", "hidden_work", "risks", "questions"):
            orphans = conn.execute(f"SELECT count(*) FROM {table} WHERE call_id NOT IN (SELECT call_id FROM calls)")
            assert orphans.fetchone()[0] == 0, f"{table} rows of a call that was not stored"
        for call_id, source in calls.items():
            idx = [r[0] for r in conn.execute("SELECT idx FROM turns WHERE call_id = ? ORDER BY idx", [call_id])]
            assert idx == list(range(len(parsing.load(Path(source)).turns))), f"{source} is missing turns"
    return calls


def _rerun(folder: Path, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analyzer", "analyze", str(folder), "--db", str(db), "--format",
                           "json", "--jobs", "2"], capture_output=True, text=True, env=_env(), timeout=120)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_an_interrupted_batch_leaves_whole_calls_and_a_rerun_finishes(batch_dir, tmp_path, sig):
    db, stderr = tmp_path / "week.db", tmp_path / "stderr.txt"
    proc = _start(batch_dir, db, stderr)
    stored = _interrupt_after(proc, db, sig, stderr)
    assert 0 < stored < CALLS, "interrupted mid-batch"
    if sig is signal.SIGINT:
        assert proc.returncode == 130
        assert "interrupted" in stderr.read_text()
    before = _assert_whole(db, batch_dir)
    assert len(before) == stored

    rerun = _rerun(batch_dir, db)
    assert rerun.returncode == 0, rerun.stderr
    assert len(rerun.stdout.splitlines()) == CALLS
    assert f"{CALLS} inputs: {CALLS - stored} analyzed, {stored} already stored (skipped), 0 failed" in rerun.stderr
    after = _assert_whole(db, batch_dir)
    assert len(after) == CALLS and set(before) <= set(after)


def test_a_failed_input_fails_the_batch_with_its_reason_in_the_summary(run_cli, tmp_path):
    folder = tmp_path / "calls"
    folder.mkdir()
    for name in ("2026-11-16-northwind-pilot-scoping.txt", "globex-commercials.md"):
        (folder / name).write_bytes((WEEK / name).read_bytes())
    (folder / "empty.txt").write_text("   \n")
    result = run_cli("analyze", str(folder), "--db", str(tmp_path / "w.db"), "--format", "json")
    assert result.code == 1
    assert len(result.calls) == 2  # the others are analyzed and stored all the same
    summary = result.stderr[result.stderr.index("3 inputs"):]
    assert "3 inputs: 2 analyzed, 0 already stored (skipped), 1 failed" in summary
    assert "empty.txt: empty file" in summary and "risks:" in summary
    assert "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def fixture_week_calls(tmp_path_factory) -> list[dict]:
    db = tmp_path_factory.mktemp("week") / "week.db"
    proc = subprocess.run([sys.executable, "-m", "analyzer", "analyze", str(WEEK), "--db", str(db), "--format",
                           "json"], capture_output=True, text=True, env=_env(), timeout=120)
    assert proc.returncode == 0, proc.stderr
    rows = sqlite3.connect(db).execute("SELECT source, started_at, account FROM calls").fetchall()
    return [{"name": Path(s).name, "started_at": d, "account": a} for s, d, a in rows]


def test_every_fixture_call_gets_a_date_from_its_header_or_file_name(fixture_week_calls):
    dates = {c["name"]: c["started_at"] for c in fixture_week_calls}
    assert dates["2026-11-18-umbrella-freight-discovery.vtt"] == "2026-11-18"  # file name: VTT has no date
    assert dates["2026-11-19-umbrella-freight-demo.srt"] == "2026-11-19"
    assert dates["2026-11-20-northwind-exec-sync.txt"] == "2026-11-20"  # header without a date line
    assert dates["northwind-security-review.md"] == "2026-11-19"  # **Date:** November 19, 2026
    assert dates["initech-discovery.json"].startswith("2026-11-18")  # Gong metaData.started
    assert all(dates.values())


def test_every_fixture_call_with_account_metadata_is_stored_under_it(fixture_week_calls):
    accounts = {c["name"]: c["account"] for c in fixture_week_calls}
    assert accounts["initech-discovery.json"] == "Initech Health"  # Gong: Salesforce Account object
    assert accounts["globex-data-migration.json"] == "Globex Foods"
    assert accounts["2026-11-20-northwind-exec-sync.txt"] == "Northwind Logistics"
    assert {a for a in accounts.values() if a} == {"Northwind Logistics", "Globex Foods", "Initech Health"}


def test_account_and_date_options_apply_and_a_rerun_with_them_skips(run_cli, tmp_path):
    # Two calls, so the command prints its batch summary of what it analyzed and what it skipped.
    srt, vtt = WEEK / "2026-11-19-umbrella-freight-demo.srt", WEEK / "2026-11-18-umbrella-freight-discovery.vtt"
    args = ("analyze", str(srt), str(vtt), "--db", str(tmp_path / "w.db"), "--format", "json",
            "--account", "Umbrella Freight", "--date", "2026-11-21")
    first = run_cli(*args)
    assert first.code == 0, first.stderr
    assert "2 inputs: 2 analyzed, 0 already stored (skipped), 0 failed" in first.stderr
    rows = sqlite3.connect(tmp_path / "w.db").execute("SELECT started_at, account FROM calls").fetchall()
    assert rows == [("2026-11-21", "Umbrella Freight")] * 2
    assert [c["started_at"] for c in first.calls] == ["2026-11-21"] * 2
    again = run_cli(*args)
    assert again.code == 0
    assert "2 inputs: 0 analyzed, 2 already stored (skipped), 0 failed" in again.stderr  # skipped, not redone
    assert sorted(c["call_id"] for c in again.calls) == sorted(c["call_id"] for c in first.calls)


def test_html_is_one_page_per_call_from_analyze_and_show(tmp_path):
    from typer.testing import CliRunner

    from analyzer.cli import app

    runner, db = CliRunner(), str(tmp_path / "w.db")
    one = runner.invoke(app, ["analyze", str(WEEK / "globex-commercials.md"), "--db", db, "--format", "html"])
    assert one.exit_code == 0 and one.stdout.startswith("<!doctype html>") and "Globex Foods" in one.stdout
    several = runner.invoke(app, ["analyze", str(WEEK), "--db", db, "--format", "html"])
    assert several.exit_code == 2 and "one page per call" in several.output
    call_id = sqlite3.connect(db).execute("SELECT call_id FROM calls").fetchone()[0]
    shown = runner.invoke(app, ["show", call_id[:6], "--db", db, "--format", "html"])
    assert shown.exit_code == 0 and shown.stdout == one.stdout
