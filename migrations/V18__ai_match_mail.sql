-- The "AI match" mail: a recruiter tells a matched person that a brief fits their profile, at
-- most once per person and brief (its `email_logs.idempotency_key`). People may turn this
-- kind of mail off like the scheduled ones, so `mail_preferences` learns its kind.
ALTER TABLE mail_preferences DROP CONSTRAINT mail_preferences_kind_check;
ALTER TABLE mail_preferences ADD CONSTRAINT mail_preferences_kind_check
    CHECK (kind IN ('weekly_recap', 'watchlist_alert', 'ai_match'));
