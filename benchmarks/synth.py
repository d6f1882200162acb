"""Generate a synthetic week of sales calls for the benchmark (deterministic for a seed).

Each call is about an hour of talk (~9,000 words by default): demo monologues,
discovery chatter with fillers, and every few minutes a customer ask from the
hidden-work catalogue answered with a yes, a no, a scoping question or a dated
promise. Most calls are plain text with a header (date, account, attendees);
some are WebVTT, SRT or JSON with the date in the file name, as exports come.

    python benchmarks/synth.py OUT_DIR --calls 200 --words 9000
"""

from __future__ import annotations

import argparse
import json
import random
import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

PHRASES = Path(__file__).with_name("phrases.toml")
WEEK_START = date(2026, 11, 16)  # Monday of 2026-W47
VENDOR = "Brightdesk"
ACCOUNTS = [
    "Northwind Logistics", "Globex Foods", "Initech Health", "Umbrella Freight", "Acme Plumbing",
    "Hooli Facilities", "Vandelay Imports", "Stark Field Services", "Wayne Property Group", "Soylent Catering",
    "Cyberdyne Security", "Tyrell Biotech", "Wonka Confectionery", "Oceanic Air Cargo", "Massive Dynamic",
    "Gringotts Credit Union", "Pied Piper Networks", "Dunder Paper Supply", "Prestige Worldwide", "Monarch Elevators",
    "Blue Sun Energy", "Aperture Labs", "Black Mesa Utilities", "Gekko Capital", "Sterling Cooper Media",
    "Bluth Property", "Los Pollos Distribution", "Krusty Restaurants", "Nakatomi Trading", "Rekall Travel",
    "Virtucon Manufacturing", "Spacely Sprockets", "Cogswell Cogs", "Planet Express", "Zorg Industries",
    "Oscorp Labs", "Duff Beverages", "Ollivander Retail", "Weyland Mining", "Yoyodyne Propulsion",
]
SELLERS = [("Dana Ruiz", "Account Executive"), ("Sam Okafor", "Sales Engineer"), ("Raj Mehta", "Account Executive"),
           ("Nina Park", "Solutions Engineer"), ("Cy Baptiste", "Account Manager")]
CUSTOMERS = [("Lee Park", "IT Director"), ("Mia Chen", "Operations Manager"), ("Ana Silva", "Finance Director"),
             ("Hugo Brandt", "Head of Dispatch"), ("Priya Nair", "Security Lead"), ("Tom Reyes", "VP Operations"),
             ("Bo Lindgren", "CIO"), ("Ruth Adler", "Compliance Officer"), ("Carl Jensen", "Controller")]
FORMATS = ["txt"] * 7 + ["vtt", "srt", "json"]
ANSWER_WEIGHTS = {"scoping": 0.3, "yes": 0.3, "promise": 0.25, "no": 0.15}
ASK_EVERY = 0.12  # share of exchanges that are a customer ask


@dataclass
class Call:
    """One synthetic call before it is written in some format."""

    day: date
    account: str
    sellers: list[tuple[str, str]]
    customers: list[tuple[str, str]]
    turns: list[tuple[str, float, str]] = field(default_factory=list)  # (speaker, start seconds, text)
    words: int = 0

    def say(self, speaker: str, text: str) -> None:
        start = self.turns[-1][1] + len(self.turns[-1][2].split()) / 2.5 if self.turns else 4.0
        self.turns.append((speaker, round(start, 1), text))
        self.words += len(text.split())


class Talk:
    """Fills phrase templates from the slot pools."""

    def __init__(self, rng: random.Random, phrases: dict) -> None:
        self.rng, self.p = rng, phrases

    def fill(self, template: str) -> str:
        return template.format(**{k: self.rng.choice(v) for k, v in self.p["slots"].items()})

    def pick(self, *path: str) -> str:
        pool = self.p
        for key in path:
            pool = pool[key]
        return self.fill(self.rng.choice(pool))

    def monologue(self, side: str, low: int, high: int) -> str:
        return " ".join(self.pick("talk", side) for _ in range(self.rng.randint(low, high)))


