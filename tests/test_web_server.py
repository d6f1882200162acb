"""The app under a real uvicorn server on 127.0.0.1: concurrent uploads, the size limit, ``analyzer serve``.

``live_server`` is also used by the browser tests (``tests/test_e2e_browser.py``).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn
from fastapi import FastAPI

from analyzer import store
from analyzer.web import create_app

ROOT = Path(__file__).resolve().parent.parent
SSO = (ROOT / "fixtures" / "sso-pilot.txt").read_text(encoding="utf-8")


@contextmanager
def live_server(app: FastAPI) -> Iterator[str]:
    """Run ``app`` with uvicorn in a thread on an ephemeral port; yield its base URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, name="uvicorn-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


def variant(n: int) -> bytes:
    """A different transcript per n (different content, so a different call id)."""
    return SSO.replace("Morning everyone", f"Morning everyone, this is call number {n}").encode()


def test_concurrent_uploads_all_land(tmp_path: Path) -> None:
    db_path = tmp_path / "busy.db"
    uploads = 6
    barrier = threading.Barrier(uploads)
    results: dict[int, httpx.Response] = {}

    def send(n: int, base: str) -> None:
        with httpx.Client(base_url=base, timeout=60) as http:
            barrier.wait()  # release every upload at the same moment
            results[n] = http.post("/api/calls", files=[("files", (f"call-{n}.txt", variant(n), "text/plain"))])

    with live_server(create_app(db_path)) as base:
        threads = [threading.Thread(target=send, args=(n, base)) for n in range(uploads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    assert sorted(results) == list(range(uploads))
    assert all(r.status_code == 200 for r in results.values()), [r.text for r in results.values()]
    ids = {r.json()[0]["call_id"] for r in results.values()}
    stored = {row["call_id"] for row in store.list_calls(store.open_db(db_path))}
    assert len(ids) == uploads and stored == ids


def test_oversized_upload_gets_a_readable_413_over_the_wire(tmp_path: Path) -> None:
    with live_server(create_app(tmp_path / "limit.db", max_upload_mb=1)) as base:
        response = httpx.post(f"{base}/api/calls", timeout=60,
                              files=[("files", ("huge.txt", b"a" * (3 * 2**20), "text/plain"))])
    assert response.status_code == 413
    assert response.json() == {"error": "huge.txt: file is larger than the 1 MB upload limit"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_analyzer_serve_starts_the_app(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "analyzer", "serve", "--port", str(port), "--db",
                             str(tmp_path / "serve.db"), "--max-upload-mb", "5"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        page = None
        deadline = time.monotonic() + 30
        while page is None and time.monotonic() < deadline and proc.poll() is None:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
            except httpx.TransportError:
                time.sleep(0.1)
        assert page is not None, proc.stderr.read().decode() if proc.poll() is not None else "no answer"
        assert page.status_code == 200 and "5 MB" in page.text
        assert (tmp_path / "serve.db").exists()
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def test_analyzer_serve_reports_a_bad_database_in_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    bad = tmp_path / "no" / "such" / "dir" / "x.db"
    proc = subprocess.run([sys.executable, "-m", "analyzer", "serve", "--db", str(bad)], cwd=tmp_path, env=env,
                          capture_output=True, timeout=60)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr.decode()
    assert "cannot use database" in proc.stderr.decode()


def test_analyzer_serve_refuses_an_in_memory_database_in_one_line(tmp_path: Path) -> None:
    # Each request opens its own connection (and the LLM cache another): an in-memory database would be a
    # new empty one every time, so uploads would vanish, and with --backend openai every upload failed.
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "analyzer", "serve", "--db", ":memory:", "--backend", "openai",
                           "--base-url", "http://127.0.0.1:9/v1", "--port", "0"], cwd=tmp_path, env=env,
                          capture_output=True, timeout=60)
    stderr = proc.stderr.decode()
    assert proc.returncode == 1 and "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1 and "give --db a file name" in stderr
