//! Weekly recap (Monday schedule): each person who opted in gets what the ISO week before the
//! scheduled time brought them: new people sharing their talents; for recruiters, new matches
//! of their saved searches and new casting profiles; and, when their address is also a
//! casting profile's, the projects they were assigned to and their days on set. Nothing to
//! say, no mail. The run key is the week (`2026-W49`); each recap is keyed (person,
//! `weekly_recap`, week).

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::{Date, Duration, OffsetDateTime, Weekday};

use super::mailing::{self, Mailing, Recipient};
use crate::{
    AppState, Error,
    cinema::searches,
    mail::{
        Rendered,
        preferences::{self, MailKind},
        templates::{self, Recap},
    },
};

pub const JOB: &str = "weekly-recap";

/// How many names a recap lists per line.
const NAMES: usize = 5;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Week {
    /// `2026-W49`.
    pub label: String,
    /// Monday 00:00 UTC, inclusive.
    #[serde(with = "time::serde::rfc3339")]
    pub from: OffsetDateTime,
    /// The next Monday 00:00 UTC, exclusive.
    #[serde(with = "time::serde::rfc3339")]
    pub to: OffsetDateTime,
}

impl Week {
    /// The ISO week before the one `scheduled` falls in (a Monday run recaps the week just
    /// ended).
    pub fn before(scheduled: OffsetDateTime) -> Week {
        let day = scheduled.to_offset(time::UtcOffset::UTC).date() - Duration::days(7);
        let (year, week, _) = day.to_iso_week_date();
        let monday = Date::from_iso_week_date(year, week, Weekday::Monday)
            .expect("a week of a real date exists");
        let from = monday.midnight().assume_utc();
        Week {
            label: format!("{year}-W{week:02}"),
            from,
            to: from + Duration::days(7),
        }
    }
}

struct Recaps;

/// "Awa K.": a first name and an initial is all a recap says about someone.
fn short_name(first: &str, last: &str) -> String {
    match last.chars().next() {
        Some(initial) => format!("{first} {initial}."),
        None => first.to_owned(),
    }
}

#[async_trait]
impl Mailing for Recaps {
    type Window = Week;
    type Note = ();

    fn job(&self) -> &'static str {
        JOB
    }

    fn kind(&self) -> MailKind {
        MailKind::WeeklyRecap
    }

    async fn recipients(
        &self,
        state: &AppState,
        _week: &Week,
        after: i64,
        limit: i64,
    ) -> Result<Vec<Recipient>, Error> {
        let rows = state
            .db
            .get()
            .await?
            .query(
                &format!(
                    "SELECT u.id, u.email, u.first_name, u.role, u.preferred_language FROM users u
                      WHERE u.id > $1 AND u.account_active AND u.email_confirmed_at IS NOT NULL AND {}
                      ORDER BY u.id LIMIT $2",
                    MailKind::WeeklyRecap.subscribed_sql()
                ),
                &[&after, &limit],
            )
            .await?;
        Ok(rows.iter().map(Recipient::from_row).collect())
    }

    fn key(&self, recipient: &Recipient, week: &Week) -> String {
        format!("weekly_recap:{}:{}", recipient.id, week.label)
    }

    async fn compose(
        &self,
        state: &AppState,
        recipient: &Recipient,
        week: &Week,
    ) -> Result<Option<(Rendered, ())>, Error> {
        let recap = recap(state, recipient, week).await?;
        if recap.is_empty() {
            return Ok(None);
        }
        let rendered = templates::weekly_recap(
            recipient.language,
            &recipient.first_name,
            &week.label,
            &recap,
            &crate::links::url(&state.config.public_base_url, crate::links::ME),
            &preferences::unsubscribe_page_url(state, recipient.id, MailKind::WeeklyRecap),
        );
        Ok(Some((rendered, ())))
    }
}

