from __future__ import annotations

import sqlite3

from conftest import FIXTURES
from contract_schema import validate_call

SSO = str(FIXTURES / "sso-pilot.txt")
APPROVAL = str(FIXTURES / "field-service-approval.txt")
ONBOARDING = str(FIXTURES / "one-day-onboarding.md")


def db_count(path, table: str = "calls") -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_json_output_is_one_valid_contract_object_per_input_in_order(run_cli, tmp_path):
    r = run_cli("analyze", SSO, APPROVAL, ONBOARDING, "--format", "json", "--db", str(tmp_path / "a.db"))
    assert r.code == 0, r.stderr
    calls = r.calls
    assert [c["source"] for c in calls] == [SSO, APPROVAL, ONBOARDING]
    for call in calls:
        validate_call(call)  # field by field, grounding included
        assert call["backend"] == "rules"


def test_default_backend_is_deterministic_byte_for_byte(run_cli, tmp_path):
    first = run_cli("analyze", SSO, "--format", "json", "--db", str(tmp_path / "one.db"))
    second = run_cli("analyze", SSO, "--format", "json", "--db", str(tmp_path / "two.db"))
    again = run_cli("analyze", SSO, "--format", "json", "--db", str(tmp_path / "two.db"))  # reused from store
    assert first.code == second.code == again.code == 0
    assert first.stdout == second.stdout == again.stdout


def test_reanalysis_replaces_rows_instead_of_adding(run_cli, tmp_path):
    db = tmp_path / "a.db"
    run_cli("analyze", SSO, "--format", "json", "--db", str(db))
    counts = {t: db_count(db, t) for t in ("calls", "turns", "commitments", "hidden_work", "risks", "questions")}
    r = run_cli("analyze", SSO, "--format", "json", "--db", str(db), "--force")
    assert r.code == 0
    assert {t: db_count(db, t) for t in counts} == counts
    assert counts["calls"] == 1 and counts["turns"] > 10


def test_bad_inputs_get_one_line_each_and_the_good_ones_still_land(run_cli, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "notes.txt").write_text("just some notes\nwithout any speakers at all\n")
    (tmp_path / "broken.vtt").write_text("WEBVTT\n\n00:00:01.000 --> banana\nDana: hello\n")
    (tmp_path / "broken.json").write_text('[{"speaker": "Dana", "text": "hi"')
    db = tmp_path / "a.db"
    bad = ["empty.txt", "binary.txt", "notes.txt", "broken.vtt", "broken.json", "missing.txt"]
    r = run_cli("analyze", *bad, SSO, "--format", "json", "--db", str(db))
    assert r.code == 1
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert len(lines) == len(bad), r.stderr  # one line each (the batch summary comes after)
    for name, line in zip(bad, lines, strict=True):
        assert name in line and "Traceback" not in line
    assert "empty" in lines[0] and "binary" in lines[1] and "not found" in lines[5].lower()
    assert [c["source"] for c in r.calls] == [SSO]
    assert db_count(db) == 1  # nothing half-written for the bad ones


def test_unreadable_database_is_one_clear_line(run_cli, tmp_path):
    db = tmp_path / "notes.db"
    db.write_text("not a database\n" * 100)
    r = run_cli("analyze", SSO, "--db", str(db))
    assert r.code == 1
    assert str(db) in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_a_folder_given_as_the_database_is_one_clear_line(run_cli, tmp_path):
    r = run_cli("analyze", SSO, "--db", str(tmp_path))
    assert r.code == 1
    assert r.stderr.strip() == f"error: {tmp_path}: is a folder, not a database file (give --db a file name)"


