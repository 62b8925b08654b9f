//! Dashboard figures for recruiters and admins: counts and breakdowns, each computed by one
//! aggregate query in Postgres (the rows never come to Rust), cheap enough for every page load.
//! The figures of people and casting profiles read running totals kept by triggers (migration
//! V10), checked against the tables and compacted by the maintenance job
//! ([`refresh_running_totals`]); so do attendance figures (V11). Projects are few enough to
//! count.
//! The statements of one answer go out pipelined on one connection. Weeks are ISO weeks
//! (Monday to Sunday) in UTC.

use serde::{Deserialize, Serialize};
use time::Date;
use tokio_postgres::Row;
use utoipa::ToSchema;

use crate::{Error, db::Pool};

/// How many weeks of sign-ups `GET /stats/users` shows, the current one included.
pub const SIGNUP_WEEKS: i32 = 12;
/// How many projects `GET /stats/cinema` details attendance for (the most recent).
pub const ATTENDANCE_PROJECTS: i64 = 100;

/// One line of a breakdown. `key` is the code counted by (`unknown` where it is not given);
/// the names are those of the reference data, when it has some.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Count {
    pub key: String,
    pub name_fr: Option<String>,
    pub name_en: Option<String>,
    pub count: i64,
}

fn counts(rows: &[Row]) -> Vec<Count> {
    rows.iter()
        .map(|row| Count {
            key: row.get("key"),
            name_fr: row.get("name_fr"),
            name_en: row.get("name_en"),
            count: row.get("count"),
        })
        .collect()
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Overview {
    /// Every account.
    pub people: i64,
    /// Accounts that are active and have confirmed their address.
    pub active_confirmed: i64,
    /// Active accounts with the recruiter role.
    pub recruiters: i64,
    /// Accounts created this week.
    pub signups_this_week: i64,
    /// Active casting profiles.
    pub cinema_talents: i64,
    /// Active production companies.
    pub productions: i64,
    pub projects: i64,
    /// Every status, zeros included.
    pub projects_by_status: Vec<Count>,
    /// Check-ins recorded on shooting days of this week.
    pub attendances_this_week: i64,
}

const PROJECT_STATUSES: &str = "(VALUES (1, 'planned'), (2, 'pre_production'), (3, 'shooting'),
                                       (4, 'post_production'), (5, 'completed'), (6, 'cancelled'))";

fn projects_by_status_sql() -> String {
    format!(
        "SELECT s.status AS key, NULL::text AS name_fr, NULL::text AS name_en, count(p.id) AS count
           FROM {PROJECT_STATUSES} s (rank, status)
           LEFT JOIN projects p ON p.status = s.status AND p.is_active
          GROUP BY s.rank, s.status ORDER BY s.rank"
    )
}

const THIS_WEEK: &str = "date_trunc('week', now() AT TIME ZONE 'UTC')";

/// The SQL of [`overview`]: the totals, and projects by status. The people figures come from
/// the running totals (see [`user_stats_sql`]). Public for the benchmark.
pub fn overview_sql() -> [String; 2] {
    let totals = format!(
        "WITH people AS (
             SELECT dimension, key, count FROM people_counts_now
              WHERE dimension = 'accounts'
                 OR (dimension = 'signup_week'
                     AND key = to_char({THIS_WEEK}, 'YYYY-MM-DD')))
         SELECT (SELECT coalesce(sum(count), 0)::bigint FROM people
                  WHERE dimension = 'accounts' AND key = 'all'),
                (SELECT coalesce(sum(count), 0)::bigint FROM people
                  WHERE dimension = 'accounts' AND key = 'active_confirmed'),
                (SELECT coalesce(sum(count), 0)::bigint FROM people
                  WHERE dimension = 'accounts' AND key = 'active_recruiter'),
                (SELECT coalesce(sum(count), 0)::bigint FROM people
                  WHERE dimension = 'signup_week'),
                (SELECT coalesce(sum(count), 0)::bigint FROM people_counts_now
                  WHERE dimension = 'cinema_total'),
                (SELECT count(*) FROM productions WHERE is_active),
                (SELECT count(*) FROM projects WHERE is_active),
                (SELECT coalesce(sum(check_ins), 0)::bigint FROM attendance_day_counts
                  WHERE date >= {THIS_WEEK}::date)"
    );
    [totals, projects_by_status_sql()]
}

