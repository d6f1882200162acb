"""Bytes to text: BOM-aware, UTF-16 aware, line ends normalised to ``\\n``."""

from __future__ import annotations

import codecs
import re

from analyzer.errors import InputError

BINARY = "binary file, not a transcript"
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode(data: bytes, *, source: str) -> str:
    """Decode a transcript file's bytes; InputError when they are not text."""
    text = _decode(data, source=source).removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Text files carry no NUL and almost no other control characters; binaries carry many.
    if "\x00" in text or len(_CONTROL.findall(text)) > max(2, len(text) // 100):
        raise InputError(BINARY, source=source)
    return text


def _decode(data: bytes, *, source: str) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], codec, source=source)
    if b"\x00" in data:
        codec = _utf16_without_bom(data)
        if codec is None:
            raise InputError(BINARY, source=source)
        return _strict(data, codec, source=source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Transcripts saved from Windows tools are often cp1252 (curly quotes as 0x92).
        return _strict(data, "cp1252", source=source)


def _strict(data: bytes, codec: str, *, source: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        raise InputError(BINARY, source=source) from err


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM has a NUL in every other byte (for mostly-ASCII text)."""
    sample = data[:4000]
    if len(data) % 2 or len(sample) < 4:
        return None
    half = len(sample) // 2
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd > half * 0.3 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.3 and odd < half * 0.05:
        return "utf-16-be"
    return None
