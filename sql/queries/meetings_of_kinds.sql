-- Of the kinds $kinds: what a stored meeting must share with an event to be matched with it
-- (normalise.resolve.match_meeting) - type, format and set of countries, as one string per
-- kind that warehouse.load.meeting_kind makes in Python.
WHERE list_contains($kinds::VARCHAR[],
    event_type || chr(31) || format || chr(31) || array_to_string(list_sort(countries), chr(31)))
