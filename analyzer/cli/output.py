"""How commands report: call reports on stdout, notes, errors and batch summaries on stderr."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import typer
from rich.console import Console

from analyzer.cli.common import Format, warn
from analyzer.dates import parse_day
from analyzer.models import SEVERITY_ORDER, Usage
from analyzer.pipeline import Outcome
from analyzer.report.markdown import call_markdown
from analyzer.report.text import call_report
from analyzer.sides import names_a_speaker


def check_date(value: str | None, option: str = "--date") -> str | None:
    """``--date`` as an ISO day, or a usage error (exit 2) naming the option."""
    if value is None:
        return None
    try:
        return parse_day(value).isoformat()
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint=option) from err


def emit_outcome(outcome: Outcome, format: Format, totals: Usage, *, sellers: tuple[str, ...] = ()) -> bool:
    """Print one outcome; True when it was a failure (a partial call is one: turns were not analyzed)."""
    if outcome.error is not None:
        warn(str(outcome.error))
        return True
    assert outcome.call is not None
    extra = outcome.extra or {}
    print_call(outcome.call, extra, format)
    for line in side_warnings(outcome.source, outcome.call, sellers):
        note(f"warning: {line}")
    if outcome.analysis is not None and outcome.analysis.usage.requests:
        totals.add(outcome.analysis.usage)
        note(usage_text(outcome.source, outcome.analysis.usage))
    if extra.get("partial"):
        spans = ", ".join(f"{a}-{b}" for a, b in extra.get("failed_turns", []))
        warn(f"{outcome.source}: partial analysis: turns {spans} were not analyzed (stored as partial)")
        return True
    return False


def side_warnings(source: str, call: dict, sellers: tuple[str, ...]) -> list[str]:
    """What the user should know about who was taken for the seller: a --seller nobody answers to, or no seller."""
    names = [s["name"] for s in call["speakers"]]
    out = []
    if sellers and not names_a_speaker(names, sellers):
        out.append(f"{source}: no speaker here is {' or '.join(sellers)}; sides were read from what people say")
    if names and not any(s["side"] == "seller" for s in call["speakers"]):
        out.append(f"{source}: no seller identified among {', '.join(names)}, so no promises were read; "
                   "name the seller with --seller NAME")
    return out


def usage_text(label: str, usage: Usage) -> str:
    """One line of LLM usage: requests, cache hits, tokens and cost."""
    plural = "" if usage.requests == 1 else "s"
    return (f"{label}: {usage.requests} LLM request{plural} ({usage.cached} cached), {usage.tokens_in:,} tokens "
            f"in, {usage.tokens_out:,} out, ${usage.cost_usd:.4f}")


@dataclass
class BatchTally:
    """What a batch did, for the summary at its end."""

    analyzed: int = 0
    skipped: int = 0
    failed: list[str] = field(default_factory=list)  # one line each, naming the file and the reason
    risks: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: Outcome, failed: bool) -> None:
        if outcome.error is not None:
            self.failed.append(str(outcome.error))
            return
        if failed:  # stored, but some turns were not analyzed
            self.failed.append(f"{outcome.source}: partial analysis")
        elif outcome.skipped:
            self.skipped += 1
        else:
            self.analyzed += 1
        self.risks.update(r["severity"] for r in (outcome.call or {}).get("risks", []))

    def summary(self) -> str:
        lines = [f"{self.analyzed + self.skipped + len(self.failed)} inputs: {self.analyzed} analyzed, "
                 f"{self.skipped} already stored (skipped), {len(self.failed)} failed",
                 "risks: " + ", ".join(f"{self.risks[s]} {s}" for s in SEVERITY_ORDER)]
        return "\n".join(lines + (["failed:", *(f"  {line}" for line in self.failed)] if self.failed else []))


@contextmanager
def progress(total: int) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr for several inputs when stderr is a terminal; yields ``advance(source)``."""
    console = Console(stderr=True)
    if total < 2 or not console.is_terminal:
        yield lambda source: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    # A report printed to a terminal goes above the bar; piped stdout (JSON Lines) is left alone.
    with Progress(TextColumn("analyzing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}"), console=console, transient=True,
                  redirect_stdout=sys.stdout.isatty()) as bar:
        task = bar.add_task("", total=total)
        yield lambda source: bar.update(task, advance=1, description=os.path.basename(source))


def run_batch(outcomes: Iterable[Outcome], emit: Callable[[Outcome], bool], *, total: int) -> int:
    """Emit each outcome under a progress bar, then the summary on stderr; the number of failures.

    Ctrl-C stops with the summary so far: every call finished is stored whole, and the
    same command run again skips them and finishes the rest.
    """
    tally = BatchTally()
    try:
        with progress(total) as advance:
            for outcome in outcomes:
                tally.add(outcome, emit(outcome))
                advance(outcome.source)
    except KeyboardInterrupt:
        note(tally.summary() + "\ninterrupted: finished calls are stored; run the same command again to finish")
        raise typer.Exit(130) from None
    if total > 1:
        note(tally.summary())
    return len(tally.failed)


def note(message: str) -> None:
    """A line of information on stderr (stdout stays the report, or JSON Lines)."""
    Console(stderr=True).print(message, highlight=False, markup=False, soft_wrap=True)


# json.dumps(call, ensure_ascii=False) without the check for circular references: a call
# object is a tree of fresh dicts and lists (to_contract, load_call), and skipping the
# bookkeeping of every container it holds makes each line ~10% cheaper (the same text).
_CALL_JSON = json.JSONEncoder(ensure_ascii=False, check_circular=False)


def print_call(call: dict, extra: dict, format: Format) -> None:
    if format is Format.json:
        sys.stdout.write(_CALL_JSON.encode(call) + "\n")
        sys.stdout.flush()
    elif format is Format.markdown:
        sys.stdout.write(call_markdown(call, extra) + "\n")
    elif format is Format.html:
        from analyzer.report.html import call_html  # Jinja2 is loaded only for HTML

        sys.stdout.write(call_html(call, extra))
    else:
        Console().print(call_report(call, extra))


