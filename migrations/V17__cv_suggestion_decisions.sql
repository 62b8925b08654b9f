-- The CV analysis workflow (issue 14): what the person decided about each suggestion of their
-- analysed CV, and which upload the analysis read.
--
-- One row per suggestion decided: `kind` is `talent` (value: the talent's id), `language`
-- (an ISO 639 code) or `experience` (the whole years suggested). A suggestion without a row is
-- undecided. Accepting a talent also adds it to `user_talents` (the profile's talents);
-- languages and years of experience have no field on a person's profile, so for them the
-- decision is all that is kept. Decisions belong to one analysis: deleting it (the consent
-- `ai_cv_processing` withdrawn, a new CV accepted, the account erased) deletes them.
--
-- `cv_analyses.upload_id` is the accepted CV the analysis read (null for analyses stored
-- before this migration or by tools): the upload processor analyses a CV once.
ALTER TABLE cv_analyses ADD COLUMN upload_id uuid REFERENCES uploads (id) ON DELETE SET NULL;

CREATE TABLE cv_suggestion_decisions (
    user_id    bigint NOT NULL REFERENCES cv_analyses (user_id) ON DELETE CASCADE,
    kind       text NOT NULL CHECK (kind IN ('talent', 'language', 'experience')),
    value      text NOT NULL CHECK (length(value) BETWEEN 1 AND 40),
    decision   text NOT NULL CHECK (decision IN ('accepted', 'dismissed')),
    decided_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, kind, value)
);
