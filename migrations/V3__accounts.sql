-- Accounts: consents and login throttling.

-- What a person agreed to, and when. A grant is never updated in place: withdrawing sets
-- withdrawn_at, granting again adds a row, so the history stays provable.
CREATE TABLE consents (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind          text NOT NULL CHECK (kind IN ('terms', 'privacy', 'ethnicity', 'skin_tone', 'id_document',
                                                'ai_cv_processing', 'guardian')),
    version       text NOT NULL CHECK (length(version) BETWEEN 1 AND 40),
    granted_at    timestamptz NOT NULL DEFAULT now(),
    withdrawn_at  timestamptz,
    ip_address    inet,
    user_agent    text,
    CHECK (withdrawn_at IS NULL OR withdrawn_at >= granted_at)
);
-- At most one live grant per person and kind.
CREATE UNIQUE INDEX consents_live ON consents (user_id, kind) WHERE withdrawn_at IS NULL;

-- Failed logins per account (normalised email) and per client address, shared by every
-- Lambda instance. A row exists only while there are recent failures.
CREATE TABLE login_throttles (
    scope             text NOT NULL CHECK (scope IN ('account', 'address')),
    key               text NOT NULL,
    failures          integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
    first_failure_at  timestamptz NOT NULL DEFAULT now(),
    locked_until      timestamptz,
    PRIMARY KEY (scope, key)
);

ALTER TABLE users ADD COLUMN password_changed_at timestamptz;
-- An invitation (an admin created the account) is a longer-lived set-password link.
ALTER TABLE password_resets ADD COLUMN purpose text NOT NULL DEFAULT 'reset'
    CHECK (purpose IN ('reset', 'invitation'));
