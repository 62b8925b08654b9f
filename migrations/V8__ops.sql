-- Stats, admin logs and maintenance: the indexes their queries need.

-- Admin log filters, newest first (user_id and event_type already have theirs, V1).
CREATE INDEX activity_logs_action ON activity_logs (action, created_at DESC);
CREATE INDEX security_logs_severity ON security_logs (severity, created_at DESC);
CREATE INDEX email_logs_type ON email_logs (email_type, created_at DESC);
CREATE INDEX email_logs_status ON email_logs (status, created_at DESC);
-- "Part of the recipient" (lower(recipient) LIKE '%…%').
CREATE INDEX email_logs_recipient ON email_logs USING gin (lower(recipient) gin_trgm_ops);

-- Maintenance: expired sessions and links, found without reading the live ones.
CREATE INDEX sessions_idle_expiry ON sessions (idle_expires_at);
CREATE INDEX email_confirmations_expiry ON email_confirmations (expires_at);
CREATE INDEX password_resets_expiry ON password_resets (expires_at);
