-- Cinema: consents for sensitive categories of casting profiles, and attendance corrections.

-- Consent of a screen talent to the sensitive categories a production records about them
-- (ethnicity, skin tone, ID document). Recorded by the production's staff, with who and when;
-- withdrawing clears the data it covered. Never edited: withdrawing stamps withdrawn_at.
CREATE TABLE cinema_talent_consents (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cinema_talent_id  bigint NOT NULL REFERENCES cinema_talents (id) ON DELETE CASCADE,
    kind              text NOT NULL CHECK (kind IN ('ethnicity', 'skin_tone', 'id_document')),
    version           text NOT NULL,
    granted_at        timestamptz NOT NULL DEFAULT now(),
    recorded_by       bigint REFERENCES users (id) ON DELETE SET NULL,
    withdrawn_at      timestamptz
);
CREATE UNIQUE INDEX cinema_talent_consents_live ON cinema_talent_consents (cinema_talent_id, kind)
    WHERE withdrawn_at IS NULL;
-- Typo-tolerant name search (similarity) on casting profiles.
CREATE INDEX cinema_talents_created_at ON cinema_talents (created_at);

-- Corrections of attendance times: who changed what, when, and why.
CREATE TABLE attendance_corrections (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    attendance_id  bigint NOT NULL REFERENCES attendances (id) ON DELETE CASCADE,
    field          text NOT NULL CHECK (field IN ('check_in_time', 'check_out_time')),
    old_value      timestamptz,
    new_value      timestamptz,
    reason         text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    changed_by     bigint REFERENCES users (id) ON DELETE SET NULL,
    changed_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attendance_corrections_attendance ON attendance_corrections (attendance_id);
