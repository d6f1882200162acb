"""The HTML pages with FastAPI's TestClient: upload form, calls list, report, errors, escaping."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from analyzer.web import create_app

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SSO = (FIXTURES / "sso-pilot.txt").read_bytes()
HOSTILE = (b"[00:00:01] Dana: <script>alert('x')</script> We can have SSO with Okta live by next Friday.\n"
           b"[00:00:09] Lee: \"><img src=x onerror=alert(1)> we need an audit trail of who changed what.\n")


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return TestClient(create_app(tmp_path / "pages.db"))


def post_api(client: TestClient, name: str, data: bytes, **fields: str) -> dict:
    response = client.post("/api/calls", files=[("files", (name, data, "text/plain"))], data=fields)
    assert response.status_code == 200, response.text
    return response.json()[0]


def test_upload_page_has_the_form(client: TestClient) -> None:
    page = client.get("/").text
    assert 'enctype="multipart/form-data"' in page and 'name="files"' in page and "multiple" in page
    for field in ("seller", "account", "date"):
        assert f'name="{field}"' in page
    assert "20 MB" in page and 'id="progress"' in page


def test_plain_form_post_lands_on_the_report(client: TestClient) -> None:
    response = client.post("/upload", files=[("files", ("sso.txt", SSO, "text/plain"))],
                           data={"seller": "Dana, Sam"}, follow_redirects=False)
    assert response.status_code == 303
    report = client.get(response.headers["location"])
    assert report.status_code == 200 and "Copy as Markdown" in report.text and 'href="/calls"' in report.text


def test_plain_form_post_shows_a_bad_file_on_the_page(client: TestClient) -> None:
    response = client.post("/upload", files=[("files", ("empty.txt", b"", "text/plain"))])
    assert response.status_code == 400
    assert re.search(r'role="alert">empty\.txt: [^<]+</p>', response.text)
    assert "No calls yet" in client.get("/calls").text


def test_plain_form_post_of_several_files_lists_them(client: TestClient) -> None:
    files = [("files", ("a.txt", SSO, "text/plain")), ("files", ("b.txt", HOSTILE, "text/plain"))]
    page = client.post("/upload", files=files).text
    assert page.count('href="/calls/') == 2


def test_report_page_escapes_transcript_text(client: TestClient) -> None:
    call = post_api(client, "hostile.txt", HOSTILE, seller="Dana")
    page = client.get(f"/calls/{call['call_id']}").text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img" not in page and "<script>alert" not in page


def test_calls_page_searches_and_filters(client: TestClient) -> None:
    sso = post_api(client, "sso.txt", SSO, account="Northwind")
    post_api(client, "hostile.txt", HOSTILE, account="Evil <Corp>", date="2026-12-01")
    page = client.get("/calls").text
    assert page.count('<a href="/calls/') >= 2 and "Evil &lt;Corp&gt;" in page
    found = client.get("/calls", params={"q": "dispatchers"}).text
    assert f'href="/calls/{sso["call_id"]}"' in found and "hostile.txt" not in found
    assert "<mark>dispatchers</mark>" in found.replace("<mark>Dispatchers</mark>", "<mark>dispatchers</mark>")
    assert "hostile.txt" not in client.get("/calls", params={"account": "north"}).text
    assert "sso.txt" not in client.get("/calls", params={"since": "2026-11-30"}).text
    assert "hostile.txt" not in client.get("/calls", params={"category": "roles_permissions"}).text


def test_calls_page_explains_a_bad_date_instead_of_failing(client: TestClient) -> None:
    response = client.get("/calls", params={"since": "last week", "category": "nonsense", "severity": "x"})
    assert response.status_code == 200
    assert "since: &#39;last week&#39; is not a date in the form YYYY-MM-DD" in response.text


def test_unknown_pages_and_calls_are_404_pages(client: TestClient) -> None:
    for path in ("/calls/0123abcd", "/nowhere"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")
        assert "Not found" in response.text


def test_review_page_shows_the_chosen_week_linked_to_reports(client: TestClient) -> None:
    call = post_api(client, "sso.txt", SSO, seller="Dana, Sam", account="Evil <Corp>")  # dated 2026-11-16
    page = client.get("/review", params={"week": "2026-W47"})
    assert page.status_code == 200
    assert "Weekly review 2026-W47" in page.text
    assert f'href="/calls/{call["call_id"]}' in page.text
    assert "Evil &lt;Corp&gt;" in page.text and "Evil <Corp>" not in page.text
    assert 'rel="prev">← 2026-W46' in page.text and 'href="/calls"' in page.text
    # Without a week: the week of the latest stored call, as `analyzer review` does.
    assert "Weekly review 2026-W47" in client.get("/review").text
    assert "Weekly review 2026-W48" in client.get("/review", params={"week": "2026-W48"}).text


def test_review_page_explains_a_bad_week(client: TestClient) -> None:
    for week in ("2026-W60", "last week"):
        response = client.get("/review", params={"week": week})
        assert response.status_code == 422
        assert 'role="alert">week: ' in response.text
