from __future__ import annotations

import json
from pathlib import Path

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
         "cannot read", 1),
        (("sql", "--db", str(initialised_db), "--file", str(tmp_path)), "Is a directory", 1),
        (("sql", "--db", str(initialised_db), "--file", str(junk), "select 1"), "not both", 1),
        (("status", "--db", str(tmp_path)), "is a folder, not a warehouse file", 3),
        (("status", "--db", str(junk)), "cannot be opened as a carta warehouse", 3),
        (("check", "--db", str(junk)), "cannot be opened as a carta warehouse", 3),
    ]  # fmt: skip
    for args, said, code in cases:
        res = run_carta(*args)
        assert res.returncode == code, (args, res.stderr)
        lines = res.stderr.strip().splitlines()
        assert len(lines) == 1 and said in lines[0], (args, res.stderr)
