"""The weekly review as one self-contained HTML page: an inline SVG chart and the review's tables.

It extends the per-call report's ``base.html.j2`` (same CSS, same category
colours) through the same Jinja2 environment, with autoescape on: every quote,
name and title from a transcript is escaped by the template, never spliced in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from jinja2 import Environment

from analyzer.report.html import category_hue, make_environment
from analyzer.report.review_markdown import questions_list_markdown
from analyzer.review import AskCount, QuestionItem, WeeklyReview, count

# The bar chart's geometry, in SVG user units.
CHART_WIDTH = 760
LABEL_WIDTH = 250
VALUE_WIDTH = 150
ROW_HEIGHT = 26
BAR_HEIGHT = 18
SHOWN_SOURCES = 8  # calls named under a question before the rest fold into "and N more"


@dataclass(frozen=True)
class Bar:
    """One category's bar: where it sits and what it says."""

    slug: str
    label: str
    y: int
    width: int
    hue: int
    value: str


def chart_bars(asks: list[AskCount]) -> list[Bar]:
    """Bars for the asks-by-category chart, scaled to the most-asked category."""
    top = max((a.calls for a in asks), default=0) or 1
    room = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    return [Bar(a.category, a.label, i * ROW_HEIGHT, max(2, round(room * a.calls / top)), category_hue(a.category),
                f"{a.calls} of {count(a.total_calls, 'call')}, {count(a.accounts, 'account')}")
            for i, a in enumerate(asks)]


@cache
def _environment() -> Environment:
    # Built on first use (not at import) and reused: parsing templates is the slow part.
    return make_environment()


def review_context(review: WeeklyReview, *, call_href: str | None = None) -> dict:
    """Everything ``review.html.j2`` needs, as plain data (the web app renders it inside its own shell).

    ``call_href`` (e.g. ``/calls/{call_id}``) links calls and turns to their reports; without it
    (a saved file, where no such page exists) calls are named with their id.
    """
    bars = chart_bars(review.asks)

    def href(call_id: str, turn: int | None = None) -> str | None:
        if call_href is None:
            return None
        return call_href.format(call_id=call_id) + (f"#turn-{turn}" if turn is not None else "")

    def question_sources(question: QuestionItem) -> list[tuple[str, str | None]]:
        # Plain (text, link) pairs: a busy week links thousands of them, too many for a template macro each.
        return [(f"{s.call.name} {s.call.call_id[:8]} turn {s.turn}" + (f" about {s.about}" if s.about else ""),
                 href(s.call.call_id, s.turn)) for s in question.raised_by]

    return {
        "review": review, "bars": bars, "count": count, "severity": review.severity_counts(), "href": href,
        "question_sources": question_sources, "shown_sources": SHOWN_SOURCES,
        "chart": {"width": CHART_WIDTH, "height": max(len(bars), 1) * ROW_HEIGHT, "label_width": LABEL_WIDTH,
                  "bar_height": BAR_HEIGHT, "row_height": ROW_HEIGHT},
        "questions_md": questions_list_markdown(review),
    }


def review_html(review: WeeklyReview, *, call_href: str | None = None) -> str:
    """The weekly review as a self-contained HTML page."""
    return _environment().get_template("review.html.j2").render(review_context(review, call_href=call_href))
