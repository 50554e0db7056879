"""Resolution into the warehouse: one meeting per real event, one mention per story, and loads
that are idempotent and order-independent."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from carta.core.keys import stable_hash
from carta.core.meetings import SourceDoc
from carta.core.registry import default_registry
from carta.loading import load_extractions
from normalise.extract import extract
from tests.conftest import run_carta
from tests.test_init import table_fingerprints
from warehouse import db
from warehouse.baseline import load_registry_tables
from warehouse.checks import run_checks
from warehouse.load import known_meetings, meeting_kind

DATA = Path(__file__).with_name("data")
ALMATY = json.loads((DATA / "almaty_reports.json").read_text(encoding="utf-8"))
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def source_doc(
    text: str, url: str, published: str | None, lang: str | None, story: str | None = None
) -> SourceDoc:
    doc_id = stable_hash(url, text)
    return SourceDoc(
        doc_id=doc_id,
        story_id=story or stable_hash(url),
        url=url,
        published=date.fromisoformat(published) if published else None,
        language=lang,
        extraction=extract(text, url=url, published=published, lang=lang),
    )


def archive(con: Any, docs: list[SourceDoc]) -> None:
    """Minimal document rows, so the mentions' references hold (the real archive is tested with
    the scrapers)."""
    for d in docs:
        con.execute(
            "INSERT OR IGNORE INTO documents (doc_id, canonical_url, story_id, language, revision,"
            " content_hash, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?)",
            [d.doc_id, d.url, d.story_id, d.language, d.doc_id, NOW, NOW],
        )


def load(path: Path, docs: list[SourceDoc]) -> Any:
    with db.writer(path) as con:
        con.execute("BEGIN TRANSACTION")
        archive(con, docs)
        result = load_extractions(con, docs, run_id="test", now=NOW)
        con.execute("COMMIT")
    return result


def almaty_docs() -> list[SourceDoc]:
    return [source_doc(c["text"], c["url"], c["published"], c["lang"]) for c in ALMATY]


def test_ten_reports_in_three_languages_make_one_meeting_with_ten_mentions(db_path: Path) -> None:
    with db.writer(db_path) as con:  # registry only: no baseline row to attach to
        load_registry_tables(con, default_registry())
    docs = almaty_docs()
    assert {d.language for d in docs} == {"en", "ru", "kk"}
    load(db_path, docs)
    with db.reader(db_path) as con:
        meetings = con.execute(
            "SELECT meeting_id, ordinal, date, city, status, n_mentions FROM meeting_timeline"
        ).fetchall()
    assert meetings == [("ca_russia_fm-08", 8, date(2025, 4, 11), "Almaty", "held", 10)]


def test_a_report_of_almaty_2025_attaches_to_the_baseline_row(initialised_db: Path) -> None:
    load(initialised_db, almaty_docs())
    with db.reader(initialised_db) as con:
        row = con.execute(
            "SELECT meeting_id, provenance, status, date, city, n_mentions, n_participants "
            "FROM meeting_timeline WHERE ordinal = 8"
        ).fetchall()
        total = con.execute("SELECT count(*) FROM meetings").fetchall()[0][0]
        failed = [r.name for r in run_checks(con) if not r.passed]
    assert row == [("ca_russia_fm-08", "baseline", "held", date(2025, 4, 11), "Almaty", 11, 6)]
    assert total == 3  # the baseline's three meetings, nothing new
    assert failed == []


def test_language_versions_of_one_story_are_one_mention(initialised_db: Path) -> None:
    ru = source_doc(ALMATY[4]["text"], "https://example.ru/ru/news/1/", "2025-04-11", "ru", "s1")
    en = source_doc(ALMATY[0]["text"], "https://example.ru/en/news/1/", "2025-04-11", "en", "s1")
    load(initialised_db, [ru, en])
    with db.reader(initialised_db) as con:
        n = con.execute(
            "SELECT count(*) FROM meeting_mentions WHERE provenance = 'extracted'"
        ).fetchall()[0][0]
    assert n == 1


def test_loading_twice_changes_nothing(initialised_db: Path) -> None:
    docs = almaty_docs()
    load(initialised_db, docs)
    first = table_fingerprints(initialised_db)
    result = load(initialised_db, list(reversed(docs)))
    assert table_fingerprints(initialised_db) == first
    assert result.meetings_changed == 0 and result.meetings_new == 0


ANNOUNCE = (
    "On 17 April 2026 Russian Foreign Minister Sergey Lavrov will take part in the ninth meeting "
    "of the foreign ministers of Central Asia and Russia in Dushanbe."
)
REPORT = (
    "DUSHANBE, April 17. The ninth meeting of the foreign ministers of the Central Asian "
    "countries and Russia took place in Dushanbe today. Sergey Lavrov and Sirojiddin Muhriddin "
    "co-chaired the session."
)


def test_announcement_then_report_moves_the_status_on(initialised_db: Path) -> None:
    load(initialised_db, [source_doc(ANNOUNCE, "https://a.example/1", "2026-04-10", "en")])
    with db.reader(initialised_db) as con:
        before = con.execute(
            "SELECT meeting_id, status, date FROM meetings WHERE ordinal = 9"
        ).fetchall()
    assert before == [("ca_russia_fm-09", "announced", date(2026, 4, 17))]
    load(initialised_db, [source_doc(REPORT, "https://b.example/2", "2026-04-17", "en")])
    with db.reader(initialised_db) as con:
        after = con.execute(
            "SELECT meeting_id, status, date, city, n_mentions FROM meeting_timeline "
            "WHERE ordinal = 9"
        ).fetchall()
        roles = sorted(
            r[0]
            for r in con.execute(
                "SELECT role FROM meeting_mentions WHERE meeting_id = 'ca_russia_fm-09'"
            ).fetchall()
        )
    assert after == [("ca_russia_fm-09", "held", date(2026, 4, 17), "Dushanbe", 2)]
    assert roles == ["announcement", "report"]


def test_second_summit_report_updates_the_baseline_announcement(initialised_db: Path) -> None:
    text = (
        "The second Central Asia – Russia summit was held in Dushanbe on 9 October 2025. "
        "President Vladimir Putin and President Emomali Rahmon took part."
    )
    load(initialised_db, [source_doc(text, "https://c.example/3", "2025-10-09", "en")])
    with db.reader(initialised_db) as con:
        row = con.execute(
            "SELECT status, date, city, host_country, provenance FROM meetings "
            "WHERE meeting_id = 'ca_russia_summit-02'"
        ).fetchall()
    assert row == [("held", date(2025, 10, 9), "Dushanbe", "TJ", "baseline")]


def test_re_extracting_a_story_replaces_what_it_said(initialised_db: Path) -> None:
    url = "https://d.example/4"
    load(initialised_db, [source_doc(ANNOUNCE, url, "2026-04-10", "en", "story-x")])
    corrected = "Lavrov spoke about the situation in Afghanistan at a press conference."
    load(initialised_db, [source_doc(corrected, url, "2026-04-10", "en", "story-x")])
    with db.reader(initialised_db) as con:
        assert con.execute("SELECT count(*) FROM meetings WHERE ordinal = 9").fetchall() == [(0,)]
        assert con.execute(
            "SELECT count(*) FROM meeting_mentions WHERE story_id = 'story-x'"
        ).fetchall() == [(0,)]


def test_baseline_text_through_carta_extract_matches_the_baseline_row(
    initialised_db: Path,
) -> None:
    res = run_carta("extract", str(DATA / "almaty_baseline.txt"), "--published", "2025-04-11")
    assert res.returncode == 0, res.stderr
    event = json.loads(res.stdout)["events"][0]
    with db.reader(initialised_db) as con:
        row = con.execute(
            "SELECT event_type, ordinal, status, date, city, host_country, countries "
            "FROM meetings WHERE meeting_id = 'ca_russia_fm-08'"
        ).fetchall()[0]
        people = sorted(
            r[0]
            for r in con.execute(
                "SELECT person_id FROM participations WHERE meeting_id = 'ca_russia_fm-08'"
            ).fetchall()
        )
    assert (
        event["event_type"],
        event["ordinal"],
        event["status"],
        event["date"],
        event["city"],
        event["host_country"],
        event["countries"],
    ) == (row[0], row[1], row[2], row[3].isoformat(), row[4], row[5], row[6])
    assert sorted(p["person_id"] for p in event["participants"]) == people
    (figure,) = json.loads(res.stdout)["trade_figures"]
    assert (figure["scope"], figure["year"], figure["change_pct"]) == ("RU-CA", 2024, 11.3)
    assert figure["value"] == pytest.approx(44.7e9)


def test_meetings_read_by_kind_are_those_a_match_could_pick(initialised_db: Path) -> None:
    """The load reads only meetings of its events' kinds; the SQL kind key must be the Python
    one, whatever order the stored countries are in."""
    with db.writer(initialised_db) as con:
        con.execute(
            "INSERT INTO meetings (meeting_id, event_type, format, countries, status, provenance,"
            " first_seen_at, updated_at) VALUES "
            "('t-1', 'phone_call', 'bilateral', ['RU', 'KZ'], 'held', 'extracted', now(), now()),"
            "('t-2', 'phone_call', 'bilateral', ['KZ', 'RU'], 'held', 'extracted', now(), now()),"
            "('t-3', 'phone_call', 'bilateral', ['RU', 'UZ'], 'held', 'extracted', now(), now()),"
            "('t-4', 'summit', 'bilateral', ['KZ', 'RU'], 'held', 'extracted', now(), now())"
        )
        stored = known_meetings(con)
        kinds = {meeting_kind(m.event_type, m.format, m.countries) for m in stored}
        assert len(kinds) >= 4
        for kind in kinds:
            picked = {m.meeting_id for m in known_meetings(con, kinds=[kind])}
            assert picked == {
                m.meeting_id
                for m in stored
                if meeting_kind(m.event_type, m.format, m.countries) == kind
            }
        assert {
            m.meeting_id
            for m in known_meetings(
                con, kinds=[meeting_kind("phone_call", "bilateral", ("KZ", "RU"))]
            )
        } == {"t-1", "t-2"}
        assert [m.meeting_id for m in known_meetings(con, ids=["t-3", "absent"])] == ["t-3"]
        assert known_meetings(con, kinds=[]) == []


def test_each_stored_field_says_how_it_was_found(initialised_db: Path) -> None:
    """An analyst keeps only what the text states: `date_found = 'relative'` is a day read from
    "yesterday" against the publication date, `title_found = 'registry'` a title the registry
    gave for the day, `year_found = 'relative'` a figure's "last year"."""
    text = (
        "Sergey Lavrov and Bakhtiyor Saidov held talks in Tashkent yesterday. Last year trade "
        "between Russia and Uzbekistan grew by 15% to $11 billion."
    )
    doc = source_doc(text, "https://example.ru/en/news/7/", "2025-06-03", "en", "s7")
    load(initialised_db, [doc])
    with db.reader(initialised_db) as con:
        mention = con.execute(
            "SELECT date_claimed, date_found, city_found, status_found, countries_found "
            "FROM meeting_mentions WHERE story_id = 's7'"
        ).fetchall()
        titles = con.execute(
            "SELECT person_id, title_found FROM participations p JOIN meeting_mentions m "
            "USING (meeting_id) WHERE m.story_id = 's7' ORDER BY person_id"
        ).fetchall()
        figure = con.execute(
            "SELECT year, year_found, scope_found FROM trade_figures WHERE story_id = 's7'"
        ).fetchall()
        failed = [r.name for r in run_checks(con) if not r.passed]
    assert mention == [(date(2025, 6, 2), "relative", "text", "cue", "officials")]
    assert titles == [("bakhtiyor-saidov", "registry"), ("sergey-lavrov", "registry")]
    assert figure == [(2024, "relative", "text")]
    assert failed == []
