from __future__ import annotations

import itertools

import pytest

from analyzer.chunking import ChunkSettings, chunk_turns, render_turn
from analyzer.models import Turn
from analyzer.tokens import get_tokenizer


@pytest.fixture(scope="module")
def tokenizer():
    return get_tokenizer()


def test_tokenizer_says_which_encoding_counted(tokenizer):
    # o200k_base cannot be downloaded here; the fallback must say so, not pretend.
    assert tokenizer.name.startswith(("cl100k_base", "o200k_base"))
    if tokenizer.name.startswith("cl100k_base"):
        assert "o200k_base unavailable offline" in tokenizer.name
    assert tokenizer.count("hello world") == 2


def test_every_turn_is_covered_and_chunks_stay_under_budget(tokenizer):
    turns = [Turn(f"S{i % 3}", f"Sentence number {i} about the rollout plan. " * (1 + i % 5)) for i in range(60)]
    settings = ChunkSettings(budget=200, overlap=40)
    chunks = chunk_turns(turns, tokenizer, settings)
    covered = {i for c in chunks for i in range(c.first_turn, c.last_turn + 1)}
    assert covered == set(range(60))
    assert all(c.tokens <= settings.budget for c in chunks)
    assert [c.index for c in chunks] == list(range(len(chunks)))


def test_consecutive_chunks_overlap_by_whole_turns(tokenizer):
    turns = [Turn("A", "word " * 20) for _ in range(30)]
    chunks = chunk_turns(turns, tokenizer, ChunkSettings(budget=120, overlap=40))
    assert len(chunks) >= 5  # 30 turns of ~21 tokens in 120-token chunks
    for before, after in itertools.pairwise(chunks):
        assert after.first_turn <= before.last_turn  # the ask and its answer stay together
        assert after.first_turn > before.first_turn  # and chunking always moves on


def test_chunk_text_names_turn_index_speaker_and_side(tokenizer):
    turns = [Turn("Dana", "We support Okta.", side="seller"), Turn("Lee", "Great.", side="customer")]
    (chunk,) = chunk_turns(turns, tokenizer)
    assert chunk.text.splitlines() == [render_turn(0, turns[0]), render_turn(1, turns[1])]
    assert chunk.text.startswith("[0] Dana (seller): We support Okta.")


def test_long_turn_is_split_at_sentence_boundaries_and_pieces_rebuild_it(tokenizer):
    text = " ".join(f"This is sentence {i} of a very long monologue about data mapping." for i in range(80))
    turns = [Turn("A", "Short opener."), Turn("B", text), Turn("A", "Thanks.")]
    chunks = chunk_turns(turns, tokenizer, ChunkSettings(budget=100, overlap=10))
    pieces = [c for c in chunks if c.first_turn == 1]
    assert len(pieces) > 1
    assert "".join(text[c.char_start : c.char_end] for c in pieces) == text
    for c in pieces[:-1]:
        assert text[c.char_start : c.char_end].rstrip().endswith(".")  # cut after a sentence
        assert c.tokens <= 100


def test_run_on_sentence_longer_than_budget_is_cut_between_words(tokenizer):
    text = "and then " * 300
    (*_, last) = chunks = chunk_turns([Turn("A", text)], tokenizer, ChunkSettings(budget=60, overlap=0))
    assert len(chunks) > 3
    assert "".join(text[c.char_start : c.char_end] for c in chunks) == text
    assert last.char_end == len(text)


def test_bad_settings_are_refused():
    with pytest.raises(ValueError):
        ChunkSettings(budget=10)
    with pytest.raises(ValueError):
        ChunkSettings(budget=100, overlap=100)


def test_the_offline_default_never_tries_to_download_an_encoding(monkeypatch, tmp_path):
    import socket

    from analyzer import tokens

    def no_network(*args, **kwargs):
        raise AssertionError("the rules backend must not reach for the network")

    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))  # an empty cache: o200k_base is not on disk
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    tokens.get_tokenizer.cache_clear()
    try:
        tokenizer = tokens.get_tokenizer("gpt-4o-mini")
    finally:
        tokens.get_tokenizer.cache_clear()
    assert tokenizer.name == "cl100k_base (o200k_base unavailable offline)"
