-- Running totals behind GET /stats/users and the people figures of /stats/overview, so a
-- dashboard load reads a few thousand small rows instead of aggregating every account and
-- every listed talent.
--
-- Triggers on users, user_talents and talents append signed deltas to people_count_deltas:
-- appending locks no shared row, so writers neither wait on a hot "total" row nor deadlock on
-- each other. Readers sum people_counts and the deltas (the people_counts_now view). The
-- maintenance job folds the deltas into people_counts and checks every total against the
-- tables themselves (people_counts_truth), correcting and reporting any drift.
--
-- Dimensions and their keys (people with an active account, except signup_week and accounts):
--   total ''                    country      ISO code or 'unknown'
--   gender  code or 'unknown'   birth_date   YYYY-MM-DD or 'unknown' (age bands move daily)
--   talent  talents.id          category     talent category: people with at least one of it
--   signup_week  Monday (UTC) of the account's creation, YYYY-MM-DD, every account
--   accounts  'all' (every account), 'active_confirmed', 'active_recruiter'
-- and for the active profiles of the casting base (cinema_talents, GET /stats/cinema):
--   cinema_total ''             cinema_type     talent type code (two types: counted in both)
--   cinema_gender code or 'unknown'   cinema_country  ISO code or 'unknown'

CREATE TABLE people_counts (
    dimension text NOT NULL CHECK (dimension IN ('total', 'country', 'gender', 'birth_date',
                                                 'talent', 'category', 'signup_week', 'accounts',
                                                 'cinema_total', 'cinema_type', 'cinema_gender',
                                                 'cinema_country')),
    key       text NOT NULL,
    count     bigint NOT NULL,
    PRIMARY KEY (dimension, key)
);

CREATE TABLE people_count_deltas (
    dimension text NOT NULL,
    key       text NOT NULL,
    delta     bigint NOT NULL
);
CREATE INDEX people_count_deltas_key ON people_count_deltas (dimension, key);

CREATE VIEW people_counts_now AS
SELECT dimension, key, sum(count)::bigint AS count
  FROM (SELECT dimension, key, count FROM people_counts
        UNION ALL
        SELECT dimension, key, delta FROM people_count_deltas) both_parts
 GROUP BY dimension, key;

-- The keys one account counts under, talents aside.
CREATE FUNCTION people_count_keys(active boolean, country smallint, gender text,
                                  born date, created timestamptz, role text, confirmed timestamptz)
RETURNS TABLE (dimension text, key text) LANGUAGE sql STABLE AS $$
    SELECT 'signup_week', to_char(date_trunc('week', created AT TIME ZONE 'UTC'), 'YYYY-MM-DD')
    UNION ALL
    SELECT 'accounts', a.key
      FROM (VALUES ('all', true),
                   ('active_confirmed', active AND confirmed IS NOT NULL),
                   ('active_recruiter', active AND role = 'recruiter')) a (key, counted)
     WHERE a.counted
    UNION ALL
    SELECT k.dimension, k.key
      FROM (VALUES ('total', ''),
                   ('country', coalesce((SELECT code::text FROM countries WHERE id = country), 'unknown')),
                   ('gender', coalesce(gender, 'unknown')),
                   ('birth_date', coalesce(to_char(born, 'YYYY-MM-DD'), 'unknown'))) k (dimension, key)
     WHERE active
$$;

-- The talent and category keys of one account's listed talents (each category once).
CREATE FUNCTION people_talent_keys(person bigint)
RETURNS TABLE (dimension text, key text) LANGUAGE sql STABLE AS $$
    SELECT 'talent', ut.talent_id::text FROM user_talents ut WHERE ut.user_id = person
    UNION ALL
    SELECT DISTINCT 'category', t.category
      FROM user_talents ut JOIN talents t ON t.id = ut.talent_id
     WHERE ut.user_id = person
$$;

-- The keys one casting profile counts under.
CREATE FUNCTION casting_count_keys(active boolean, country smallint, gender text, types text[])
RETURNS TABLE (dimension text, key text) LANGUAGE sql STABLE AS $$
    SELECT k.dimension, k.key
      FROM (VALUES ('cinema_total', ''),
                   ('cinema_country', coalesce((SELECT code::text FROM countries WHERE id = country), 'unknown')),
                   ('cinema_gender', coalesce(gender, 'unknown'))) k (dimension, key)
     WHERE active
    UNION ALL
    SELECT 'cinema_type', t.type FROM unnest(types) t (type) WHERE active
$$;

-- Every count, computed from the tables: the reference the running totals are checked against.
CREATE FUNCTION people_counts_truth()
RETURNS TABLE (dimension text, key text, count bigint) LANGUAGE sql STABLE AS $$
    SELECT k.dimension, k.key, count(*)
      FROM users u,
           people_count_keys(u.account_active, u.country_id, u.gender, u.date_of_birth, u.created_at,
                             u.role, u.email_confirmed_at) k
     GROUP BY 1, 2
    UNION ALL
    SELECT 'talent', ut.talent_id::text, count(*)
      FROM user_talents ut JOIN users u ON u.id = ut.user_id AND u.account_active
     GROUP BY ut.talent_id
    UNION ALL
    SELECT 'category', t.category, count(DISTINCT ut.user_id)
      FROM user_talents ut JOIN talents t ON t.id = ut.talent_id
      JOIN users u ON u.id = ut.user_id AND u.account_active
     GROUP BY t.category
    UNION ALL
    SELECT k.dimension, k.key, count(*)
      FROM cinema_talents c,
           casting_count_keys(c.is_active, c.country_of_residence_id, c.gender, c.talent_types) k
     GROUP BY 1, 2
