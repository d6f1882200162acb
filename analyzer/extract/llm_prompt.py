"""Versioned prompt files: loading, rendering, and the cache key they feed.

Prompts live in the repo's top-level ``prompts/`` folder and ship inside the
wheel as ``analyzer/prompts`` (pyproject's force-include). A prompt file is
Markdown split into sections by ``## name`` lines; ``${var}`` marks a variable
and rendering refuses a missing one, so a renamed variable fails loudly
instead of sending an unfilled template.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from string import Template

from analyzer.errors import ConfigError
from analyzer.models import Chunk, Turn

DEFAULT_PROMPT = "extract_v1"
_SECTION = re.compile(r"^## (\w+)[ \t]*$", re.MULTILINE)
_COMMENT = re.compile(r"<!--.*?-->\s*", re.DOTALL)
# The delimiter the excerpt sits in; a transcript that contains it is defused
# so it cannot close the data block early (prompt injection).
_CLOSE_TAG = re.compile(r"</(transcript)", re.IGNORECASE)


@dataclass(frozen=True)
class Prompt:
    """One prompt version: its sections and a hash of its text."""

    version: str
    sections: dict[str, str]
    text_hash: str

    @property
    def version_id(self) -> str:
        """Version name plus content hash: an edited file never reuses old answers."""
        return f"{self.version}@{self.text_hash}"

    def render(self, section: str, **values: object) -> str:
        """Fill one section; a missing variable is a :class:`ConfigError`."""
        try:
            template = Template(self.sections[section])
        except KeyError as err:
            raise ConfigError(f"prompt {self.version} has no '## {section}' section") from err
        try:
            return template.substitute({k: str(v) for k, v in values.items()}).strip()
        except (KeyError, ValueError) as err:
            raise ConfigError(f"prompt {self.version}, section {section}: missing variable {err}") from err


def _prompt_text(version: str) -> str:
    """The prompt file's text: the packaged copy first, then the repo's ``prompts/``."""
    name = f"{version}.md"
    try:
        packaged = resources.files("analyzer").joinpath("prompts", name)
        if packaged.is_file():
            return packaged.read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError):
        pass  # an editable install has no analyzer/prompts; fall through
    repo_copy = Path(__file__).resolve().parents[2] / "prompts" / name
    try:
        return repo_copy.read_text(encoding="utf-8")
    except OSError as err:
        raise ConfigError(f"prompt file {name} not found (looked in analyzer/prompts and {repo_copy.parent})") \
            from err


@cache
def load_prompt(version: str = DEFAULT_PROMPT) -> Prompt:
    """Parse prompt ``version`` (e.g. ``extract_v1``) into its sections."""
    text = _prompt_text(version)
    body = _COMMENT.sub("", text)
    parts = _SECTION.split(body)
    sections = {parts[i]: parts[i + 1].strip("\n") for i in range(1, len(parts) - 1, 2)}
    for needed in ("system", "user"):
        if needed not in sections:
            raise ConfigError(f"prompt {version} has no '## {needed}' section")
    return Prompt(version, sections, hashlib.sha256(text.encode()).hexdigest()[:12])


def defuse(text: str) -> str:
    """``text`` with any closing delimiter tag broken, so it stays inside the data block."""
    return _CLOSE_TAG.sub(r"<\\/\1", text)


def render_excerpt(turns: list[Turn], chunk: Chunk) -> str:
    """The excerpt as the model sees it: the speakers' sides once, then ``[turn] speaker: text`` lines.

    The chunk's own rendering repeats each speaker's side on every line; saying
    it once saves about two tokens a turn, which on a long call is most of what
    the prompt adds (``benchmarks/token_ratio.py``).
    """
    indices = range(chunk.first_turn, chunk.last_turn + 1)
    sides: dict[str, dict[str, None]] = {}
    for i in indices:
        sides.setdefault(turns[i].speaker, {})[turns[i].side] = None
    legend = ", ".join(f"{name} ({'/'.join(kinds)})" for name, kinds in sides.items())
    lines = [f"Speakers: {legend}"]
    for i in indices:
        text = turns[i].text
        if chunk.char_end is not None:  # a piece of one over-long turn
            text = text[chunk.char_start:chunk.char_end]
        lines.append(f"[{i}] {turns[i].speaker}: {text}")
    return "\n".join(lines)


def chat_messages(prompt: Prompt, excerpt: str, first_turn: int, last_turn: int,
                  *, schema: dict | None = None) -> list[dict[str, str]]:
    """System and user messages for one excerpt.

    ``schema`` is given in JSON mode (a server without structured outputs):
    the model then sees the schema as text in the system message instead.
    """
    system = prompt.render("system")
    if schema is not None:
        system += "\n\n" + prompt.render("json_mode", schema=json.dumps(schema, separators=(",", ":")))
    user = prompt.render("user", first_turn=first_turn, last_turn=last_turn, transcript=defuse(excerpt))
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def cache_key(*, model: str, base_url: str, prompt_version: str, schema_hash: str, text: str) -> str:
    """What makes a stored answer reusable: model, server, prompt, schema and the exact text sent."""
    payload = json.dumps([model, base_url.rstrip("/"), prompt_version, schema_hash, text], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
