from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tests.conftest import run_carta


def test_help_explains_each_command() -> None:
    res = run_carta("--help")
    assert res.returncode == 0
    for cmd in ("init", "sql", "check", "status"):
        assert cmd in res.stdout


def test_sql_formats(initialised_db: Path) -> None:
    q = "select iso2, name_en from countries where iso2 in ('KZ','RU') order by iso2"
    table = run_carta("sql", "--db", str(initialised_db), q)
    assert table.returncode == 0
    assert table.stdout.splitlines()[0].split() == ["iso2", "name_en"]
    assert "(2 rows)" in table.stdout
    csv = run_carta("sql", "--db", str(initialised_db), "--format", "csv", q)
    assert csv.stdout == "iso2,name_en\nKZ,Kazakhstan\nRU,Russia\n"
    js = run_carta("sql", "--db", str(initialised_db), "--format", "json", q)
    assert json.loads(js.stdout) == [
        {"iso2": "KZ", "name_en": "Kazakhstan"},
        {"iso2": "RU", "name_en": "Russia"},
    ]


def test_sql_from_stdin_and_file(initialised_db: Path, tmp_path: Path) -> None:
    res = run_carta(
        "sql",
        "--db",
        str(initialised_db),
        "--format",
        "csv",
        "-",
        input="select count(*) as n from countries",
    )
    assert res.stdout == "n\n6\n"
    f = tmp_path / "q.sql"
    f.write_text("select count(*) as n from cities where country = 'KZ'")
    res = run_carta("sql", "--db", str(initialised_db), "--format", "csv", "--file", str(f))
    assert res.returncode == 0
    assert int(res.stdout.splitlines()[1]) >= 2


def test_sql_is_read_only(initialised_db: Path) -> None:
    res = run_carta("sql", "--db", str(initialised_db), "delete from meetings")
    assert res.returncode == 1
    assert "read-only" in res.stderr.lower()
    again = run_carta(
        "sql", "--db", str(initialised_db), "--format", "csv", "select count(*) from meetings"
    )
    assert again.stdout.splitlines()[1] == "3"


def test_sql_reports_bad_sql_and_missing_warehouse(tmp_path: Path, initialised_db: Path) -> None:
    bad = run_carta("sql", "--db", str(initialised_db), "selec nonsense")
    assert bad.returncode == 1
    assert "syntax error" in bad.stderr.lower()
    missing = run_carta("sql", "--db", str(tmp_path / "none.duckdb"), "select 1")
    assert missing.returncode == 3
    assert "carta init" in missing.stderr


def test_db_path_from_environment(initialised_db: Path) -> None:
    res = run_carta(
        "sql",
        "--format",
        "csv",
        "select count(*) from countries",
        env={"CARTA_DB": str(initialised_db)},
    )
    assert res.stdout == "count_star()\n6\n"


def test_ordinary_mistakes_read_as_one_line(initialised_db: Path, tmp_path: Path) -> None:
    """Issue 13's first contact: a wrong --file or --db is one line, never a traceback."""
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"this is not a database" * 200)
    cases = [
        (("sql", "--db", str(initialised_db), "--file", str(tmp_path / "missing.sql")),
         "cannot read", 65),
        (("sql", "--db", str(initialised_db), "--file", str(tmp_path)), "Is a directory", 65),
        (("sql", "--db", str(initialised_db), "--file", str(junk), "select 1"), "not both", 2),
        (("status", "--db", str(tmp_path)), "is a folder, not a warehouse file", 3),
        (("status", "--db", str(junk)), "cannot be opened as a carta warehouse", 3),
        (("check", "--db", str(junk)), "cannot be opened as a carta warehouse", 3),
    ]  # fmt: skip
    for args, said, code in cases:
        res = run_carta(*args)
        assert res.returncode == code, (args, res.stderr)
        lines = res.stderr.strip().splitlines()
        assert len(lines) == 1 and said in lines[0], (args, res.stderr)


def _one_line(res: Any, code: int, said: str, case: Any) -> None:
    assert res.returncode == code, (case, res.returncode, res.stderr[-2000:])
    assert "Traceback" not in res.stderr, (case, res.stderr[-2000:])
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and said in lines[0], (case, res.stderr)


