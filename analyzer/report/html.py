"""The per-call HTML report: one self-contained page (inline CSS and JS, no CDN).

Everything that came from a transcript reaches the page through Jinja2 with
autoescape on, so a transcript cannot inject markup. Highlights are computed
here as plain-text segments (never by splicing HTML), and the template escapes
every segment.

The same templates serve the web app: ``analyzer.web`` adds its own template
folder in front of this one and extends ``call.html.j2`` / ``base.html.j2``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

from jinja2 import BaseLoader, Environment, PackageLoader, StrictUndefined, select_autoescape

from analyzer.catalogue import SLUGS
from analyzer.report import clock, hidden_work_by_category, question_items, risks_by_severity
from analyzer.report.markdown import questions_markdown
from analyzer.review import label_of


@dataclass(frozen=True, slots=True)
class Mark:
    """Why a stretch of a turn is highlighted: a commitment or a hidden-work ask."""

    kind: str  # "commitment" | "hidden_work"
    category: str | None
    label: str  # shown as a tooltip: "Commitment · Single sign-on, due next Friday"


@dataclass(slots=True)
class Segment:
    """A stretch of turn text and the marks covering it (none: plain text)."""

    text: str
    marks: list[Mark] = field(default_factory=list)

    @property
    def css(self) -> str:
        """Classes for the ``<mark>``: kinds and categories of every covering mark."""
        classes = {f"hl-{m.kind}" for m in self.marks} | {f"cat-{m.category or 'none'}" for m in self.marks}
        return " ".join(sorted(classes))

    @property
    def title(self) -> str:
        return "; ".join(dict.fromkeys(m.label for m in self.marks))


def category_hue(slug: str | None) -> int:
    """A stable hue per category, so a category has the same colour everywhere.

    The 14 categories sit evenly round the colour wheel, visited with a stride
    of 5 (coprime with 14) so neighbours in the catalogue get distant hues.
    """
    if slug not in SLUGS:
        return 0
    return (SLUGS.index(slug) * 5 % len(SLUGS)) * 360 // len(SLUGS)


def split_turn(text: str, spans: Iterable[tuple[int, int, Mark]]) -> list[Segment]:
    """Cut ``text`` at every span boundary; each piece knows the marks covering it.

    Overlapping quotes (a commitment inside a hidden-work ask) are both kept:
    the overlap simply carries both marks.
    """
    spans = [(a, b, m) for a, b, m in spans if 0 <= a < b <= len(text)]
    cuts = sorted({0, len(text), *(a for a, _, _ in spans), *(b for _, b, _ in spans)})
    segments: list[Segment] = []
    for start, end in pairwise(cuts):
        marks = [m for a, b, m in spans if a <= start and end <= b]
        if segments and not marks and not segments[-1].marks:
            segments[-1].text += text[start:end]
        else:
            segments.append(Segment(text[start:end], marks))
    return segments or [Segment(text)]


def _marks_by_turn(call: dict) -> dict[int, list[tuple[str, Mark]]]:
    """Quotes to highlight per turn index, with the mark each gets."""
    found: dict[int, list[tuple[str, Mark]]] = {}
    for c in call["commitments"]:
        label = "Commitment" + (f" · {label_of(c['category'])}" if c.get("category") else "")
        label += f", due {c['due']}" if c.get("due") else ""
        found.setdefault(c["turn"], []).append((c["quote"], Mark("commitment", c.get("category"), label)))
    for h in call["hidden_work"]:
        label = f"Hidden work · {label_of(h['category'])}"
        found.setdefault(h["turn"], []).append((h["quote"], Mark("hidden_work", h["category"], label)))
    return found


def highlighted_turns(call: dict) -> list[dict]:
    """Each turn with its text split into highlighted and plain segments.

    A quote is an exact substring of its turn (the contract's grounding rule);
    it is highlighted at its first occurrence. A quote that is not found is
    simply not highlighted rather than guessed at.
    """
    marks = _marks_by_turn(call)
    turns = []
    for index, turn in enumerate(call["turns"]):
        text = turn["text"]
        spans = []
        for quote, mark in marks.get(index, []):
            at = text.find(quote) if quote else -1
            if at >= 0:
                spans.append((at, at + len(quote), mark))
        turns.append({"index": index, "speaker": turn["speaker"], "side": turn["side"],
                      "clock": clock(turn.get("start")), "segments": split_turn(text, spans)})
    return turns


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def hidden_work_groups(call: dict) -> list[dict]:
    """Hidden work per category: the asks, and the union of their work items and prerequisites."""
    return [{"slug": slug, "label": label_of(slug), "asks": items,
             "work_items": _unique(w for h in items for w in h["work_items"]),
             "prerequisites": _unique(p for h in items for p in h["customer_prerequisites"])}
            for slug, items in hidden_work_by_category(call).items()]


def report_context(call: dict, extra: dict | None = None) -> dict:
    """Everything the call template needs, as plain data (shared with the web app)."""
    # The store always has these; a hand-built or fresh ``extra`` may not.
    extra = {"account": None, "partial": False, "failed_turns": [], "rejected_quotes": 0} | (extra or {})
    used = {c.get("category") for c in call["commitments"]} | {h["category"] for h in call["hidden_work"]}
    return {
        "call": call, "extra": extra, "title": call.get("title") or call["source"],
        "turns": highlighted_turns(call), "groups": hidden_work_groups(call),
        "risks": risks_by_severity(call),
        "commitments": [c | {"label": label_of(c.get("category")), "clock": clock(c.get("start"))}
                        for c in call["commitments"]],
        "questions": [{"label": label_of(item.category), "item": item} for item in question_items(call["questions"])],
        "question_count": len(call["questions"]),
        "no_seller": bool(call["speakers"]) and not any(s["side"] == "seller" for s in call["speakers"]),
        "questions_md": questions_markdown(call),
        "legend": [{"slug": s, "label": label_of(s)} for s in (*SLUGS, None) if s in used],
        "failed_spans": ", ".join(f"{a}–{b}" for a, b in extra.get("failed_turns", [])),
    }


def make_environment(loader: BaseLoader | None = None) -> Environment:
    """A Jinja2 environment with autoescape on for every template, HTML or not.

    ``select_autoescape`` with ``default=True`` escapes ``.j2`` templates too;
    StrictUndefined turns a typo in a template into an error, not a blank.
    """
    env = Environment(loader=loader or PackageLoader("analyzer.report", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(category_label=label_of, category_hue=category_hue, slugs=SLUGS,
                       clock=clock)
    return env


@cache
def _environment() -> Environment:
    # Built on first use, not at import time, and reused: template parsing is the slow part.
    return make_environment()


def call_html(call: dict, extra: dict | None = None) -> str:
    """The full report of one call as a self-contained HTML page."""
    return _environment().get_template("call.html.j2").render(report_context(call, extra))
