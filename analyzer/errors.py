"""One base error for the library; the CLI turns these into one-line messages."""

from __future__ import annotations


class AnalyzerError(Exception):
    """Base of every error the library raises on purpose.

    ``source`` names the file (or ``-`` for stdin) and ``line`` the 1-based line
    where the problem is, when known; ``str()`` gives the one-line message the
    CLI prints.
    """

    def __init__(self, reason: str, *, source: str | None = None, line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.source = source
        self.line = line

    def __str__(self) -> str:
        where = self.source or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.reason}" if where else self.reason


class InputError(AnalyzerError):
    """A transcript that cannot be read: missing, empty, binary, malformed, unknown format."""


class StoreError(AnalyzerError):
    """The database cannot be opened, migrated or written."""


class BackendError(AnalyzerError):
    """An extraction backend failed for a reason the user can act on (no key, bad URL)."""


class ConfigError(AnalyzerError):
    """A setting, price table or prompt file is missing or invalid."""