def test_run_parameters_are_refused_before_prefect_starts(tmp_path: Path) -> None:
    """Each bad parameter of run, backfill, reprocess and serve is one line with its exit code,
    said before Prefect is imported (which would create PREFECT_HOME) or anything is fetched."""
    future = (date.today() + timedelta(days=3)).isoformat()
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"this is not a database" * 200)
    broken = tmp_path / "broken.toml"
    broken.write_text("[sources.mid_ru\n", encoding="utf-8")
    a_file = tmp_path / "plain.txt"
    a_file.write_text("x", encoding="utf-8")
    db = str(tmp_path / "carta.duckdb")
    cases = [
        (("run", "--sources", "bogus"), 2, "unknown source(s) bogus; known: gov_kz"),
        (("run", "--since", future), 2, f"since {future} is in the future"),
        (("run", "--since", "1900-01-01"), 2, "since 1900-01-01 is before 1991-01-01"),
        (("run", "--since", "2025-13-01"), 2, "not a date (YYYY-MM-DD): '2025-13-01'"),
        (("backfill", "--since", "2025-02-01", "--until", "2025-01-01"), 2,
         "until 2025-01-01 is before since 2025-02-01"),
        (("reprocess", "--batch-size", "0"), 2, "batch_size must be from 10 to 10000, got 0"),
        (("reprocess", "--sources", "mid_ru,nope"), 2, "unknown source(s) nope"),
        (("serve", "--timezone", "Mars/Olympus"), 2, "unknown time zone 'Mars/Olympus'"),
        (("run", "--config", str(tmp_path / "none.toml")), 65, "none.toml does not exist"),
        (("run", "--config", str(broken)), 65, "broken.toml"),
        (("run", "--db", str(tmp_path)), 3, "is a folder, not a warehouse file"),
        (("run", "--db", str(junk)), 3, "cannot be opened as a carta warehouse"),
        (("run", "--db", f"{a_file}/carta.duckdb"), 3, "plain.txt is not a folder"),
    ]  # fmt: skip
    home = tmp_path / "prefect-home"
    for args, code, said in cases:
        db_args = () if "--db" in args else ("--db", db)
        res = run_carta(*args, *db_args, env={"PREFECT_HOME": str(home)})
        _one_line(res, code, said, args)
        assert not home.exists(), (args, "Prefect was started before the check")
    assert not Path(db).exists()


