-- Move last_seen_at forward for documents fetched again unchanged; `_carta_seen` is the frame
-- (doc_id, last_seen_at) the caller registers.
UPDATE documents SET last_seen_at = s.last_seen_at FROM _carta_seen s
WHERE documents.doc_id = s.doc_id AND s.last_seen_at > documents.last_seen_at
RETURNING documents.doc_id
