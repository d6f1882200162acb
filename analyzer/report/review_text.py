"""The weekly review on a terminal (rich): what the Friday reviewer reads first."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from analyzer.report import clock
from analyzer.review import Conflict, RiskGroup, WeeklyReview, count

SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan"}
BAR_WIDTH = 24  # characters for the most-asked category


def review_report(review: WeeklyReview) -> RenderableType:
    """The whole review: summary, asks, risks, conflicts, promises coming due, questions."""
    return Group(_summary(review), _asks(review), _risks(review), _conflicts(review),
                 _coming_due(review), _questions(review), Text(""))


def _where(call_name: str, turn: int | None, start: float | None = None) -> str:
    at = clock(start)
    return call_name + (f", turn {turn}" if turn is not None else "") + (f" @ {at}" if at else "")


def _summary(review: WeeklyReview) -> RenderableType:
    counts = review.severity_counts()
    lines = [f"[bold]Weekly review {escape(review.period.label)}[/]  "
             f"({review.period.since.isoformat()} – {review.period.until.isoformat()})",
             f"{count(len(review.calls), 'call')}, {count(len(review.accounts), 'account')}: "
             + escape(", ".join(review.accounts) or "none named"),
             "risks: " + ", ".join(f"[{SEVERITY_STYLE[s]}]{n} {s}[/]" for s, n in counts.items())]
    if review.undated_calls:
        lines.append(f"[yellow]{count(review.undated_calls, 'stored call')} without a date (in no week); "
                     "analyze again with --date YYYY-MM-DD to place them.[/]")
    if not review.calls:
        lines.append("[yellow]No calls in this period.[/]")
    return Panel("\n".join(lines), expand=False)


def _asks(review: WeeklyReview) -> RenderableType:
    table = Table(title="What was asked for", title_justify="left", expand=False)
    for name, justify in (("category", "left"), ("calls", "right"), ("accounts", "right"), ("", "left")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    top = max((a.calls for a in review.asks), default=1)
    for ask in review.asks:
        bar = "█" * max(1, round(BAR_WIDTH * ask.calls / top))
        table.add_row(escape(ask.label), f"{ask.calls} of {ask.total_calls}", str(ask.accounts),
                      f"[magenta]{bar}[/]")
    if not review.asks:
        table.add_row("[dim]no hidden work raised[/]", "", "", "")
    return table


def _risk_group(group: RiskGroup, shown: int) -> RenderableType:
    style = SEVERITY_STYLE.get(group.severity, "")
    spread = f"{count(group.calls, 'call')}, {count(len(group.accounts), 'account')}"
    lines = [f"[{style}]{group.severity.upper()}[/] [bold]{escape(group.title)}[/] [dim]({spread})[/]"]
    if group.rationale:
        lines.append(f"  [dim]{escape(group.rationale)}[/]")
    for risk in group.risks[:shown]:
        quote = risk.evidence[0] if risk.evidence else None
        said = f" “{escape(quote['quote'])}” — {escape(quote['speaker'])}, turn {quote['turn']}" if quote else ""
        lines.append(f"  • [cyan]{escape(risk.call.account or 'no account')}[/] · "
                     f"{escape(risk.call.name)} ({risk.call.day_label}):{said}")
    if len(group.risks) > shown:
        lines.append(f"  [dim]… and {len(group.risks) - shown} more (every one is in --format markdown, html, json)[/]")
    return Text.from_markup("\n".join(lines))


def _risks(review: WeeklyReview, shown: int = 6) -> RenderableType:
    """Risks grouped by what they say, most severe and most widespread first."""
    parts: list[RenderableType] = [Text(f"\nRisks ({len(review.risks)})", style="bold")]
    parts += [_risk_group(group, shown) for group in review.risk_groups()]
    if not review.risks:
        parts.append(Text("None found.", style="dim"))
    return Group(*parts)


def _conflict(conflict: Conflict, shown: int = 6) -> RenderableType:
    who = conflict.account or "different accounts"
    table = Table(title=f"{escape(conflict.label)} · {escape(who)} · {conflict.kind}",
                  title_justify="left", expand=True, show_lines=True)
    for name in ("date", "call", "said", "quote"):
        table.add_column(name, overflow="fold")
    for s in conflict.statements[:shown]:
        table.add_row(s.call.day_label, escape(_where(s.call.name, s.turn)),
                      f"[bold]{escape(s.stance)}[/]" + (f"\n[dim]{escape(s.due)}[/]" if s.due else ""),
                      f"“{escape(s.quote)}”\n[dim]— {escape(s.speaker)}"
                      + (f", {escape(s.call.account)}" if s.call.account and not conflict.account else "") + "[/]")
    if len(conflict.statements) > shown:
        table.caption = f"… and {len(conflict.statements) - shown} more statements"
    return table


def _conflicts(review: WeeklyReview) -> RenderableType:
    parts: list[RenderableType] = [Text(f"\nConflicting answers ({len(review.conflicts)})", style="bold")]
    parts += [_conflict(c) for c in review.conflicts]
    if not review.conflicts:
        parts.append(Text("None found.", style="dim"))
    return Group(*parts)


def _coming_due(review: WeeklyReview) -> RenderableType:
    table = Table(title=f"Promises coming due (to {review.horizon_days} days after the period)",
                  title_justify="left", expand=True)
    for name, style in (("due", "bold"), ("said as", ""), ("account", "cyan"), ("promise", ""),
                        ("call", "dim")):
        table.add_column(name, style=style, overflow="fold")
    for p in [*review.coming_due, *review.undated_promises]:
        table.add_row(p.due_date.isoformat() if p.due_date else "[yellow]no date[/]", escape(p.due),
                      escape(p.call.account or "—"), f"“{escape(p.quote)}” — {escape(p.speaker)}",
                      escape(f"{_where(p.call.name, p.turn)} ({p.call.day_label})"))
    return table


def _questions(review: WeeklyReview) -> RenderableType:
    parts: list[RenderableType] = [Text(f"\nQuestions for engineering ({len(review.questions)})", style="bold")]
    label = None
    for q in review.questions:
        if q.label != label:
            label = q.label
            parts.append(Text(f"\n{label}", style="bold magenta"))
        calls = sorted({s.call.name for s in q.raised_by})
        refs = ", ".join(calls[:4]) + (f" and {len(calls) - 4} more" if len(calls) > 4 else "")
        parts.append(Text.from_markup(f"☐ {escape(q.question)} [dim]({count(len(calls), 'call')}: {escape(refs)})[/]"))
    return Group(*parts)
