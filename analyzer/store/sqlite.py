"""sqlite-utils, imported without the pandas and numpy it pulls in when they are installed.

sqlite-utils imports pandas and numpy at import time, if present, only to
convert their types on insert. We never insert them, and the import costs
about 0.35 s on every command (most of a one-file `analyze`). They are hidden
for the duration of that one import and visible again right after, so code
that wants pandas (the notebook) still gets it.
"""

from __future__ import annotations

import sys


def _import_quietly():
    hidden = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` raise ImportError
    try:
        import sqlite_utils
        from sqlite_utils.migrations import Migrations
    finally:
        for name in hidden:
            del sys.modules[name]
    return sqlite_utils.Database, Migrations


Database, Migrations = _import_quietly()
