"""Transcript parsing: one test per format fixture, then bad inputs, decoding and metadata."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from analyzer.errors import InputError
from analyzer.models import SpeakerHint, Transcript
from analyzer.parsing import gong, json_list, load, parse_bytes, plaintext, srt, vtt

FORMATS = Path(__file__).resolve().parent.parent / "fixtures" / "formats"
DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "dev" / "transcripts"

# file, format, speakers in order of appearance, turns, (turn, start), (turn, words in its text)
CASES = [
    ("plain_header.txt", "text", ["Omar", "Grace"], 13, (0, None), (6, "add an approval stage")),
    ("roles_bracketed.txt", "text", ["Nadia", "Tomas", "Ravi"], 16, (3, 18.0), (12, "before the pilot starts")),
    ("hms_domain.txt", "text", ["Mei", "Daniel"], 11, (3, 31.0), (3, "two old systems.")),
    ("bracket_hms.txt", "text", ["Priscilla", "Hugo"], 12, (4, 29.0), (4, "roadmap for the second quarter")),
    ("paren_time.txt", "text", ["Ingrid", "Kwame"], 12, (2, 8.0), (5, "capture a signature offline")),
    ("otter.txt", "text", ["Speaker 1", "Yusuf Okafor", "Leila Park"], 12, (6, 52.0), (2, "one session")),
    ("dash_time.txt", "text", ["Anders Holm", "Keiko Brandt"], 9, (3, 24.0), (3, "every evening.\nHonestly: it's")),
    ("bracket_name_clock.txt", "text", ["Marisol Vega", "Bram Okonjo"], 8, (1, 36259.0), (3, "calls in sick")),
    ("bracket_time_name.txt", "text", ["Owen Castellanos", "Priti Raman"], 8, (1, 7.0), (2, "What eats most")),
    ("dial_in.txt", "text", ["Nadia Brooks", "Colm Farrell", "Colm's iPhone", "+1 313-555-0142"], 11, (5, 50557.0),
     (7, "on the landline now")),
    ("roles_only.txt", "text", ["AE", "PROSPECT", "SE"], 13, (0, None), (4, "custom fields per work-order")),
    ("markdown.md", "markdown", ["Jamie", "Rosa", "Alex"], 13, (0, None), (6, "Region-based approval routing")),
    ("bold_time.md", "markdown", ["Dana Whitfield", "Marco Li"], 9, (5, 232.0), (5, "phones.\nNote: half of them")),
    ("zoom.vtt", "vtt", ["Hana Sato", "Marco Bellini"], 12, (2, 7.4), (2, "drag jobs onto technicians.")),
    ("teams.vtt", "vtt", ["Chloe Martin", "Samir Haddad"], 11, (2, 11.8), (3, "EU & an encryption")),
    ("captions.srt", "srt", ["Lucia", "Ahmed"], 11, (1, 4.4), (4, "service credits if we miss it")),
    ("whisperx.srt", "srt", ["SPEAKER_00", "SPEAKER_01"], 7, (3, 16.3), (3, "Paper sheets. Someone types")),
    ("segments.json", "json", ["Beatriz", "Owen"], 11, (1, 6.0), (1, "Billing is the one pain point.")),
    ("list.json", "json", ["Farah", "Jonas"], 12, (2, 10.25), (10, "read-only auditor role")),
    ("gong.json", "gong", ["Ines Moreau", "Wren Adeyemi", "Deepak Rao"], 14, (1, 9.0), (7, "team roles.")),
    ("gong_inline.json", "gong", ["Ines Moreau", "Wren Adeyemi", "Deepak Rao"], 14, (2, 14.0), (2, "typed twice")),
    ("gong_webhook.json", "gong", ["Ines Moreau", "Wren Adeyemi", "Deepak Rao"], 14, (0, 2.0), (0, "crews")),
    ("teams_speaker_time.docx", "docx", ["Noor Aziz", "Felix Braun"], 10, (3, 24.0), (3, "both migrated")),
    ("teams_cues.docx", "docx", ["Aiko Tanaka", "Rafael Costa"], 11, (0, 1.25), (2, "works offline")),
    ("meet.docx", "docx", ["Kofi Mensah", "Elena Petrova"], 11, (6, 300.0), (8, "SIEM export")),
    ("chat_roles.json", "json", ["sales_rep", "customer"], 9, (1, None), (1, "old Epicor install")),
    ("nested_sentences.json", "json", ["Ilse", "Marcus"], 9, (1, 12.4), (5, "five years of visit history")),
    ("turns.jsonl", "json", ["Odile", "Kenji"], 10, (3, 16.2), (9, "quote for forty users")),
    ("export.csv", "table", ["Teodora Blum", "Rafael Ortiz"], 9, (1, 7.0), (6, "pilot group in the first week")),
    ("recorder.tsv", "table", ["Birgit", "Yusuf"], 10, (9, 45.0), (7, "first of each month")),
]


def assert_valid(transcript: Transcript) -> None:
    """What every parser promises: turns with a speaker and text, starts in seconds or None."""
    assert transcript.turns
    for turn in transcript.turns:
        assert turn.speaker.strip() and turn.text.strip()
        assert turn.start is None or turn.start >= 0


@pytest.mark.parametrize(("name", "fmt", "speakers", "count", "start", "text"), CASES, ids=[c[0] for c in CASES])
def test_format_fixture(name, fmt, speakers, count, start, text):
    transcript = load(FORMATS / name)
    assert_valid(transcript)
    assert (transcript.format, transcript.speakers(), len(transcript.turns)) == (fmt, speakers, count)
    assert transcript.turns[start[0]].start == start[1]
    assert text[1] in transcript.turns[text[0]].text
    assert transcript.source == str(FORMATS / name)


def test_every_format_fixture_has_a_test():
    tested = {case[0] for case in CASES}
    suffixes = {".txt", ".md", ".vtt", ".srt", ".json", ".jsonl", ".csv", ".tsv", ".docx"}
    fixtures = {p.name for p in FORMATS.iterdir() if p.suffix in suffixes}
    assert fixtures - tested == {"gong.meta.json", "gong_webhook.meta.json"}


# --- plain text and Markdown ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        ("> **Ruth:** Our auditors want every change logged.\n>\n> **Pavel:** Every change is logged.\n"
         ">\n> **Ruth:** Even deletions?\n>\n> **Pavel:** Deletions too, with who and when.\n",
         ["Ruth", "Pavel", "Ruth", "Pavel"]),
        ("- **Ruth:** Our auditors want every change logged.\n- **Pavel:** Every change is logged.\n"
         "- **Ruth:** Even deletions?\n- **Pavel:** Deletions too, with who and when.\n",
         ["Ruth", "Pavel", "Ruth", "Pavel"]),
        # "[Laughter]" is a stage direction: its line continues Pavel's turn.
        ("[Ruth] Our auditors want every change logged.\n[Pavel]: Every change is logged.\n"
         "[Laughter] Even deletions?\n[Pavel] Deletions too, with who and when.\n",
         ["Ruth", "Pavel"]),
    ],
    ids=["blockquote", "bullets", "bracketed"],
)
def test_quoted_bulleted_and_bracketed_labels(text, speakers):
    turns = plaintext.parse(text, source="t.md").turns
    assert [t.speaker for t in turns] == speakers
    assert turns[0].text == "Our auditors want every change logged."
    assert turns[-1].text.endswith("Deletions too, with who and when.")
    assert all(">" not in t.text for t in turns)


def test_a_dash_or_bracket_opening_a_caption_cue_is_what_was_said_not_a_speaker():
    text = ("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nLisa: The dashboard shows the deal scores.\n\n"
            "00:00:03.100 --> 00:00:05.000\n- Engagement: 55, that's the red flag.\n\n"
            "00:00:05.100 --> 00:00:07.000\n[Speaking Spanish] hola a todos\n")
    turns = vtt.parse(text, source="t.vtt").turns
    assert [t.speaker for t in turns] == ["Lisa"]
    assert "- Engagement: 55" in turns[0].text


def test_header_block_is_metadata_not_turns():
    transcript = load(FORMATS / "plain_header.txt")
    assert transcript.title == "Discovery Call - Approvals Before Invoicing"
    assert transcript.started_at == "2026-01-15"  # 01/15/2026, US order
    assert transcript.account == "Brightline Field Services"
    assert "Date" not in transcript.speakers() and "Participants" not in transcript.speakers()
    assert transcript.turns[-1].text == "Will do, by Friday."  # [END OF TRANSCRIPT] is no turn


def test_markdown_header_trailer_and_bullets():
    transcript = load(FORMATS / "markdown.md")
    assert (transcript.title, transcript.started_at, transcript.account) == (
        "Demo Call: Work Order Approvals",
        "2024-02-03",
        "Pinecrest Utilities",
    )
    alex = transcript.turns[2]
    # **Alex**: and **Alex:** merge; the bullet list continues the turn line by line.
    assert alex.text.startswith("Sure. Here's a completed work order.")
    assert "they see three things:\n- the parts used, with photos\n- the hours" in alex.text
    # Nothing after the closing --- (call notes, ## Next steps) is dialogue.
    assert transcript.turns[-1].text == "I'll send it tomorrow morning."


def test_attendee_titles_become_hints_keyed_by_first_name():
    hints = load(FORMATS / "markdown.md").hints
    assert hints["Alex"] == SpeakerHint(side="seller", title="Fieldly Sales Engineer")
    assert hints["Jamie"] == SpeakerHint(side="seller", title="Fieldly Account Executive")
    assert hints["Rosa"] == SpeakerHint(side="customer", title="Head of Operations", company="Pinecrest Utilities")


def test_role_labels_resolve_to_names_with_side_hints():
    transcript = load(FORMATS / "roles_bracketed.txt")
    assert transcript.hints["Nadia"] == SpeakerHint(side="seller", title="Account Executive")
    assert transcript.hints["Tomas"] == SpeakerHint(side="customer", title="IT Director")
    assert transcript.hints["Ravi"].side == "seller"
    # "Customer (frowning):" and "SE (checks notes):" are stage notes on a known role.
    assert [t.speaker for t in transcript.turns[6:8]] == ["Tomas", "Ravi"]
    assert {t.side for t in transcript.turns} == {"seller", "customer"}


def test_bare_role_labels_keep_the_role_as_speaker():
    transcript = load(FORMATS / "roles_only.txt")
    assert transcript.hints == {
        "AE": SpeakerHint(side="seller"),
        "PROSPECT": SpeakerHint(side="customer"),
        "SE": SpeakerHint(side="seller"),
    }


def test_role_used_by_two_people_stays_ambiguous():
    text = "AE (Kim): Hello.\nBuyer: Hi.\nAE (Lou): Me too.\nAE: Who am I?\nBuyer: Unclear.\n"
    transcript = plaintext.parse(text, source="t.txt")
    assert transcript.speakers() == ["Kim", "Buyer", "Lou", "AE"]


def test_prose_labels_inside_turns_stay_text():
    transcript = load(FORMATS / "plain_header.txt")
    grace = transcript.turns[3]
    assert grace.text.endswith(
        "before the invoice is created.\nNote: we only need this for jobs over five hundred dollars."
    )
    assert "Q3: that is when our audit starts" in transcript.turns[9].text
    assert not {"Note", "Q3"} & set(transcript.speakers())


def test_one_off_lowercase_label_in_a_dialogue_is_text():
    transcript = load(FORMATS / "roles_bracketed.txt")
    assert "Narrator cue" not in transcript.speakers()
    assert (
        transcript.turns[14].text == "Understood.  I'll send the pilot plan tomorrow.\nNarrator cue:  recording paused"
    )


def test_colon_inside_an_otter_paragraph_is_text():
    transcript = plaintext.parse("Speaker 1  0:00\nOkay: let's start.\n\nSpeaker 2  0:05\nSure.\n", source="t.txt")
    assert [(t.speaker, t.text) for t in transcript.turns] == [
        ("Speaker 1", "Okay: let's start."),
        ("Speaker 2", "Sure."),
    ]


@pytest.mark.parametrize("separator", [" - ", " – ", " at ", " · "])
@pytest.mark.parametrize(
    "stamps", [("00:00:05", "00:00:09", "00:00:14"), ("00:05", "00:09", "00:14")], ids=["hms", "ms"]
)
def test_a_name_a_separator_and_a_time_head_the_lines_below(separator, stamps):
    # Fireflies, Fathom and tl;dv: "Name - 00:00:05" (or " at ", " · "), the text on the lines below.
    first, second, third = stamps
    text = (f"Anders Holm{separator}{first}\nHi Bea.\nThanks for making the time.\n\n"
            f"Bea Lund{separator}{second}\nSure.\n\nBea Lund{separator}{third}\nGo ahead.\n")
    turns = plaintext.parse(text, source="t.txt").turns
    assert [(t.speaker, t.text, t.start) for t in turns] == [
        ("Anders Holm", "Hi Bea.\nThanks for making the time.", 5.0),
        ("Bea Lund", "Sure. Go ahead.", 9.0),
    ]


def test_a_dash_and_a_time_in_a_file_of_name_colon_lines_is_what_was_said():
    text = ("Dana: When can we do the demo?\nLee: Tuesday - 12:30 works.\nOr Wednesday - 12:30\nDana - 12:30\n"
            "Dana: Tuesday it is.\nLee: See you then.\n")
    turns = plaintext.parse(text, source="t.txt").turns
    assert [(t.speaker, t.text, t.start) for t in turns] == [
        ("Dana", "When can we do the demo?", None),
        ("Lee", "Tuesday - 12:30 works.\nOr Wednesday - 12:30\nDana - 12:30", None),
        ("Dana", "Tuesday it is.", None),
        ("Lee", "See you then.", None),
    ]


@pytest.mark.parametrize(
    "header",
    ["**{name}** [{time}]", "**{name}** ({time})", "**{name}** {time}", "**{name}:** [{time}]", "**{name}**: ({time})"],
)
def test_a_bold_name_and_a_time_head_the_lines_below(header):
    # Markdown meeting notes: the name in bold, the time beside it, the text on the lines below.
    def head(name: str, time: str) -> str:
        return header.format(name=name, time=time)

    text = (f"# Route planning\n\n{head('Dana Whitfield', '00:03:12')}\nThanks for joining.\n"
            "So the routes today are planned on paper.\n\n"
            f"{head('Marco Li', '00:03:20')}\nRight, and we re-plan every Monday.\n\n"
            f"{head('Marco Li', '00:03:26')}\nSometimes twice.\n\n{head('Dana Whitfield', '03:31')}\nHow long?\n")
    transcript = plaintext.parse(text, source="t.md")
    assert transcript.format == "markdown"
    assert [(t.speaker, t.text, t.start) for t in transcript.turns] == [
        ("Dana Whitfield", "Thanks for joining.\nSo the routes today are planned on paper.", 192.0),
        ("Marco Li", "Right, and we re-plan every Monday. Sometimes twice.", 200.0),
        ("Dana Whitfield", "How long?", 211.0),
    ]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Dana: When works?\nLee: Let me check.\n**Friday** 12:30\nDana: Great.\nLee: See you.\n",
         "Let me check.\n**Friday** 12:30"),
        ("**Dana:** When works?\n**Lee:** Let me check.\n**Friday** 12:30\n**Dana:** Great.\n**Lee:** See you.\n",
         "Let me check.\n**Friday** 12:30"),
        ("Dana: When works?\nLee: Say **Friday** 12:30\nDana: Great.\nLee: See you.\n", "Say **Friday** 12:30"),
        ("**Dana:** When works?\n**Lee:** 10:30\n**Dana:** Great.\n**Lee:** See you.\n", "10:30"),
    ],
    ids=["bold-word-in-plain", "bold-word-in-bold", "bold-word-inline", "bold-label-says-a-time"],
)
def test_a_bold_word_or_a_time_said_in_a_dialogue_stays_text(text, said):
    turns = plaintext.parse(text, source="t.md").turns
    assert [t.speaker for t in turns] == ["Dana", "Lee", "Dana", "Lee"]
    assert (turns[1].text, turns[1].start) == (said, None)


def test_a_name_and_a_time_alone_in_a_file_of_name_colon_lines_is_what_was_said():
    # Header lines carry no text of their own: among "Name: text" turns, "Dana  12:30" is an answer.
    text = "Dana: When can we do the demo?\nLee: Let me check.\nDana  12:30\nDana: Great.\nLee: See you then.\n"
    turns = plaintext.parse(text, source="t.txt").turns
    assert [(t.speaker, t.text, t.start) for t in turns] == [
        ("Dana", "When can we do the demo?", None),
        ("Lee", "Let me check.\nDana  12:30", None),
        ("Dana", "Great.", None),
        ("Lee", "See you then.", None),
    ]


def test_files_that_write_names_in_lower_case_keep_one_off_speakers():
    transcript = plaintext.parse("john smith: hey\njane doe: hi\njohn smith: bye\n", source="t.txt")
    assert transcript.speakers() == ["john smith", "jane doe"]


def test_company_in_label_is_a_hint():
    hints = load(FORMATS / "hms_domain.txt").hints
    assert hints["Mei"] == SpeakerHint(company="kettleworks.io")


def test_hints_gather_over_a_speakers_labels_whichever_line_states_them():
    text = "Dana: Hi.\nLee (IT Director): Hello.\nDana (acme.com): So.\nLee: Yes.\nDana (AE): Right.\n"
    transcript = plaintext.parse(text, source="t.txt")
    assert list(transcript.hints) == ["Dana", "Lee"]
    assert transcript.hints["Dana"] == SpeakerHint(side="seller", title="AE", company="acme.com")
    assert transcript.hints["Lee"] == SpeakerHint(title="IT Director")
    assert [t.side for t in transcript.turns] == ["seller", "unknown", "seller", "unknown", "seller"]


def test_text_is_kept_exactly_as_written():
    line = "[00:05] Dana:  It’s  “quoted”  — with   spaces.  "
    transcript = plaintext.parse(line + "\n[00:09] Lee: ok\n", source="t.txt")
    assert transcript.turns[0].text == "It’s  “quoted”  — with   spaces."


def test_consecutive_lines_by_one_speaker_merge_with_a_space_and_keep_the_first_start():
    text = "[00:01] Dana: One.\n[00:04] Dana: Two.\n[00:09] Lee: Three.\n"
    turns = plaintext.parse(text, source="t.txt").turns
    assert [(t.speaker, t.text, t.start) for t in turns] == [("Dana", "One. Two.", 1.0), ("Lee", "Three.", 9.0)]


@pytest.mark.parametrize(
    ("line", "start"),
    [
        ("[00:01:23] Dana: Hi", 83.0),
        ("[01:23] Dana: Hi", 83.0),
        ("00:01:23 Dana: Hi", 83.0),
        ("Dana (01:23): Hi", 83.0),
        ("**Dana (01:23):** Hi", 83.0),
        ("[1:02:03] Dana: Hi", 3723.0),
    ],
)
def test_timestamp_shapes(line, start):
    transcript = plaintext.parse(f"{line}\nLee: Hello\n", source="t.txt")
    assert (transcript.turns[0].speaker, transcript.turns[0].text, transcript.turns[0].start) == ("Dana", "Hi", start)


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("February 3, 2024", "2024-02-03"),
        ("2024-02-03", "2024-02-03"),
        ("3 Feb 2024", "2024-02-03"),
        ("01/15/2026", "2026-01-15"),
        ("Monday, Sept. 9th, 2024", "2024-09-09"),
    ],
)
def test_header_dates(written, iso):
    transcript = plaintext.parse(f"Call notes\nDate: {written}\n\nDana: Hi\nLee: Hello\n", source="t.txt")
    assert transcript.started_at == iso
    assert transcript.title == "Call notes"


def test_labelled_title_line_is_not_a_speaker():
    text = "Sales Call: Renewal\nDate: 2024-02-03\n\nDana: Hi\nLee: Hello\nDana: Bye\n"
    transcript = plaintext.parse(text, source="t.txt")
    assert transcript.speakers() == ["Dana", "Lee"]


def test_one_off_speaker_missing_from_the_attendee_list_is_text():
    text = "Attendees: Dana (AE), Lee (CTO, Acme)\n\nDana: Hi\nLee: Hello\nBudget: tight\nDana: Noted\n"
    transcript = plaintext.parse(text, source="t.txt")
    assert transcript.speakers() == ["Dana", "Lee"]
    assert transcript.turns[1].text == "Hello\nBudget: tight"


@pytest.mark.parametrize(
    "text",
    [
        "[Dana Ruiz] 14:02:11\nHi Lee, thanks for making time.\nOkay: one thing first.\n\n"
        "[Lee Park] 14:02:20\nHi Dana.\n\n[Dana Ruiz] 14:02:24\nSo.\n",
        "[Dana Ruiz] 14:02:11 Hi Lee, thanks for making time.\nOkay: one thing first.\n"
        "[Lee Park] 14:02:20 Hi Dana.\n[Dana Ruiz] 14:02:24 So.\n",
    ],
    ids=["time-above-text", "one-line"],
)
def test_a_clock_time_after_a_bracketed_name_is_the_turn_start(text):
    turns = plaintext.parse(text, source="t.txt").turns
    assert [(t.speaker, t.text, t.start) for t in turns] == [
        ("Dana Ruiz", "Hi Lee, thanks for making time.\nOkay: one thing first.", 50531.0),
        ("Lee Park", "Hi Dana.", 50540.0),
        ("Dana Ruiz", "So.", 50544.0),
    ]


def test_a_time_said_after_a_bracketed_name_stays_text():
    # Exports write a full h:mm:ss clock time; "10:30" said in a turn is what was said.
    turns = plaintext.parse("[Dana] 10:30 works for me.\n[Lee] Great.\n[Dana] See you then.\n", source="t.txt").turns
    assert [(t.speaker, t.text, t.start) for t in turns] == [
        ("Dana", "10:30 works for me.", None), ("Lee", "Great.", None), ("Dana", "See you then.", None)
    ]


@pytest.mark.parametrize("stamp", ["[00:00:01]", "(00:00:01)"])
def test_a_bracketed_time_then_a_name_heads_the_lines_below(stamp):
    text = f"{stamp} Dana Ruiz\nHi Lee, thanks for making time.\n\n[00:00:05] Lee Park\nSure: go ahead.\nHi Dana.\n"
    turns = plaintext.parse(text, source="t.txt").turns
    assert [(t.speaker, t.text, t.start) for t in turns] == [
        ("Dana Ruiz", "Hi Lee, thanks for making time.", 1.0),
        ("Lee Park", "Sure: go ahead.\nHi Dana.", 5.0),
    ]


def test_a_short_timestamped_line_without_a_label_is_still_what_was_said():
    # Only a name with untimed lines below it heads a turn; here every line has its own time.
    text = "[00:01] Dana: Shall we start?\n[00:03] Sounds good\n[00:05] Lee: Yes.\n[00:07] Okay\n[00:09] Dana: Good.\n"
    turns = plaintext.parse(text, source="t.txt").turns
    assert [(t.speaker, t.text, t.start) for t in turns] == [
        ("Dana", "Shall we start?\nSounds good", 1.0), ("Lee", "Yes.\nOkay", 5.0), ("Dana", "Good.", 9.0)
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Dana's iPhone: Sorry, I dropped.", "Galaxy A54: Sorry, I dropped.", "iPad: Sorry, I dropped.",
        "313-555-0142: Sorry, I dropped.", "+1 313-555-0142: Sorry, I dropped.", "(313) 555-0142: Sorry, I dropped.",
        "+44 20 7946 0958: Sorry, I dropped.", "14:02:31 Dana's iPhone: Sorry, I dropped.",
        "[00:01:02] 313-555-0142: Sorry, I dropped.",
    ],
)
def test_a_device_or_phone_number_said_once_is_a_speaker(line):
    # Conferencing tools label whoever joins from a phone by the device or the number.
    stamp = line[: line.index(" ") + 1] if line[:1] in "1[" else ""
    text = (f"{stamp}Dana: Can you hear me?\n{stamp}Lee: Yes.\n{stamp}Dana: Good.\n{stamp}Lee: Hold on.\n"
            f"{line}\n{stamp}Dana: No problem.\n")
    turns = plaintext.parse(text, source="t.txt").turns
    label = line.removeprefix(stamp).split(": ")[0]
    assert [(t.speaker, t.text) for t in turns][-3:] == [("Lee", "Hold on."), (label, "Sorry, I dropped."),
                                                          ("Dana", "No problem.")]


@pytest.mark.parametrize(
    "line",
    [
        "Note: we record every call.", "Q3: that is when the audit starts.", "https://example.com: the portal",
        "Step 2: import the crews.", "14:30: we start the pilot.", "10:30 : we start the pilot.",
        "2024-03-15: kickoff.", "15.03.2024: kickoff.", "So the plan is: we start Monday.", "my iPhone: it died.",
        "iphone: it died.", "12345: the order number.",
    ],
)
def test_prose_with_a_colon_inside_a_dialogue_stays_text(line):
    text = f"Dana: Can you hear me?\nLee: Yes.\nDana: Good.\nLee: Hold on.\n{line}\nDana: No problem.\n"
    turns = plaintext.parse(text, source="t.txt").turns
    assert [t.speaker for t in turns] == ["Dana", "Lee", "Dana", "Lee", "Dana"]
    assert turns[3].text == f"Hold on.\n{line}"


def test_a_dial_in_caller_is_a_speaker_in_captions_and_beside_an_attendee_list():
    cues = "WEBVTT\n\n00:01.000 --> 00:02.000\nDana: Hi.\n\n00:03.000 --> 00:04.000\n313-555-0142: Hi, it's Lee.\n"
    assert [t.speaker for t in vtt.parse(cues, source="t.vtt").turns] == ["Dana", "313-555-0142"]
    text = ("Attendees: Dana (AE), Lee (CTO, Acme)\n\nDana: Hi\nLee: Hello\nLee's iPhone: Back again.\nDana: Good\n"
            "Galaxy A54: Me again.\nDana: Hi\n")
    assert plaintext.parse(text, source="t.txt").speakers() == ["Dana", "Lee", "Lee's iPhone", "Galaxy A54"]


def test_google_meet_style_timestamps_above_turns():
    text = "00:00:00\n\nDana: Hi\nLee: Hello\n00:05:00\nDana: Five minutes in\n"
    turns = plaintext.parse(text, source="t.txt").turns
    assert [t.start for t in turns] == [0.0, None, 300.0]


# --- captions --------------------------------------------------------------------------------


def test_teams_vtt_skips_note_and_style_and_merges_cues():
    transcript = load(FORMATS / "teams.vtt")
    chloe = transcript.turns[2]
    assert (
        chloe.text
        == "We can fill most of it from our SOC 2 report. Do you need the full report? We share it under NDA."
    )
    assert not any("NOTE" in t.text or "::cue" in t.text for t in transcript.turns)


def test_vtt_cues_without_speaker():
    text = (
        "WEBVTT\n\n00:01.000 --> 00:02.000\nno one yet\n\n00:03.000 --> 00:04.000\nDana: hi\n\n"
        "00:05.000 --> 00:06.000\nstill Dana\n"
    )
    turns = vtt.parse(text, source="t.vtt").turns
    assert [(t.speaker, t.text, t.start) for t in turns] == [
        ("Unknown", "no one yet", 1.0),
        ("Dana", "hi still Dana", 3.0),
    ]


def test_vtt_hour_timings_and_two_voices_in_one_cue():
    text = "WEBVTT\n\n01:00:01.500 --> 01:00:03.000\n<v Dana>Yes?<v Lee>No.\n"
    turns = vtt.parse(text, source="t.vtt").turns
    assert [(t.speaker, t.text, t.start) for t in turns] == [("Dana", "Yes?", 3601.5), ("Lee", "No.", 3601.5)]


@pytest.mark.parametrize("parse", [srt.parse, vtt.parse], ids=["srt", "vtt"])
def test_a_bracketed_label_with_a_colon_names_the_speaker_of_a_cue(parse):
    # Diarized SRT (WhisperX) writes "[SPEAKER_00]: text"; "[MUSIC]" and "[laughter] yes" are still what is shown.
    cues = ["[SPEAKER_00]: hi lee thanks for making time", "[SPEAKER_01]: hi dana", "[MUSIC]",
            "[laughter] yes", "[SPEAKER_00]: so, the pilot"]
    stamps = [f"00:00:0{n},000 --> 00:00:0{n},900" for n in range(1, 6)]
    if parse is vtt.parse:
        text = "WEBVTT\n\n" + "".join(f"{s.replace(',', '.')}\n{c}\n\n" for s, c in zip(stamps, cues, strict=True))
    else:
        text = "".join(f"{n}\n{s}\n{c}\n\n" for n, (s, c) in enumerate(zip(stamps, cues, strict=True), start=1))
    turns = parse(text, source="t").turns
    assert [(t.speaker, t.text, t.start) for t in turns] == [
        ("SPEAKER_00", "hi lee thanks for making time", 1.0),
        ("SPEAKER_01", "hi dana [MUSIC] [laughter] yes", 2.0),
        ("SPEAKER_00", "so, the pilot", 5.0),
    ]


def test_srt_text_with_a_blank_line_continues_the_cue():
    text = "1\n00:00:01,000 --> 00:00:02,000\nDana: first\n\nsecond\n\n2\n00:00:03,000 --> 00:00:04,000\nLee: ok\n"
    turns = srt.parse(text, source="t.srt").turns
    assert [(t.speaker, t.text) for t in turns] == [("Dana", "first second"), ("Lee", "ok")]


# --- JSON and Gong ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "doc",
    [
        '{"turns": [{"name": "Dana", "startTime": "01:02", "text": "Hi"},'
        ' {"name": "Lee", "startTime": 64, "text": "Yo"}]}',
        '{"utterances": [{"speaker": "Dana", "start": "0:01:02", "text": "Hi"}, {"speaker": "Lee", "text": "Yo"}]}',
    ],
)
def test_json_wrappers_and_keys(doc):
    turns = json_list.parse(doc, source="t.json").turns
    assert [(t.speaker, t.text) for t in turns] == [("Dana", "Hi"), ("Lee", "Yo")]
    assert turns[0].start == 62.0


def test_json_speaker_numbers_and_missing_speakers():
    doc = '[{"speaker": 0, "text": "Hi"}, {"text": "Who?"}, {"speaker": 1, "text": ""}]'
    assert [t.speaker for t in json_list.parse(doc, source="t.json").turns] == ["Speaker 0", "Unknown"]


def test_chat_style_roles_state_the_sides_and_metadata_beside_the_turns_describes_the_call():
    transcript = load(FORMATS / "chat_roles.json")
    assert {name: hint.side for name, hint in transcript.hints.items()} == {"sales_rep": "seller",
                                                                           "customer": "customer"}
    assert (transcript.title, transcript.started_at, transcript.account) == (
        "Pharmacy chain - inventory demo", "2026-10-07", "Larkspur Pharmacies")


def test_turns_nested_deep_in_an_api_response_are_found_with_their_title():
    transcript = load(FORMATS / "nested_sentences.json")
    assert transcript.title == "Veterinary group - scheduling follow-up"
    assert transcript.started_at == "2026-09-22"


def test_sharegpt_style_from_and_value_keys():
    doc = '{"conversation": [{"from": "Customer", "value": "We need SSO."}, {"from": "Salesperson", "value": "Yes."}]}'
    transcript = json_list.parse(doc, source="t.json")
    assert [(t.speaker, t.text, t.side) for t in transcript.turns] == [
        ("Customer", "We need SSO.", "customer"), ("Salesperson", "Yes.", "seller")]


def test_json_lines_that_are_not_all_objects_are_malformed_json():
    with pytest.raises(InputError) as caught:
        parse_bytes(b'{"speaker": "Dana", "text": "hi"}\n[1, 2]\n', source="call.jsonl")
    assert caught.value.reason == "malformed JSON: Extra data at line 2"


def test_a_csv_with_a_role_column_states_the_sides():
    transcript = load(FORMATS / "export.csv")
    assert {t.speaker: t.side for t in transcript.turns} == {"Teodora Blum": "seller", "Rafael Ortiz": "customer"}


def test_a_csv_without_speaker_and_text_columns_is_refused_with_the_reason():
    with pytest.raises(InputError) as caught:
        parse_bytes(b"date,amount\n2026-01-02,300\n", source="ledger.csv")
    assert caught.value.reason == "CSV file without a header naming its speaker and text columns"
    with pytest.raises(InputError) as caught:
        parse_bytes(b"speaker,text\n", source="empty.csv")
    assert caught.value.reason == "CSV file with no speaker turns in it"


def test_gong_metadata_from_the_meta_file():
    transcript = load(FORMATS / "gong.json")
    assert transcript.title == "Oakfield Landscaping - Discovery"
    assert transcript.started_at == "2024-05-14T15:03:12Z"
    assert transcript.account == "Oakfield Landscaping"
    assert transcript.hints["Ines Moreau"] == SpeakerHint(side="seller", title="Account Executive")
    assert transcript.hints["Deepak Rao"] == SpeakerHint(side="customer", title="Finance Lead")
    assert [t.side for t in transcript.turns[:3]] == ["seller", "customer", "customer"]
    # A block's sentences join with one space.
    assert (
        transcript.turns[7].text
        == "We support per-depot visibility with team roles. I'd set that up with you in the first week."
    )


def test_gong_without_parties_uses_speaker_ids():
    data = (FORMATS / "gong.json").read_bytes()
    transcript = parse_bytes(data, source="call.json")
    assert transcript.speakers() == ["7001", "7002", "7003"]
    assert transcript.hints == {} and transcript.title is None


def test_gong_picks_the_call_data_matching_the_call_id():
    transcript = load(FORMATS / "gong_inline.json")
    assert transcript.title == "Oakfield Landscaping - Discovery"


def test_gong_module_parse_takes_meta_text():
    transcript = gong.parse(
        (FORMATS / "gong_webhook.json").read_text(),
        source="x.json",
        meta=(FORMATS / "gong_webhook.meta.json").read_text(),
    )
    assert transcript.speakers()[0] == "Ines Moreau"


# --- bad inputs ------------------------------------------------------------------------------


def reason(data: bytes, source: str = "call.txt") -> str:
    with pytest.raises(InputError) as caught:
        parse_bytes(data, source=source)
    assert caught.value.source == source
    return caught.value.reason


def test_empty_and_whitespace_only():
    assert reason(b"") == "empty file"
    assert reason(b"  \n\t\r\n ") == "empty file"
    assert reason("\ufeff \n".encode()) == "empty file"


def test_binary():
    assert reason(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00") == "binary file, not a transcript"
    assert reason(bytes(range(256)) * 4) == "binary file, not a transcript"


def test_no_speaker_turns():
    prose = b"We met on Tuesday and talked about the rollout.\nEveryone agreed it went well.\n"
    assert reason(prose) == "unknown format: no speaker turns found"
    # A recognised format with no talk in it says which format it read.
    assert reason(b"WEBVTT\n\nNOTE recording started late\n", "call.vtt") == "WebVTT file with no speaker turns in it"
    assert reason(b'{"title": "Kickoff", "segments": []}', "call.json") == "JSON file with no speaker turns in it"


def test_malformed_vtt_names_the_line():
    text = b"WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nDana: hi\n\n2\nLee: no timing here\n"
    with pytest.raises(InputError) as caught:
        parse_bytes(text, source="call.vtt")
    assert caught.value.reason == "malformed WebVTT: cue timing expected at line 8"
    assert caught.value.line == 8
    assert str(caught.value) == "call.vtt:8: malformed WebVTT: cue timing expected at line 8"
    assert "bad cue timing" in reason(b"WEBVTT\n\n00:01 --> 00:02\nDana: hi\n", "call.vtt")


def test_malformed_json_names_the_line():
    with pytest.raises(InputError) as caught:
        parse_bytes(b'[\n  {"speaker": "Dana",\n   "text": "hi" "start": 1}\n]\n', source="call.json")
    assert caught.value.reason == "malformed JSON: Expecting ',' delimiter at line 3"
    assert caught.value.line == 3


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError) as caught:
        load(tmp_path / "nope.txt")
    assert caught.value.reason == "file not found: no such file or directory"
    assert caught.value.source == str(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        load(tmp_path)


def test_zip_that_is_not_a_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert reason(buffer.getvalue(), "call.docx") == "not a readable .docx file"


def test_gong_meta_file_on_its_own():
    with pytest.raises(InputError, match="Gong call metadata"):
        load(FORMATS / "gong.meta.json")


# --- decoding and detection ------------------------------------------------------------------

DIALOGUE = "Dana: Héllo — “welcome”\nLee: Thanks\n"


@pytest.mark.parametrize(
    "data",
    [
        DIALOGUE.encode("utf-8"),
        b"\xef\xbb\xbf" + DIALOGUE.encode("utf-8"),
        DIALOGUE.encode("utf-16"),  # with BOM, native order
        b"\xff\xfe" + DIALOGUE.encode("utf-16-le"),
        b"\xfe\xff" + DIALOGUE.encode("utf-16-be"),
        DIALOGUE.encode("utf-16-le"),  # no BOM
        DIALOGUE.replace("\n", "\r\n").encode("utf-8"),
        DIALOGUE.replace("\n", "\r").encode("utf-8"),
        DIALOGUE.encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16le-bom", "utf16be-bom", "utf16le-nobom", "crlf", "cr", "cp1252"],
)
def test_decoding(data):
    turns = parse_bytes(data, source="call.txt").turns
    assert [(t.speaker, t.text) for t in turns] == [("Dana", "Héllo — “welcome”"), ("Lee", "Thanks")]


def test_format_comes_from_content_not_extension():
    vtt_text = (FORMATS / "zoom.vtt").read_bytes()
    assert parse_bytes(vtt_text, source="notes.txt").format == "vtt"
    assert parse_bytes(b"[00:01] Dana: hi\n[00:02] Lee: yo\n", source="call.txt").format == "text"


def test_extension_breaks_ties_for_headerless_captions():
    cues = b"00:00:01.000 --> 00:00:02.000\nDana: hi\n\n00:00:03.000 --> 00:00:04.000\nLee: yo\n"
    assert parse_bytes(cues, source="call.vtt").format == "vtt"
    assert parse_bytes(cues, source="call.srt").format == "srt"


# --- the real-world dev set (read only; skipped where it is not checked out) -----------------


@pytest.mark.skipif(not DEV.is_dir(), reason="dev transcripts not present")
def test_dev_transcripts_parse_into_sensible_turns():
    for path in sorted(DEV.iterdir()):
        if path.name.endswith(".meta.json"):
            continue
        transcript = load(path)
        assert_valid(transcript)
        assert len(transcript.turns) >= 10 and 2 <= len(transcript.speakers()) <= 5, path.name
        assert not {"Date", "Participants", "Call Notes", "Audio plays"} & set(transcript.speakers()), path.name


@pytest.mark.skipif(not DEV.is_dir(), reason="dev transcripts not present")
def test_dev_role_labels_resolve_to_people():
    transcript = load(DEV / "salescopilot-01.txt")
    assert transcript.speakers() == ["Jordan", "Priya", "Luis"]
    assert {n: h.side for n, h in transcript.hints.items()} == {
        "Jordan": "seller",
        "Priya": "customer",
        "Luis": "seller",
    }


# --- size (speed is measured by benchmarks/, never by a timed test) -----------------------------


def test_an_hour_long_transcript_parses_every_turn():
    line = "[{m:02d}:{s:02d}] {who}: Could we also get the approval step before invoices go out next quarter?\n"
    lines = [line.format(m=i // 60 % 60, s=i % 60, who="Dana" if i % 2 else "Lee") for i in range(1200)]
    text = ("Weekly call\nDate: 2024-02-03\n\n" + "".join(lines)).encode()
    assert len(text) > 100_000
    transcript = parse_bytes(text, source="long.txt")
    assert len(transcript.turns) == 1200
    assert transcript.turns[-1].start == 19 * 60 + 59


def test_attendees_written_company_first_still_give_title_and_company():
    text = ("Quality review\nAttendees: Hannah Reyes (Brightline, Account Executive), "
            "Omar Said (Castwell Foundry, Plant Manager)\n\n"
            "Hannah: Thanks for making the time today, Omar.\n"
            "Omar: Sure. We need traceability for every pour.\n")
    transcript = parse_bytes(text.encode(), source="company-first.txt")
    assert transcript.hints["Hannah"].title == "Account Executive"
    assert transcript.hints["Hannah"].company == "Brightline"
    assert transcript.hints["Hannah"].side == "seller"
    assert transcript.hints["Omar"].company == "Castwell Foundry"


def test_a_json_date_written_in_words_is_stored_as_an_iso_date():
    data = b'{"date": "November 18, 2026", "segments": [{"speaker": "Dana", "text": "Hi Lee.", "start": 0}]}'
    assert parse_bytes(data, source="worded-date.json").started_at == "2026-11-18"
    iso = b'{"started_at": "2026-11-18T14:02:00Z", "segments": [{"speaker": "Dana", "text": "Hi.", "start": 0}]}'
    assert parse_bytes(iso, source="iso-date.json").started_at == "2026-11-18T14:02:00Z"
