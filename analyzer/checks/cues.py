"""The check data (``rules.toml``) compiled once per analysis run."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from analyzer.errors import ConfigError


@dataclass(frozen=True)
class FivePoint:
    key: str
    question: str
    cues: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class RiskRule:
    rule: str
    severity: str
    title: str
    rationale: str


@dataclass(frozen=True)
class CheckCues:
    yes: tuple[re.Pattern[str], ...]
    no: tuple[re.Pattern[str], ...]
    scoping: tuple[re.Pattern[str], ...]
    minimizers: tuple[re.Pattern[str], ...]
    five_point: tuple[FivePoint, ...]
    risks: dict[str, RiskRule]
    prerequisite_cues: dict[str, tuple[re.Pattern[str], ...]]


def _compile(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


def any_match(patterns: tuple[re.Pattern[str], ...], text: str) -> re.Match[str] | None:
    """The first match of any of ``patterns`` in ``text``."""
    for pattern in patterns:
        found = pattern.search(text)
        if found:
            return found
    return None


@cache
def load_cues() -> CheckCues:
    """Parse and compile ``rules.toml``."""
    try:
        raw = resources.files(__package__).joinpath("rules.toml").read_text(encoding="utf-8")
        data = tomllib.loads(raw)
        return CheckCues(
            yes=_compile(data["answers"]["yes"]),
            no=_compile(data["answers"]["no"]),
            scoping=_compile(data["scoping"]["questions"]),
            minimizers=_compile(data["minimizers"]["patterns"]),
            five_point=tuple(
                FivePoint(key, spec["question"], _compile(spec["cues"]))
                for key, spec in data["five_point"].items()
            ),
            risks={
                name: RiskRule(name, spec["severity"], spec["title"], spec["rationale"])
                for name, spec in data["risks"].items()
            },
            prerequisite_cues={k: _compile(v) for k, v in data["prerequisite_cues"].items()},
        )
    except (OSError, KeyError, tomllib.TOMLDecodeError, re.error) as err:
        raise ConfigError(f"checks/rules.toml is invalid: {err}") from err
