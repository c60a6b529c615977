-- Customer profiles as the desktop app edits them, and app settings.

-- How the account is reached: 'profile' (a named profile with keys or a
-- credential process), 'sso' (an IAM Identity Center profile), 'role' (a role
-- assumed from the base `profile`), or 'demo' (bundled data, never scanned).
ALTER TABLE customers ADD COLUMN access TEXT NOT NULL DEFAULT 'profile'
    CHECK (access IN ('profile', 'sso', 'role', 'demo'));
ALTER TABLE customers ADD COLUMN contact TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN sow_reference TEXT NOT NULL DEFAULT '';

-- Small JSON values keyed by name (e.g. the HRI credit threshold).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
