"""The weekly review command: a period's calls read together."""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console

from analyzer.cli.common import DEFAULT_DB, DbOption, app, fail, open_db
from analyzer.dates import parse_day, parse_week
from analyzer.errors import AnalyzerError
from analyzer.review import HORIZON_DAYS, Period, WeeklyReview, build_review
from analyzer.store.review import latest_call_day, review_rows


class ReviewFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    html = "html"
    json = "json"


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return parse_day(value)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint=option) from err


def choose_period(week: str | None, since: str | None, until: str | None, latest: date | None) -> Period:
    """The period the options name; with none, the week of the latest stored call (or this week)."""
    first, last = _day(since, "--since"), _day(until, "--until")
    if week and (first or last):
        raise typer.BadParameter("give either --week or --since/--until, not both", param_hint="--week")
    if week:
        try:
            return Period(*parse_week(week))
        except ValueError as err:
            raise typer.BadParameter(str(err), param_hint="--week") from err
    if first or last:
        first = first or (last - timedelta(days=6))  # type: ignore[operator]
        last = last or (first + timedelta(days=6))
        if last < first:
            raise typer.BadParameter("--until is before --since", param_hint="--until")
        return Period(first, last)
    anchor = latest or date.today()
    monday = anchor - timedelta(days=anchor.weekday())
    return Period(monday, monday + timedelta(days=6))


@app.command()
def review(
    week: Annotated[str | None, typer.Option(help="ISO week, e.g. 2026-W47.")] = None,
    since: Annotated[str | None, typer.Option(help="First day (YYYY-MM-DD); with --until instead of --week.")] = None,
    until: Annotated[str | None, typer.Option(help="Last day (YYYY-MM-DD), included.")] = None,
    format: Annotated[ReviewFormat, typer.Option("--format", "-f", help="Report format.")] = ReviewFormat.text,
    db: DbOption = DEFAULT_DB,
    horizon: Annotated[int, typer.Option(
        min=0, help="Days after the period in which a promise counts as coming due.")] = HORIZON_DAYS,
) -> None:
    """Review a week of calls: risks, asks by category, conflicting answers, promises coming due
    and one question list for engineering. Without --week or --since, the week of the latest call.

    Example: analyzer review --week 2026-W47 --format html > week47.html
    """
    database = open_db(db, existing=True)
    try:
        period = choose_period(week, since, until, latest_call_day(database))
        weekly = build_review(review_rows(database, period.since, period.until), period, horizon_days=horizon)
    except AnalyzerError as err:
        raise fail(str(err)) from err
    _print(weekly, format)


def _print(weekly: WeeklyReview, format: ReviewFormat) -> None:
    # Renderers are imported here so `analyzer review` loads only the one it uses.
    if format is ReviewFormat.json:
        sys.stdout.write(json.dumps(weekly.to_json(), ensure_ascii=False, default=str) + "\n")
    elif format is ReviewFormat.markdown:
        from analyzer.report.review_markdown import review_markdown

        sys.stdout.write(review_markdown(weekly))
    elif format is ReviewFormat.html:
        from analyzer.report.review_html import review_html

        sys.stdout.write(review_html(weekly))
    else:
        from analyzer.report.review_text import review_report

        Console().print(review_report(weekly))
