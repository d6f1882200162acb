"""Replay mode: answers from recorded files instead of a server, for notebooks, demos and tests.

A recording is one JSON file per answer, named by its cache key (model, base
URL, prompt version, schema hash, text sent), so a replayed run takes exactly
the path a live run takes after the network. ``record=DIR`` writes them from
a live run; ``fixtures/replay/`` ships a set for the example transcripts.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from analyzer.errors import ConfigError
from analyzer.extract.llm_client import Answer, Attempt, ChunkFailed, Request, RetrySmaller, validate_content

REPLAY = "replay"


def recording_path(folder: str | Path, key: str) -> Path:
    return Path(folder) / f"{key}.json"


class ReplaySender:
    """Answers a request from ``folder/<cache key>.json``; never touches the network."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def send(self, request: Request, on_attempt: Callable[[Attempt], None]) -> Answer:
        """The recorded answer for ``request``; a missing one fails the chunk, naming the folder."""
        path = recording_path(self.folder, request.key)
        if not path.is_file():
            raise ChunkFailed(f"no recorded answer for turns {request.first_turn}-{request.last_turn} "
                              f"in {self.folder} (key {request.key[:12]}…)")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            content = validate_content(json.dumps(data["answer"]))
        except (OSError, ValueError, KeyError, RetrySmaller) as err:
            raise ConfigError(f"recorded answer is unreadable: {err}", source=str(path)) from err
        answer = Answer(content, int(data.get("tokens_in", 0)), int(data.get("tokens_out", 0)))
        on_attempt(Attempt(REPLAY, 0.0, answer.tokens_in, answer.tokens_out))
        return answer


def write_recording(folder: str | Path, request: Request, answer: Answer, *, meta: dict) -> None:
    """Save ``answer`` so that a replay of the same request finds it."""
    path = recording_path(folder, request.key)
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"key": request.key, **meta, "turns": [request.first_turn, request.last_turn],
              "tokens_in": answer.tokens_in, "tokens_out": answer.tokens_out,
              "answer": json.loads(answer.content)}
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
