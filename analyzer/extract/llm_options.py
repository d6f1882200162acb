"""The openai backend's settings, resolved from keyword options and the environment.

``OPENAI_API_KEY`` and ``OPENAI_BASE_URL`` are read the way the openai SDK
reads them; explicit options (``--base-url``, ``--model``) win. Everything is
read when the backend is built, never at import time.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlparse

from analyzer.errors import BackendError, ConfigError
from analyzer.extract.llm_prompt import DEFAULT_PROMPT
from analyzer.tokens import DEFAULT_MODEL

OPENAI_URL = "https://api.openai.com/v1"
# Local servers (Ollama, vLLM, llama.cpp, LM Studio) take any key, but the SDK
# insists on one; this is what they are sent when none is set.
LOCAL_PLACEHOLDER_KEY = "not-needed-for-local-servers"


@dataclass(frozen=True)
class LLMOptions:
    """How the openai backend talks to its server, retries, caches and prices."""

    model: str = DEFAULT_MODEL
    base_url: str = OPENAI_URL
    api_key: str | None = None
    concurrency: int = 4  # requests in flight at once, over all calls of a run
    timeout: float = 120.0  # seconds per request
    retries: int = 4  # per request, for 429, 5xx and timeouts
    backoff: float = 1.0  # first wait between retries, doubled each time
    max_backoff: float = 30.0
    max_output_tokens: int = 8192  # a dense 8,000-token excerpt can need ~6,000 tokens of findings
    temperature: float = 0.0
    redact: bool = False
    prompt: str = DEFAULT_PROMPT
    prices: str | None = None  # a price-table file laid over the shipped one
    replay: str | None = None  # answer from recorded responses in this folder, no network
    record: str | None = None  # also write every answer into this folder (for replay)
    cache_only: bool = False  # never send: chunks not in the cache fail (batch collect)

    @classmethod
    def from_options(cls, **options: object) -> LLMOptions:
        """Options from the pipeline's ``backend_options`` plus the environment."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise ConfigError(f"unknown openai backend option(s): {', '.join(unknown)}")
        given = {k: v for k, v in options.items() if v is not None}
        given.update({name: value for name, value in _tuning_from_env().items() if name not in given})
        given.setdefault("base_url", os.environ.get("OPENAI_BASE_URL") or OPENAI_URL)
        given.setdefault("api_key", os.environ.get("OPENAI_API_KEY") or None)
        opts = cls(**given)  # type: ignore[arg-type]
        opts.check()
        return opts

    def check(self) -> None:
        """Refuse settings that cannot work, with one line saying what to do."""
        if self.concurrency < 1 or self.retries < 0 or self.timeout <= 0 or self.backoff < 0:
            raise ConfigError("concurrency must be at least 1, retries and backoff at least 0, timeout above 0")
        if urlparse(self.base_url).scheme not in ("http", "https"):
            raise ConfigError(f"base URL {self.base_url!r} must start with http:// or https://")
        if self.replay is not None and not Path(self.replay).is_dir():
            raise ConfigError(f"replay folder {self.replay} does not exist")
        if self.offline or self.api_key or is_local_url(self.base_url):
            return
        raise BackendError(f"OPENAI_API_KEY is not set: export it, or use --base-url for a local "
                           f"OpenAI-compatible server (the openai backend would send requests to {self.base_url})")

    @property
    def offline(self) -> bool:
        """Replay and cache-only runs never reach a server, so they need no key."""
        return self.replay is not None or self.cache_only

    @property
    def key_to_send(self) -> str:
        return self.api_key or LOCAL_PLACEHOLDER_KEY


# Retry tuning for CI and tests (a test server need not be waited on for seconds).
_TUNING_ENV = {"retries": ("ANALYZER_LLM_RETRIES", int), "backoff": ("ANALYZER_LLM_BACKOFF", float)}


def _tuning_from_env() -> dict[str, int | float]:
    values: dict[str, int | float] = {}
    for name, (variable, kind) in _TUNING_ENV.items():
        raw = os.environ.get(variable)
        if raw:
            try:
                values[name] = kind(raw)
            except ValueError as err:
                raise ConfigError(f"{variable}={raw!r} is not a number") from err
    return values


def is_local_url(url: str) -> bool:
    """True for servers on this machine or a private network (they rarely want a key)."""
    host = (urlparse(url).hostname or "").lower()
    if host in ("localhost", "host.docker.internal") or host.endswith((".local", ".localhost")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_unspecified
