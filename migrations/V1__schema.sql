-- taalentio data model: the seed's tables (taalentio-architecture-fr.md) with what the
-- rebuild adds (sessions, API tokens, uploads, confirmations, resets, job runs).
-- Encrypted columns hold `key id || nonce || AES-256-GCM ciphertext` (bytea); their
-- `*_blind_index` twins hold a keyed HMAC for exact lookups.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- unaccent() is only STABLE (its dictionary could change); indexes need IMMUTABLE. Pinning the
-- dictionary makes the wrapper safe to index, the usual Postgres idiom.
CREATE FUNCTION f_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

-- Text as searched: without accents, lower-cased.
CREATE FUNCTION search_text(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT lower(f_unaccent($1)) $$;

-- ---------------------------------------------------------------------------------------
-- Reference data

CREATE TABLE countries (
    id        smallint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code      char(2) NOT NULL UNIQUE CHECK (code ~ '^[A-Z]{2}$'),
    name_fr   text NOT NULL,
    name_en   text NOT NULL,
    dial_code text NOT NULL CHECK (dial_code ~ '^\+[0-9]{1,4}$'),
    is_active boolean NOT NULL DEFAULT true
);

CREATE TABLE cities (
    id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    country_id smallint NOT NULL REFERENCES countries (id),
    name       text NOT NULL,
    is_capital boolean NOT NULL DEFAULT false,
    UNIQUE (country_id, name)
);
CREATE UNIQUE INDEX cities_one_capital ON cities (country_id) WHERE is_capital;
-- (country_id, id) lets users reference a city *of their country* with a composite key.
CREATE UNIQUE INDEX cities_country_city ON cities (country_id, id);

CREATE TABLE talent_categories (
    code       text PRIMARY KEY CHECK (code ~ '^[a-z][a-z_]*$'),
    name_fr    text NOT NULL,
    name_en    text NOT NULL,
    sort_order smallint NOT NULL DEFAULT 0
);

CREATE TABLE talents (
    id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL,
    name_en    text NOT NULL,
    emoji      text NOT NULL,
    category   text NOT NULL REFERENCES talent_categories (code),
    tag        text NOT NULL UNIQUE CHECK (tag ~ '^[a-z][a-z0-9_]*$'),
    is_active  boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX talents_category ON talents (category);

-- Controlled vocabularies of the cinema module, labelled in French and English.
CREATE TABLE cinema_vocabulary (
    kind       text NOT NULL CHECK (kind IN ('eye_color', 'hair_color', 'hair_type', 'skin_tone', 'build',
                                             'talent_type', 'language', 'id_document_type')),
    code       text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]*$'),
    label_fr   text NOT NULL,
    label_en   text NOT NULL,
    sort_order smallint NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, code)
);

-- ---------------------------------------------------------------------------------------
-- People

CREATE TABLE users (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unique_code         text NOT NULL UNIQUE CHECK (unique_code ~ '^[2-9A-HJ-NP-Z]{8}$'),
    first_name          text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
    last_name           text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
    email               text NOT NULL UNIQUE CHECK (email = lower(email) AND email LIKE '%_@_%'),
    password_hash       text,
    date_of_birth       date CHECK (date_of_birth > DATE '1900-01-01'),
    gender              text CHECK (gender IN ('female', 'male', 'non_binary', 'undisclosed')),
    phone_encrypted     bytea,
    phone_blind_index   bytea,
    whatsapp_encrypted  bytea,
    address_encrypted   bytea,
    country_id          smallint REFERENCES countries (id),
    city_id             integer,
    nationality         char(2) REFERENCES countries (code),
    photo_filename      text,
    cv_filename         text,
    qr_code_filename    text,
    role                text NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'recruiter', 'presence', 'admin')),
    -- The seed's flag, now derived from the role so the two can never disagree.
    is_admin            boolean GENERATED ALWAYS AS (role = 'admin') STORED,
    account_active      boolean NOT NULL DEFAULT true,
    email_confirmed_at  timestamptz,
    preferred_language  text NOT NULL DEFAULT 'fr' CHECK (preferred_language IN ('fr', 'en')),
    profile_public      boolean NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    -- A city must belong to the user's country.
    FOREIGN KEY (country_id, city_id) REFERENCES cities (country_id, id),
    CHECK (city_id IS NULL OR country_id IS NOT NULL)
);
CREATE INDEX users_name_search ON users
    USING gin ((search_text(first_name || ' ' || last_name)) gin_trgm_ops);
