"""The hidden-work catalogue, loaded from the TOML data beside this module.

``categories.toml`` says what each category pulls in (work items, customer
prerequisites, questions); ``triggers.toml`` says how people talk about it.
Loading is explicit (:func:`load_catalogue`), never at import time.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from analyzer.errors import ConfigError

SLUGS: tuple[str, ...] = (
    "sso", "data_import", "roles_permissions", "audit_logs", "custom_fields",
    "approval_workflow", "integration_api", "billing", "export_reporting", "mobile",
    "admin_controls", "compliance_security", "onboarding_training", "support_sla",
)


@dataclass(frozen=True, slots=True)
class Category:
    """One hidden-work category: what it costs and what to ask about it."""

    slug: str
    label: str
    setup: tuple[str, ...]
    build: tuple[str, ...]
    support: tuple[str, ...]
    prerequisites: tuple[str, ...]
    questions: tuple[str, ...]

    @property
    def work_items(self) -> list[str]:
        """Setup, build and support work in the order engineering plans it."""
        return [*self.setup, *self.build, *self.support]


def read_data(name: str) -> dict:
    """Parse one TOML file shipped in this package."""
    try:
        text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
        return tomllib.loads(text)
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"catalogue file {name} cannot be read: {err}") from err


@cache
def load_catalogue() -> dict[str, Category]:
    """All categories by slug, in contract order."""
    data = read_data("categories.toml")
    missing = [slug for slug in SLUGS if slug not in data]
    unknown = [slug for slug in data if slug not in SLUGS]
    if missing or unknown:
        raise ConfigError(f"categories.toml: missing {missing}, unknown {unknown}")
    return {
        slug: Category(
            slug=slug,
            label=data[slug]["label"],
            setup=tuple(data[slug].get("setup", ())),
            build=tuple(data[slug].get("build", ())),
            support=tuple(data[slug].get("support", ())),
            prerequisites=tuple(data[slug].get("prerequisites", ())),
            questions=tuple(data[slug].get("questions", ())),
        )
        for slug in SLUGS
    }


def label_of(slug: str | None, default: str) -> str:
    """The catalogue's label for a category slug, or ``default`` for none (each report words that its own way)."""
    catalogue = load_catalogue()
    return catalogue[slug].label if slug in catalogue else default
