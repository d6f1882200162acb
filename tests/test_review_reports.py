"""The review's renderers and the ``analyzer review`` command, on hand-made calls."""

from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from rich.console import Console
from test_review import CALLS, WEEK, make_call
from typer.testing import CliRunner

from analyzer import store
from analyzer.cli import app
from analyzer.cli.review import choose_period
from analyzer.report.review_html import review_html
from analyzer.report.review_markdown import review_markdown
from analyzer.report.review_text import review_report
from analyzer.review import Period, build_review
from analyzer.store.review import review_rows

SCRIPT = "<script>alert('x')</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
HOSTILE = [
    ("evil-1", f"Evil {SCRIPT} Corp", "2026-11-17", [
        ("Mallory", "customer", f"We need SSO {SCRIPT} for everyone {ATTRIBUTE}."),
        ("Trent", "seller", f"We can have SSO live by next Friday {ATTRIBUTE}."),
    ], [("ask", 0, f"We need SSO {SCRIPT}", "sso", None),
        ("commitment", 1, f"We can have SSO live by next Friday {ATTRIBUTE}", "sso", "next Friday")]),
    ("evil-2", f"Evil {SCRIPT} Corp", "2026-11-18", [
        ("Mallory", "customer", f"Is single sign-on with SCIM possible? {ATTRIBUTE}"),
        ("Trent", "seller", f"No, we don't support SCIM | pipes {SCRIPT}."),
    ], [("ask", 0, "single sign-on with SCIM", "sso", None)]),
]


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("review") / "week.db"
    database = store.open_db(path)
    for spec in [*CALLS, *HOSTILE]:
        store.save_call(database, make_call(*spec, source=f"{spec[0]} {SCRIPT}.txt"))
    return path


@pytest.fixture(scope="module")
def review(db_path):
    return build_review(review_rows(store.open_db(db_path), WEEK.since, WEEK.until), WEEK)


class _Collect(HTMLParser):
    """Every start tag and attribute the browser would build from the page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_escapes_everything_from_a_transcript(review):
    page = review_html(review, call_href="/calls/{call_id}")
    assert SCRIPT not in page and "<img" not in page
    assert "&lt;script&gt;alert(" in page and "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    parser = _Collect()
    parser.feed(page)
    tags = [tag for tag, _ in parser.tags]
    assert "img" not in tags
    assert tags.count("script") == 2  # the page's own: the Markdown for copying, and the copy button's code
    assert not [attrs for _, attrs in parser.tags if any(k.startswith("on") for k in attrs)]


def test_html_is_self_contained_with_an_inline_chart(review):
    page = review_html(review)
    assert "<svg" in page and "<rect" in page and "<style>" in page
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page), "nothing loaded from elsewhere"
    assert "@import" not in page and "<link" not in page
    assert "Single sign-on" in page and "2026-W47" in page


def test_html_links_calls_and_turns_only_when_asked(review):
    assert 'href="/calls/nw-1#turn-1"' in review_html(review, call_href="/calls/{call_id}")
    assert "/calls/" not in review_html(review)


def test_markdown_keeps_table_cells_whole(review):
    text = review_markdown(review)
    assert "SCIM \\| pipes" in text
    tables = re.findall(r"(?:^\|.*\n)+", text, flags=re.MULTILINE)
    assert tables
    for table in tables:
        widths = {len(re.findall(r"(?<!\\)\|", row)) for row in table.splitlines()}
        assert len(widths) == 1, table  # every row has its header's columns: no pipe broke a cell
    assert "## Conflicting answers" in text and "## Questions for engineering" in text
    assert re.search(r"- \[ \] Which identity provider", text)


def test_text_report_renders_every_section(review):
    console = Console(record=True, width=140)
    console.print(review_report(review))
    out = console.export_text()
    for heading in ("Weekly review 2026-W47", "What was asked for", "Risks", "Conflicting answers",
                    "Promises coming due", "Questions for engineering"):
        assert heading in out
    assert SCRIPT in out  # plain text on a terminal: shown as written, not interpreted as markup


def test_review_command_formats(db_path):
    runner = CliRunner()
    result = runner.invoke(app, ["review", "--week", "2026-W47", "--db", str(db_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["period"]["label"] == "2026-W47" and len(data["calls"]) == 8
    for fmt, marker in (("markdown", "# Weekly review 2026-W47"), ("html", "<!doctype html>"),
                        ("text", "Weekly review 2026-W47")):
        result = runner.invoke(app, ["review", "--week", "2026-W47", "--db", str(db_path), "--format", fmt])
        assert result.exit_code == 0 and marker in result.stdout


def test_review_without_a_period_takes_the_latest_calls_week(db_path):
    result = CliRunner().invoke(app, ["review", "--db", str(db_path), "--format", "json"])
    assert json.loads(result.stdout)["period"]["label"] == "2026-W47"


@pytest.mark.parametrize("args", [["--week", "2026-47"], ["--week", "2026-W47", "--since", "2026-11-16"],
                                  ["--since", "16/11/2026"], ["--since", "2026-11-20", "--until", "2026-11-16"]])
def test_bad_periods_are_usage_errors(db_path, args):
    result = CliRunner().invoke(app, ["review", "--db", str(db_path), *args])
    assert result.exit_code == 2


def test_periods_from_options():
    assert choose_period(None, "2026-11-16", "2026-11-18", None) == Period(date(2026, 11, 16), date(2026, 11, 18))
    assert choose_period(None, "2026-11-16", None, None) == Period(date(2026, 11, 16), date(2026, 11, 22))
    assert choose_period(None, None, "2026-11-22", None) == Period(date(2026, 11, 16), date(2026, 11, 22))
    assert choose_period(None, None, None, date(2026, 11, 19)) == WEEK
    assert Period(date(2026, 11, 16), date(2026, 11, 18)).label == "2026-11-16 to 2026-11-18"