CREATE INDEX users_country_city ON users (country_id, city_id);
CREATE INDEX users_created_at ON users (created_at);
CREATE INDEX users_date_of_birth ON users (date_of_birth);
CREATE INDEX users_phone_blind_index ON users (phone_blind_index) WHERE phone_blind_index IS NOT NULL;

CREATE TABLE user_talents (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    talent_id  integer NOT NULL REFERENCES talents (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, talent_id)
);
CREATE INDEX user_talents_talent ON user_talents (talent_id, user_id);

-- ---------------------------------------------------------------------------------------
-- Cinema

CREATE TABLE cinema_talents (
    id                            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unique_code                   text NOT NULL UNIQUE CHECK (unique_code ~ '^[2-9A-HJ-NP-Z]{8}$'),
    first_name                    text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
    last_name                     text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
    gender                        text CHECK (gender IN ('female', 'male', 'non_binary', 'undisclosed')),
    date_of_birth                 date CHECK (date_of_birth > DATE '1900-01-01'),
    id_document_type              text,
    id_document_number_encrypted  bytea,
    id_document_number_blind_index bytea,
    ethnicities                   text[] NOT NULL DEFAULT '{}',
    nationality                   char(2) REFERENCES countries (code),
    country_of_residence_id       smallint REFERENCES countries (id),
    city_of_residence_id          integer,
    languages_spoken              text[] NOT NULL DEFAULT '{}',
    years_of_experience           smallint CHECK (years_of_experience BETWEEN 0 AND 90),
    talent_types                  text[] NOT NULL DEFAULT '{}',
    other_talents                 text,
    eye_color                     text,
    hair_color                    text,
    hair_type                     text,
    height                        smallint CHECK (height BETWEEN 40 AND 260), -- centimetres
    skin_tone                     text,
    build                         text,
    profile_photo_filename        text,
    gallery_photos                text[] NOT NULL DEFAULT '{}',
    email                         text CHECK (email = lower(email)),
    phone_encrypted               bytea,
    whatsapp_encrypted            bytea,
    -- The seed's social network links, as one encrypted JSON object {network: url}.
    social_links_encrypted        bytea,
    is_active                     boolean NOT NULL DEFAULT true,
    created_by                    bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at                    timestamptz NOT NULL DEFAULT now(),
    updated_at                    timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (country_of_residence_id, city_of_residence_id) REFERENCES cities (country_id, id),
    CHECK (city_of_residence_id IS NULL OR country_of_residence_id IS NOT NULL)
);
CREATE INDEX cinema_talents_name_search ON cinema_talents
    USING gin ((search_text(first_name || ' ' || last_name)) gin_trgm_ops);
CREATE INDEX cinema_talents_languages ON cinema_talents USING gin (languages_spoken);
CREATE INDEX cinema_talents_talent_types ON cinema_talents USING gin (talent_types);
CREATE INDEX cinema_talents_ethnicities ON cinema_talents USING gin (ethnicities);
CREATE INDEX cinema_talents_residence ON cinema_talents (country_of_residence_id, city_of_residence_id);
CREATE INDEX cinema_talents_physical ON cinema_talents (gender, height, date_of_birth) WHERE is_active;
CREATE INDEX cinema_talents_id_document ON cinema_talents (id_document_number_blind_index)
    WHERE id_document_number_blind_index IS NOT NULL;

