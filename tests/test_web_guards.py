"""Other sites cannot write through the user's browser (Origin check) or read via DNS rebinding (Host check)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from analyzer import store
from analyzer.web import create_app

SSO = (Path(__file__).resolve().parent.parent / "fixtures" / "sso-pilot.txt").read_bytes()
FILES = [("files", ("sso.txt", SSO, "text/plain"))]


def test_cross_site_posts_are_refused_and_store_nothing(tmp_path: Path) -> None:
    client = TestClient(create_app(tmp_path / "g.db"))
    for path in ("/api/calls", "/upload"):
        for origin in ("http://evil.example", "null", "http://testserver.evil.example"):
            response = client.post(path, files=FILES, headers={"origin": origin})
            assert response.status_code == 403
            assert response.json()["error"].startswith("cross-site request refused")
    assert store.list_calls(store.open_db(tmp_path / "g.db")) == []


def test_same_origin_and_originless_posts_pass(tmp_path: Path) -> None:
    client = TestClient(create_app(tmp_path / "g.db"))
    assert client.post("/api/calls", files=FILES, headers={"origin": "http://testserver"}).status_code == 200
    assert client.post("/api/calls", files=FILES).status_code == 200  # curl and scripts send no Origin


def test_loopback_server_refuses_other_host_names(tmp_path: Path) -> None:
    app = create_app(tmp_path / "g.db", allowed_hosts=["127.0.0.1", "localhost", "[::1]"])
    for base in ("http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000"):
        assert TestClient(app, base_url=base).get("/api/calls").status_code == 200
    assert TestClient(app, base_url="http://rebound.evil.example:8000").get("/api/calls").status_code == 400
