"""Whatever comes in, the whole pipeline answers with a clear error or a valid, grounded call."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer import pipeline
from analyzer.errors import InputError
from analyzer.pipeline import Input, Settings

from contract_schema import validate_call

BACKEND = pipeline.make_backend(Settings())

WORDS = ["we", "need", "SSO", "Okta", "by", "Friday", "yes", "we'll", "support", "that", "import", "CSV",
         "roles", "audit", "log", "just", "simple", "onboarding", "takes", "one", "day", "don't", "no",
         "QuickBooks", "integration", "approval", "invoice", "mobile", "app", "SOC", "2", "?", ".", ",",
         "um", "uh", "—", "“quoted”", "<script>", "naïve", "日本語", "\t", "can", "you", "our", "platform"]
SPEAKERS = ["Dana", "Lee", "AE", "PROSPECT", "Sam (acme.com)", "**Mia**", "[00:01] Jo", "Rep (Kim – AE)"]


def outcome_for(data: bytes, name: str = "prop.txt"):
    (outcome,) = pipeline.analyze_inputs([Input(name, data=data)], Settings(), db=None, backend=BACKEND)
    return outcome


def assert_clear_or_valid(outcome) -> None:
    if outcome.error is not None:
        assert isinstance(outcome.error, InputError)
        message = str(outcome.error)
        assert outcome.source in message and "\n" not in message.strip()
    else:
        validate_call(outcome.call)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data):
    assert_clear_or_valid(outcome_for(data, "blob.bin"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_arbitrary_text(text):
    assert_clear_or_valid(outcome_for(text.encode("utf-8")))


# Each line says something: a label followed only by whitespace ("Dana: \t") is no speech, and a
# file of nothing else is rightly an input error.
said = st.lists(st.sampled_from(WORDS), min_size=1, max_size=30).filter(lambda words: any(w.strip() for w in words))
line = st.builds(lambda who, words: f"{who}: {' '.join(words)}", st.sampled_from(SPEAKERS), said)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(line, min_size=1, max_size=40), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_transcript_like_text_always_yields_grounded_findings(lines, newline, bom):
    data = ("\ufeff" if bom else "") + newline.join(lines)
    outcome = outcome_for(data.encode("utf-8"))
    assert outcome.error is None, outcome.error  # speaker lines are a transcript: never an input error
    validate_call(outcome.call)
