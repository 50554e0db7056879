-- 007: what each failed request means for trying again, decided by the HTTP layer:
--   failure_kind: transient (timeout, dropped connection, 429, 5xx) | permanent (4xx, a name that
--   does not resolve, a bad certificate, too large, wrong type) | blocked (a challenge or refusal
--   page) | refused (not sent: robots.txt, the allowlist, a bad URL); NULL for ok and not_modified.
-- Requests logged before 007 keep NULL.
ALTER TABLE fetches ADD COLUMN failure_kind VARCHAR;
