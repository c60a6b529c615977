-- Atoll's store. Timestamps are RFC 3339 text (UTC); JSON columns are text.

CREATE TABLE customers (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    -- How to reach the account: a named profile and/or a role to assume.
    -- Never a secret: keys stay in ~/.aws or the SSO cache.
    profile     TEXT,
    role_arn    TEXT,
    external_id TEXT,
    regions     TEXT NOT NULL DEFAULT '[]',
    notes       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);

CREATE TABLE scans (
    id            INTEGER PRIMARY KEY,
    customer_id   INTEGER REFERENCES customers(id) ON DELETE SET NULL,
    account_id    TEXT,
    regions       TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    finished_at   TEXT,
    status        TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'cancelled', 'interrupted')),
    error         TEXT,
    rules_version TEXT NOT NULL,
    api_calls     INTEGER NOT NULL DEFAULT 0,
    -- The scanning process, so a scan whose process died can be marked interrupted.
    pid           INTEGER
);

CREATE TABLE resources (
    scan_id     INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    type        TEXT NOT NULL,
    region      TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    arn         TEXT,
    name        TEXT,
    tags        TEXT NOT NULL DEFAULT '{}',
    -- SQLite JSONB: rules read it without re-parsing text.
    config      BLOB NOT NULL
);
CREATE INDEX resources_lookup ON resources (scan_id, type, region, resource_id);

CREATE TABLE coverage (
    scan_id       INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    service       TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    region        TEXT NOT NULL,
    status        TEXT NOT NULL,
    message       TEXT
);
CREATE INDEX coverage_scan ON coverage (scan_id);

-- The rule metadata as it was when the scan ran, so old scans read the same.
CREATE TABLE scan_rules (
    scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    rule_id TEXT NOT NULL,
    info    TEXT NOT NULL,
    PRIMARY KEY (scan_id, rule_id)
);

CREATE TABLE results (
    scan_id       INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    rule_id       TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    region        TEXT NOT NULL,
    resource_id   TEXT NOT NULL,
    arn           TEXT,
    outcome       TEXT NOT NULL CHECK (outcome IN ('pass', 'fail', 'not-assessed')),
    detail        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX results_scan ON results (scan_id, outcome);

-- Accepted risks: they leave the score, never the record.
CREATE TABLE suppressions (
    id            INTEGER PRIMARY KEY,
    customer_id   INTEGER REFERENCES customers(id) ON DELETE CASCADE,
    rule_id       TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    region        TEXT NOT NULL,
    resource_id   TEXT NOT NULL,
    reason        TEXT NOT NULL,
    author        TEXT NOT NULL,
    expires_at    TEXT,
    created_at    TEXT NOT NULL
);
