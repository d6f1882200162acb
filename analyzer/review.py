"""The weekly review: a period's calls read together. Pure: rows in, a :class:`WeeklyReview` out.

What the Friday reviewer wants to see, in the order the reports show it:

- every risk of the period, most severe first, with its call, account and evidence;
- what was asked for: per hidden-work category, how many calls and accounts raised it;
- conflicting answers: one account told yes in one call and no in another (or given
  different dates for the same work), and one category answered yes for one account
  and no for another;
- promises coming due: dated commitments (from this period or earlier calls) whose
  due date, resolved by :mod:`analyzer.dates`, falls between the period's start and
  a few weeks after its end;
- one question list for engineering, duplicates merged, each linked to its calls.

The rows come from :mod:`analyzer.store.review`; renderers live in ``analyzer.report``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from functools import cache, lru_cache
from pathlib import PurePath

from analyzer.catalogue import SLUGS
from analyzer.catalogue import label_of as catalogue_label
from analyzer.checks.cues import load_cues
from analyzer.checks.questions import readiness_parts
from analyzer.dates import call_day, resolve_due, week_label, week_start
from analyzer.models import SEVERITY_ORDER

HORIZON_DAYS = 28  # "the next weeks": promises due up to four weeks after the period
QUOTE_LIMIT = 280  # a seller reply quoted in a conflict is cut (at a word) past this


@dataclass(frozen=True)
class Period:
    """The days under review, both ends included."""

    since: date
    until: date

    @property
    def is_week(self) -> bool:
        """Whether the period is one ISO week, Monday to Sunday."""
        return self.since == week_start(self.since) and self.until == self.since + timedelta(days=6)

    def due_by(self, horizon_days: int) -> date:
        """The last day a promise can fall due and still be coming due: ``horizon_days`` after the period."""
        return self.until + timedelta(days=horizon_days)

    @property
    def label(self) -> str:
        return week_label(self.since) if self.is_week else f"{self.since.isoformat()} to {self.until.isoformat()}"

    def __contains__(self, day: date | None) -> bool:
        return day is not None and self.since <= day <= self.until


@dataclass(frozen=True)
class ReviewRows:
    """What the store reads for a period (plain dicts, one per row; see ``analyzer.store.review``).

    ``calls``, ``risks``, ``hidden_work``, ``commitments`` and ``questions`` belong
    to the period's calls; ``promises`` are dated commitments from the period and
    the months before it, each carrying its call's columns.
    """

    calls: list[dict] = field(default_factory=list)
    risks: list[dict] = field(default_factory=list)
    hidden_work: list[dict] = field(default_factory=list)
    commitments: list[dict] = field(default_factory=list)
    questions: list[dict] = field(default_factory=list)
    promises: list[dict] = field(default_factory=list)
    undated_calls: int = 0


@dataclass(frozen=True)
class CallRef:
    """How the review points at a call."""

    call_id: str
    source: str
    title: str | None
    started_at: str | None
    account: str | None

    @property
    def name(self) -> str:
        return self.title or PurePath(self.source).name

    @property
    def day(self) -> date | None:
        return call_day(self.started_at)

    @property
    def day_label(self) -> str:
        """The call's day as ``YYYY-MM-DD`` (a stored datetime shortened), or ``no date``."""
        day = self.day
        return day.isoformat() if day else self.started_at or "no date"


@dataclass
class RiskItem:
    severity: str
    rule: str
    category: str | None
    title: str
    rationale: str
    call: CallRef
    evidence: list[dict]


@dataclass
class RiskGroup:
    """The same risk (rule, category, wording) across the period's calls, for reading a busy week."""

    severity: str
    rule: str
    category: str | None
    title: str
    risks: list[RiskItem]

    @property
    def rationale(self) -> str | None:
        """The why, when every call's risk gives the same one (a dated promise names its own date)."""
        reasons = {r.rationale for r in self.risks}
        return reasons.pop() if len(reasons) == 1 else None

    @property
    def calls(self) -> int:
        return len({r.call.call_id for r in self.risks})

    @property
    def accounts(self) -> list[str]:
        return sorted({r.call.account for r in self.risks if r.call.account}, key=str.casefold)


