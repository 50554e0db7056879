-- A person attends for their own state, and only for a state that is part of the meeting.
SELECT p.meeting_id, p.person_id, p.country, pe.country AS person_country, m.countries
FROM participations p
JOIN people pe USING (person_id)
JOIN meetings m USING (meeting_id)
WHERE p.country <> pe.country OR NOT list_contains(m.countries, p.country);
