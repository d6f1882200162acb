"""The held-out sets' labels still match their transcripts (each set's own checker, without the analyzer)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.mark.parametrize("checker", sorted(FIXTURES.glob("*/check_labels.py")), ids=lambda p: p.parent.name)
def test_every_labelled_quote_is_in_a_seller_turn_of_its_file(checker):
    done = subprocess.run([sys.executable, str(checker)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.rstrip().endswith("PROBLEMS 0")
