-- Which of these meetings come from the baseline (the key list, one placeholder per meeting_id).
SELECT meeting_id FROM meetings WHERE meeting_id IN ({keys}) AND provenance = 'baseline'
