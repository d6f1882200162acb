"""Benchmark: a synthetic week of one-hour calls analyzed into a fresh database, then reviewed.

Prints figures and the targets beside them; it asserts nothing (speed is measured
here, never in the test suite). Targets on a 2-core machine: the 200-call week
analyzed in under 60 s, the review in under 2 s, peak memory that does not grow
with the number of calls, and analysis time under 5x the floor of merely reading
and tokenizing the same text with tiktoken.

    python benchmarks/week.py                  # 200 calls of ~9,000 words
    python benchmarks/week.py --calls 40 --small 10 --words 3000

The analysis runs as users run it, ``python -m analyzer analyze DIR --format json``
in a subprocess (stdout discarded), so start-up, the worker pool, parsing, the
rules backend, the checks, SQLite writes and JSON output are all in the figure.
Memory is sampled from /proc: the whole process tree (the CLI and its workers, as
PSS, so pages the forked workers share with the CLI count once) and the largest
single process (RSS).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import WEEK_START, generate_week

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"week_s": 60.0, "review_s": 2.0, "ratio": 5.0}


@dataclass
class Run:
    """One analysis run: wall time and memory."""

    calls: int
    wall_s: float
    cpu_s: float  # user + system of the CLI and its workers: what other load on the machine does not inflate
    peak_tree_mb: float
    peak_process_mb: float
    exit_code: int
    summary: str = ""  # the CLI's end-of-batch line: how many were analyzed and skipped


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                found += [int(c) for c in fh.read().split()]
    except OSError:  # the process ended between listing and reading
        pass
    return found


def _memory_mb(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of one process in MB.

    Forked workers share the parent's pages (compiled patterns, the tokenizer), so RSS
    summed over the tree counts those pages once per process; PSS splits each shared
    page among its sharers and sums to what the tree really holds. Without
    ``smaps_rollup`` (kernels before 4.14) PSS falls back to RSS.
    """
    rss = pss = 0.0
    try:
        with open(f"/proc/{pid}/status") as fh:
            rss = next((int(line.split()[1]) / 1024 for line in fh if line.startswith("VmRSS:")), 0.0)
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            pss = next((int(line.split()[1]) / 1024 for line in fh if line.startswith("Pss:")), rss)
    except OSError:  # the process ended, or no smaps_rollup
        pss = pss or rss
    return rss, pss


class PeakMemory(threading.Thread):
    """Samples the memory of a process and all its descendants until stopped: the tree's PSS, the largest RSS."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.tree_mb = self.process_mb = 0.0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            pids, todo = [], [self.pid]
            while todo:
                pid = todo.pop()
                pids.append(pid)
                todo += _children(pid)
            sizes = [_memory_mb(p) for p in pids]
            self.tree_mb = max(self.tree_mb, sum(pss for _, pss in sizes))
            self.process_mb = max(self.process_mb, max((rss for rss, _ in sizes), default=0.0))
            time.sleep(self.every)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def analyze(paths: list[str], calls: int, db: Path, jobs: int, *, fresh: bool = True) -> Run:
    """``analyzer analyze PATHS --db DB --format json`` (into a fresh database unless told), measured."""
    for suffix in ("", "-wal", "-shm") if fresh else ():
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "analyzer", "analyze", *paths, "--db", str(db), "--format", "json",
           "--jobs", str(jobs)]
    cpu, started = _children_cpu(), time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    sampler = PeakMemory(proc.pid)
    sampler.start()
    _, err = proc.communicate()
    wall, cpu = time.perf_counter() - started, _children_cpu() - cpu
    sampler.stop()
    if proc.returncode:
        print(err.decode()[-2000:], file=sys.stderr)
    summary = next((line for line in err.decode().splitlines() if " inputs: " in line), "")
    return Run(calls, wall, cpu, sampler.tree_mb, sampler.process_mb, proc.returncode, summary)


def tokenize_floor(paths: list[Path]) -> tuple[float, int]:
    """CPU seconds to read every file and count its tokens with tiktoken (one process), and the token total.

    CPU time, not wall: on a shared machine other load would otherwise move the floor.
    """
    from analyzer.tokens import get_tokenizer

    tokenizer = get_tokenizer()
    tokenizer.count("warm up")  # loading the encoding is not part of the floor
    started = time.process_time()
    tokens = sum(tokenizer.count(p.read_bytes().decode("utf-8")) for p in paths)
    return time.process_time() - started, tokens


def time_review(db: Path) -> dict[str, float]:
    """Seconds to query and build the week's review, and to render each format (in this process)."""
    from rich.console import Console

    from analyzer.report.review_html import review_html
    from analyzer.report.review_markdown import review_markdown
    from analyzer.report.review_text import review_report
    from analyzer.review import Period, build_review
    from analyzer.store import open_db
    from analyzer.store.review import review_rows

    database = open_db(db)
    period = Period(WEEK_START, WEEK_START + timedelta(days=6))
    times = {}
    started = time.perf_counter()
    weekly = build_review(review_rows(database, period.since, period.until), period)
    times["query + build"] = time.perf_counter() - started
    with open(os.devnull, "w") as devnull:
        terminal = Console(file=devnull, width=140)
        for name, render in (("html", review_html), ("markdown", review_markdown),
                             ("text", lambda r: terminal.print(review_report(r)))):
            started = time.perf_counter()
            render(weekly)
            times[f"render {name}"] = time.perf_counter() - started
    times["risks"], times["questions"] = len(weekly.risks), len(weekly.questions)
    return times


