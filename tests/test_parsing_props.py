"""Properties of parsing: whatever comes in, an InputError or a valid Transcript comes out."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.errors import InputError
from analyzer.models import SIDES, Transcript
from analyzer.parsing import gong, json_list, parse_bytes, plaintext, srt, vtt

FORMATS = {"text", "markdown", "vtt", "srt", "json", "gong", "docx", "table"}

# Pieces real transcripts are built of, to reach deep into every parser.
FRAGMENTS = [
    "Dana: ", "**Lee:** ", "**Lee**: ", "[00:01] ", "[00:01:02] ", "00:00:05 ", "AE (Jo – VP): ", "SE: ",
    "Prospect (smiling): ", "Kim (acme.com): ", "Ana (01:23): ", "Speaker 1  0:03", "Note: ", "Q3: ",
    "Date: February 3, 2024", "Attendees:", "- Alex (Acme Sales Engineer)", "# Title", "---", "## Notes",
    "[END]", "WEBVTT", "NOTE x", "STYLE", "1", "00:00:01,000 --> 00:00:02,000", "00:01.000 --> 00:02.000",
    "<v Dana>", "</v>", "&amp;", "{", "}", "[", "]", '"speaker"', '"text"', '"start"', ":", ",", "callTranscripts",
    "sentences", "hello there", "  ", "\t", "é", "—", "“", "0:0:1.5 --> 0:0:2.0",
]  # fmt: skip
SEPARATORS = ["\n", "\r\n", "\r", "\n\n", ""]

transcript_like = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=12), max_size=60).flatmap(
    lambda parts: st.lists(st.sampled_from(SEPARATORS), min_size=len(parts), max_size=len(parts)).map(
        lambda seps: "".join(part + sep for part, sep in zip(parts, seps, strict=True))
    )
)


def check(parse, *args, **kwargs) -> Transcript | None:
    """Run a parser: it must return a valid Transcript or raise InputError, nothing else."""
    try:
        transcript = parse(*args, **kwargs)
    except InputError as err:
        assert err.reason and err.source is not None
        return None
    assert transcript.format in FORMATS
    assert transcript.turns
    for turn in transcript.turns:
        assert turn.speaker.strip() and turn.text.strip()
        assert turn.side in SIDES
        assert turn.start is None or (math.isfinite(turn.start) and turn.start >= 0)
    return transcript


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes(data):
    check(parse_bytes, data, source="x.txt")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000), st.sampled_from(["x.txt", "x.vtt", "x.srt", "x.json", "x.md", "-"]))
def test_arbitrary_text(text, source):
    check(parse_bytes, text.encode("utf-8"), source=source)
    check(parse_bytes, text.encode("utf-16"), source=source)


@settings(max_examples=200, deadline=None)
@given(transcript_like, st.sampled_from(["x.txt", "x.vtt", "x.json"]))
def test_transcript_like_text(text, source):
    check(parse_bytes, text.encode("utf-8"), source=source)


@settings(max_examples=200, deadline=None)
@given(transcript_like | st.text(max_size=500))
def test_every_format_parser(text):
    for parse in (plaintext.parse, vtt.parse, srt.parse, json_list.parse, gong.parse):
        check(parse, text, source="x")
    check(vtt.parse, "WEBVTT\n\n" + text, source="x.vtt")
    check(parse_bytes, b"PK\x03\x04" + text.encode(), source="x.docx")


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                        st.sampled_from(["speaker", "text", "start", "segments", "callTranscripts", "transcript",
                                         "sentences", "speakerId", "parties", "callData", "metaData", "name"]),
                        inner, max_size=4),
                    max_leaves=30))  # fmt: skip
def test_json_shapes(doc):
    import json

    text = json.dumps(doc)
    check(parse_bytes, text.encode(), source="x.json")
    check(gong.parse, text, source="x.json", meta=text)


names = st.sampled_from(["Dana", "Lee Park", "Speaker 2", "Ana de Souza", "AE", "Prospect"])
said = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=40).map(str.strip)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(names, said.filter(bool)), min_size=1, max_size=30))
def test_name_colon_dialogue_round_trips(lines):
    text = "".join(f"{name}: {words}\n" for name, words in lines)
    transcript = plaintext.parse(text, source="x.txt")
    expected: list[tuple[str, str]] = []
    for name, words in lines:  # consecutive lines by one speaker are one turn
        if expected and expected[-1][0] == name:
            expected[-1] = (name, f"{expected[-1][1]} {words}")
        else:
            expected.append((name, words))
    assert [(t.speaker, t.text) for t in transcript.turns] == expected
