"""The local web app (``analyzer serve``): upload, browse and read calls over the same database.

Nothing is built at import time: :func:`create_app` makes the app.
"""

from __future__ import annotations

from analyzer.web.app import create_app

__all__ = ["create_app"]
