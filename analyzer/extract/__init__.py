"""Extraction backends behind one interface, chosen by name.

Backends are imported only when asked for, so the openai SDK is never loaded
for the offline default.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from analyzer.errors import ConfigError
from analyzer.extract.base import Backend, Extraction, Usage

__all__ = ["BACKENDS", "Backend", "Extraction", "Usage", "backend_factory"]

# name -> "module:factory"; the factory takes keyword settings and returns a Backend.
BACKENDS: dict[str, str] = {
    "rules": "analyzer.extract.rules:RulesBackend",
    "openai": "analyzer.extract.openai_backend:OpenAIBackend",
}


def backend_factory(name: str) -> Callable[..., Backend]:
    """The class or factory for backend ``name``."""
    try:
        module_name, attr = BACKENDS[name].split(":")
    except KeyError as err:
        raise ConfigError(f"unknown backend {name!r}; choose one of {', '.join(BACKENDS)}") from err
    return getattr(import_module(module_name), attr)
