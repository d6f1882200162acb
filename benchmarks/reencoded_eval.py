"""Score an eval set after re-encoding it as short caption cues: format handling must cost nothing.

The unseen calls are also scored re-encoded into other export formats (a turn
cut into cues of a few words, as captions are). This rebuilds a labelled set
that way, WebVTT (``<v Name>`` cues) and SRT (``Name:`` cues), and runs the
scorer on each; the summary lines should equal the original's.

    python benchmarks/reencoded_eval.py                      # ../shared/eval/dev
    python benchmarks/reencoded_eval.py fixtures/eval        # our own held-out calls
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from analyzer import parsing

ROOT = Path(__file__).resolve().parent.parent
WORDS_PER_CUE = 10
CUE_SECONDS = 2.5


def _clock(seconds: float, decimal: str) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{int(hours):02d}:{int(minutes):02d}:{secs:06.3f}".replace(".", decimal)


def reencode(source: Path, target: Path, fmt: str) -> None:
    """Write every labelled transcript of ``source`` into ``target`` as ``fmt`` cues, with its label."""
    (target / "transcripts").mkdir(parents=True)
    (target / "labels").mkdir()
    for label_path in sorted((source / "labels").glob("*.json")):
        label = json.loads(label_path.read_text(encoding="utf-8"))
        transcript = parsing.load(source / "transcripts" / label["file"])
        cues, at = [], 0.0
        for turn in transcript.turns:  # a turn's text is rejoined exactly: cues split at single spaces
            words = turn.text.split(" ")
            for i in range(0, len(words), WORDS_PER_CUE):
                cues.append((at, turn.speaker, " ".join(words[i : i + WORDS_PER_CUE])))
                at += CUE_SECONDS + 0.1
        if fmt == "vtt":
            body = "WEBVTT\n\n" + "\n\n".join(
                f"{_clock(a, '.')} --> {_clock(a + CUE_SECONDS, '.')}\n<v {who}>{text}</v>" for a, who, text in cues)
        else:
            body = "\n\n".join(f"{n}\n{_clock(a, ',')} --> {_clock(a + CUE_SECONDS, ',')}\n{who}: {text}"
                               for n, (a, who, text) in enumerate(cues, 1))
        name = f"{Path(label['file']).stem}.{fmt}"
        (target / "transcripts" / name).write_text(body + "\n", encoding="utf-8")
        (target / "labels" / f"{name}.json").write_text(json.dumps(label | {"file": name}), encoding="utf-8")


def score(eval_dir: Path, scorer: Path) -> str:
    """The scorer's summary line for ``eval_dir`` (run in a scratch folder: it writes analyzer.db)."""
    with tempfile.TemporaryDirectory() as scratch:
        out = subprocess.run([sys.executable, str(scorer), str(eval_dir), "--quiet"], cwd=scratch,
                             capture_output=True, text=True, check=False)
    return (out.stdout.strip().splitlines() or [out.stderr.strip()])[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", nargs="?", type=Path, default=ROOT.parent / "shared" / "eval" / "dev")
    parser.add_argument("--scorer", type=Path, default=ROOT.parent / "shared" / "eval" / "score.py")
    args = parser.parse_args()
    args.eval_dir = args.eval_dir.resolve()
    print(f"{'original':>9}: {score(args.eval_dir, args.scorer)}")
    with tempfile.TemporaryDirectory() as work:
        for fmt in ("vtt", "srt"):
            target = Path(work) / fmt
            reencode(args.eval_dir, target, fmt)
            print(f"{fmt + ' cues':>9}: {score(target, args.scorer)}")


if __name__ == "__main__":
    main()