def test_a_damaged_warehouse_is_one_line_for_every_command(
    initialised_db: Path, tmp_path: Path
) -> None:
    cut = tmp_path / "cut.duckdb"
    data = initialised_db.read_bytes()
    cut.write_bytes(data[: len(data) // 2])  # a copy cut short
    home = tmp_path / "prefect-home"
    for args in (("status",), ("check",), ("sql", "select count(*) from meetings"), ("run",)):
        res = run_carta(*args, "--db", str(cut), env={"PREFECT_HOME": str(home)})
        _one_line(res, 3, "is damaged", args)
    assert not home.exists()


def test_sql_prints_every_statement_or_refuses_several_in_csv(initialised_db: Path) -> None:
    both = run_carta("sql", "--db", str(initialised_db), "select 1 as a; select 2 as b")
    assert both.returncode == 0, both.stderr
    assert both.stdout.split() == ["a", "-", "1", "(1", "row)", "b", "-", "2", "(1", "row)"]
    csv = run_carta("sql", "--db", str(initialised_db), "--format", "csv", "select 1; select 2")
    _one_line(csv, 2, "--format csv prints one result; this query has 2 statements", "csv")
    assert csv.stdout == ""
    bad = run_carta("sql", "--db", str(initialised_db), "select 1 as a; select nope")
    _one_line(bad, 1, "statement 2 of 2:", "bad second")
    assert bad.stdout.split()[:3] == ["a", "-", "1"]  # what ran before it is shown


TALKS = "Sergey Lavrov held talks with Bakhtiyor Saidov in {city} on 5 May 2026."


def test_extract_mistakes_are_one_line_and_a_batch_keeps_its_lines(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Lavrov met Saidov in Moscow on 5 May 2026.", encoding="utf-8")
    cases = [
        (("extract", str(page), "--published", "2026-13-01"), 2,
         "cannot read the publication date '2026-13-01'"),
        (("extract", str(page), "--lang", "zz"), 2, "unknown language 'zz'"),
        (("extract", "--batch", str(tmp_path / "none.jsonl")), 65, "none.jsonl: it does not exist"),
        (("extract", "--batch", str(tmp_path)), 65, "it is a folder"),
        (("extract", str(page), "-o", str(tmp_path / "no" / "such" / "out.json")), 65,
         "cannot write"),
        (("extract", str(page), "-o", str(tmp_path)), 65, "cannot write"),
    ]  # fmt: skip
    for args, code, said in cases:
        _one_line(run_carta(*args), code, said, args)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.txt"]  # no partial output

    lines = [
        json.dumps({"text": TALKS.format(city="Moscow"), "lang": "en"}),
        "",
        json.dumps({"text": "Lavrov met Saidov.", "lang": "zz"}),
        "not json",
        json.dumps({"text": TALKS.format(city="Dushanbe")}),
    ]
    batch = tmp_path / "in.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    res = run_carta("extract", "--batch", str(batch), "-o", str(out))
    assert res.returncode == 65, res.stderr
    assert "3 line(s)" in res.stderr and f"wrote {out}" in res.stderr
    got = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(got) == len(lines)  # output line N is input line N
    assert [g.get("line") for g in got] == [None, 2, 3, 4, None]
    assert got[0]["events"][0]["city"] == "Moscow" and got[4]["events"][0]["city"] == "Dushanbe"
    ok = tmp_path / "ok.jsonl"
    ok.write_text(lines[0] + "\n", encoding="utf-8")
    assert run_carta("extract", "--batch", str(ok)).returncode == 0


def test_the_warehouse_is_found_from_any_subfolder_of_the_project(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "notes" / "deep").mkdir(parents=True)
    (project / "pyproject.toml").write_text('[project]\nname = "carta"\n', encoding="utf-8")
    env = {"CARTA_DB": "", "CARTA_HOME": ""}
    made = run_carta("init", cwd=project / "notes", env=env)
    assert made.returncode == 0, made.stderr
    where = project / "data" / "carta.duckdb"
    assert f"warehouse {where} (created)" in made.stdout  # it says where, and it is the project's
    again = run_carta("init", cwd=project / "notes" / "deep", env=env)
    assert f"warehouse {where}:" in again.stdout and "(created)" not in again.stdout
    res = run_carta("sql", "select count(*) from meetings", cwd=project / "notes" / "deep", env=env)
    assert res.returncode == 0 and "3" in res.stdout, res.stderr
    assert sorted(p.name for p in (project / "notes").rglob("*")) == ["deep"]  # nothing else
    # --db and CARTA_DB still win
    other = tmp_path / "other.duckdb"
    res = run_carta("init", cwd=project / "notes", env={**env, "CARTA_DB": str(other)})
    assert res.returncode == 0 and other.exists()


def test_the_override_is_config_everywhere_and_the_old_spelling_still_works(
    tmp_path: Path,
) -> None:
    override = tmp_path / "sources.toml"
    override.write_text("[sources.mfa_tm]\nenabled = false\n", encoding="utf-8")
    db = str(tmp_path / "carta.duckdb")
    new = run_carta("init", "--db", db, "--config", str(override))
    assert new.returncode == 0 and new.stderr == "", new.stderr
    old = run_carta("init", "--db", db, "--sources", str(override))
    assert old.returncode == 0
    assert "--sources FILE is now --config FILE" in old.stderr
    listed = run_carta("sources", "list", "--db", db, "--config", str(override))
    assert listed.returncode == 0, listed.stderr


def test_usage_mistakes_are_one_line() -> None:
    for args in (("run", "--nope"), ("frobnicate",), ("sql", "--format", "xml", "select 1")):
        res = run_carta(*args)
        _one_line(res, 2, "(see carta", args)
