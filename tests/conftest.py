from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

# No property test has a per-example time limit: on a loaded CI machine a slow example is not a failure.
# Built on whichever profile is active (Hypothesis picks its "ci" one on CI), changing only the deadline.
settings.register_profile("analyzer", settings.get_profile(settings.get_current_profile_name()), deadline=None)
settings.load_profile("analyzer")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def calls(self) -> list[dict]:
        return [json.loads(line) for line in self.stdout.splitlines() if line.strip()]


@pytest.fixture
def run_cli(tmp_path):
    """Run the real command line (``python -m analyzer``) in a temp folder."""

    def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> Run:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "120"}
        env.pop("ANALYZER_DB", None)
        proc = subprocess.run([sys.executable, "-m", "analyzer", *args], input=stdin, capture_output=True,
                              cwd=cwd or tmp_path, env=env, timeout=120)
        return Run(proc.returncode, proc.stdout.decode(), proc.stderr.decode())

    return run
