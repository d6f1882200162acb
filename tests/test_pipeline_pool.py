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
