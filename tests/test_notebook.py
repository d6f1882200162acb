"""The weekly review notebook runs top to bottom on the fixture week (executed, offline)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "weekly_review.ipynb"


def _outputs(nb: nbformat.NotebookNode) -> str:
    """Every text output of the executed notebook, joined."""
    texts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            texts.append(out.get("text", "") + str(out.get("data", {}).get("text/plain", "")))
    return "\n".join(texts)


@pytest.fixture(scope="module")
def week_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("notebook") / "week.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "analyzer", "analyze", str(ROOT / "fixtures" / "week"), "--db", str(db),
                    "--format", "json"], check=True, capture_output=True, env=env, timeout=120)
    return db


def test_the_notebook_runs_top_to_bottom_on_the_fixture_week(week_db, tmp_path, monkeypatch):
    # The kernel inherits this environment: the database, the week, a headless plotting backend.
    monkeypatch.setenv("ANALYZER_DB", str(week_db))
    monkeypatch.setenv("ANALYZER_WEEK", "2026-W47")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    out = _outputs(nb)
    assert "week 2026-11-16 to 2026-11-22: 8 calls, 3 accounts" in out
    assert "Northwind Logistics" in out and "Initech Health" in out
    assert "2026-11-27" in out  # "next Friday" said on Monday 2026-11-16, coming due
    assert "2026-11-24" in out  # a promise from the week before that falls due in this one


def test_the_notebook_is_stored_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert all(not cell.get("outputs") for cell in nb.cells if cell.cell_type == "code")
