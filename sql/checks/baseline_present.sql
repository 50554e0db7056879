-- The baseline is in place: the 8th foreign ministers' meeting (Almaty, 2025-04-11) and the
-- 2024 Russia–Central Asia trade figure. A row here names what is missing.
SELECT 'baseline meeting ca_russia_fm-08' AS missing
WHERE NOT EXISTS (SELECT 1 FROM meetings WHERE meeting_id = 'ca_russia_fm-08'
                  AND date = DATE '2025-04-11' AND city = 'Almaty' AND ordinal = 8)
UNION ALL
SELECT 'baseline figure RU-CA 2024'
WHERE NOT EXISTS (SELECT 1 FROM trade_figures WHERE provenance = 'baseline' AND scope = 'RU-CA'
                  AND year = 2024 AND unit = 'USD');
