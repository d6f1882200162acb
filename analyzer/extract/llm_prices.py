"""The price table: what a request cost, from ``analyzer/data/prices.toml`` and the user's overrides."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from analyzer.errors import ConfigError

PRICES_ENV = "ANALYZER_PRICES"
_PER = 1_000_000  # prices are per million tokens


@dataclass(frozen=True)
class ModelPrice:
    """US dollars per million tokens."""

    input: float
    output: float
    cached_input: float | None = None


@dataclass(frozen=True)
class PriceTable:
    models: dict[str, ModelPrice]
    batch_discount: float = 0.5

    def price_of(self, model: str) -> ModelPrice | None:
        """Exact name first, else the longest listed name ``model`` starts with."""
        if model in self.models:
            return self.models[model]
        prefixes = [name for name in self.models if model.startswith(name)]
        return self.models[max(prefixes, key=len)] if prefixes else None

    def cost(self, model: str, *, tokens_in: int, tokens_out: int, cached_in: int = 0,
             batch: bool = False) -> float | None:
        """What one request cost in US dollars, or ``None`` when the model has no price."""
        price = self.price_of(model)
        if price is None:
            return None
        cached_rate = price.input if price.cached_input is None else price.cached_input
        cost = ((tokens_in - cached_in) * price.input + cached_in * cached_rate + tokens_out * price.output) / _PER
        return cost * self.batch_discount if batch else cost


def _parse(text: str, where: str) -> dict:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"price table is not valid TOML: {err}", source=where) from err
    if not isinstance(data.get("models", {}), dict):
        raise ConfigError("price table: [models.NAME] tables expected", source=where)
    return data


def _model_prices(data: dict, where: str) -> dict[str, ModelPrice]:
    models: dict[str, ModelPrice] = {}
    for name, spec in data.get("models", {}).items():
        try:
            models[name] = ModelPrice(float(spec["input"]), float(spec["output"]),
                                      float(spec["cached_input"]) if "cached_input" in spec else None)
        except (KeyError, TypeError, ValueError) as err:
            raise ConfigError(f"price of {name!r} needs numbers for input and output ({err})", source=where) from err
    return models


def load_prices(override: str | Path | None = None) -> PriceTable:
    """The shipped table, with ``override`` (or ``$ANALYZER_PRICES``) laid over it."""
    shipped = resources.files("analyzer").joinpath("data", "prices.toml").read_text(encoding="utf-8")
    data = _parse(shipped, "analyzer/data/prices.toml")
    models = _model_prices(data, "analyzer/data/prices.toml")
    discount = float(data.get("batch_discount", 0.5))
    path = override or os.environ.get(PRICES_ENV)
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as err:
            raise ConfigError(f"cannot read price table: {err.strerror}", source=str(path)) from err
        user = _parse(text, str(path))
        models |= _model_prices(user, str(path))
        discount = float(user.get("batch_discount", discount))
    return PriceTable(models, discount)
