"""Calls analyzed in worker processes come back exactly as analyzed in this one."""

from __future__ import annotations

import pickle
from pathlib import Path

from analyzer import pipeline
from analyzer.pipeline import Settings

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
INPUTS = pipeline.expand_inputs([str(FIXTURES / "week"), str(FIXTURES / "sso-pilot.txt")])


def test_an_analysis_survives_pickling_whole():
    backend = pipeline.make_backend(Settings())
    for item in INPUTS:
        analysis = pipeline.analyze_transcript(pipeline.read_transcript(item), Settings(), backend)
        assert analysis.commitments and analysis.hidden_work and analysis.risks and analysis.questions, item
        copy = pickle.loads(pickle.dumps(analysis))
        assert copy == analysis  # dataclass equality: the same types, field by field


def test_a_pool_gives_the_calls_one_process_gives():
    alone = list(pipeline.analyze_inputs(INPUTS, Settings(), db=None))
    pooled = list(pipeline.analyze_inputs(INPUTS, Settings(), db=None, workers=2))
    assert [o.source for o in pooled] == [o.source for o in alone]
    assert [o.call for o in pooled] == [o.call for o in alone]
    assert [o.analysis for o in pooled] == [o.analysis for o in alone]


def test_a_known_call_id_is_reused_and_matches_the_one_computed():
    backend = pipeline.make_backend(Settings())
    transcript = pipeline.read_transcript(INPUTS[0])
    computed = pipeline.analyze_transcript(transcript, Settings(), backend)
    given = pipeline.analyze_transcript(transcript, Settings(), backend, call_id=pipeline.call_id_for(transcript))
    assert given == computed


def test_the_same_call_twice_in_a_batch_is_stored_once_as_the_first_input(tmp_path):
    from analyzer import store

    first, second = tmp_path / "a-call.txt", tmp_path / "b-copy.txt"
    text = (FIXTURES / "sso-pilot.txt").read_text()
    first.write_text(text)
    second.write_text(text)
    items = pipeline.expand_inputs([str(first), str(second), *map(str, (FIXTURES / "week").iterdir())])
    db = store.open_db(tmp_path / "calls.db")
    outcomes = list(pipeline.analyze_inputs(items, Settings(), db=db, workers=2))
    assert [(o.source, o.skipped) for o in outcomes[:2]] == [(str(first), False), (str(second), True)]
    assert outcomes[1].call["call_id"] == outcomes[0].call["call_id"]
    call, _ = store.load_call(db, outcomes[0].call["call_id"])
    assert call["source"] == str(first)
