"""The JSON API with FastAPI's TestClient: upload, list, get, errors, and what is stored."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import starlette.formparsers
from fastapi.testclient import TestClient

from analyzer import store
from analyzer.pipeline import Input, Settings, analyze_inputs
from analyzer.web import create_app
from analyzer.web.uploads import display_name

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SSO = (FIXTURES / "sso-pilot.txt").read_bytes()
FIELD = (FIXTURES / "field-service-approval.txt").read_bytes()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "web.db"


@pytest.fixture
def client(db_path: Path) -> TestClient:
    return TestClient(create_app(db_path))


def upload(client: TestClient, *files: tuple[str, bytes], **fields: str):
    return client.post("/api/calls", files=[("files", (name, data, "text/plain")) for name, data in files],
                       data=fields)


def stored_ids(db_path: Path) -> list[str]:
    return [row["call_id"] for row in store.list_calls(store.open_db(db_path))]


def test_upload_answers_the_same_call_object_as_the_pipeline(client: TestClient, db_path: Path) -> None:
    response = upload(client, ("sso-pilot.txt", SSO), seller="Dana, Sam", account="Northwind")
    assert response.status_code == 200
    [call] = response.json()
    settings = Settings(sellers=("Dana", "Sam"), account="Northwind")
    [expected] = analyze_inputs([Input("sso-pilot.txt", data=SSO)], settings, db=None)
    assert call == expected.call
    assert stored_ids(db_path) == [call["call_id"]]
    # What the API reads back is what the upload answered.
    assert client.get(f"/api/calls/{call['call_id']}").json() == call
    assert client.get(f"/api/calls/{call['call_id'][:6]}").json() == call


def test_list_has_the_contract_fields_and_filters(client: TestClient) -> None:
    upload(client, ("sso-pilot.txt", SSO), account="Northwind", date="2026-11-16")
    upload(client, ("field.txt", FIELD), account="Acme")
    rows = client.get("/api/calls").json()
    assert len(rows) == 2
    for row in rows:
        assert {"call_id", "source", "started_at", "account"} <= row.keys()
    assert [r["account"] for r in client.get("/api/calls", params={"account": "north"}).json()] == ["Northwind"]
    assert [r["source"] for r in client.get("/api/calls", params={"q": "Okta"}).json()] == ["sso-pilot.txt"]
    sso = client.get("/api/calls", params={"category": "sso", "since": "2026-11-16", "until": "2026-11-16"})
    assert [r["source"] for r in sso.json()] == ["sso-pilot.txt"]


def test_several_files_are_stored_in_order(client: TestClient, db_path: Path) -> None:
    response = upload(client, ("b-field.txt", FIELD), ("a-sso.txt", SSO))
    assert response.status_code == 200
    assert [c["source"] for c in response.json()] == ["b-field.txt", "a-sso.txt"]
    assert len(stored_ids(db_path)) == 2


def test_one_bad_file_stores_nothing_and_names_the_file(client: TestClient, db_path: Path) -> None:
    response = upload(client, ("good.txt", SSO), ("notes.txt", b"\x00\x01\x02\x03binary"), ("also-good.txt", FIELD))
    assert response.status_code == 400
    error = response.json()["error"]
    assert error.startswith("notes.txt: ") and "\n" not in error
    assert stored_ids(db_path) == []


def test_bad_file_reason_is_the_clis(client: TestClient, run_cli, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    cli = run_cli("analyze", "empty.txt", "--format", "json", "--db", str(tmp_path / "cli.db"))
    response = upload(client, ("empty.txt", b""))
    assert response.status_code == 400
    assert response.json()["error"] in cli.stderr


def test_file_over_the_limit_gets_413_and_nothing_is_stored(tmp_path: Path) -> None:
    db_path = tmp_path / "small.db"
    client = TestClient(create_app(db_path, max_upload_mb=0.01))  # about 10 KB
    big = SSO * (20_000 // len(SSO) + 1)
    response = upload(client, ("small.txt", SSO), ("huge.txt", big))
    assert response.status_code == 413
    assert response.json() == {"error": "huge.txt: file is larger than the 10 KB upload limit"}
    assert stored_ids(db_path) == []


def test_uploads_never_touch_the_disk(client: TestClient, db_path: Path, monkeypatch) -> None:
    """Starlette spools form files over 1 MB to a temporary file; the app must not take that path."""

    def no_temp_files(*args, **kwargs):
        raise AssertionError("upload written to a temporary file")

    for name in ("SpooledTemporaryFile", "TemporaryFile", "NamedTemporaryFile", "mkstemp"):
        monkeypatch.setattr(tempfile, name, no_temp_files)
    monkeypatch.setattr(starlette.formparsers, "SpooledTemporaryFile", no_temp_files)
    # 3 MB that fails fast (binary): the whole upload path runs without analyzing megabytes of text.
    response = upload(client, ("big.bin.txt", b"\x00" * 3_000_000))
    assert response.status_code == 400, response.text
    assert response.json()["error"].startswith("big.bin.txt: ")
    assert sorted(p.name for p in db_path.parent.iterdir() if not p.name.startswith("web.db")) == []


def test_file_names_are_labels_not_paths(client: TestClient, db_path: Path) -> None:
    response = upload(client, ("../../etc/evil.txt", SSO), ("..\\..\\win\\other.txt", FIELD))
    assert response.status_code == 200
    assert [c["source"] for c in response.json()] == ["evil.txt", "other.txt"]
    assert not (db_path.parent.parent / "etc").exists()


@pytest.mark.parametrize(("kwargs", "status", "words"), [
    ({"files": {"account": (None, "x")}}, 400, "no files uploaded"),
    ({"content": b"{}", "headers": {"content-type": "application/json"}}, 415, "multipart/form-data"),
    ({"content": b"--x\r\nContent-Disposition form-data\r\n\r\n",
      "headers": {"content-type": "multipart/form-data; boundary=x"}}, 400, "multipart"),
])
def test_malformed_uploads_get_a_json_error(client: TestClient, kwargs: dict, status: int, words: str) -> None:
    response = client.post("/api/calls", **kwargs)
    assert response.status_code == status
    assert words in response.json()["error"]


def test_display_name_keeps_only_a_clean_last_component() -> None:
    assert display_name("a/b\\c\x00\x1f.vtt") == "c.vtt"
    assert display_name("../") == "upload"
    assert len(display_name("x" * 1000 + ".txt")) == 200


def test_bad_fields_get_422_with_a_json_error(client: TestClient, db_path: Path) -> None:
    response = upload(client, ("sso.txt", SSO), date="16/11/2026")
    assert response.status_code == 422
    assert response.json() == {"error": "date: '16/11/2026' is not a date in the form YYYY-MM-DD"}
    assert stored_ids(db_path) == []
    assert client.get("/api/calls", params={"since": "yesterday"}).status_code == 422
    assert "error" in client.get("/api/calls", params={"severity": "urgent"}).json()


def test_unknown_call_is_404_json(client: TestClient) -> None:
    for call_id in ("0123456789abcdef", "%", "not-hex"):
        response = client.get(f"/api/calls/{call_id}")
        assert response.status_code == 404
        assert "no stored call" in response.json()["error"]


def test_openapi_documents_the_routes(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/api/calls", "/api/calls/{call_id}"} <= schema["paths"].keys()
    body = schema["paths"]["/api/calls"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert body["properties"]["files"]["items"]["format"] == "binary"
    assert "413" in schema["paths"]["/api/calls"]["post"]["responses"]
    call = schema["components"]["schemas"]["CallObject"]["properties"]
    assert set(call) == {"call_id", "source", "title", "started_at", "backend", "speakers", "turns",
                         "commitments", "hidden_work", "risks", "questions"}
    assert not any(path in schema["paths"] for path in ("/", "/calls", "/upload"))
