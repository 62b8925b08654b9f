-- AI matching: what a provider read in a person's CV, searchable.
--
-- One analysis per person (the latest; a new one replaces it), stored with the provider and
-- version that made it. `analysis` is the provider's answer (`CvAnalysis`: summary, talents,
-- languages, years_experience, education, skills); `search_text` holds the words of the CV
-- and of the analysis, unaccented and lower-cased ('simple' configuration: French and English
-- alike, no stemming), for the brief's keywords. Matching reads a row only while its owner's
-- `ai_cv_processing` consent is live; withdrawing the consent deletes the row (the consent
-- flow does it), and deleting the person deletes it too.
CREATE TABLE cv_analyses (
    user_id     bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    provider    text NOT NULL CHECK (length(provider) BETWEEN 1 AND 40),
    version     text NOT NULL CHECK (length(version) BETWEEN 1 AND 120),
    analysis    jsonb NOT NULL CHECK (jsonb_typeof(analysis) = 'object'),
    search_text tsvector NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cv_analyses_search ON cv_analyses USING gin (search_text);
-- `analysis @> '{"talents": [{"talent_id": 12}]}'` and `analysis -> 'languages' ?| ...`.
CREATE INDEX cv_analyses_analysis ON cv_analyses USING gin (analysis jsonb_path_ops);

-- The words of a talent, for matching a brief's keywords against a profile's talents.
CREATE FUNCTION talent_search_text(name text, name_en text, tag text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT to_tsvector('simple', search_text(replace(name, '·', ' ') || ' ' || name_en || ' ' || replace(tag, '_', ' '))) $$;

-- A screen talent's own words about their other talents, for the brief's keywords.
CREATE INDEX cinema_talents_other_talents_search ON cinema_talents
    USING gin (to_tsvector('simple', search_text(coalesce(other_talents, ''))));
