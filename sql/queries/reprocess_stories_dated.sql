-- Only the documents published (else first seen) on or after $since.
AND coalesce((SELECT a.published_date FROM articles a WHERE a.doc_id = d.doc_id),
             d.first_seen_at::DATE) >= $since::DATE