pub async fn overview(db: &Pool) -> Result<Overview, Error> {
    let client = db.get().await?;
    let [totals_sql, status_sql] = overview_sql();
    let (totals, statuses) = tokio::try_join!(
        client.query_one(&totals_sql, &[]),
        client.query(&status_sql, &[]),
    )?;
    Ok(Overview {
        people: totals.get(0),
        active_confirmed: totals.get(1),
        recruiters: totals.get(2),
        signups_this_week: totals.get(3),
        cinema_talents: totals.get(4),
        productions: totals.get(5),
        projects: totals.get(6),
        projects_by_status: counts(&statuses),
        attendances_this_week: totals.get(7),
    })
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WeekCount {
    /// ISO week, e.g. `2026-W48`.
    pub week: String,
    /// Its Monday.
    #[schema(value_type = String, format = Date)]
    pub starts_on: Date,
    pub count: i64,
}

/// The people with an active account, broken down.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UserStats {
    /// Active accounts (what every breakdown below counts).
    pub total: i64,
    /// People listing each talent (talents nobody lists are left out), most listed first.
    pub by_talent: Vec<Count>,
    /// People with at least one talent of each category (counted once per category).
    pub by_talent_category: Vec<Count>,
    /// Country of residence, by ISO code.
    pub by_country: Vec<Count>,
    pub by_gender: Vec<Count>,
    /// `18-24`, `25-34`, `35-44`, `45-54`, `55+` and `unknown`, zeros included (accounts are
    /// for people of 18 or more).
    pub by_age_band: Vec<Count>,
    /// Accounts created in each of the last 12 ISO weeks, oldest first, empty weeks as 0.
    pub signups_per_week: Vec<WeekCount>,
}

/// A breakdown of running totals (`people_counts_now`) keyed by a bare code, most first.
fn by_code_sql(dimension: &'static str) -> String {
    format!(
        "SELECT key, NULL::text AS name_fr, NULL::text AS name_en, count
           FROM people_counts_now WHERE dimension = '{dimension}' AND count > 0
          ORDER BY count DESC, key"
    )
}

/// A breakdown of running totals keyed by ISO country code, with the countries' names.
fn by_country_sql(dimension: &'static str) -> String {
    format!(
        "SELECT c.key, co.name_fr, co.name_en, c.count
           FROM people_counts_now c LEFT JOIN countries co ON co.code::text = c.key
          WHERE c.dimension = '{dimension}' AND c.count > 0
          ORDER BY c.count DESC, c.key"
    )
}

