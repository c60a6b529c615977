-- When the scanning process last said it is alive (RFC 3339, UTC). A
-- `running` scan whose heartbeat stopped was abandoned: its process was
-- killed or crashed. A heartbeat works on every system, where a process-id
-- test needs /proc and is fooled by a reused id.
ALTER TABLE scans ADD COLUMN heartbeat_at TEXT;
