"""Reading a multipart upload into memory, with a per-file size limit.

Starlette's own form parser spools any file over 1 MB to a temporary file on
disk; uploads here must never be written outside the database, so this
module feeds the request stream to python-multipart's streaming parser and
keeps every part in memory, refusing a file as soon as it passes the limit.
File names are kept for display only (see :func:`display_name`).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

MAX_FILES = 50
MAX_FIELD_BYTES = 64 * 1024


class UploadError(Exception):
    """An upload the app refuses; ``status`` is the HTTP status, ``str()`` the one-line reason."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass(slots=True)
class UploadedFile:
    """One uploaded file: its name for display, and its bytes (in memory only)."""

    name: str
    data: bytearray = field(default_factory=bytearray)


@dataclass(slots=True)
class UploadForm:
    """Everything the form sent: the files, in order, and the text fields by name."""

    files: list[UploadedFile] = field(default_factory=list)
    fields: dict[str, list[str]] = field(default_factory=dict)

    def values(self, name: str) -> list[str]:
        """Non-blank values of a text field, stripped."""
        return [v.strip() for v in self.fields.get(name, []) if v.strip()]


def display_name(raw: str) -> str:
    """The last path component of a client's file name, without control characters.

    Browsers send a bare name, but nothing stops a client sending
    ``../../etc/passwd``; the name only labels the call, yet it is cleaned so
    what is shown is what the person picked. It keeps its extension, which
    format detection reads.
    """
    name = re.split(r"[\\/]", raw)[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip()[:200]
    return name or "upload"


def megabytes(size: int) -> str:
    """``20971520`` -> ``20 MB``, ``10485`` -> ``10 KB`` (binary units, as ``--max-upload-mb`` counts them).

    A limit under a tenth of a megabyte is said in kilobytes: "0 MB" would tell the user nothing.
    """
    if size < 2**20 / 10:
        return f"{max(1, round(size / 2**10)):g} KB"
    return f"{round(size / 2**20, 1):g} MB"


class _Collector:
    """python-multipart callbacks that collect parts into an :class:`UploadForm`."""

    def __init__(self, max_file_bytes: int):
        self.form = UploadForm()
        self.max_file_bytes = max_file_bytes
        self.too_large: UploadedFile | None = None
        self._headers: dict[bytes, bytes] = {}
        self._name = self._value = b""
        self._file: UploadedFile | None = None
        self._field: tuple[str, bytearray] | None = None

    def callbacks(self) -> dict:
        return {"on_part_begin": self._begin, "on_header_field": self._header_name,
                "on_header_value": self._header_value, "on_header_end": self._header_end,
                "on_headers_finished": self._headers_done, "on_part_data": self._data,
                "on_part_end": self._end}

    def _begin(self) -> None:
        self._headers, self._file, self._field = {}, None, None

    def _header_name(self, data: bytes, start: int, end: int) -> None:
        self._name += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        self._headers[self._name.lower()] = self._value
        self._name = self._value = b""

    def _headers_done(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        name = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" in options:
            if len(self.form.files) >= MAX_FILES:
                raise UploadError(f"too many files: at most {MAX_FILES} in one upload")
            self._file = UploadedFile(display_name(options[b"filename"].decode("utf-8", "replace")))
            if name == "files":
                self.form.files.append(self._file)
        else:
            self._field = (name, bytearray())

    def _data(self, data: bytes, start: int, end: int) -> None:
        if self._file is not None:
            if self.too_large is self._file:
                return  # keep reading so the client gets our answer, but stop keeping the bytes
            self._file.data += data[start:end]
            if len(self._file.data) > self.max_file_bytes:
                self.too_large = self._file
                self._file.data = bytearray()
        elif self._field is not None:
            self._field[1].extend(data[start:end])
            if len(self._field[1]) > MAX_FIELD_BYTES:
                raise UploadError(f"form field {self._field[0]!r} is too long")

    def _end(self) -> None:
        if self._field is not None:
            name, value = self._field
            self.form.fields.setdefault(name, []).append(value.decode("utf-8", "replace"))


async def read_upload(headers: Mapping[str, str], stream: AsyncIterator[bytes], *,
                      max_file_bytes: int) -> UploadForm:
    """Parse a ``multipart/form-data`` body into memory.

    Raises :class:`UploadError`: 413 naming the first file over
    ``max_file_bytes``, 400 for a body that is not a well-formed multipart form.
    The stream is read to its end (up to a hard cap) even after a file is too
    large, because a browser that is cut off mid-upload shows a network error
    instead of our message.
    """
    content_type, params = parse_options_header(headers.get("content-type", ""))
    if content_type != b"multipart/form-data" or not params.get(b"boundary"):
        raise UploadError("send the transcripts as multipart/form-data in the field `files`", status=415)
    collector = _Collector(max_file_bytes)
    parser = MultipartParser(params[b"boundary"], collector.callbacks())
    hard_cap = max_file_bytes * MAX_FILES + MAX_FILES * MAX_FIELD_BYTES
    received = 0
    try:
        async for chunk in stream:
            received += len(chunk)
            if received > hard_cap:
                break
            parser.write(chunk)
        else:
            parser.finalize()
    except FormParserError as err:
        raise UploadError(f"the upload is not a well-formed multipart form: {err}") from err
    if collector.too_large is not None or received > hard_cap:
        name = collector.too_large.name if collector.too_large else "upload"
        raise UploadError(f"{name}: file is larger than the {megabytes(max_file_bytes)} upload limit", status=413)
    return collector.form
