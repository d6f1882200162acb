"""The readable terminal report (rich): what a person reads right after a call."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from analyzer.catalogue import label_of, load_catalogue
from analyzer.report import hidden_work_by_category, question_items, risks_by_severity, where

SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan"}


def _label(slug: str | None) -> str:
    return label_of(slug, "—")


def call_report(call: dict, extra: dict | None = None) -> RenderableType:
    """Everything about one call: header, commitments, hidden work, risks, questions."""
    extra = extra or {}
    return Group(_header(call, extra), _commitments(call), _hidden_work(call), _risks(call),
                 _questions(call), Text(""))


def _header(call: dict, extra: dict) -> RenderableType:
    title = call.get("title")
    source = [escape(call["source"])] if title else []  # untitled, the source is the heading already
    lines = [f"[bold]{escape(title or call['source'])}[/]",
             " · ".join([f"call {call['call_id']}", *source, f"backend {call['backend']}"])]
    when = " · ".join(x for x in (call.get("started_at"), extra.get("account")) if x)
    if when:
        lines.append(escape(when))
    lines.append("speakers: " + ", ".join(f"{escape(s['name'])} ({s['side']})" for s in call["speakers"]))
    if extra.get("tokenizer"):
        lines.append(f"[dim]tokens counted with {escape(extra['tokenizer'])}[/]")
    if extra.get("requests"):
        requests = extra["requests"]
        lines.append(f"[dim]LLM: {requests} request{'' if requests == 1 else 's'} "
                     f"({extra.get('cached_requests', 0)} cached), "
                     f"{extra['tokens_in']} tokens in, {extra['tokens_out']} out, "
                     f"${extra.get('cost_usd', 0):.4f}[/]")
    if extra.get("rejected_quotes"):
        lines.append(f"[yellow]{extra['rejected_quotes']} quotes rejected: not found in the transcript[/]")
    if extra.get("partial"):
        spans = ", ".join(f"{a}–{b}" for a, b in extra.get("failed_turns", []))
        lines.append(f"[bold red]PARTIAL: turns {spans} were not analyzed[/]")
    return Panel("\n".join(lines), expand=False)


def _commitments(call: dict) -> RenderableType:
    table = Table(title=f"Commitments ({len(call['commitments'])})", title_justify="left", expand=True)
    for name, style, ratio in (("where", "dim", 2), ("speaker", "", 2), ("promise", "", 8),
                               ("category", "magenta", 3), ("due", "bold", 2)):
        # Words wrap whole; only a quote may fold a very long word (a URL) to fit.
        table.add_column(name, style=style, overflow="fold" if name == "promise" else "ellipsis", ratio=ratio)
    for c in call["commitments"]:
        table.add_row(where(c), escape(c["speaker"]), escape(c["quote"]), escape(_label(c["category"])),
                      escape(c["due"] or ""))
    return table


def _hidden_work(call: dict) -> RenderableType:
    categories = len({h["category"] for h in call["hidden_work"]})
    parts: list[RenderableType] = [Text(f"\nHidden work ({categories} categor{'y' if categories == 1 else 'ies'}, "
                                        f"{len(call['hidden_work'])} quotes)", style="bold")]
    catalogue = load_catalogue()
    for slug, items in hidden_work_by_category(call).items():
        body = [f"[dim]{where(h)}[/] {escape(h['speaker'])} ({h['side']}): “{escape(h['quote'])}”"
                for h in items[:5]]
        if len(items) > 5:
            more = len(items) - 5
            body.append(f"[dim]… and {more} more mention{'' if more == 1 else 's'}[/]")
        cat = catalogue[slug]
        for phase, work in (("setup", cat.setup), ("build", cat.build), ("support", cat.support)):
            body.append(f"[bold]{phase}:[/] " + escape("; ".join(work)))
        body.append("[bold]customer prepares:[/] " + escape("; ".join(items[0]["customer_prerequisites"])))
        parts.append(Panel("\n".join(body), title=cat.label, title_align="left"))
    return Group(*parts)


def _risks(call: dict) -> RenderableType:
    parts: list[RenderableType] = [Text(f"\nRisks ({len(call['risks'])})", style="bold")]
    for r in risks_by_severity(call):
        style = SEVERITY_STYLE.get(r["severity"], "")
        lines = [f"[{style}]{r['severity'].upper()}[/] [bold]{escape(r['title'])}[/]", escape(r["rationale"])]
        lines += [f"  [dim]{where(e)}[/] {escape(e['speaker'])}: “{escape(e['quote'])}”" for e in r["evidence"]]
        parts.append(Text.from_markup("\n".join(lines)))
    return Group(*parts)


def _questions(call: dict) -> RenderableType:
    """The call's questions; the readiness points of a dated promise nested under it, the promise said once."""
    parts: list[RenderableType] = [Text(f"\nQuestions for engineering ({len(call['questions'])})",
                                        style="bold")]
    for item in question_items(call["questions"]):
        turn = f"[dim](turn {item.turn})[/] " if item.turn is not None else ""
        label = f"[magenta]{_label(item.category)}[/]"
        if item.promise is None:
            parts.append(Text.from_markup(f"• {turn}{label}: {escape(item.question or '')}"))
            continue
        quote, due = item.promise
        parts.append(Text.from_markup(f"• {turn}{label}: before holding to “{escape(quote)}” ({escape(due)}), answer:"))
        parts += [Text.from_markup(f"    ◦ {escape(point)}"
                                   + (f" [dim](touched at turn {touched})[/]" if touched is not None else ""))
                  for point, touched in item.points]
    return Group(*parts)