def test_the_question_list_asks_the_five_readiness_points_once_per_dated_promise(run_cli, tmp_path):
    db = str(tmp_path / "a.db")
    (call,) = run_cli("analyze", SSO, "--format", "json", "--db", db).calls
    dated = [c for c in call["commitments"] if c["due"]]
    lines = [*run_cli("questions", call["call_id"], "--db", db).stdout.splitlines(), ""]
    heads = [i for i, line in enumerate(lines) if line.startswith("- [ ] Before holding to")]
    assert len(heads) == len({(c["quote"], c["due"]) for c in dated}) >= 2
    for i in heads:  # the promise once, its five points nested under it as their own boxes
        assert [line.startswith("  - [ ] ") for line in lines[i + 1 : i + 7]] == [True] * 5 + [False]
    assert not any(line.startswith("- [ ] For “") for line in lines)
    assert any("We can have SSO live for the pilot by next Friday." in lines[i] for i in heads)


def test_a_database_that_refuses_a_write_names_both_files_and_keeps_nothing_half_written(run_cli, tmp_path):
    db = tmp_path / "team.db"
    assert run_cli("analyze", APPROVAL, "--db", str(db)).code == 0
    before = {table: db_count(db, table) for table in ("calls", "turns", "commitments", "hidden_work", "risks")}
    with sqlite3.connect(db) as conn:  # as a full disk or a locked-down file would: the write fails midway
        conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON turns BEGIN SELECT RAISE(ABORT, 'disk is full'); END")
    r = run_cli("analyze", SSO, ONBOARDING, "--db", str(db))
    assert r.code == 1
    errors = [line for line in r.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2, r.stderr
    for name, line in zip((SSO, ONBOARDING), errors, strict=True):
        assert name in line and str(db) in line and "disk is full" in line
    assert {table: db_count(db, table) for table in before} == before  # the earlier call whole, nothing else
    assert "Traceback" not in r.stderr


def test_reading_commands_never_create_a_database_from_a_mistyped_path(run_cli, tmp_path):
    typo = tmp_path / "anlyzer.db"
    for args in (("calls",), ("show", "abc123"), ("questions", "abc123"), ("review", "--week", "2026-W47")):
        r = run_cli(*args, "--db", str(typo))
        assert r.code == 1, args
        assert r.stderr.count("\n") == 1 and str(typo) in r.stderr and "no such database" in r.stderr, args
    assert not typo.exists()


def test_the_user_is_told_when_no_seller_is_found_or_a_seller_name_is_absent(run_cli, tmp_path):
    vague = tmp_path / "vague.txt"
    vague.write_text("Sam: Morning.\nAlex: Morning. Shall we start?\nSam: Sure, go ahead.\n", encoding="utf-8")
    r = run_cli("analyze", str(vague), SSO, "--seller", "Nobody", "--format", "json", "--db", str(tmp_path / "a.db"))
    assert r.code == 0  # a warning, not a failure
    warnings = [line for line in r.stderr.splitlines() if line.startswith("warning:")]
    assert any("vague.txt: no seller identified among Sam, Alex" in w and "--seller" in w for w in warnings)
    assert any(SSO in w and "no speaker here is Nobody" in w for w in warnings)
    sso = r.calls[1]
    assert any(s["side"] == "seller" for s in sso["speakers"]) and sso["commitments"]  # sides read from the talk


def test_correcting_a_calls_date_or_account_replaces_it_rather_than_storing_it_twice(run_cli, tmp_path):
    db = tmp_path / "a.db"
    (first,) = run_cli("analyze", SSO, "--format", "json", "--db", str(db)).calls
    (again,) = run_cli("analyze", SSO, "--format", "json", "--db", str(db), "--date", "2026-11-19",
                       "--account", "Acme Co").calls
    assert again["call_id"] == first["call_id"] and again["started_at"] == "2026-11-19"
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT started_at, account FROM calls").fetchall() == [("2026-11-19", "Acme Co")]


def test_usage_errors_exit_2_naming_the_option(run_cli, tmp_path):
    db = str(tmp_path / "a.db")
    for args, option in ((("--format", "yaml"), "--format"), (("--date", "next tuesday"), "--date"),
                         (("--backend", "claude"), "--backend")):
        r = run_cli("analyze", SSO, *args, "--db", db)
        assert r.code == 2 and option in r.stderr, args
    assert not (tmp_path / "a.db").exists()  # refused before anything was opened or written


def test_stdin_is_read_with_dash(run_cli, tmp_path):
    r = run_cli("analyze", "-", "--format", "json", "--db", str(tmp_path / "a.db"),
                stdin=(FIXTURES / "sso-pilot.txt").read_bytes())
    assert r.code == 0, r.stderr
    (call,) = r.calls
    assert call["source"] == "-"
    validate_call(call)


def test_calls_show_and_questions_read_the_store(run_cli, tmp_path):
    db = str(tmp_path / "a.db")
    (call,) = run_cli("analyze", SSO, "--format", "json", "--db", db).calls
    listing = run_cli("calls", "--db", db)
    assert listing.code == 0 and call["call_id"] in listing.stdout
    shown = run_cli("show", call["call_id"][:8], "--format", "json", "--db", db)
    assert shown.code == 0 and shown.calls == [call]
    md = run_cli("questions", call["call_id"], "--db", db)
    assert md.code == 0
    assert md.stdout.startswith("## Engineering questions")
    assert "- [ ] " in md.stdout and "Single sign-on" in md.stdout
    missing = run_cli("show", "ffffffff", "--db", db)
    assert missing.code == 1 and "no stored call" in missing.stderr


def test_text_report_shows_commitments_hidden_work_risks_and_questions(run_cli, tmp_path):
    r = run_cli("analyze", SSO, "--db", str(tmp_path / "a.db"))
    assert r.code == 0, r.stderr
    for heading in ("Commitments", "Hidden work", "Risks", "Questions for engineering", "Single sign-on"):
        assert heading in r.stdout
    assert "next Friday" in r.stdout


def test_account_and_date_flags_are_stored_and_shown(run_cli, tmp_path):
    db = str(tmp_path / "a.db")
    (call,) = run_cli("analyze", APPROVAL, "--format", "json", "--db", db, "--account", "Harbor Co",
                      "--date", "2026-11-19").calls
    assert call["started_at"] == "2026-11-19"
    assert "Harbor Co" in run_cli("calls", "--db", db).stdout


def test_version_is_printed(run_cli):
    from analyzer import __version__

    r = run_cli("--version")
    assert (r.code, r.stdout) == (0, f"analyzer {__version__}\n")


def test_a_folder_of_spreadsheet_and_chat_exports_is_analyzed(run_cli, tmp_path):
    folder = tmp_path / "calls"
    folder.mkdir()
    for name in ("export.csv", "recorder.tsv", "turns.jsonl", "chat_roles.json"):
        (folder / name).write_bytes((FIXTURES / "formats" / name).read_bytes())
    r = run_cli("analyze", str(folder), "--format", "json", "--db", str(tmp_path / "a.db"))
    assert r.code == 0, r.stderr
    by_file = {c["source"].rsplit("/", 1)[-1]: c for c in r.calls}
    assert set(by_file) == {"export.csv", "recorder.tsv", "turns.jsonl", "chat_roles.json"}
    for call in by_file.values():
        validate_call(call)
    # The CSV's role column makes Teodora the seller; her SSO promise for the pilot is found.
    assert "sso" in {c["category"] for c in by_file["export.csv"]["commitments"]}


def test_an_untitled_call_is_headed_by_its_file_once(run_cli, tmp_path):
    (tmp_path / "acme-sync.txt").write_text("Dana: Thanks for the time.\nLee: We need SSO with Okta.\n"
                                             "Dana: We'll have SSO ready by Friday.\n")
    result = run_cli("analyze", "acme-sync.txt", "--db", ":memory:")
    assert result.code == 0, result.stderr
    assert result.stdout.count("acme-sync.txt") == 1