@dataclass
class AskCount:
    """One hidden-work category across the period: the roadmap signal."""

    category: str
    label: str
    calls: int
    accounts: int
    total_calls: int
    call_ids: list[str]
    account_names: list[str]


@dataclass
class Statement:
    """What one call said about a category: ``stance`` is yes, no, or a due date."""

    call: CallRef
    stance: str
    quote: str
    speaker: str
    turn: int | None
    due: str | None = None


@dataclass
class Conflict:
    """Different answers on one category: within one account (``account`` set) or across accounts."""

    category: str
    label: str
    account: str | None
    kind: str  # "yes/no" or "dates"
    statements: list[Statement]


@dataclass
class DuePromise:
    due_date: date | None
    due: str
    quote: str
    speaker: str
    turn: int | None
    category: str | None
    call: CallRef


@dataclass
class QuestionSource:
    call: CallRef
    turn: int | None
    about: str | None = None  # the promise a readiness question is about


@dataclass
class QuestionItem:
    category: str | None
    label: str
    question: str
    raised_by: list[QuestionSource]


@dataclass
class WeeklyReview:
    period: Period
    calls: list[CallRef]
    risks: list[RiskItem]
    asks: list[AskCount]
    conflicts: list[Conflict]
    coming_due: list[DuePromise]
    undated_promises: list[DuePromise]
    questions: list[QuestionItem]
    undated_calls: int = 0
    horizon_days: int = HORIZON_DAYS

    @property
    def due_by(self) -> date:
        """The last day a promise can fall due and still be listed as coming due."""
        return self.period.due_by(self.horizon_days)

    @property
    def accounts(self) -> list[str]:
        return sorted({c.account for c in self.calls if c.account}, key=str.casefold)

    def risk_groups(self) -> list[RiskGroup]:
        """Risks with the same rule, category and title merged: most severe, then most widespread first."""
        groups: dict[tuple, RiskGroup] = {}
        for risk in self.risks:
            key = (risk.severity, risk.rule, risk.category, risk.title)
            groups.setdefault(key, RiskGroup(*key, [])).risks.append(risk)
        return sorted(groups.values(), key=lambda g: (SEVERITY_ORDER.get(g.severity, 9), -g.calls, g.title))

    def severity_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(SEVERITY_ORDER, 0)
        for risk in self.risks:
            counts[risk.severity] = counts.get(risk.severity, 0) + 1
        return counts

    def to_json(self) -> dict:
        """A JSON-ready dict (dates as ISO strings) for other programs."""
        data = asdict(self)
        data["period"] = {"since": self.period.since.isoformat(), "until": self.period.until.isoformat(),
                          "label": self.period.label}
        data["severity_counts"] = self.severity_counts()
        data["accounts"] = self.accounts
        for item in (*data["coming_due"], *data["undated_promises"]):
            item["due_date"] = item["due_date"].isoformat() if item["due_date"] else None
        return data


@lru_cache(maxsize=8192)
def _due_date(phrase: str | None, said_on: date | None) -> date | None:
    """:func:`analyzer.dates.resolve_due`, remembered: a week repeats the same phrases on the same days."""
    return resolve_due(phrase, said_on)


