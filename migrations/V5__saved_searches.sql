-- Casting searches a recruiter keeps (and, later, watches for new matches).
CREATE TABLE saved_searches (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    -- The query string of GET /api/v1/cinema/talents, validated when saved.
    query       text NOT NULL CHECK (length(query) <= 2000),
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (owner_id, name)
);
