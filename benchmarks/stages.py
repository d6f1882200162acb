"""Benchmark: CPU time per call of each pipeline stage, in one process.

Parses, assigns sides, chunks, extracts (rules backend), checks, builds the
contract object and saves into a fresh SQLite file, stage by stage over the
same calls, and prints the best of a few repetitions of each in ms per call.
Speed is measured here, never in the test suite.

    python benchmarks/stages.py                 # 20 synthetic calls of ~9,000 words
    python benchmarks/stages.py DIR --reps 5    # the transcripts in DIR
    python benchmarks/stages.py --profile checks
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import generate_week

from analyzer import store
from analyzer.checks import check
from analyzer.chunking import chunk_turns
from analyzer.models import CallAnalysis
from analyzer.pipeline import Settings, call_id_for, expand_inputs, make_backend, read_transcript, tokenizer_for
from analyzer.sides import assign_sides


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, help="transcripts (default: 20 synthetic calls)")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--profile", choices=("extract", "checks", "save"), help="also print a profile of one stage")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder or Path(tmp) / "calls"
        if args.folder is None:
            generate_week(folder, calls=20, words=9000)
        run(folder, args.reps, args.profile, Path(tmp))


def run(folder: Path, reps: int, profile: str | None, tmp: Path) -> None:
    settings = Settings()
    tokenizer, backend = tokenizer_for(settings), make_backend(settings)
    items = expand_inputs([str(folder)])
    times: dict[str, float] = {}

    def stage(name: str, work: Callable[[], list]) -> list:
        best, out = float("inf"), []
        for _ in range(reps):
            started = time.process_time()
            out = work()
            best = min(best, time.process_time() - started)
        times[name] = 1000 * best / len(items)
        return out

    parsed = stage("parse", lambda: [read_transcript(item) for item in items])
    sided = stage("sides", lambda: [assign_sides(t, settings.sellers) for t in parsed])
    chunks = stage("chunk", lambda: [chunk_turns(t.turns, tokenizer, settings.chunks) for t in sided])
    found = stage("extract", lambda: [backend.extract(t, c) for t, c in zip(sided, chunks, strict=True)])
    checked = stage("checks", lambda: [check(e.mentions, t.turns) for t, e in zip(sided, found, strict=True)])
    analyses = [
        CallAnalysis(call_id=call_id_for(t), transcript=t, backend=backend.name, commitments=c.commitments,
                     hidden_work=c.hidden_work, risks=c.risks, questions=c.questions,
                     rejected_quotes=c.rejected_quotes,
                     failed_turns=sorted({(x.first_turn, x.last_turn) for x in e.failed_chunks}),
                     tokenizer=tokenizer.name, usage=e.usage)
        for t, e, c in zip(sided, found, checked, strict=True)]
    contracts = stage("contract", lambda: [a.to_contract() for a in analyses])

    def save(counter: list[int]) -> None:
        counter[0] += 1
        db = store.open_db(tmp / f"stages-{counter[0]}.db")
        started = time.process_time()
        for analysis, call in zip(analyses, contracts, strict=True):
            store.save_call(db, analysis, key="bench", call=call)
        counter.append(time.process_time() - started)
        db.conn.close()

    runs = [0]
    for _ in range(reps):
        save(runs)
    times["save"] = 1000 * min(runs[1:]) / len(items)
    print(f"{len(items)} calls, CPU ms per call (best of {reps}):")
    print("  ".join(f"{name} {ms:.2f}" for name, ms in times.items()) + f"  | total {sum(times.values()):.2f}")
    if profile:
        work = {
            "extract": lambda: [backend.extract(t, c) for t, c in zip(sided, chunks, strict=True)],
            "checks": lambda: [check(e.mentions, t.turns) for t, e in zip(sided, found, strict=True)],
            "save": lambda: save([100]),
        }[profile]
        profiler = cProfile.Profile()
        profiler.runcall(work)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