$$;

-- Appends the corrections that make the running totals of `dimensions` (every one when null)
-- equal the tables, and answers how many keys were corrected. Writers wait while it runs
-- (about a second at 100,000 people), so the totals it compares are those of one moment.
CREATE FUNCTION people_counts_reconcile(dimensions text[] DEFAULT NULL)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    corrected bigint;
BEGIN
    LOCK TABLE people_count_deltas IN EXCLUSIVE MODE;
    INSERT INTO people_count_deltas (dimension, key, delta)
    SELECT dimension, key, coalesce(truth.count, 0) - coalesce(running.count, 0)
      FROM (SELECT * FROM people_counts_truth() t
             WHERE dimensions IS NULL OR t.dimension = ANY (dimensions)) truth
      FULL JOIN (SELECT * FROM people_counts_now r
                  WHERE dimensions IS NULL OR r.dimension = ANY (dimensions)) running
     USING (dimension, key)
     WHERE coalesce(truth.count, 0) <> coalesce(running.count, 0);
    GET DIAGNOSTICS corrected = ROW_COUNT;
    RETURN corrected;
END
$$;

-- Moves the deltas into people_counts (one transaction: readers see before or after, never
-- half) and drops the keys that fell to zero. Answers how many deltas were folded.
CREATE FUNCTION people_counts_fold()
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    folded bigint;
BEGIN
    WITH moved AS (DELETE FROM people_count_deltas RETURNING dimension, key, delta),
         summed AS (SELECT dimension, key, sum(delta)::bigint AS delta, count(*) AS n
                      FROM moved GROUP BY dimension, key),
         upserted AS (
             INSERT INTO people_counts (dimension, key, count)
             SELECT dimension, key, delta FROM summed
             ON CONFLICT (dimension, key) DO UPDATE SET count = people_counts.count + EXCLUDED.count)
    SELECT coalesce(sum(n), 0) INTO folded FROM summed;
    DELETE FROM people_counts WHERE count = 0;
    RETURN folded;
END
$$;

-- users: inserted and updated accounts, a statement at a time.
CREATE FUNCTION people_counts_users_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO people_count_deltas (dimension, key, delta)
    SELECT k.dimension, k.key, count(*)
      FROM added n, people_count_keys(n.account_active, n.country_id, n.gender, n.date_of_birth, n.created_at,
                             n.role, n.email_confirmed_at) k
     GROUP BY 1, 2;
    RETURN NULL;
END
$$;

CREATE FUNCTION people_counts_users_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO people_count_deltas (dimension, key, delta)
    SELECT dimension, key, sum(delta)
      FROM (SELECT k.dimension, k.key, 1 AS delta
              FROM after_rows n,
                   people_count_keys(n.account_active, n.country_id, n.gender, n.date_of_birth, n.created_at,
                             n.role, n.email_confirmed_at) k
            UNION ALL
            SELECT k.dimension, k.key, -1
              FROM before_rows o,
                   people_count_keys(o.account_active, o.country_id, o.gender, o.date_of_birth, o.created_at,
                             o.role, o.email_confirmed_at) k
            UNION ALL
            -- An account switched on or off takes its talents with it.
            SELECT k.dimension, k.key, CASE WHEN n.account_active THEN 1 ELSE -1 END
              FROM before_rows o JOIN after_rows n ON n.id = o.id AND n.account_active <> o.account_active,
                   people_talent_keys(n.id) k) changes
     GROUP BY 1, 2
    HAVING sum(delta) <> 0;
    RETURN NULL;
END
$$;

-- A deleted account, row by row and before the delete: its talents are still listed (the
-- cascade removes them afterwards, and their trigger then finds no account to count for).
CREATE FUNCTION people_counts_user_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO people_count_deltas (dimension, key, delta)
    SELECT k.dimension, k.key, -1
      FROM people_count_keys(OLD.account_active, OLD.country_id, OLD.gender, OLD.date_of_birth, OLD.created_at,
                             OLD.role, OLD.email_confirmed_at) k
    UNION ALL
    SELECT k.dimension, k.key, -1 FROM people_talent_keys(OLD.id) k WHERE OLD.account_active;
    RETURN OLD;
END
$$;