CREATE TABLE productions (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    logo_url         text,
    description      text,
    specialization   text,
    -- coordonnees
    address          text,
    city             text,
    country_id       smallint REFERENCES countries (id),
    phone            text,
    email            text CHECK (email = lower(email)),
    website          text,
    -- contact
    contact_name     text,
    contact_email    text CHECK (contact_email = lower(contact_email)),
    contact_phone    text,
    -- reseaux sociaux {network: url}
    social_links     jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(social_links) = 'object'),
    founded_year     smallint CHECK (founded_year BETWEEN 1850 AND 2200),
    ceo              text,
    employees_count  integer CHECK (employees_count >= 0),
    certifications   text[] NOT NULL DEFAULT '{}',
    awards           text[] NOT NULL DEFAULT '{}',
    is_active        boolean NOT NULL DEFAULT true,
    is_verified      boolean NOT NULL DEFAULT false,
    created_by       bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX productions_name ON productions (search_text(name));

CREATE TABLE projects (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                   text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    production_type        text NOT NULL CHECK (production_type IN
                               ('feature_film', 'short_film', 'series', 'documentary', 'commercial',
                                'music_video', 'theatre', 'tv_show', 'other')),
    production_company_id  bigint NOT NULL REFERENCES productions (id),
    origin_country_id      smallint REFERENCES countries (id),
    shooting_locations     text[] NOT NULL DEFAULT '{}',
    start_date             date,
    end_date               date,
    status                 text NOT NULL DEFAULT 'planned' CHECK (status IN
                               ('planned', 'pre_production', 'shooting', 'post_production', 'completed', 'cancelled')),
    description            text,
    is_active              boolean NOT NULL DEFAULT true,
    created_by             bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)
);
CREATE INDEX projects_production ON projects (production_company_id);
CREATE INDEX projects_status ON projects (status);

CREATE TABLE project_talents (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id        bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    cinema_talent_id  bigint NOT NULL REFERENCES cinema_talents (id),
    talent_type       text NOT NULL,
    role_description  text,
    project_code      text NOT NULL UNIQUE CHECK (project_code ~ '^[2-9A-HJ-NP-Z]{8}$'),
    badge_generated   boolean NOT NULL DEFAULT false,
    badge_filename    text,
    assigned_at       timestamptz NOT NULL DEFAULT now(),
    assigned_by       bigint REFERENCES users (id) ON DELETE SET NULL,
    UNIQUE (project_id, cinema_talent_id)
);
CREATE INDEX project_talents_talent ON project_talents (cinema_talent_id);

CREATE TABLE attendances (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id          bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    cinema_talent_code  text NOT NULL REFERENCES cinema_talents (unique_code) ON UPDATE CASCADE,
    date                date NOT NULL,
    check_in_time       timestamptz NOT NULL,
    check_out_time      timestamptz CHECK (check_out_time >= check_in_time),
    recorded_by         bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (project_id, cinema_talent_code, date)
);
CREATE INDEX attendances_talent ON attendances (cinema_talent_code, date);

-- ---------------------------------------------------------------------------------------
-- Operations

CREATE TABLE app_settings (
    key         text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_.]*$'),
    value       jsonb NOT NULL,
    description text,
    updated_by  bigint REFERENCES users (id) ON DELETE SET NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO app_settings (key, value, description) VALUES
    ('site_name', '"taalentio"', 'Name shown in pages and mails'),
    ('mail.sender', '"taalentio <no-reply@taalentio.com>"', 'From address of outgoing mail'),
    ('features.ai', 'false', 'CV analysis and matching through the AI provider'),
    ('features.registration', 'true', 'Whether new people may register');

CREATE TABLE activity_logs (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id        bigint REFERENCES users (id) ON DELETE SET NULL,
    action         text NOT NULL,
    method         text,
    path           text,
    status         smallint,
    resource_type  text,
    resource_id    text,
    ip_address     inet,
    user_agent     text,
    details        jsonb NOT NULL DEFAULT '{}',
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX activity_logs_user ON activity_logs (user_id, created_at DESC);
CREATE INDEX activity_logs_created_at ON activity_logs (created_at DESC);

CREATE TABLE security_logs (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint REFERENCES users (id) ON DELETE SET NULL,
    event_type  text NOT NULL,
    severity    text NOT NULL DEFAULT 'info' CHECK (severity IN ('info', 'warning', 'critical')),
    ip_address  inet,
    user_agent  text,
    details     jsonb NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX security_logs_user ON security_logs (user_id, created_at DESC);
CREATE INDEX security_logs_event ON security_logs (event_type, created_at DESC);

CREATE TABLE email_logs (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id              bigint REFERENCES users (id) ON DELETE SET NULL,
    recipient            text NOT NULL,
    email_type           text NOT NULL,
    subject              text NOT NULL,
    status               text NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'suppressed')),
    -- (recipient, kind, period) for scheduled mail: a repeated job run sends nothing twice.
    idempotency_key      text UNIQUE,
    provider_message_id  text,
    error                text,
    attempts             smallint NOT NULL DEFAULT 0,
    created_at           timestamptz NOT NULL DEFAULT now(),
    sent_at              timestamptz
);
CREATE INDEX email_logs_created_at ON email_logs (created_at DESC);
CREATE INDEX email_logs_user ON email_logs (user_id, created_at DESC);

