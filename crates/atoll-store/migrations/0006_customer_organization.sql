-- A customer profile's organization review settings (member role, external
-- id, OU and account filters) as JSON; NULL: the one account the profile's
-- credentials reach. And the workload reviewed, as `KEY=VALUE` tags (JSON
-- list); empty: the whole account.
ALTER TABLE customers ADD COLUMN organization TEXT;
ALTER TABLE customers ADD COLUMN workload_tags TEXT NOT NULL DEFAULT '[]';
