-- participation: who attended which meeting, for which state, with the title held at the time.
CREATE OR REPLACE VIEW participation AS
SELECT
    p.meeting_id,
    m.date,
    p.country,
    pe.name_en AS person,
    p.title,
    p.person_id,
    m.event_type,
    m.year,
    m.date_precision,
    p.provenance
FROM participations p
JOIN meetings m USING (meeting_id)
JOIN people pe USING (person_id)
WHERE m.withdrawn_at IS NULL;
