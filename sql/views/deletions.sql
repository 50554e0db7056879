-- deletions: what no longer counts, with when and why (a feed like ACLED's deletions file):
-- pages a ministry removed (tombstones: gone on two revisits in a row), meetings withdrawn
-- (merged into another, not relevant, their pages removed) and meetings removed because no
-- claim supports them any more.
CREATE OR REPLACE VIEW deletions AS
SELECT
    'document_removed' AS kind,
    canonical_url AS id,
    removed_at,
    why
FROM tombstones
UNION ALL
SELECT
    'meeting_withdrawn' AS kind,
    meeting_id AS id,
    withdrawn_at AS removed_at,
    withdrawn_why AS why
FROM meetings
WHERE withdrawn_at IS NOT NULL
UNION ALL
SELECT
    'meeting_removed' AS kind,
    meeting_id AS id,
    changed_at AS removed_at,
    coalesce(detail, 'removed') AS why
FROM meeting_history
WHERE field = 'meeting' AND new_value = 'removed';
