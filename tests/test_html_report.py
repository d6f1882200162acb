"""The per-call HTML report: highlights, links to turns, escaping, self-containment."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from analyzer.catalogue import SLUGS
from analyzer.checks.questions import readiness_question
from analyzer.report.html import Mark, call_html, category_hue, highlighted_turns, split_turn
from analyzer.report.markdown import questions_markdown

XSS_TURN = "<script>alert('x')</script> we need Okta login and \"><img src=x onerror=alert(1)> audit trail"


class Tags(HTMLParser):
    """Collects start tags and visible text so tests can ask what a browser would build."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    return parser


@pytest.fixture
def call() -> dict:
    return {
        "call_id": "abc123", "source": "pilot.txt", "title": "Pilot <b>scoping</b>", "started_at": "2026-11-16",
        "backend": "rules",
        "speakers": [{"name": "Dana", "side": "seller"}, {"name": "Lee", "side": "customer"}],
        "turns": [
            {"speaker": "Dana", "side": "seller", "start": 5.0,
             "text": "We can have SSO live for the pilot by next Friday."},
            {"speaker": "Lee", "side": "customer", "start": 65.0, "text": XSS_TURN},
        ],
        "commitments": [{"quote": "We can have SSO live for the pilot by next Friday", "speaker": "Dana",
                         "side": "seller", "turn": 0, "start": 5.0, "category": "sso", "due": "next Friday"}],
        "hidden_work": [
            {"category": "sso", "quote": "SSO live", "speaker": "Dana", "side": "seller", "turn": 0, "start": 5.0,
             "work_items": ["login flow changes"], "customer_prerequisites": ["IdP metadata"]},
            {"category": "audit_logs", "quote": "\"><img src=x onerror=alert(1)> audit trail", "speaker": "Lee",
             "side": "customer", "turn": 1, "start": 65.0, "work_items": ["activity history"],
             "customer_prerequisites": ["retention period"]},
        ],
        "risks": [{"rule": "dated_promise", "severity": "high", "category": "sso", "title": "SSO by Friday",
                   "rationale": "A date was promised for work nobody sized.",
                   "evidence": [{"quote": "SSO live", "speaker": "Dana", "turn": 0, "start": 5.0}]}],
        "questions": [{"category": "sso", "question": "Which IdP? </script><script>alert(2)</script>", "turn": 1}],
    }


def test_transcript_markup_renders_as_text(call: dict) -> None:
    page = parse(call_html(call, {"account": "North<i>wind</i>"}))
    names = [tag for tag, _ in page.tags]
    assert "img" not in names and "b" not in names and "i" not in names
    # Only the report's own two script elements: the JSON data and the copy handler.
    assert names.count("script") == 2
    assert not any(k.startswith("on") for _, attrs in page.tags for k in attrs)
    text = "".join(page.text)
    assert "<script>alert('x')</script>" in text
    assert "\"><img src=x onerror=alert(1)>" in text
    assert "North<i>wind</i>" in text


def test_quotes_are_highlighted_by_category_and_kind(call: dict) -> None:
    html = call_html(call)
    marks = re.findall(r'<mark class="([^"]+)"[^>]*>(.*?)</mark>', html)
    joined = {text: classes for classes, text in marks}
    assert "hl-hidden_work" in joined["SSO live"] and "hl-commitment" in joined["SSO live"]
    assert "cat-audit_logs" in joined["&#34;&gt;&lt;img src=x onerror=alert(1)&gt; audit trail"]


def test_segments_rebuild_the_turn_exactly(call: dict) -> None:
    for turn, rendered in zip(call["turns"], highlighted_turns(call), strict=True):
        assert "".join(s.text for s in rendered["segments"]) == turn["text"]


def test_split_turn_keeps_overlaps_and_ignores_bad_spans() -> None:
    a, b = Mark("commitment", "sso", "A"), Mark("hidden_work", "sso", "B")
    segments = split_turn("abcdefgh", [(0, 5, a), (3, 8, b), (6, 99, a)])
    assert [(s.text, [m.label for m in s.marks]) for s in segments] == [
        ("abc", ["A"]), ("de", ["A", "B"]), ("fgh", ["B"])]
    assert [s.text for s in split_turn("", [])] == [""]


