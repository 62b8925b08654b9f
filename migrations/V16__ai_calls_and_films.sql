-- Every call to a remote AI provider (OpenRouter): what it was for, which model answered, its
-- tokens, cost and latency, and how it ended. Written once, when the call is over (retries
-- included), so a failed call leaves one complete row and never half of one. The daily
-- spending cap (`ai.daily_cap_usd`) sums `cost_usd` over the current UTC day.
CREATE TABLE ai_calls (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    provider           text NOT NULL CHECK (length(provider) BETWEEN 1 AND 40),
    model              text NOT NULL CHECK (length(model) BETWEEN 1 AND 200),
    task               text NOT NULL CHECK (task IN ('analyse_cv', 'parse_brief', 'rerank')),
    outcome            text NOT NULL CHECK (outcome IN
                           ('ok', 'unavailable', 'timeout', 'budget_spent', 'invalid_answer', 'refused')),
    -- The provider's error code (a number or a string in its body), or the HTTP status.
    error_code         text CHECK (length(error_code) <= 100),
    http_status        smallint,
    attempts           smallint NOT NULL DEFAULT 1 CHECK (attempts BETWEEN 0 AND 10),
    prompt_tokens      integer CHECK (prompt_tokens >= 0),
    completion_tokens  integer CHECK (completion_tokens >= 0),
    cost_usd           numeric(12, 6) NOT NULL DEFAULT 0 CHECK (cost_usd >= 0),
    latency_ms         integer NOT NULL CHECK (latency_ms >= 0),
    -- OpenRouter's generation id, to find the call in its dashboard.
    generation_id      text CHECK (length(generation_id) <= 200),
    created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ai_calls_created_at ON ai_calls (created_at);

INSERT INTO app_settings (key, value, description) VALUES
    ('ai.daily_cap_usd', '5', 'Most the AI provider may cost per UTC day, in US dollars (0 stops remote calls)');

-- A production's filmography: films and series it made, linked to their IMDb ids and looked up
-- through the film search (OMDB) when added.
CREATE TABLE production_films (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    production_id  bigint NOT NULL REFERENCES productions (id) ON DELETE CASCADE,
    imdb_id        text NOT NULL CHECK (imdb_id ~ '^tt[0-9]{7,10}$'),
    title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    year           text CHECK (length(year) <= 20),
    kind           text NOT NULL CHECK (length(kind) BETWEEN 1 AND 20),
    poster_url     text CHECK (length(poster_url) <= 1000),
    director       text CHECK (length(director) <= 500),
    -- What the production did on it, as the recruiter writes it ("co-production", "service").
    credit         text CHECK (length(credit) <= 200),
    added_by       bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (production_id, imdb_id)
);