def count(n: int, noun: str) -> str:
    """``count(1, "call")`` -> ``1 call``; ``count(3, "call")`` -> ``3 calls`` (for the renderers)."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@cache
def _refusal() -> re.Pattern[str]:
    # The checks' "no" cues as one pattern: one search a quote over thousands of quotes a week.
    return re.compile("|".join(f"(?:{p.pattern})" for p in load_cues().no), re.IGNORECASE)


def reads_as_no(text: str | None) -> bool:
    """Whether seller words refuse rather than promise ("No, SCIM isn't something we support today").

    The backends keep such statements as commitments (they are claims the seller
    will be held to), but for conflicts and due dates a refusal is a no, not a
    promise. The same answer cues as the checks (``checks/rules.toml``) decide.
    """
    return bool(text) and _refusal().search(text) is not None


def label_of(slug: str | None) -> str:
    """The catalogue's label for a category slug ("General" for none)."""
    return catalogue_label(slug, "General")


def build_review(rows: ReviewRows, period: Period, *, horizon_days: int = HORIZON_DAYS) -> WeeklyReview:
    """The weekly review of ``period`` from the store's rows."""
    refs = {r["call_id"]: _ref(r) for r in rows.calls}
    coming, undated = promises_coming_due(rows.promises, period, horizon_days=horizon_days)
    return WeeklyReview(
        period=period, calls=list(refs.values()), risks=ranked_risks(rows.risks, refs),
        asks=asks_by_category(rows.hidden_work, refs), conflicts=conflicts(rows, refs),
        coming_due=coming, undated_promises=undated, questions=question_list(rows.questions, refs),
        undated_calls=rows.undated_calls, horizon_days=horizon_days,
    )


def _ref(row: dict) -> CallRef:
    return CallRef(row["call_id"], row["source"], row.get("title"), row.get("started_at"), row.get("account"))


def _call_order(ref: CallRef) -> tuple:
    return (ref.started_at or "", ref.source, ref.call_id)


def ranked_risks(rows: Iterable[dict], refs: dict[str, CallRef]) -> list[RiskItem]:
    """Every risk of the period's calls: high first, then by call date and order in the call."""
    items = [(row, refs[row["call_id"]]) for row in rows if row["call_id"] in refs]
    items.sort(key=lambda pair: (SEVERITY_ORDER.get(pair[0]["severity"], 9), _call_order(pair[1]),
                                 pair[0].get("idx", 0)))
    return [RiskItem(row["severity"], row["rule"], row["category"], row["title"], row["rationale"], ref,
                     list(row["evidence"])) for row, ref in items]


def asks_by_category(rows: Iterable[dict], refs: dict[str, CallRef]) -> list[AskCount]:
    """Per category: the calls and accounts that raised it, most-asked first."""
    calls: dict[str, set[str]] = {}
    for row in rows:
        if row["call_id"] in refs and row["category"]:
            calls.setdefault(row["category"], set()).add(row["call_id"])
    order = {slug: i for i, slug in enumerate(SLUGS)}
    counts = []
    for slug, ids in calls.items():
        accounts = sorted({refs[c].account for c in ids if refs[c].account}, key=str.casefold)
        counts.append(AskCount(slug, label_of(slug), len(ids), len(accounts), len(refs),
                               sorted(ids, key=lambda c: _call_order(refs[c])), accounts))
    counts.sort(key=lambda a: (-a.calls, -a.accounts, order.get(a.category, len(order))))
    return counts


def promises_coming_due(rows: Iterable[dict], period: Period, *,
                        horizon_days: int = HORIZON_DAYS) -> tuple[list[DuePromise], list[DuePromise]]:
    """(promises due from the period's start to ``horizon_days`` after its end, soonest first;
    the period's dated promises whose due phrase names no date)."""
    window_end = period.due_by(horizon_days)
    coming, undated = [], []
    for row in rows:
        if reads_as_no(row["quote"]):  # "we don't support that today" is no promise due today
            continue
        ref = _ref(row)
        when = _due_date(row["due"], ref.day)
        promise = DuePromise(when, row["due"], row["quote"], row["speaker"], row.get("turn"),
                             row.get("category"), ref)
        if when is not None and period.since <= when <= window_end:
            coming.append(promise)
        elif when is None and ref.day in period:
            undated.append(promise)
    coming.sort(key=lambda p: (p.due_date, _call_order(p.call), p.turn or 0))
    undated.sort(key=lambda p: (_call_order(p.call), p.turn or 0))
    return coming, undated


