-- Stored meetings, as resolution compares them with new events; the filter slot is empty (all of
-- them), meetings_of_ids.sql or meetings_of_kinds.sql.
SELECT meeting_id, event_type, format, series, ordinal, countries, status, year, month, date,
       date_source, date_as_quoted, city, host_country, corrected, withdrawn_why
FROM meetings {filter}
