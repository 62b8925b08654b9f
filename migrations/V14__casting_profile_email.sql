-- A person's own projects (GET /me/projects) are the assignments of the active casting profiles
-- whose address is their account's, as the "selected for a project" mail matches them: found
-- by address, not by scanning the casting base.
CREATE INDEX cinema_talents_email ON cinema_talents (email) WHERE email IS NOT NULL;
