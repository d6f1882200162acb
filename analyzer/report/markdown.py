"""Markdown: a whole call report, and the question list engineering pastes into a ticket."""

from __future__ import annotations

from analyzer.report import clock, hidden_work_by_category, question_items, risks_by_severity, where
from analyzer.review import label_of


def _quote(text: str) -> str:
    return "“" + text.replace("\n", " ").replace("|", "\\|") + "”"


def questions_markdown(call: dict) -> str:
    """The engineering question list for one call, grouped by category, as a checklist.

    The five readiness questions about one dated promise are one item with the
    points nested under it (each still a checkbox), not five items that repeat
    the promise.
    """
    title = call.get("title") or call["source"]
    lines = [f"## Engineering questions: {title}", "",
             f"Call `{call['call_id']}`" + (f", {call['started_at']}" if call.get("started_at") else ""), ""]
    if not call["questions"]:
        lines.append("No open questions: the call raised no hidden work or dated promises.")
        return "\n".join(lines) + "\n"
    grouped: dict[str | None, list[dict]] = {}
    for q in call["questions"]:
        grouped.setdefault(q["category"], []).append(q)
    for slug, questions in grouped.items():
        lines += [f"### {label_of(slug)}", "", *_checklist(questions, call["turns"]), ""]
    return "\n".join(lines)


def _checklist(questions: list[dict], turns: list[dict]) -> list[str]:
    """One category's checklist lines: a readiness item per promise, with its points nested as their own boxes."""
    lines: list[str] = []
    for item in question_items(questions):
        ref = _raised_at(turns, item.turn)
        if item.promise is None:
            lines.append(f"- [ ] {item.question}{ref}")
            continue
        quote, due = item.promise
        lines.append(f"- [ ] Before holding to {_quote(quote)} ({due}), answer:{ref}")
        lines += [f"  - [ ] {point}" + (f" _(the call touched this at turn {touched})_" if touched is not None else "")
                  for point, touched in item.points]
    return lines


def _raised_at(turns: list[dict], turn: object) -> str:
    if not (isinstance(turn, int) and 0 <= turn < len(turns)):
        return ""
    at = clock(turns[turn].get("start"))
    return f" _(raised at turn {turn}{' @ ' + at if at else ''} by {turns[turn]['speaker']})_"


def call_markdown(call: dict, extra: dict | None = None) -> str:
    """The full report of one call in Markdown."""
    extra = extra or {}
    out = [f"# {call.get('title') or call['source']}", ""]
    facts = [f"source `{call['source']}`", f"call `{call['call_id']}`", f"backend {call['backend']}"]
    if call.get("started_at"):
        facts.append(f"date {call['started_at']}")
    if extra.get("account"):
        facts.append(f"account {extra['account']}")
    out += [", ".join(facts), ""]
    if extra.get("partial"):
        spans = ", ".join(f"{a}–{b}" for a, b in extra.get("failed_turns", []))
        out += [f"> **Partial analysis:** turns {spans} could not be analyzed.", ""]
    speakers = ", ".join(f"{s['name']} ({s['side']})" for s in call["speakers"])
    out += [f"Speakers: {speakers}", "", "## Commitments", ""]
    out += [f"- {_quote(c['quote'])} — {c['speaker']}, {where(c)}"
            + (f", **{label_of(c['category'])}**" if c["category"] else "")
            + (f", due **{c['due']}**" if c["due"] else "") for c in call["commitments"]] or ["None found."]
    out += ["", "## Hidden work", ""]
    for slug, items in hidden_work_by_category(call).items():
        out.append(f"### {label_of(slug)}")
        out += [f"- {_quote(h['quote'])} — {h['speaker']} ({h['side']}), {where(h)}" for h in items]
        out.append("- Work it pulls in: " + "; ".join(items[0]["work_items"]))
        out.append("- Customer must prepare: " + "; ".join(items[0]["customer_prerequisites"]))
        out.append("")
    if not call["hidden_work"]:
        out += ["None found.", ""]
    out += ["## Risks", ""]
    for r in risks_by_severity(call):
        out.append(f"- **{r['severity'].upper()}** {r['title']}: {r['rationale']}")
        out += [f"  - {_quote(e['quote'])} — {e['speaker']}, {where(e)}" for e in r["evidence"]]
    if not call["risks"]:
        out.append("None found.")
    out += ["", questions_markdown(call).replace("## Engineering questions", "## Questions for engineering", 1)]
    return "\n".join(out)
