-- A merge or split made now: the stored claims (mentions and figures) of $source that count for
-- $target from now on, all of them or those of the story $story.
UPDATE meeting_mentions SET meeting_id = $target
WHERE meeting_id = $source AND ($story IS NULL OR story_id = $story);
UPDATE trade_figures SET meeting_id = $target
WHERE meeting_id = $source AND ($story IS NULL OR story_id = $story);
INSERT INTO participations
    (meeting_id, person_id, country, title, provenance, doc_id, title_found, person_found)
SELECT $target, p.person_id, p.country, p.title, p.provenance, p.doc_id, p.title_found, p.person_found
FROM participations p
WHERE p.meeting_id = $source
  AND ($story IS NULL OR p.doc_id IN (SELECT doc_id FROM documents WHERE story_id = $story))
  AND NOT EXISTS (SELECT 1 FROM participations q WHERE q.meeting_id = $target AND q.person_id = p.person_id);
DELETE FROM participations
WHERE meeting_id = $source
  AND ($story IS NULL OR doc_id IN (SELECT doc_id FROM documents WHERE story_id = $story));
