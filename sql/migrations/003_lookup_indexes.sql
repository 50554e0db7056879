-- 003: indexes for the lookups a load makes by key, so loading one night's documents costs the
-- same in a warehouse of a thousand documents or of a million (bench/, "history independence").
CREATE INDEX documents_canonical_url ON documents (canonical_url);
CREATE INDEX articles_text_hash ON articles (text_hash);
CREATE INDEX meeting_mentions_story ON meeting_mentions (story_id);
CREATE INDEX meeting_mentions_meeting ON meeting_mentions (meeting_id);
CREATE INDEX trade_figures_story ON trade_figures (story_id);
CREATE INDEX documents_story ON documents (story_id);
