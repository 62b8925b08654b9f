-- Why an upload was refused, as a stable code the web app translates (the English sentence
-- stays in rejection_reason for API clients). Rows rejected before this migration keep none.
ALTER TABLE uploads ADD COLUMN rejection_code text
    CHECK (rejection_code IS NULL OR (status = 'rejected' AND rejection_code ~ '^[a-z_]+$'));