CREATE TABLE name_tracking (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    watcher_id        bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    first_name        text,
    last_name         text NOT NULL,
    normalized_name   text GENERATED ALWAYS AS (search_text(coalesce(first_name || ' ', '') || last_name)) STORED,
    notes             text,
    is_active         boolean NOT NULL DEFAULT true,
    last_notified_at  timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (watcher_id, normalized_name)
);
CREATE INDEX name_tracking_name ON name_tracking USING gin (normalized_name gin_trgm_ops) WHERE is_active;

-- ---------------------------------------------------------------------------------------
-- Added by the rebuild

-- Server-side sessions: only a hash of the cookie's token is stored.
CREATE TABLE sessions (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id              bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash           bytea NOT NULL UNIQUE,
    ip_address           inet,
    user_agent           text,
    created_at           timestamptz NOT NULL DEFAULT now(),
    last_seen_at         timestamptz NOT NULL DEFAULT now(),
    idle_expires_at      timestamptz NOT NULL,
    absolute_expires_at  timestamptz NOT NULL,
    revoked_at           timestamptz,
    CHECK (idle_expires_at <= absolute_expires_at)
);
CREATE INDEX sessions_user ON sessions (user_id) WHERE revoked_at IS NULL;
CREATE INDEX sessions_expiry ON sessions (absolute_expires_at);

-- Personal API tokens (Authorization: Bearer), shown once and stored hashed.
CREATE TABLE api_tokens (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    token_prefix  text NOT NULL,
    token_hash    bytea NOT NULL UNIQUE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    expires_at    timestamptz,
    revoked_at    timestamptz
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Files sent straight to the blob store, verified before anything serves them.
CREATE TABLE uploads (
    id                uuid PRIMARY KEY,
    user_id           bigint REFERENCES users (id) ON DELETE CASCADE,
    cinema_talent_id  bigint REFERENCES cinema_talents (id) ON DELETE CASCADE,
    kind              text NOT NULL CHECK (kind IN ('photo', 'cv', 'cinema_photo', 'cinema_gallery', 'production_logo')),
    object_key        text NOT NULL UNIQUE,
    content_type      text NOT NULL,
    declared_size     bigint NOT NULL CHECK (declared_size > 0),
    actual_size       bigint CHECK (actual_size >= 0),
    status            text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    rejection_reason  text,
    extracted_text    text,
    thumbnail_key     text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    processed_at      timestamptz,
    CHECK ((status = 'rejected') = (rejection_reason IS NOT NULL)),
    CHECK (status = 'pending' OR processed_at IS NOT NULL)
);
CREATE INDEX uploads_user ON uploads (user_id, created_at DESC);
CREATE INDEX uploads_pending ON uploads (created_at) WHERE status <> 'accepted';

-- Single-use, expiring tokens (stored hashed).
CREATE TABLE email_confirmations (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash  bytea NOT NULL UNIQUE,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE password_resets (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash  bytea NOT NULL UNIQUE,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Scheduled job runs: one per (job, period), resumable from its cursor.
CREATE TABLE job_runs (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_name     text NOT NULL,
    run_key      text NOT NULL,
    status       text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
    cursor       jsonb,
    stats        jsonb NOT NULL DEFAULT '{}',
    error        text,
    started_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    UNIQUE (job_name, run_key),
    CHECK ((status = 'running') = (finished_at IS NULL))
);
