-- An organization review: a parent scan (the review) holding one scan per
-- member account, each evaluated on its own like any other scan.
ALTER TABLE scans ADD COLUMN parent_id INTEGER REFERENCES scans(id) ON DELETE CASCADE;
ALTER TABLE scans ADD COLUMN account_name TEXT;
ALTER TABLE scans ADD COLUMN ou_path TEXT;
-- 1 for the review itself, whose numbers roll up its accounts'.
ALTER TABLE scans ADD COLUMN organization INTEGER NOT NULL DEFAULT 0;
CREATE INDEX scans_parent ON scans (parent_id);
-- The workload scope (resource tags) as JSON; NULL: the whole account.
ALTER TABLE scans ADD COLUMN scope TEXT;