def _clip(text: str, limit: int = QUOTE_LIMIT) -> str:
    """A prefix of ``text`` (still an exact substring of the turn) cut at a word boundary."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " …"


def call_statements(rows: ReviewRows, refs: dict[str, CallRef]) -> dict[tuple[str, str], list[Statement]]:
    """Per (call id, category): what the seller said — commitments first, then answers to asks."""
    found: dict[tuple[str, str], list[Statement]] = {}
    for c in rows.commitments:
        if c["call_id"] in refs and c["category"]:
            found.setdefault((c["call_id"], c["category"]), []).append(_commitment_statement(c, refs))
    for h in rows.hidden_work:
        if h["call_id"] not in refs or h.get("answer") not in ("yes", "no"):
            continue
        reply = h.get("reply_text")
        quote, speaker, turn = ((_clip(reply), h["reply_speaker"], h["reply_turn"]) if reply
                                else (h["quote"], h["speaker"], h["turn"]))
        # The stored answer counts any later promise in the category as a yes; the seller's
        # own reply, when it refuses, is the better witness.
        answer = "no" if reads_as_no(reply) else h["answer"]
        found.setdefault((h["call_id"], h["category"]), []).append(
            Statement(refs[h["call_id"]], answer, quote, speaker, turn))
    return found


def _commitment_statement(c: dict, refs: dict[str, CallRef]) -> Statement:
    """A commitment as a stance: no (a refusal), a due date, or a plain yes."""
    ref = refs[c["call_id"]]
    if reads_as_no(c["quote"]):
        return Statement(ref, "no", c["quote"], c["speaker"], c["turn"])
    due_date = _due_date(c["due"], ref.day)
    stance = f"due {due_date.isoformat()}" if due_date else f"due {c['due']}" if c["due"] else "yes"
    return Statement(ref, stance, c["quote"], c["speaker"], c["turn"], c["due"])


def _answer(statements: list[Statement]) -> set[str]:
    """A call's yes/no on a category: any commitment or yes is a yes."""
    return {"no" if s.stance == "no" else "yes" for s in statements}


def _dates(statements: list[Statement]) -> set[str]:
    return {s.stance for s in statements if s.stance.startswith("due ")}


def conflicts(rows: ReviewRows, refs: dict[str, CallRef]) -> list[Conflict]:
    """Same account told different things across calls; same category answered yes and no across accounts."""
    said = call_statements(rows, refs)
    by_account: dict[tuple[str, str], dict[str, list[Statement]]] = {}
    by_category: dict[str, dict[str, list[Statement]]] = {}
    for (call_id, category), statements in said.items():
        account = refs[call_id].account
        if account:
            by_account.setdefault((account, category), {})[call_id] = statements
        by_category.setdefault(category, {})[call_id] = statements
    found = [c for (account, category), per_call in by_account.items()
             for c in _account_conflicts(account, category, per_call)]
    found += [c for category, per_call in by_category.items()
              if (c := _cross_account_conflict(category, per_call, refs)) is not None]
    order = {slug: i for i, slug in enumerate(SLUGS)}
    found.sort(key=lambda c: (c.account is None, (c.account or "").casefold(), order.get(c.category, 99), c.kind))
    return found


