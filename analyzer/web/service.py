"""What an upload does: analyze every file, then store them all or none.

All-or-nothing is done by analyzing first and storing after: the pipeline
runs with ``db=None`` (nothing is written while files are still being
checked), and only when every file analyzed cleanly are the calls saved, in
one transaction. A bad file therefore leaves the database untouched, and the
person fixes that file and uploads the batch again. (Validating first and
analyzing later would parse everything twice; analyzing first costs nothing
extra because the analyses are kept for the save.)
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from analyzer import store
from analyzer.dates import parse_day
from analyzer.errors import BackendError
from analyzer.pipeline import Input, Settings, analyze_inputs, make_backend
from analyzer.web.uploads import UploadError, UploadForm


def upload_settings(form: UploadForm, base: Settings) -> Settings:
    """The analysis settings a form asks for: sellers, account and date over ``base``.

    Seller names may come as repeated fields or comma-separated in one field.
    """
    sellers = tuple(name.strip() for value in form.values("seller") for name in re.split(r"[,\n]", value)
                    if name.strip())
    account = (form.values("account") or [None])[0]
    raw_date = (form.values("date") or [None])[0]
    day = None
    if raw_date is not None:
        try:
            day = parse_day(raw_date).isoformat()
        except ValueError as err:
            raise UploadError(f"date: {err}", status=422) from err
    return replace(base, sellers=sellers or base.sellers, account=account or base.account, date=day or base.date)


def analyze_upload(form: UploadForm, settings: Settings, *, db_path: str | Path) -> list[dict]:
    """Analyze every uploaded file and store them all; return their call objects in order.

    Raises :class:`UploadError` (400) with the CLI's one-line reason for the
    first file that fails, having stored nothing.
    """
    if not form.files:
        raise UploadError("no files uploaded: send one or more transcripts in the field `files`")
    inputs = [Input(source=f.name, data=bytes(f.data)) for f in form.files]
    # Analyzed before anything is stored (all files or none); an LLM backend still caches in the database.
    backend = None
    if settings.backend != "rules":
        cache_db = store.open_db(db_path)
        try:
            backend = make_backend(settings, db=cache_db)  # the LLM store keeps a connection of its own
        finally:
            cache_db.close()
    try:
        outcomes = list(analyze_inputs(inputs, settings, db=None, backend=backend))
    finally:
        cache = getattr(backend, "cache", None)
        if cache is not None:
            cache.close()  # a server takes uploads for days: one connection per upload would pile up
    for outcome in outcomes:
        if outcome.error is not None:  # the model's server failing is not the uploader's fault: 502
            raise UploadError(str(outcome.error), status=502 if isinstance(outcome.error, BackendError) else 400)
    db = store.open_db(db_path)
    try:
        key = settings.key()
        with store.writing(db):
            for outcome in outcomes:
                assert outcome.analysis is not None  # db=None: every outcome is a fresh analysis
                store.save_call(db, outcome.analysis, key=key)
    finally:
        db.close()
    return [outcome.call for outcome in outcomes if outcome.call is not None]
