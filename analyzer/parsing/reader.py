"""The edge of parsing: read a file, decode it, detect its format, hand it to its parser."""

from __future__ import annotations

from pathlib import Path

from analyzer.errors import InputError
from analyzer.models import Transcript
from analyzer.parsing import docx, gong, json_list, plaintext, srt, table, vtt
from analyzer.parsing.decoding import decode
from analyzer.parsing.detect import detect_format

EMPTY = "empty file"
_ZIP = b"PK\x03\x04"  # .docx files are zip archives
_TEXT_PARSERS = {"vtt": vtt.parse, "srt": srt.parse, "table": table.parse, "text": plaintext.parse}


def load(path: Path) -> Transcript:
    """Read and parse one transcript file (and, for ``NAME.json``, a ``NAME.meta.json`` beside it).

    ``source`` in the result (and in any InputError) is ``str(path)``.
    """
    source = str(path)
    data = _read(path, source=source)
    meta_path = _meta_path(path)
    meta = _read(meta_path, source=str(meta_path)) if meta_path and meta_path.is_file() else None
    return parse_bytes(data, source=source, meta=meta)


def parse_bytes(data: bytes, *, source: str, meta: bytes | None = None) -> Transcript:
    """Decode, detect the format from the content, and parse.

    ``meta`` is the content of a Gong ``NAME.meta.json`` (parties, title, start time).
    Every failure is an InputError naming ``source``.
    """
    if not data.strip():
        raise InputError(EMPTY, source=source)
    if data.startswith(_ZIP):
        return docx.parse(data, source=source)
    text = decode(data, source=source)
    if not text.strip():
        raise InputError(EMPTY, source=source)
    fmt = detect_format(text, source=source)
    if fmt != "json":
        return _TEXT_PARSERS[fmt](text, source=source)
    doc = json_list.load_json(text, source=source)
    if not gong.is_gong(doc):
        return json_list.from_data(doc, source=source)
    meta_doc = None
    if meta is not None:
        meta_source = _meta_name(source)
        meta_doc = json_list.load_json(decode(meta, source=meta_source), source=meta_source)
    return gong.from_data(doc, source=source, meta=meta_doc)


def _read(path: Path, *, source: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as err:
        raise InputError("file not found: no such file or directory", source=source) from err
    except IsADirectoryError as err:
        raise InputError("is a directory, not a transcript file", source=source) from err
    except PermissionError as err:
        raise InputError("permission denied", source=source) from err
    except OSError as err:
        raise InputError(f"cannot read file: {err.strerror or err}", source=source) from err


def _meta_path(path: Path) -> Path | None:
    """``call.json`` -> ``call.meta.json``; None for other files and for a meta file itself."""
    name = path.name
    if not name.lower().endswith(".json") or name.lower().endswith(".meta.json"):
        return None
    return path.with_name(name[: -len(".json")] + ".meta.json")


def _meta_name(source: str) -> str:
    return source[: -len(".json")] + ".meta.json" if source.lower().endswith(".json") else f"{source} (meta)"
