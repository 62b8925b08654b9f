//! A scheduled mailing: one keyed message per recipient for a period, recipients in id order
//! with the cursor saved after each, so a cut-off run resumes with the next one and a repeated
//! run sends nothing twice (the key of a sent message is skipped before anything is built).
//!
//! A message the provider refuses for good (bad address) is counted `rejected` and the run
//! goes on. One that cannot be sent now (throttled beyond the backoff, transport down) is
//! counted `failed`, the run goes on with the others, and then the run is marked failed with
//! its cursor rewound: the retry goes through the recipients again and sends only the keys not
//! yet sent.

use async_trait::async_trait;
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use serde_json::Value;

use super::runs::{Claim, JobRun};
use crate::{
    AppState, Error,
    mail::{
        self, KeyedMail, KeyedOutcome, Language, Rendered,
        preferences::{self, MailKind},
    },
};

/// Someone a mailing writes to.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub id: i64,
    pub email: String,
    pub first_name: String,
    pub role: String,
    pub language: Language,
}

impl Recipient {
    /// Reads `id, email, first_name, role, preferred_language`.
    pub fn from_row(row: &tokio_postgres::Row) -> Self {
        Self {
            id: row.get("id"),
            email: row.get("email"),
            first_name: row.get("first_name"),
            role: row.get("role"),
            language: Language::from_code(row.get("preferred_language")),
        }
    }
}

#[async_trait]
pub trait Mailing: Send + Sync {
    /// The period a run covers (stored in the cursor, so a resumed run keeps it).
    type Window: Serialize + DeserializeOwned + Clone + Send + Sync;
    /// What [`Mailing::sent`] needs to know about a message that went.
    type Note: Send + Sync;

    fn job(&self) -> &'static str;

    /// The kind of mail, which recipients may unsubscribe from.
    fn kind(&self) -> MailKind;

    /// Up to `limit` recipients with an id above `after`, in id order.
    async fn recipients(
        &self,
        state: &AppState,
        window: &Self::Window,
        after: i64,
        limit: i64,
    ) -> Result<Vec<Recipient>, Error>;

    /// The idempotency key of the recipient's message for the window.
    fn key(&self, recipient: &Recipient, window: &Self::Window) -> String;

    /// The message, or `None` when there is nothing to tell them.
    async fn compose(
        &self,
        state: &AppState,
        recipient: &Recipient,
        window: &Self::Window,
    ) -> Result<Option<(Rendered, Self::Note)>, Error>;

    /// After the message went (e.g. stamp what was notified).
    async fn sent(&self, _state: &AppState, _note: &Self::Note) -> Result<(), Error> {
        Ok(())
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MailingStats {
    pub recipients: u32,
    pub sent: u32,
    pub already_sent: u32,
    /// Nothing to tell them: no mail.
    pub nothing_to_say: u32,
    pub rejected: u32,
    pub failed: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Progress<W> {
    window: W,
    /// The last recipient done.
    after: i64,
    stats: MailingStats,
}

const BATCH: i64 = 200;

/// Runs `mailing` for `run_key`; `window` is the period of a new run (a resumed run keeps its
/// own). Answers the invocation's report; a run left with failed messages answers an error so
/// the schedule's retry policy tries again.
pub async fn run<M: Mailing>(
    state: &AppState,
    mailing: &M,
    run_key: &str,
    window: M::Window,
) -> Result<Value, Error> {
    let job = mailing.job();
    let mut run = match JobRun::claim(state, job, run_key).await? {
        Claim::Started(run) => *run,
        other => return Ok(other.report(job, run_key)),
    };
    let mut progress: Progress<M::Window> = run.cursor().unwrap_or(Progress {
        window,
        after: 0,
        stats: MailingStats::default(),
    });
    if !run.resumed() {
        run.save_cursor(&progress).await?;
    }
    let outcome = send_all(state, mailing, &mut run, &mut progress).await;
    if let Err(error) = outcome {
        // The cursor says how far it got; the next claim resumes there.
        let stats = serde_json::to_value(&progress.stats).unwrap_or_default();
        run.fail(&error.to_string(), stats).await?;
        return Err(error);
    }
    if progress.stats.failed > 0 {
        let failed = progress.stats.failed;
        let stats = serde_json::to_value(&progress.stats).unwrap_or_default();
        progress.after = 0;
        progress.stats = MailingStats::default();
        run.save_cursor(&progress).await?;
        let reason = format!("{failed} message(s) could not be sent now; the run will be retried");
        run.fail(&reason, stats).await?;
        return Err(Error::Unavailable(reason));
    }
    let report = serde_json::to_value(&progress).map_err(|e| Error::Internal(e.into()))?;
    run.succeed(report).await
}

async fn send_all<M: Mailing>(
    state: &AppState,
    mailing: &M,
    run: &mut JobRun,
    progress: &mut Progress<M::Window>,
) -> Result<(), Error> {
    // An admin's change of sender applies from the next run (or resumed run).
    let from = mail::sender(state).await?;
    loop {
        let batch = mailing
            .recipients(state, &progress.window, progress.after, BATCH)
            .await?;
        if batch.is_empty() {
            return Ok(());
        }
        for recipient in batch {
            let stats = &mut progress.stats;
            stats.recipients += 1;
            let key = mailing.key(&recipient, &progress.window);
            if mail::already_sent(state, &key).await? {
                stats.already_sent += 1;
            } else {
                match mailing.compose(state, &recipient, &progress.window).await? {
                    None => stats.nothing_to_say += 1,
                    Some((rendered, note)) => {
                        let kind = mailing.kind();
                        let mail = KeyedMail {
                            from: from.clone(),
                            user_id: recipient.id,
                            to: recipient.email.clone(),
                            kind: kind.as_str().to_owned(),
                            key,
                            rendered,
                            unsubscribe_url: Some(preferences::one_click_url(
                                state,
                                recipient.id,
                                kind,
                            )),
                        };
                        match mail::send_keyed(state, mail).await? {
                            KeyedOutcome::Sent => {
                                stats.sent += 1;
                                mailing.sent(state, &note).await?;
                            }
                            KeyedOutcome::AlreadySent => stats.already_sent += 1,
                            KeyedOutcome::Rejected => stats.rejected += 1,
                            KeyedOutcome::Failed => stats.failed += 1,
                        }
                    }
                }
            }
            progress.after = recipient.id;
            run.save_cursor(&*progress).await?;
        }
    }
}
