-- 009: which process runs a run, so the next start can tell a run that is still going from one
-- whose process was killed: a `running` row of a process that no longer exists becomes
-- `aborted` (runs.status: running | completed | partial | failed | aborted).
ALTER TABLE runs ADD COLUMN pid INTEGER;
ALTER TABLE runs ADD COLUMN host VARCHAR;