def test_quote_missing_from_its_turn_is_not_highlighted(call: dict) -> None:
    call["commitments"][0]["quote"] = "never said"
    turn = highlighted_turns(call)[0]
    assert [s.text for s in turn["segments"] if any(m.kind == "commitment" for m in s.marks)] == []


def test_side_panel_links_to_turn_anchors(call: dict) -> None:
    page = parse(call_html(call))
    ids = {attrs.get("id") for _, attrs in page.tags}
    links = [attrs["href"] for tag, attrs in page.tags if tag == "a" and attrs.get("href", "").startswith("#")]
    assert {"turn-0", "turn-1"} <= ids
    assert "#turn-0" in links and "#turn-1" in links
    assert all(link[1:] in ids for link in links)


def test_work_items_and_prerequisites_per_category(call: dict) -> None:
    text = "".join(parse(call_html(call)).text)
    for phrase in ("login flow changes", "IdP metadata", "activity history", "retention period",
                   "Single sign-on", "Audit logs"):
        assert phrase in text


def test_question_markdown_is_embedded_intact(call: dict) -> None:
    html = call_html(call)
    data = re.search(r'<script type="application/json" id="questions-md">(.*?)</script>', html, re.S)
    assert data is not None
    assert json.loads(data.group(1)) == questions_markdown(call)


def test_a_dated_promise_is_named_once_with_its_readiness_points_under_it(call: dict) -> None:
    quote = call["commitments"][0]["quote"]
    points = ["What ships first?", "Which outside dependencies?", "Who <decides>?"]
    call["questions"] += [{"category": "sso", "question": readiness_question(quote, "next Friday", point, touched),
                           "turn": 0} for point, touched in zip(points, (1, None, None), strict=True)]
    html = call_html(call)
    section = html[html.index('<section id="questions">'):]
    section = section[: section.index("</section>")]
    assert section.count(quote) == 1 and "Questions for engineering (4)" in section
    nested = section[section.index('<ul class="points">'):]
    assert [point in nested for point in ("What ships first?", "Which outside dependencies?")] == [True, True]
    assert "Who &lt;decides&gt;?" in nested and 'href="#turn-1">touched at turn 1' in nested


def test_the_same_dated_promise_made_twice_in_a_call_is_two_checklist_items(call: dict) -> None:
    quote = call["commitments"][0]["quote"]
    call["turns"].append({"speaker": "Dana", "side": "seller", "start": 125.0, "text": call["turns"][0]["text"]})
    points = ["What ships first?", "Who decides?"]
    call["questions"] += [{"category": "sso", "question": readiness_question(quote, "next Friday", point, None),
                           "turn": turn} for turn in (0, 2) for point in points]
    lines = questions_markdown(call).splitlines()
    heads = [line for line in lines if line.startswith("- [ ] Before holding to")]
    assert [head[head.index("_(raised"):] for head in heads] == ["_(raised at turn 0 @ 00:05 by Dana)_",
                                                                 "_(raised at turn 2 @ 02:05 by Dana)_"]
    for head in heads:  # each promise with its own points, not one promise with both sets
        at = lines.index(head)
        assert lines[at + 1 : at + 3] == ["  - [ ] What ships first?", "  - [ ] Who decides?"]


def test_a_call_with_no_seller_says_so_and_how_to_fix_it(call: dict) -> None:
    assert "No seller identified" not in call_html(call)
    call["speakers"] = [{"name": "Dana", "side": "unknown"}, {"name": "Lee", "side": "customer"}]
    page = "".join(parse(call_html(call)).text)
    assert "No seller identified" in page and "--seller NAME" in page


def test_page_is_self_contained(call: dict) -> None:
    page = parse(call_html(call))
    for tag, attrs in page.tags:
        assert not (attrs.get("src") or "").startswith(("http", "//")), tag
        assert tag != "link", "stylesheets are inline"


def test_empty_call_renders() -> None:
    empty = {"call_id": "x", "source": "empty.txt", "title": None, "started_at": None, "backend": "rules",
             "speakers": [], "turns": [], "commitments": [], "hidden_work": [], "risks": [], "questions": []}
    text = "".join(parse(call_html(empty, {"partial": True, "failed_turns": [(0, 3)]})).text)
    assert "None found." in text and "Partial analysis" in text and "0–3" in text


def test_every_category_has_its_own_colour() -> None:
    assert len({category_hue(slug) for slug in SLUGS}) == len(SLUGS)