def _ask_exchange(call: Call, talk: Talk, category: str) -> None:
    rng = talk.rng
    customer, seller = rng.choice(call.customers)[0], rng.choice(call.sellers)[0]
    call.say(customer, talk.pick("asks", category))
    kind = rng.choices(list(ANSWER_WEIGHTS), weights=list(ANSWER_WEIGHTS.values()))[0]
    if kind == "scoping":
        call.say(seller, talk.pick("answers", "scoping"))
        call.say(customer, talk.monologue("customer", 1, 2))
        kind = rng.choice(["yes", "promise"])
    call.say(seller, talk.pick("answers", kind))


def build_call(rng: random.Random, phrases: dict, words: int) -> Call:
    """One call of about ``words`` words."""
    call = Call(day=WEEK_START + timedelta(days=rng.randrange(5)), account=rng.choice(ACCOUNTS),
                sellers=rng.sample(SELLERS, 2), customers=rng.sample(CUSTOMERS, rng.randint(1, 3)))
    talk = Talk(rng, phrases)
    categories = rng.sample(list(phrases["asks"]), rng.randint(4, 8))
    call.say(call.sellers[0][0], f"Hi everyone, thanks for joining. I'm {call.sellers[0][0]} from {VENDOR}.")
    while call.words < words:
        if rng.random() < ASK_EVERY:
            _ask_exchange(call, talk, rng.choice(categories))
        elif rng.random() < 0.5:
            call.say(rng.choice(call.sellers)[0], talk.monologue("seller", 2, 7))
        else:
            call.say(rng.choice(call.customers)[0], talk.monologue("customer", 1, 3))
    call.say(call.sellers[0][0], "Great, I'll send a recap and the next steps by email today. Thanks, everyone.")
    return call


def _clock(seconds: float, sep: str = ".") -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}{sep}{int(seconds % 1 * 1000):03d}"


def render(call: Call, fmt: str) -> str:
    """The call as the text of a ``fmt`` transcript file."""
    if fmt == "json":
        return json.dumps({"title": f"{call.account} call", "date": call.day.isoformat(), "account": call.account,
                           "segments": [{"speaker": s, "start": t, "text": x} for s, t, x in call.turns]}, indent=1)
    if fmt in ("vtt", "srt"):
        sep = "." if fmt == "vtt" else ","
        cues = [f"{i}\n{_clock(t, sep)} --> {_clock(t + len(x.split()) / 2.5, sep)}\n{s}: {x}\n"
                for i, (s, t, x) in enumerate(call.turns, start=1)]
        return ("WEBVTT\n\n" if fmt == "vtt" else "") + "\n".join(cues)
    people = [f"{n} ({title}, {VENDOR})" for n, title in call.sellers]
    people += [f"{n} ({title}, {call.account})" for n, title in call.customers]
    head = [f"{call.account}: weekly call", f"Date: {call.day.isoformat()}", f"Account: {call.account}",
            "Attendees: " + ", ".join(people), ""]
    return "\n".join(head + [f"[{_clock(t)[:8]}] {s}: {x}" for s, t, x in call.turns]) + "\n"


def generate_week(out: Path, *, calls: int = 200, words: int = 9000, seed: int = 47) -> list[Path]:
    """Write ``calls`` transcripts into ``out``; the same seed gives the same files."""
    phrases = tomllib.loads(PHRASES.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(calls):
        call = build_call(rng, phrases, words)
        fmt = rng.choice(FORMATS)
        slug = call.account.lower().replace(" ", "-")
        # Exports without a header carry the date in the file name, as many tools name them.
        name = f"{call.day.isoformat()}-{slug}-{index:03d}.{fmt}" if fmt != "txt" else f"{slug}-{index:03d}.txt"
        path = out / name
        path.write_text(render(call, fmt), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--words", type=int, default=9000)
    parser.add_argument("--seed", type=int, default=47)
    args = parser.parse_args()
    paths = generate_week(args.out, calls=args.calls, words=args.words, seed=args.seed)
    print(f"wrote {len(paths)} calls to {args.out}")


if __name__ == "__main__":
    main()
