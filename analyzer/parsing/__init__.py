"""Transcript parsing: bytes or a file in, :class:`analyzer.models.Transcript` out.

``load(path)`` and ``parse_bytes(data, source=...)`` are the edge (reading, decoding,
format detection); each format module has a pure ``parse(text, *, source)``.
Every failure is an :class:`analyzer.errors.InputError`.
"""

from __future__ import annotations

from analyzer.parsing.reader import load, parse_bytes

__all__ = ["load", "parse_bytes"]
