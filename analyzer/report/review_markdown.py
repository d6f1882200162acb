"""The weekly review in Markdown, for pasting into tickets and docs."""

from __future__ import annotations

from analyzer.review import Conflict, QuestionItem, WeeklyReview, count

LINKED_CALLS = 5  # calls named per question before "and N more"


def _cell(text: str | None) -> str:
    """Text safe inside a Markdown table cell (one line, pipes escaped)."""
    return " ".join((text or "").split()).replace("|", "\\|")


def _quote(text: str) -> str:
    return "“" + _cell(text) + "”"


def _call(ref_name: str, call_id: str, turn: int | None = None) -> str:
    return f"{_cell(ref_name)} (`{call_id[:8]}`" + (f", turn {turn})" if turn is not None else ")")


def review_markdown(review: WeeklyReview) -> str:
    """The whole review as one Markdown document."""
    parts = [_summary(review), _asks(review), _risks(review), _conflicts(review), _coming_due(review),
             questions_list_markdown(review)]
    return "\n".join(parts)


def _summary(review: WeeklyReview) -> str:
    counts = review.severity_counts()
    lines = [f"# Weekly review {review.period.label}", "",
             f"{review.period.since.isoformat()} to {review.period.until.isoformat()}: "
             f"{count(len(review.calls), 'call')}, {count(len(review.accounts), 'account')}"
             + (f" ({', '.join(_cell(a) for a in review.accounts)})" if review.accounts else "") + ".",
             "Risks: " + ", ".join(f"{n} {s}" for s, n in counts.items()) + "."]
    if review.undated_calls:
        lines.append(f"\n> {count(review.undated_calls, 'stored call')} without a date (in no week).")
    return "\n".join(lines) + "\n"


def _asks(review: WeeklyReview) -> str:
    lines = ["## What was asked for", ""]
    if not review.asks:
        return "\n".join([*lines, "No hidden work raised.", ""])
    lines += ["| Category | Calls | Accounts | Which accounts |", "| --- | ---: | ---: | --- |"]
    lines += [f"| {_cell(a.label)} | {a.calls} of {a.total_calls} | {a.accounts} | "
              f"{_cell(', '.join(a.account_names))} |" for a in review.asks]
    return "\n".join(lines) + "\n"


def _risks(review: WeeklyReview) -> str:
    """Every risk, grouped by what it says: most severe and most widespread first."""
    lines = [f"## Risks ({len(review.risks)})", ""]
    for group in review.risk_groups():
        lines.append(f"### {group.severity.upper()} · {_cell(group.title)} "
                     f"({count(group.calls, 'call')}, {count(len(group.accounts), 'account')})")
        lines += ["", _cell(group.rationale), ""] if group.rationale else [""]
        for r in group.risks:
            lines.append(f"- {_cell(r.call.account or 'no account')}, {_call(r.call.name, r.call.call_id)}, "
                         f"{r.call.day_label}" + ("" if group.rationale else f": {_cell(r.rationale)}"))
            lines += [f"  - {_quote(e['quote'])} — {_cell(e['speaker'])}, turn {e['turn']}" for e in r.evidence]
        lines.append("")
    if not review.risks:
        lines.append("None found.")
    return "\n".join(lines) + "\n"


def _conflict(c: Conflict) -> list[str]:
    who = _cell(c.account) if c.account else "across accounts"
    lines = [f"### {_cell(c.label)}: {who} ({c.kind})", "",
             "| Date | Account | Call | Said | Quote |", "| --- | --- | --- | --- | --- |"]
    lines += [f"| {s.call.day_label} | {_cell(s.call.account)} | {_call(s.call.name, s.call.call_id, s.turn)} "
              f"| **{_cell(s.stance)}**{' (' + _cell(s.due) + ')' if s.due else ''} "
              f"| {_quote(s.quote)} — {_cell(s.speaker)} |" for s in c.statements]
    return [*lines, ""]


def _conflicts(review: WeeklyReview) -> str:
    lines = [f"## Conflicting answers ({len(review.conflicts)})", ""]
    for c in review.conflicts:
        lines += _conflict(c)
    if not review.conflicts:
        lines += ["None found.", ""]
    return "\n".join(lines)


def _coming_due(review: WeeklyReview) -> str:
    lines = [f"## Promises coming due by {review.due_by.isoformat()}", ""]
    rows = [*review.coming_due, *review.undated_promises]
    if not rows:
        return "\n".join([*lines, "None.", ""])
    lines += ["| Due | Said as | Account | Promise | Call |", "| --- | --- | --- | --- | --- |"]
    lines += [f"| {p.due_date.isoformat() if p.due_date else 'no date'} | {_cell(p.due)} | "
              f"{_cell(p.call.account)} | {_quote(p.quote)} — {_cell(p.speaker)} | "
              f"{_call(p.call.name, p.call.call_id, p.turn)}, {p.call.day_label} |" for p in rows]
    return "\n".join(lines) + "\n"


def _question_line(q: QuestionItem) -> str:
    by_call: dict[str, str] = {}
    for s in q.raised_by:
        by_call.setdefault(s.call.call_id, _call(s.call.name, s.call.call_id, s.turn))
    named = list(by_call.values())
    more = f" and {len(named) - LINKED_CALLS} more" if len(named) > LINKED_CALLS else ""
    about = sorted({s.about for s in q.raised_by if s.about})
    calls = "; ".join(named[:LINKED_CALLS]) + more
    line = f"- [ ] {_cell(q.question)} _(raised in {count(len(named), 'call')}: {calls})_"
    if about:
        line += "\n  - about: " + "; ".join(_cell(a) for a in about[:LINKED_CALLS])
        line += f" and {len(about) - LINKED_CALLS} more" if len(about) > LINKED_CALLS else ""
    return line


def questions_list_markdown(review: WeeklyReview) -> str:
    """The week's one question list for engineering, grouped by category."""
    lines = [f"## Questions for engineering ({len(review.questions)})", ""]
    label = None
    for q in review.questions:
        if q.label != label:
            label = q.label
            lines += ["", f"### {_cell(label)}", ""] if lines[-1] else [f"### {_cell(label)}", ""]
        lines.append(_question_line(q))
    if not review.questions:
        lines.append("No open questions this period.")
    return "\n".join(lines) + "\n"