/// The SQL of [`users`], in order: total, by talent, by category, by country, by gender, by
/// age band, sign-ups per week. Each reads the running totals of `people_counts_now` (kept by
/// triggers, see migration V10), not the accounts themselves: a few thousand rows at most,
/// whatever the number of people. Public for the benchmark, which runs it bare.
pub fn user_stats_sql() -> [String; 7] {
    let total = "SELECT coalesce(sum(count), 0)::bigint FROM people_counts_now
          WHERE dimension = 'total'"
        .to_owned();
    let by_talent = "SELECT t.tag AS key, t.name AS name_fr, t.name_en, c.count
           FROM people_counts_now c JOIN talents t ON t.id::text = c.key
          WHERE c.dimension = 'talent' AND c.count > 0
          ORDER BY c.count DESC, t.tag"
        .to_owned();
    let by_category = "SELECT tc.code AS key, tc.name_fr, tc.name_en, c.count
           FROM people_counts_now c JOIN talent_categories tc ON tc.code = c.key
          WHERE c.dimension = 'category' AND c.count > 0
          ORDER BY c.count DESC, tc.code"
        .to_owned();
    let by_country = by_country_sql("country");
    let by_gender = by_code_sql("gender");
    // Counted by birth date, so a band is always as of today. Keys are ISO dates: compared as
    // text (byte order) with each band's first birth date, computed once.
    let by_age_band = "WITH bounds AS MATERIALIZED (
             SELECT to_char(d - interval '25 years', 'YYYY-MM-DD') AS b25,
                    to_char(d - interval '35 years', 'YYYY-MM-DD') AS b35,
                    to_char(d - interval '45 years', 'YYYY-MM-DD') AS b45,
                    to_char(d - interval '55 years', 'YYYY-MM-DD') AS b55
               FROM (SELECT (now() AT TIME ZONE 'UTC')::date AS d) today),
                counted AS (
             SELECT CASE WHEN c.key = 'unknown' THEN 'unknown'
                         WHEN c.key COLLATE \"C\" > b.b25 THEN '18-24'
                         WHEN c.key COLLATE \"C\" > b.b35 THEN '25-34'
                         WHEN c.key COLLATE \"C\" > b.b45 THEN '35-44'
                         WHEN c.key COLLATE \"C\" > b.b55 THEN '45-54'
                         ELSE '55+' END AS band, sum(c.count)::bigint AS count
               -- Totals and deltas summed by band directly (not key by key first).
               FROM (SELECT key, count FROM people_counts WHERE dimension = 'birth_date'
                     UNION ALL
                     SELECT key, delta FROM people_count_deltas WHERE dimension = 'birth_date') c,
                    bounds b
              GROUP BY 1)
         SELECT b.band AS key, NULL::text AS name_fr, NULL::text AS name_en,
                coalesce(c.count, 0) AS count
           FROM (VALUES (1, '18-24'), (2, '25-34'), (3, '35-44'), (4, '45-54'), (5, '55+'),
                        (6, 'unknown')) b (rank, band)
           LEFT JOIN counted c ON c.band = b.band ORDER BY b.rank"
        .to_owned();
    let signups = format!(
        "WITH weeks AS (
             SELECT generate_series({THIS_WEEK} - interval '{back} weeks', {THIS_WEEK}, interval '1 week') AS week)
         SELECT to_char(w.week, 'IYYY-\"W\"IW') AS week, w.week::date AS starts_on,
                coalesce(c.count, 0) AS count
           FROM weeks w
           LEFT JOIN people_counts_now c
                  ON c.dimension = 'signup_week' AND c.key = to_char(w.week, 'YYYY-MM-DD')
          ORDER BY w.week",
        back = SIGNUP_WEEKS - 1
    );
    [
        total,
        by_talent,
        by_category,
        by_country,
        by_gender,
        by_age_band,
        signups,
    ]
}

/// What [`refresh_running_totals`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountsRefresh {
    /// Keys (and attendance rows) whose running total disagreed with the tables and was
    /// corrected (0 unless something wrote around the triggers).
    pub corrected: i64,
    /// Deltas folded into the totals.
    pub folded: i64,
}

/// Checks every running total of the dashboard (V10 and V11) against the tables, corrects any
/// drift, and folds the triggers' deltas into the totals (so reads stay small). Safe to
/// repeat; writers to the counted tables wait while it runs (seconds at 100,000 rows).
pub async fn refresh_running_totals(db: &Pool) -> Result<CountsRefresh, Error> {
    let mut client = db.get().await?;
    let tx = client.transaction().await?;
    let corrected: i64 = tx
        .query_one("SELECT people_counts_reconcile()", &[])
        .await?
        .get(0);
    let folded: i64 = tx
        .query_one("SELECT people_counts_fold()", &[])
        .await?
        .get(0);
    tx.commit().await?;
    // Its own transaction: check-ins wait for the attendance recount only, and people's
    // writers not for it.
    let attendance: i64 = client
        .query_one("SELECT attendance_counts_reconcile()", &[])
        .await?
        .get(0);
    let corrected = corrected + attendance;
    if corrected > 0 {
        tracing::warn!(
            corrected,
            "the dashboard's running totals had drifted from the tables: corrected"
        );
    }
    Ok(CountsRefresh { corrected, folded })
}