-- user_talents: talents added or removed, a statement at a time (`changed` is the inserted or
-- the deleted rows). A person enters a category when all their talents of it were added by
-- this statement, and leaves it when none is left.
CREATE FUNCTION people_counts_talents_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    sign integer := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
BEGIN
    -- One change to a person's talents at a time, so two concurrent ones cannot both decide
    -- that a category was entered or left.
    PERFORM 1 FROM users WHERE id IN (SELECT user_id FROM changed) ORDER BY id FOR NO KEY UPDATE;
    INSERT INTO people_count_deltas (dimension, key, delta)
    SELECT 'talent', c.talent_id::text, sign * count(*)
      FROM changed c JOIN users u ON u.id = c.user_id AND u.account_active
     GROUP BY c.talent_id
    UNION ALL
    SELECT 'category', p.category, sign * count(*)
      FROM (SELECT c.user_id, t.category, count(*) AS changed_here
              FROM changed c JOIN talents t ON t.id = c.talent_id
              JOIN users u ON u.id = c.user_id AND u.account_active
             GROUP BY 1, 2) p
     WHERE (SELECT count(*) FROM user_talents ut JOIN talents t ON t.id = ut.talent_id
             WHERE ut.user_id = p.user_id AND t.category = p.category)
           = CASE WHEN sign = 1 THEN p.changed_here ELSE 0 END
     GROUP BY p.category;
    RETURN NULL;
END
$$;

-- Rows of user_talents are added and removed, never rewritten: say so rather than miscount.
CREATE FUNCTION people_counts_talent_row_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'user_talents rows are inserted or deleted, not updated'
        USING ERRCODE = 'feature_not_supported';
END
$$;

-- A talent moved to another category: recount the categories.
CREATE FUNCTION people_counts_categories_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM before_rows o JOIN after_rows n ON n.id = o.id
                WHERE n.category <> o.category) THEN
        PERFORM people_counts_reconcile(ARRAY['category']);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION people_counts_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM people_counts_reconcile();
    RETURN NULL;
END
$$;

-- cinema_talents: profiles added, changed or removed, a statement at a time.
CREATE FUNCTION casting_counts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Each operation has only its own transition tables.
    IF TG_OP = 'INSERT' THEN
        INSERT INTO people_count_deltas (dimension, key, delta)
        SELECT k.dimension, k.key, count(*)
          FROM after_rows n,
               casting_count_keys(n.is_active, n.country_of_residence_id, n.gender, n.talent_types) k
         GROUP BY 1, 2;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO people_count_deltas (dimension, key, delta)
        SELECT k.dimension, k.key, -count(*)
          FROM before_rows o,
               casting_count_keys(o.is_active, o.country_of_residence_id, o.gender, o.talent_types) k
         GROUP BY 1, 2;
    ELSE
        INSERT INTO people_count_deltas (dimension, key, delta)
        SELECT dimension, key, sum(delta)
          FROM (SELECT k.dimension, k.key, 1 AS delta
                  FROM after_rows n,
                       casting_count_keys(n.is_active, n.country_of_residence_id, n.gender, n.talent_types) k
                UNION ALL
                SELECT k.dimension, k.key, -1
                  FROM before_rows o,
                       casting_count_keys(o.is_active, o.country_of_residence_id, o.gender, o.talent_types) k) changes
         GROUP BY 1, 2
        HAVING sum(delta) <> 0;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER people_counts_inserted AFTER INSERT ON users
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION people_counts_users_inserted();
CREATE TRIGGER people_counts_updated AFTER UPDATE ON users
    REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
    FOR EACH STATEMENT EXECUTE FUNCTION people_counts_users_updated();
CREATE TRIGGER people_counts_deleted BEFORE DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION people_counts_user_deleted();
CREATE TRIGGER people_counts_truncated AFTER TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION people_counts_truncated();

CREATE TRIGGER people_counts_added AFTER INSERT ON user_talents
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION people_counts_talents_changed();
CREATE TRIGGER people_counts_removed AFTER DELETE ON user_talents
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION people_counts_talents_changed();
CREATE TRIGGER people_counts_fixed BEFORE UPDATE OF user_id, talent_id ON user_talents
    FOR EACH ROW EXECUTE FUNCTION people_counts_talent_row_fixed();
CREATE TRIGGER people_counts_truncated AFTER TRUNCATE ON user_talents
    FOR EACH STATEMENT EXECUTE FUNCTION people_counts_truncated();

CREATE TRIGGER people_counts_moved AFTER UPDATE ON talents
    REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows FOR EACH STATEMENT EXECUTE FUNCTION people_counts_categories_moved();

CREATE TRIGGER casting_counts_inserted AFTER INSERT ON cinema_talents
    REFERENCING NEW TABLE AS after_rows FOR EACH STATEMENT EXECUTE FUNCTION casting_counts_changed();
CREATE TRIGGER casting_counts_updated AFTER UPDATE ON cinema_talents
    REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
    FOR EACH STATEMENT EXECUTE FUNCTION casting_counts_changed();
CREATE TRIGGER casting_counts_deleted AFTER DELETE ON cinema_talents
    REFERENCING OLD TABLE AS before_rows FOR EACH STATEMENT EXECUTE FUNCTION casting_counts_changed();
CREATE TRIGGER casting_counts_truncated AFTER TRUNCATE ON cinema_talents
    FOR EACH STATEMENT EXECUTE FUNCTION people_counts_truncated();

-- The accounts and profiles that exist already.
INSERT INTO people_counts (dimension, key, count) SELECT * FROM people_counts_truth();
