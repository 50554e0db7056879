-- What a write must keep of these stored meetings: a baseline meeting stays one, and a
-- withdrawn meeting keeps the time it was first withdrawn (the key list, one per meeting_id).
SELECT meeting_id, provenance, withdrawn_at FROM meetings WHERE meeting_id IN ({keys})