pub async fn users(db: &Pool) -> Result<UserStats, Error> {
    let client = db.get().await?;
    let [total, talent, category, country, gender, age, weeks] = user_stats_sql();
    let (total, talent, category, country, gender, age, weeks) = tokio::try_join!(
        client.query_one(&total, &[]),
        client.query(&talent, &[]),
        client.query(&category, &[]),
        client.query(&country, &[]),
        client.query(&gender, &[]),
        client.query(&age, &[]),
        client.query(&weeks, &[]),
    )?;
    Ok(UserStats {
        total: total.get(0),
        by_talent: counts(&talent),
        by_talent_category: counts(&category),
        by_country: counts(&country),
        by_gender: counts(&gender),
        by_age_band: counts(&age),
        signups_per_week: weeks
            .iter()
            .map(|row| WeekCount {
                week: row.get("week"),
                starts_on: row.get("starts_on"),
                count: row.get("count"),
            })
            .collect(),
    })
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProjectAttendance {
    pub project_id: i64,
    pub name: String,
    pub status: String,
    /// Talents assigned to the project.
    pub talents_assigned: i64,
    /// Shooting days with at least one check-in.
    pub days: i64,
    pub check_ins: i64,
    /// Distinct talents who checked in at least once.
    pub talents_present: i64,
}

/// The active casting base and projects, broken down.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CinemaStats {
    /// Active casting profiles (what the talent breakdowns count).
    pub talents: i64,
    /// Profiles per talent type (a profile with two types counts in both).
    pub talents_by_type: Vec<Count>,
    pub talents_by_gender: Vec<Count>,
    /// Country of residence, by ISO code.
    pub talents_by_country: Vec<Count>,
    /// Every status, zeros included.
    pub projects_by_status: Vec<Count>,
    /// The 100 most recent active projects.
    pub attendance_by_project: Vec<ProjectAttendance>,
}

/// The SQL of [`cinema`], in order: total, by type, by gender, by country (from the running
/// totals of migration V10), projects by status, attendance of the latest projects (`$1`: how
/// many; from the running totals of V11). Public for the benchmark.
pub fn cinema_stats_sql() -> [String; 6] {
    // The profile figures read the running totals, like the people ones.
    let total = "SELECT coalesce(sum(count), 0)::bigint FROM people_counts_now
          WHERE dimension = 'cinema_total'"
        .to_owned();
    let by_type = "SELECT c.key, v.label_fr AS name_fr, v.label_en AS name_en, c.count
           FROM people_counts_now c
           LEFT JOIN cinema_vocabulary v ON v.kind = 'talent_type' AND v.code = c.key
          WHERE c.dimension = 'cinema_type' AND c.count > 0
          ORDER BY c.count DESC, c.key"
        .to_owned();
    let by_gender = by_code_sql("cinema_gender");
    let by_country = by_country_sql("cinema_country");
    // From the running totals of migration V11: one row per shooting day and per talent present.
    let attendance = "SELECT p.id, p.name, p.status,
                (SELECT count(*) FROM project_talents pt WHERE pt.project_id = p.id) AS assigned,
                (SELECT count(*) FROM attendance_day_counts d WHERE d.project_id = p.id) AS days,
                (SELECT coalesce(sum(d.check_ins), 0)::bigint FROM attendance_day_counts d
                  WHERE d.project_id = p.id) AS check_ins,
                (SELECT count(*) FROM attendance_talent_counts t WHERE t.project_id = p.id) AS present
           FROM projects p WHERE p.is_active ORDER BY p.id DESC LIMIT $1"
        .to_owned();
    [
        total,
        by_type,
        by_gender,
        by_country,
        projects_by_status_sql(),
        attendance,
    ]
}

pub async fn cinema(db: &Pool) -> Result<CinemaStats, Error> {
    let client = db.get().await?;
    let [total, by_type, by_gender, by_country, statuses, attendance] = cinema_stats_sql();
    let (total, by_type, by_gender, by_country, statuses, attendance) = tokio::try_join!(
        client.query_one(&total, &[]),
        client.query(&by_type, &[]),
        client.query(&by_gender, &[]),
        client.query(&by_country, &[]),
        client.query(&statuses, &[]),
        client.query(&attendance, &[&ATTENDANCE_PROJECTS]),
    )?;
    Ok(CinemaStats {
        talents: total.get(0),
        talents_by_type: counts(&by_type),
        talents_by_gender: counts(&by_gender),
        talents_by_country: counts(&by_country),
        projects_by_status: counts(&statuses),
        attendance_by_project: attendance
            .iter()
            .map(|row| ProjectAttendance {
                project_id: row.get(0),
                name: row.get(1),
                status: row.get(2),
                talents_assigned: row.get(3),
                days: row.get(4),
                check_ins: row.get(5),
                talents_present: row.get(6),
            })
            .collect(),
    })
}
