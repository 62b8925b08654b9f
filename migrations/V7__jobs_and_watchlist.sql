-- Scheduled mail and watchlists: per-kind mail preferences, watched saved searches, and the
-- indexes the alert and recap jobs read their windows through.

-- One row per (person, kind of scheduled mail) they chose; no row means the kind's default
-- (the weekly recap is opt-in, watchlist alerts are on for the watcher who made the watch).
CREATE TABLE mail_preferences (
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('weekly_recap', 'watchlist_alert')),
    subscribed  boolean NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, kind)
);

-- A recruiter watches some of their saved casting searches: new matches are mailed.
ALTER TABLE saved_searches
    ADD COLUMN watched           boolean NOT NULL DEFAULT false,
    ADD COLUMN last_notified_at  timestamptz;
CREATE INDEX saved_searches_watched ON saved_searches (owner_id) WHERE watched;

-- Watches are edited: keep when.
ALTER TABLE name_tracking ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX name_tracking_watcher ON name_tracking (watcher_id) WHERE is_active;

-- The jobs read what was created or changed in a window.
CREATE INDEX users_updated_at ON users (updated_at);
CREATE INDEX cinema_talents_updated_at ON cinema_talents (updated_at);
CREATE INDEX project_talents_assigned_at ON project_talents (assigned_at);

-- The alert job starts its window where the last succeeded run ended.
CREATE INDEX job_runs_succeeded ON job_runs (job_name) WHERE status = 'succeeded';
