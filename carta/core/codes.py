"""Every coded value carta stores, in one place: the types the code is written against, the
warehouse's accepted-values check (`warehouse.checks`) and the views' documentation
(`sql/views/<view>.toml`, checked by tests/test_view_docs.py) all read them from here.

A new value (a new way a city is found, a new fetch outcome) is added here once; the check that
the warehouse holds no other value follows by itself.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

EventType = Literal[
    "ministerial_meeting", "summit", "bilateral_talks", "phone_call", "consultations", "other"
]
MeetingStatus = Literal["announced", "held", "postponed", "cancelled"]
MeetingFormat = Literal["central_asia_russia", "bilateral"]
Precision = Literal["day", "month", "year"]
Provenance = Literal["baseline", "extracted", "analyst"]  # analyst: a correction set a field
# An analyst's correction (`carta correct`), and the fields `--set` may change.
CorrectionAction = Literal["set", "merge", "split", "not_relevant", "add_participant"]
CorrectableField = Literal["city", "host_country", "date", "status", "ordinal", "event_type"]
CorrectionState = Literal["applied", "stale"]  # stale: its meeting is gone
# Why a meeting's field changed (meeting_history, the meeting_changes view).
ChangeReason = Literal[
    "new_meeting", "new_source", "revision", "reprocess", "correction", "removal"
]
MentionRole = Literal["announcement", "report"]
Qualifier = Literal["exact", "over", "under", "about"]
PeriodKind = Literal["year", "partial", "unknown"]

# How the extractor found a field (stored beside it, for analysts who filter on it):
#   countries: format_name (the format named) | states_listed (the states, or the region and
#              Russia, written out) | region_group (Russia meets the region's officials) |
#              officials (people of both states) | states | sentence_before
#   status:    cue (a word of the language files) | verb_tense (a Russian verb, pymorphy3) |
#              said_at (said at the meeting) | ahead_of | sentence_before | default
#   date:      text | text_year_inferred (a day written without its year, which is the
#              publication's) | relative (today, on Friday: read against the publication date) |
#              dateline
#   city:      text | venue_line (the line under a title) | residence (in the Kremlin) |
#              capital_named (the Kazakh capital, our capital) | scene (the sentence before
#              sets it) | setting (the summit it is held within, placed earlier) | dateline
#   ordinal:   text | first_time | back_reference (This was the third meeting)
#   participant title: text | registry (the office the registry gives for the date)
#   participant person: text (named) | registry (named by office only: its holder that day)
#   trade year: text | relative (last year, this year, against the publication date) |
#              base_year (this year against 2021: 2022) | sentence_before
#   trade scope: text | context (the meeting's or the nearby sentences' pair)
CountriesFound = Literal[
    "format_name", "states_listed", "region_group", "officials", "states", "sentence_before"
]
StatusFound = Literal["cue", "verb_tense", "said_at", "ahead_of", "sentence_before", "default"]
DateFound = Literal["text", "text_year_inferred", "relative", "dateline"]
CityFound = Literal[
    "text", "venue_line", "residence", "capital_named", "scene", "setting", "dateline"
]
OrdinalFound = Literal["text", "first_time", "back_reference"]
TitleFound = Literal["text", "registry"]
PersonFound = Literal["text", "registry", "analyst"]  # analyst: added by a correction
YearFound = Literal["text", "relative", "base_year", "sentence_before"]
ScopeFound = Literal["text", "context"]

Outcome = Literal[
    "ok",
    "not_modified",
    "blocked",
    "http_error",
    "unreachable",
    "refused",
    "too_large",
    "bad_content",
    "robots_disallowed",
]
# What a failure means for trying again, decided where it happened (the HTTP layer) and read by
# the one retry policy: transient (a timeout, a dropped connection, 429, 5xx: later may work),
# permanent (4xx, a name that does not resolve, a bad certificate, a body too large or of the
# wrong type: the same request fails again), blocked (a challenge or refusal page), refused (we
# did not send it: robots.txt, the allowlist, a bad URL).
FailureKind = Literal["transient", "permanent", "blocked", "refused"]
EncodingSource = Literal["declared", "default", "detected", "best_effort"]
RunStatus = Literal["running", "completed", "partial", "failed", "aborted"]

# Values the views make.
SourceHealth = Literal["never_run", "blocked", "failing", "silent", "ok"]
TradeBasis = Literal["reported", "implied"]
TrendQualifier = Literal[Qualifier, "implied"]  # a year only implied by a change is 'implied'
DeletionKind = Literal["document_removed", "meeting_withdrawn", "meeting_removed"]

# Each coded column of a table, with its values (`accepted_values` in warehouse.checks).
TABLE_COLUMNS: dict[str, Any] = {
    "meetings.event_type": EventType,
    "meetings.status": MeetingStatus,
    "meetings.format": MeetingFormat,
    "meetings.date_precision": Precision,
    "meetings.provenance": Provenance,
    "meeting_mentions.role": MentionRole,
    "meeting_mentions.countries_found": CountriesFound,
    "meeting_mentions.status_found": StatusFound,
    "meeting_mentions.date_found": DateFound,
    "meeting_mentions.city_found": CityFound,
    "meeting_mentions.ordinal_found": OrdinalFound,
    "participations.title_found": TitleFound,
    "participations.person_found": PersonFound,
    "trade_figures.qualifier": Qualifier,
    "trade_figures.period_kind": PeriodKind,
    "trade_figures.year_found": YearFound,
    "trade_figures.scope_found": ScopeFound,
    "fetches.outcome": Outcome,
    "fetches.failure_kind": FailureKind,
    "articles.encoding_source": EncodingSource,
    "runs.status": RunStatus,
    "corrections.action": CorrectionAction,
    "corrections.state": CorrectionState,
    "meeting_history.why": ChangeReason,
}

# Each coded column of a public view (its documentation's `accepted` lists these columns).
VIEW_COLUMNS: dict[str, Any] = {
    "meeting_timeline.event_type": EventType,
    "meeting_timeline.format": MeetingFormat,
    "meeting_timeline.status": MeetingStatus,
    "meeting_timeline.date_precision": Precision,
    "meeting_timeline.provenance": Provenance,
    "participation.provenance": Provenance,
    "participation.date_precision": Precision,
    "source_health.state": SourceHealth,
    "trade_trend.basis": TradeBasis,
    "trade_trend.qualifier": TrendQualifier,
    "meeting_changes.why": ChangeReason,
    "deletions.kind": DeletionKind,
}


def values(code: Any) -> tuple[str, ...]:
    """The values of a coded type, in their written order."""
    return tuple(get_args(code))
