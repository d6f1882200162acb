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
    period = review.period
    dates = f"  ({period.since.isoformat()} – {period.until.isoformat()})" if period.is_week else ""  # else the label
    lines = [f"[bold]Weekly review {escape(review.period.label)}[/]{dates}",
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


def _risks(review: WeeklyReview, shown: int = 3) -> RenderableType:
    """Risks grouped by what they say, most severe and most widespread first."""
    parts: list[RenderableType] = [Text(f"\nRisks ({len(review.risks)})", style="bold")]
    parts += [_risk_group(group, shown) for group in review.risk_groups()]
    if not review.risks:
        parts.append(Text("None found.", style="dim"))
    return Group(*parts)


def _conflict(conflict: Conflict, shown: int) -> RenderableType:
    """One conflict: each call's stance and the seller's words, one line a call."""
    who = conflict.account or "across accounts"
    lines = [f"[bold]{escape(conflict.label)}[/] · [cyan]{escape(who)}[/] [dim]({conflict.kind})[/]"]
    for s in conflict.statements[:shown]:
        account = f"{escape(s.call.account)} · " if s.call.account and not conflict.account else ""
        due = f" [dim]“{escape(s.due)}”[/]" if s.due else ""
        lines.append(f"  {s.call.day_label} [bold]{escape(s.stance)}[/]{due}: “{escape(s.quote)}” — "
                     f"{escape(s.speaker)} [dim]({account}{escape(_where(s.call.name, s.turn))})[/]")
    if len(conflict.statements) > shown:
        lines.append(f"  [dim]… and {len(conflict.statements) - shown} more calls[/]")
    return Text.from_markup("\n".join(lines))


def _conflicts(review: WeeklyReview, shown: int = 6, in_full: int = 20) -> RenderableType:
    """The first conflicts quoted call by call; past ``in_full``, one line each (the files have them all)."""
    parts: list[RenderableType] = [Text(f"\nConflicting answers ({len(review.conflicts)})", style="bold")]
    parts += [_conflict(c, shown) for c in review.conflicts[:in_full]]
    rest = [f"{escape(c.label)} · [cyan]{escape(c.account or 'across accounts')}[/] [dim]({c.kind}, "
            f"{count(len(c.statements), 'call')})[/]" for c in review.conflicts[in_full:]]
    if rest:
        parts.append(Text.from_markup("[dim]and, quoted in --format markdown, html, json:[/]\n" + "\n".join(rest)))
    if not review.conflicts:
        parts.append(Text("None found.", style="dim"))
    return Group(*parts)


def _coming_due(review: WeeklyReview, shown: int = 40) -> RenderableType:
    """The soonest promises, one line each (a terminal is for the next steps; every one is in the files)."""
    promises = [*review.coming_due, *review.undated_promises]
    lines = [f"\n[bold]Promises coming due by {review.due_by.isoformat()} ({len(review.coming_due)}"
             + (f", and {len(review.undated_promises)} without a date" if review.undated_promises else "") + ")[/]"]
    for p in promises[:shown]:
        when = p.due_date.strftime("%Y-%m-%d %a") if p.due_date else "[yellow]no date[/]      "
        lines.append(f"{when}  [cyan]{escape(p.call.account or 'no account')}[/] “{escape(p.quote)}” — "
                     f"{escape(p.speaker)} [dim](said {escape(p.due)}; {escape(_where(p.call.name, p.turn))}, "
                     f"{p.call.day_label})[/]")
    if len(promises) > shown:
        lines.append(f"[dim]… and {len(promises) - shown} more (every one is in --format markdown, html, json)[/]")
    if not promises:
        lines.append("[dim]None.[/]")
    return Text.from_markup("\n".join(lines))


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