def _account_conflicts(account: str, category: str, per_call: dict[str, list[Statement]]) -> list[Conflict]:
    """A yes in one call and a no in another; or different due dates in different calls."""
    if len(per_call) < 2:
        return []
    out = []
    yes = [cid for cid, s in per_call.items() if "yes" in _answer(s)]
    no = [cid for cid, s in per_call.items() if "no" in _answer(s)]
    if any(a != b for a in yes for b in no):  # a yes and a no from two different calls
        shown = [_pick(per_call[c], "yes") for c in yes] + [_pick(per_call[c], "no") for c in no]
        out.append(Conflict(category, label_of(category), account, "yes/no", _ordered(shown)))
    dated = {cid: _dates(s) for cid, s in per_call.items() if _dates(s)}
    if len(dated) > 1 and len(set().union(*dated.values())) > 1:
        shown = [s for cid in dated for s in per_call[cid] if s.stance.startswith("due ")]
        out.append(Conflict(category, label_of(category), account, "dates", _ordered(_one_per_date(shown))))
    return out


def _cross_account_conflict(category: str, per_call: dict[str, list[Statement]],
                            refs: dict[str, CallRef]) -> Conflict | None:
    """One account told yes and another told no on the same category."""
    def account(cid: str) -> str:
        return refs[cid].account or f"(no account: {refs[cid].name})"

    yes = {account(c) for c, s in per_call.items() if "yes" in _answer(s)}
    no = {account(c) for c, s in per_call.items() if "no" in _answer(s)}
    if not yes or not no or len(yes | no) < 2:
        return None
    shown = [_pick(s, "yes") for s in per_call.values() if "yes" in _answer(s)]
    shown += [_pick(s, "no") for s in per_call.values() if "no" in _answer(s)]
    return Conflict(category, label_of(category), None, "yes/no", _ordered(shown))


def _pick(statements: list[Statement], answer: str) -> Statement:
    """The statement that best shows a call's yes or no (a dated commitment beats a bare yes).

    In a yes/no conflict a dated promise reads as a yes; its due phrase stays in ``due``.
    """
    matching = [s for s in statements if ("no" if s.stance == "no" else "yes") == answer]
    best = next((s for s in matching if s.stance.startswith("due ")), matching[0])
    return replace(best, stance=answer)


def _one_per_date(statements: list[Statement]) -> list[Statement]:
    seen: dict[tuple[str, str], Statement] = {}
    for s in statements:
        seen.setdefault((s.call.call_id, s.stance), s)
    return list(seen.values())


def _ordered(statements: list[Statement]) -> list[Statement]:
    return sorted(statements, key=lambda s: (_call_order(s.call), s.turn or 0))


def question_list(rows: Iterable[dict], refs: dict[str, CallRef]) -> list[QuestionItem]:
    """One list for engineering: duplicates merged by category and wording, each linked to its calls.

    A readiness question asked about a particular promise is merged with the same
    question about other promises; the promise stays visible as ``about``.
    """
    merged: dict[tuple[str | None, str], QuestionItem] = {}
    seen: set[tuple] = set()
    for row in rows:
        if row["call_id"] not in refs:
            continue
        text, normal, about = _generic(row["question"])
        key = (row["category"], normal)
        item = merged.setdefault(key, QuestionItem(row["category"], label_of(row["category"]), text, []))
        if (key, row["call_id"], row.get("turn"), about) not in seen:
            seen.add((key, row["call_id"], row.get("turn"), about))
            item.raised_by.append(QuestionSource(refs[row["call_id"]], row.get("turn"), about))
    order = {slug: i for i, slug in enumerate(SLUGS)}
    items = sorted(merged.values(), key=lambda q: (order.get(q.category, len(order)),
                                                   -len({s.call.call_id for s in q.raised_by})))
    for item in items:
        item.raised_by.sort(key=lambda s: (_call_order(s.call), s.turn or 0))
    return items


@lru_cache(maxsize=4096)
def _generic(question: str) -> tuple[str, str, str | None]:
    """(the question, its key for merging, the promise it is about) — a readiness question's promise split off."""
    parts = readiness_parts(question)
    text, about = (question, None) if parts is None else (parts.point, f"“{parts.quote}” ({parts.due})")
    return text, " ".join(text.casefold().split()).rstrip("?. "), about
