//! Watchlist alerts (daily schedule): one digest per watcher of the profiles created or
//! changed in the run's window that their active watches find (names, watched saved
//! searches). The window ends at the event's scheduled time and starts where the last
//! succeeded run's window ended (a day back for the first run), so nothing is missed or
//! repeated; the run key is the window's end. Each digest is keyed (watcher,
//! `watchlist_alert`, window).

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::{Duration, OffsetDateTime, format_description::well_known::Rfc3339};

use super::mailing::{self, Mailing, Recipient};
use crate::{
    AppState, Error,
    mail::{
        Rendered,
        preferences::{self, MailKind},
        templates,
    },
    watchlist::{self, Found},
};

pub const JOB: &str = "watchlist-alerts";

/// How far back the very first window reaches (the schedule's period).
pub const FIRST_WINDOW: Duration = Duration::days(1);

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Window {
    #[serde(with = "time::serde::rfc3339")]
    pub from: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub to: OffsetDateTime,
}

struct Alerts;

#[async_trait]
impl Mailing for Alerts {
    type Window = Window;
    type Note = Vec<Found>;

    fn job(&self) -> &'static str {
        JOB
    }

    fn kind(&self) -> MailKind {
        MailKind::WatchlistAlert
    }

    async fn recipients(
        &self,
        state: &AppState,
        _window: &Window,
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
                      WHERE u.id > $1 AND u.account_active AND u.role IN ('recruiter', 'admin')
                        AND {}
                        AND (EXISTS (SELECT 1 FROM name_tracking nt WHERE nt.watcher_id = u.id AND nt.is_active)
                             OR EXISTS (SELECT 1 FROM saved_searches s WHERE s.owner_id = u.id AND s.watched))
                      ORDER BY u.id LIMIT $2",
                    MailKind::WatchlistAlert.subscribed_sql()
                ),
                &[&after, &limit],
            )
            .await?;
        Ok(rows.iter().map(Recipient::from_row).collect())
    }

    fn key(&self, recipient: &Recipient, window: &Window) -> String {
        format!(
            "watchlist_alert:{}:{}/{}",
            recipient.id,
            rfc3339(window.from),
            rfc3339(window.to)
        )
    }

    async fn compose(
        &self,
        state: &AppState,
        recipient: &Recipient,
        window: &Window,
    ) -> Result<Option<(Rendered, Vec<Found>)>, Error> {
        let found = watchlist::find_in_window(state, recipient.id, window.from, window.to).await?;
        if found.is_empty() {
            return Ok(None);
        }
        let sections: Vec<_> = found
            .iter()
            .map(|f| (f.label.clone(), f.hits.clone()))
            .collect();
        let rendered = templates::watchlist_alert(
            recipient.language,
            &recipient.first_name,
            &sections,
            &crate::links::url(&state.config.public_base_url, crate::links::HOME),
            &preferences::unsubscribe_page_url(state, recipient.id, MailKind::WatchlistAlert),
        );
        Ok(Some((rendered, found)))
    }

    async fn sent(&self, state: &AppState, found: &Vec<Found>) -> Result<(), Error> {
        watchlist::mark_notified(state, found).await
    }
}

fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).expect("a UTC time formats as RFC 3339")
}

/// The run for the window ending at `scheduled` (to the second).
pub async fn run(state: &AppState, scheduled: OffsetDateTime) -> Result<Value, Error> {
    let to = scheduled
        .to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .expect("0 is a valid nanosecond");
    let run_key = rfc3339(to);
    // Where the last succeeded window ended (RFC 3339 in UTC sorts as text).
    let last_end: Option<String> = state
        .db
        .get()
        .await?
        .query_one(
            "SELECT max(cursor->'window'->>'to') FROM job_runs WHERE job_name = $1 AND status = 'succeeded'",
            &[&JOB],
        )
        .await?
        .get(0);
    let last_end = last_end.and_then(|t| OffsetDateTime::parse(&t, &Rfc3339).ok());
    let from = match last_end {
        // A later window already ran: this one is empty rather than mailed twice.
        Some(end) if end >= to => to,
        Some(end) => end,
        None => to - FIRST_WINDOW,
    };
    if from == to {
        tracing::info!(run_key, "an empty window: a later run covered it");
    }
    let report = mailing::run(state, &Alerts, &run_key, Window { from, to }).await?;
    Ok(report)
}
