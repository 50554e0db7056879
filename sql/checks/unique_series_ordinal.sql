-- One meeting per ordinal of a series (the 8th foreign ministers' meeting happened once).
SELECT series, ordinal, count(*) AS n, list(meeting_id) AS meetings
FROM meetings
WHERE series IS NOT NULL AND ordinal IS NOT NULL
GROUP BY series, ordinal
HAVING count(*) > 1;
