"""A non-editable install must carry the prompts and every data file."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from conftest import ROOT


def test_wheel_ships_prompts_and_catalogue_data(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    (wheel,) = tmp_path.glob("analyzer-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "analyzer/catalogue/categories.toml" in names
    assert "analyzer/catalogue/triggers.toml" in names
    assert "analyzer/checks/rules.toml" in names
    prompts = [n for n in names if n.startswith("analyzer/prompts/") and not n.endswith(".keep")]
    assert prompts, "prompts/ must ship inside the package"
    assert any(n.endswith("__main__.py") for n in names)


def test_code_is_lint_clean_and_layered():
    ruff = subprocess.run([sys.executable, "-m", "ruff", "check", str(ROOT)], capture_output=True, text=True)
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr
    lint = subprocess.run(["lint-imports"], cwd=ROOT, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr
