"""Resolution rules on plain records: which meeting a story reports, and what a meeting is
from all its claims, whatever order they come in."""

from __future__ import annotations

import itertools
from datetime import date

from carta.core.dates import PartialDate
from carta.core.extraction import Event
from carta.core.meetings import Claim, MeetingState
from normalise.resolve import match_meeting, meeting_id_for, reconcile


def _claim(role: str, status: str, day: PartialDate | None, city: str | None, story: str) -> Claim:
    return Claim(
        meeting_id="m",
        event_type="bilateral_talks",
        format="bilateral",
        countries=("KZ", "RU"),
        role=role,
        status=status,
        date=day,
        city=city,
        host_country=None,
        ordinal=None,
        published=date(2025, 4, 1),
        story_id=story,
    )


def test_a_report_outranks_an_announcement_and_the_result_ignores_order() -> None:
    claims = [
        _claim("announcement", "announced", PartialDate(2025, 4), "Astana", "s1"),
        _claim("report", "held", PartialDate(2025, 4, 11), "Almaty", "s2"),
        _claim("announcement", "announced", PartialDate(2025, 4, 10), "Astana", "s3"),
    ]
    results = {reconcile("m", list(p)) for p in itertools.permutations(claims)}
    assert len(results) == 1
    (state,) = results
    assert state.status == "held" and state.city == "Almaty"
    assert state.date is not None and state.date.iso() == "2025-04-11"


def test_a_numbered_meeting_is_found_by_its_series_and_ordinal() -> None:
    event = Event("ministerial_meeting", ("KZ", "RU", "TJ"), "central_asia_russia", "held", 8)
    assert match_meeting(event, None, []) == "ca_russia_fm-08"
    assert meeting_id_for(event, "story") == "ca_russia_fm-08"


def test_a_bilateral_event_matches_a_stored_meeting_only_on_a_compatible_date() -> None:
    stored = MeetingState(
        "talks-1",
        "bilateral_talks",
        "bilateral",
        None,
        None,
        ("KZ", "RU"),
        "held",
        PartialDate(2025, 4, 11),
        "Almaty",
        "KZ",
    )
    same = Event("bilateral_talks", ("RU", "KZ"), "bilateral", "held", date=PartialDate(2025, 4))
    other = Event("bilateral_talks", ("KZ", "RU"), "bilateral", "held", date=PartialDate(2025, 5))
    assert match_meeting(same, date(2025, 4, 12), [stored]) == "talks-1"
    assert match_meeting(other, date(2025, 5, 2), [stored]) is None


def test_a_new_meeting_without_a_day_gets_an_id_of_its_story() -> None:
    event = Event("phone_call", ("RU", "UZ"), "bilateral", "held", date=PartialDate(2025, 4))
    a, b = meeting_id_for(event, "story-a"), meeting_id_for(event, "story-b")
    assert a.startswith("phone_call-RU-UZ-2025-04-") and a != b
