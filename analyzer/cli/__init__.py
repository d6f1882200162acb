"""The command line: arguments in, reports and exit codes out.

Each submodule registers its commands on the one typer ``app``. Library errors
(:class:`~analyzer.errors.AnalyzerError`) become one line on stderr naming the
file and the reason, in the commands and nowhere else.
"""

from __future__ import annotations

from analyzer.cli import (
    batch,  # noqa: F401  (registers its commands)
    calls,  # noqa: F401  (registers its commands)
    review,  # noqa: F401  (registers its commands)
    serve,  # noqa: F401  (registers its commands)
)
from analyzer.cli.common import app


def main() -> None:
    """Console-script entry point."""
    app()
