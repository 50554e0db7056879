-- One change of one meeting field (the frame `_carta_changes` the caller registers).
INSERT INTO meeting_history
SELECT meeting_id, field, old_value, new_value, changed_at, why, run_id, detail FROM _carta_changes