/// What the week brought `recipient`.
pub async fn recap(state: &AppState, recipient: &Recipient, week: &Week) -> Result<Recap, Error> {
    let mut recap = Recap::default();
    let db = state.db.get().await?;
    let peers = db
        .query(
            "SELECT u.first_name, u.last_name, count(*) OVER () AS total
               FROM users u
              WHERE u.created_at >= $2 AND u.created_at < $3 AND u.id <> $1
                AND u.account_active AND u.email_confirmed_at IS NOT NULL
                AND EXISTS (SELECT 1 FROM user_talents theirs JOIN user_talents mine
                                   ON mine.talent_id = theirs.talent_id AND mine.user_id = $1
                             WHERE theirs.user_id = u.id)
              ORDER BY u.created_at, u.id LIMIT $4",
            &[&recipient.id, &week.from, &week.to, &(NAMES as i64)],
        )
        .await?;
    if let Some(first) = peers.first() {
        recap.talent_peers = Some((
            first.get("total"),
            peers
                .iter()
                .map(|r| short_name(r.get("first_name"), r.get("last_name")))
                .collect(),
        ));
    }
    if matches!(recipient.role.as_str(), "recruiter" | "admin") {
        recap.new_cinema_profiles = db
            .query_one(
                "SELECT count(*) FROM cinema_talents WHERE is_active AND created_at >= $1 AND created_at < $2",
                &[&week.from, &week.to],
            )
            .await?
            .get(0);
        let saved = db
            .query(
                "SELECT id, name, query, created_at FROM saved_searches WHERE owner_id = $1 ORDER BY name",
                &[&recipient.id],
            )
            .await?;
        drop(db);
        for row in &saved {
            let search = searches::from_row(row);
            match searches::matches_in_window(state, &search, week.from, week.to, NAMES as i64)
                .await
            {
                Ok((0, _)) => {}
                Ok((count, matches)) => recap.searches.push((
                    search.name.clone(),
                    count,
                    matches
                        .iter()
                        .map(|m| short_name(&m.first_name, &m.last_name))
                        .collect(),
                )),
                Err(Error::Validation(_)) => {
                    tracing::warn!(search = search.id, "a saved search no longer parses")
                }
                Err(e) => return Err(e),
            }
        }
    } else {
        drop(db);
    }
    // The person is also a screen talent when a casting profile has their address.
    let db = state.db.get().await?;
    let assignments = db
        .query(
            "SELECT p.name, coalesce(pt.role_description, pt.talent_type) AS role
               FROM project_talents pt
               JOIN projects p ON p.id = pt.project_id
               JOIN cinema_talents ct ON ct.id = pt.cinema_talent_id
              WHERE ct.email = $1 AND pt.assigned_at >= $2 AND pt.assigned_at < $3
              ORDER BY pt.assigned_at, pt.id",
            &[&recipient.email, &week.from, &week.to],
        )
        .await?;
    recap.assignments = assignments
        .iter()
        .map(|r| (r.get("name"), r.get("role")))
        .collect();
    let attendance = db
        .query(
            "SELECT p.name, a.date FROM attendances a
               JOIN projects p ON p.id = a.project_id
               JOIN cinema_talents ct ON ct.unique_code = a.cinema_talent_code
              WHERE ct.email = $1 AND a.date >= $2 AND a.date < $3
              ORDER BY a.date, p.name",
            &[&recipient.email, &week.from.date(), &week.to.date()],
        )
        .await?;
    recap.attendance = attendance
        .iter()
        .map(|r| (r.get("name"), r.get::<_, Date>("date").to_string()))
        .collect();
    Ok(recap)
}

/// The recap of the ISO week before `scheduled`.
pub async fn run(state: &AppState, scheduled: OffsetDateTime) -> Result<Value, Error> {
    let week = Week::before(scheduled);
    let run_key = week.label.clone();
    mailing::run(state, &Recaps, &run_key, week).await
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn a_monday_run_recaps_the_week_just_ended() {
        let week = Week::before(datetime!(2026-12-07 06:00 UTC));
        assert_eq!(week.label, "2026-W49");
        assert_eq!(week.from, datetime!(2026-11-30 00:00 UTC));
        assert_eq!(week.to, datetime!(2026-12-07 00:00 UTC));
        // Across a year: 2027-01-04 is in 2027-W01, so its recap is 2026-W53.
        assert_eq!(
            Week::before(datetime!(2027-01-04 06:00 UTC)).label,
            "2026-W53"
        );
    }
}
