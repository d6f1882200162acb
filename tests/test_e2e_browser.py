"""End to end in a real headless Chromium (Playwright for Python, the system's ``chromium``).

The app runs under uvicorn on 127.0.0.1 (an ephemeral port); the browser uploads
fixtures through the page, lands on the report, and copies the question list.
Skipped, with the reason, only when no Chromium or no Playwright is installed.
Never run ``playwright install``: the tests use the distribution's browser.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from test_web_server import live_server

from analyzer.report.markdown import questions_markdown
from analyzer.web import create_app

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed "
                                                             "(pip install playwright; no browser download)")

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser() -> Iterator:
    if CHROMIUM is None:
        pytest.skip("no Chromium found on PATH (Debian: apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    with live_server(create_app(tmp_path / "e2e.db", max_upload_mb=1)) as base:
        yield base


@pytest.fixture
def page(browser, site: str) -> Iterator:
    context = browser.new_context(base_url=site)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    errors: list[str] = []
    tab.on("pageerror", lambda err: errors.append(str(err)))
    yield tab
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def test_upload_lands_on_the_report_and_copies_the_questions(page, site: str) -> None:
    page.goto("/")
    page.set_input_files("#files", str(FIXTURES / "sso-pilot.txt"))
    page.fill("#seller", "Dana, Sam")
    page.fill("#account", "Northwind")
    page.click("#submit")
    page.wait_for_url("**/calls/*")
    assert page.locator("h1").inner_text() == "Pilot scoping call: Northwind Logistics"
    assert page.locator("mark.hl-hidden_work").count() > 0
    assert page.locator("mark.hl-commitment").count() > 0
    call = httpx.get(f"{site}/api/calls/{page.url.rsplit('/', 1)[1]}").json()

    page.click("#copy-questions")
    sync_api.expect(page.locator("#copy-status")).to_contain_text("Copied")
    assert page.evaluate("window.copiedQuestions") == questions_markdown(call)
    assert page.evaluate("navigator.clipboard.readText()") == questions_markdown(call)

    # A risk's evidence link jumps to its turn.
    page.locator("#risks a[href^='#turn-']").first.click()
    assert page.evaluate("location.hash").startswith("#turn-")
    assert page.locator(":target").count() == 1


def test_dropping_several_files_shows_progress_and_lists_them(page, site: str) -> None:
    page.goto("/")
    # Record the progress line as it changes: the upload is too quick to watch otherwise.
    page.evaluate("""() => { window.progressLog = [];
        new MutationObserver(() => window.progressLog.push(document.getElementById('progress-text').textContent))
          .observe(document.getElementById('progress-text'), {childList: true, characterData: true, subtree: true});
    }""")
    texts = {name: (FIXTURES / name).read_text(encoding="utf-8")
             for name in ("sso-pilot.txt", "field-service-approval.txt")}
    transfer = page.evaluate_handle("""(files) => { const dt = new DataTransfer();
        for (const [name, text] of Object.entries(files)) dt.items.add(new File([text], name, {type: 'text/plain'}));
        return dt; }""", texts)
    page.dispatch_event("#drop", "drop", {"dataTransfer": transfer})
    sync_api.expect(page.locator("#file-list li")).to_have_count(2)
    page.click("#submit")
    sync_api.expect(page.locator("#result-list li")).to_have_count(2)
    log = " | ".join(page.evaluate("window.progressLog"))
    assert "Uploading" in log and "Analyzing 2 files" in log
    page.locator("#result-list a").first.click()
    page.wait_for_url("**/calls/*")
    assert len(httpx.get(f"{site}/api/calls").json()) == 2


def test_bad_and_oversized_files_are_explained_on_the_page(page, site: str) -> None:
    page.goto("/")
    page.set_input_files("#files", [{"name": "big.txt", "mimeType": "text/plain", "buffer": b"a" * (2 * 2**20)}])
    sync_api.expect(page.locator("#upload-error")).to_have_text("big.txt: file is larger than the 1 MB upload limit")
    page.set_input_files("#files", [
        {"name": "sso-pilot.txt", "mimeType": "text/plain", "buffer": (FIXTURES / "sso-pilot.txt").read_bytes()},
        {"name": "empty.txt", "mimeType": "text/plain", "buffer": b""}])
    page.click("#submit")
    sync_api.expect(page.locator("#upload-error")).to_have_text("empty.txt: empty file")
    assert httpx.get(f"{site}/api/calls").json() == []


def test_calls_page_search_finds_the_uploaded_call(page, site: str) -> None:
    httpx.post(f"{site}/api/calls", data={"account": "Northwind"},
               files=[("files", ("sso-pilot.txt", (FIXTURES / "sso-pilot.txt").read_bytes(), "text/plain"))])
    page.goto("/calls")
    page.fill("input[name=q]", "Okta")
    page.select_option("select[name=category]", "sso")
    page.click("form.search button")
    sync_api.expect(page.locator("#calls tbody tr")).to_have_count(1)
    sync_api.expect(page.locator("#calls mark").first).to_have_text("Okta")
    page.fill("input[name=q]", "blockchain")
    page.click("form.search button")
    sync_api.expect(page.locator("#result-count")).to_contain_text("0 calls")


def test_review_page_picks_a_week_and_links_to_reports(page, site: str) -> None:
    httpx.post(f"{site}/api/calls", data={"seller": "Dana, Sam"},
               files=[("files", ("sso-pilot.txt", (FIXTURES / "sso-pilot.txt").read_bytes(), "text/plain"))])
    page.goto("/review")
    sync_api.expect(page.locator("h1")).to_have_text("Weekly review 2026-W47")
    page.click("#copy-questions")
    sync_api.expect(page.locator("#copy-status")).to_contain_text("Copied")
    page.click("a[rel=next]")
    sync_api.expect(page.locator("h1")).to_have_text("Weekly review 2026-W48")
    page.fill("input[name=week]", "2026-W47")
    page.click("form.week-picker button")
    sync_api.expect(page.locator("h1")).to_have_text("Weekly review 2026-W47")
    page.locator("main a[href^='/calls/']").first.click()
    page.wait_for_url("**/calls/**")
    assert page.locator("#copy-questions").count() == 1