def time_review_cli(db: Path) -> float:
    """Wall seconds of ``analyzer review --week ... --format html`` (start-up included)."""
    week = f"{WEEK_START.isocalendar()[0]}-W{WEEK_START.isocalendar()[1]:02d}"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "analyzer", "review", "--week", week, "--format", "html", "--db", str(db)],
                   stdout=subprocess.DEVNULL, check=True, cwd=ROOT)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description="Time a synthetic week: analysis, memory, review.")
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--small", type=int, default=50, help="the smaller run, to show memory does not grow")
    parser.add_argument("--words", type=int, default=9000)
    parser.add_argument("--jobs", type=int, default=0, help="passed to analyze (0: one worker per core)")
    parser.add_argument("--dir", type=Path, help="keep the transcripts and databases here")
    args = parser.parse_args()
    work = args.dir or Path(tempfile.mkdtemp(prefix="analyzer-week-"))
    calls_dir = work / "calls"
    if not calls_dir.is_dir() or len(list(calls_dir.iterdir())) != args.calls:
        paths = generate_week(calls_dir, calls=args.calls, words=args.words)
    else:
        paths = sorted(calls_dir.iterdir())
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    print(f"{len(paths)} calls, {words:,} words ({words // len(paths):,} a call) in {calls_dir}")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {date.today()}\n")

    floor, tokens = tokenize_floor(paths)
    small = analyze([str(p) for p in paths[: args.small]], args.small, work / "small.db", args.jobs)
    full = analyze([str(calls_dir)], len(paths), work / "week.db", args.jobs)
    # Everything is stored now: a rerun only reads, hashes and skips.
    rerun = analyze([str(calls_dir)], len(paths), work / "week.db", args.jobs, fresh=False)
    review = time_review(work / "week.db")
    review_cli = time_review_cli(work / "week.db")
    report(tokens, floor, small, full, rerun, review, review_cli)


def report(tokens: int, floor: float, small: Run, full: Run, rerun: Run, review: dict, review_cli: float) -> None:
    """Print the figures and the targets."""
    def mark(ok: bool) -> str:
        return "ok  " if ok else "MISS"

    ratio = full.wall_s / floor
    print(f"floor: read + tiktoken count {tokens:,} tokens: {floor:.2f} CPU s "
          f"({tokens / floor / 1e6:.1f} M tokens/s, 1 core)")
    for run in (small, full):
        rate = run.calls / run.wall_s
        print(f"analyze {run.calls:>3} calls: {run.wall_s:6.1f} s wall ({run.cpu_s:.1f} s CPU), {rate:5.2f} calls/s, "
              f"peak memory "
              f"{run.peak_tree_mb:6.0f} MB process tree (PSS) / {run.peak_process_mb:5.0f} MB largest process (RSS)"
              + (f"  (exit {run.exit_code})" if run.exit_code else ""))
    print(f"rerun over the stored week: {rerun.wall_s:.1f} s ({rerun.summary or 'no summary'})")
    print(f"review: query + build {review['query + build']:.2f} s, html {review['render html']:.2f} s, "
          f"markdown {review['render markdown']:.2f} s, text {review['render text']:.2f} s "
          f"({review['risks']} risks, {review['questions']} questions); CLI html {review_cli:.2f} s\n")
    growth = full.peak_tree_mb / small.peak_tree_mb if small.peak_tree_mb else float("nan")
    print("targets")
    print(f"  {mark(full.wall_s < TARGETS['week_s'])} week analyzed < {TARGETS['week_s']:.0f} s: {full.wall_s:.1f} s")
    print(f"  {mark(review_cli < TARGETS['review_s'])} review < {TARGETS['review_s']:.0f} s: {review_cli:.2f} s (CLI)")
    print(f"  {mark(growth < 1.25)} memory flat: {small.calls} calls {small.peak_tree_mb:.0f} MB -> "
          f"{full.calls} calls {full.peak_tree_mb:.0f} MB (x{growth:.2f})")
    print(f"  {mark(ratio < TARGETS['ratio'])} analysis / floor < {TARGETS['ratio']:.0f}: {ratio:.1f} wall "
          f"({full.cpu_s / floor:.1f} in CPU seconds)")


if __name__ == "__main__":
    main()
