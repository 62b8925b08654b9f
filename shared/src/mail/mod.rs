//! Mail the platform sends: rendering (French or English, text and HTML) and delivery through
//! the `Mailer` port, every message recorded in `email_logs` with its outcome and attempts.
//!
//! There is one delivery path ([`send_logged`]): paced to `MAIL_RATE_PER_SECOND` (SES's
//! sending rate), retried with capped exponential backoff while the provider answers
//! `Throttled`, each attempt counted on the log row. [`deliver`] sends a transactional message
//! (a new log row each time); [`send_keyed`] sends scheduled mail at most once per
//! `idempotency_key` (recipient, kind, period), so a repeated job run sends nothing twice.

pub mod preferences;
pub mod templates;

use std::time::Duration;

use tokio::{sync::Mutex, time::Instant};

use crate::{
    AppState, Error,
    ports::mail::{Email, MailError, SentEmail},
};

pub use templates::{Language, Rendered};

/// Spaces sends so one process never exceeds the provider's rate.
#[derive(Debug)]
pub struct Pacer {
    interval: Duration,
    next: Mutex<Option<Instant>>,
}

impl Pacer {
    pub fn per_second(rate: u32) -> Self {
        Self {
            interval: Duration::from_secs(1) / rate.max(1),
            next: Mutex::new(None),
        }
    }

    /// Waits for this send's slot.
    pub async fn wait(&self) {
        let mut next = self.next.lock().await;
        let now = Instant::now();
        let slot = next.filter(|at| *at > now).unwrap_or(now);
        *next = Some(slot + self.interval);
        drop(next);
        tokio::time::sleep_until(slot).await;
    }
}

/// How long to wait after the provider throttled us, and how often to try.
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    pub first: Duration,
    pub cap: Duration,
    pub max_attempts: u32,
}

impl Backoff {
    pub const DEFAULT: Backoff = Backoff {
        first: Duration::from_millis(100),
        cap: Duration::from_secs(5),
        max_attempts: 5,
    };

    /// The wait before attempt `attempt + 1` (after `attempt` throttled tries).
    pub fn delay(&self, attempt: u32) -> Duration {
        self.first
            .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)))
            .min(self.cap)
    }
}

/// The one way a message leaves: paced, retried while throttled, and its log row (`log_id`,
/// already written) updated with the outcome and the number of attempts.
pub async fn send_logged(
    state: &AppState,
    log_id: i64,
    email: &Email,
) -> Result<SentEmail, MailError> {
    let backoff = Backoff::DEFAULT;
    let mut attempt = 0;
    let outcome = loop {
        attempt += 1;
        state.mail_pacer.wait().await;
        match state.mailer.send(email).await {
            Err(MailError::Throttled(reason)) if attempt < backoff.max_attempts => {
                tracing::info!(attempt, %reason, "mail throttled; backing off");
                tokio::time::sleep(backoff.delay(attempt)).await;
            }
            other => break other,
        }
    };
    let attempts = i16::try_from(attempt).unwrap_or(i16::MAX);
    let recorded = match state.db.get().await {
        Ok(db) => match &outcome {
            Ok(sent) => db
                .execute(
                    "UPDATE email_logs SET status = 'sent', provider_message_id = $2, sent_at = now(),
                            error = NULL, attempts = attempts + $3 WHERE id = $1",
                    &[&log_id, &sent.message_id, &attempts],
                )
                .await
                .map(drop),
            Err(error) => db
                .execute(
                    "UPDATE email_logs SET status = 'failed', error = $2, attempts = attempts + $3
                      WHERE id = $1",
                    &[&log_id, &error.to_string(), &attempts],
                )
                .await
                .map(drop),
        },
        Err(e) => {
            tracing::error!(error = %e, log_id, "no connection to record a mail's outcome");
            Ok(())
        }
    };
    if let Err(e) = recorded {
        // The mail went (or not) anyway; a pending row is what is left to look at.
        tracing::error!(error = %e, log_id, "mail outcome not recorded");
    }
    if let Err(error) = &outcome {
        tracing::warn!(log_id, attempts, %error, "mail not sent");
    }
    outcome
}

/// The From of outgoing mail: the sender an admin chose, else the `MAIL_FROM` setting. A bulk
/// job reads it once per run ([`KeyedMail::from`]).
pub async fn sender(state: &AppState) -> Result<String, Error> {
    Ok(crate::settings::mail_sender(&state.db)
        .await?
        .unwrap_or_else(|| state.config.mail.from.clone()))
}

fn email(from: String, to: &str, rendered: Rendered, unsubscribe_url: Option<String>) -> Email {
    Email {
        from,
        to: to.to_owned(),
        subject: rendered.subject,
        text: rendered.text,
        html: Some(rendered.html),
        unsubscribe_url,
    }
}

/// Sends one transactional message and records it. The log row is written first, so a crash
/// mid-send leaves a `pending` row to look at, not silence.
pub async fn deliver(
    state: &AppState,
    user_id: Option<i64>,
    to: &str,
    kind: &str,
    rendered: Rendered,
) -> Result<(), Error> {
    let log_id: i64 = state
        .db
        .get()
        .await?
        .query_one(
            "INSERT INTO email_logs (user_id, recipient, email_type, subject, status)
             VALUES ($1, $2, $3, $4, 'pending') RETURNING id",
            &[&user_id, &to, &kind, &rendered.subject],
        )
        .await?
        .get(0);
    let message = email(sender(state).await?, to, rendered, None);
    match send_logged(state, log_id, &message).await {
        Ok(_) => Ok(()),
        Err(MailError::Rejected(_)) => Err(Error::Validation(vec![
            crate::error::FieldError::described(
                "email",
                crate::error::FieldIssue::Invalid,
                "this address cannot receive mail",
            ),
        ])),
        Err(MailError::Throttled(_) | MailError::Unavailable(_)) => Err(Error::Unavailable(
            "mail cannot be sent right now; try again in a few minutes".into(),
        )),
    }
}

/// A scheduled message, sent at most once per `key`.
#[derive(Debug, Clone)]
pub struct KeyedMail {
    /// From [`sender`], read once per run.
    pub from: String,
    pub user_id: i64,
    pub to: String,
    /// `email_logs.email_type`, e.g. `weekly_recap`.
    pub kind: String,
    /// (recipient, kind, period), e.g. `weekly_recap:42:2026-W49`.
    pub key: String,
    pub rendered: Rendered,
    /// The one-click unsubscribe link (`List-Unsubscribe`).
    pub unsubscribe_url: Option<String>,
}

/// What became of a keyed message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyedOutcome {
    Sent,
    /// An earlier run sent it: nothing was sent now.
    AlreadySent,
    /// The provider refused the message for good (bad address, content): not retried.
    Rejected,
    /// Throttled beyond the backoff, or the transport is down: worth a later retry.
    Failed,
}

/// Sends `mail` unless its key was already sent; a `pending` or `failed` key is tried again
/// on the same log row, so the row keeps the total number of attempts.
pub async fn send_keyed(state: &AppState, mail: KeyedMail) -> Result<KeyedOutcome, Error> {
    // A sent key is left alone (no row comes back); any other is tried again on its row.
    let row = state
        .db
        .get()
        .await?
        .query_opt(
            "INSERT INTO email_logs (user_id, recipient, email_type, subject, status, idempotency_key)
             VALUES ($1, $2, $3, $4, 'pending', $5)
             ON CONFLICT (idempotency_key) DO UPDATE
                SET recipient = excluded.recipient, subject = excluded.subject, status = 'pending'
              WHERE email_logs.status <> 'sent'
             RETURNING id",
            &[
                &mail.user_id,
                &mail.to,
                &mail.kind,
                &mail.rendered.subject,
                &mail.key,
            ],
        )
        .await?;
    let Some(row) = row else {
        return Ok(KeyedOutcome::AlreadySent);
    };
    let log_id: i64 = row.get(0);
    let message = email(mail.from, &mail.to, mail.rendered, mail.unsubscribe_url);
    Ok(match send_logged(state, log_id, &message).await {
        Ok(_) => KeyedOutcome::Sent,
        Err(MailError::Rejected(_)) => KeyedOutcome::Rejected,
        Err(MailError::Throttled(_) | MailError::Unavailable(_)) => KeyedOutcome::Failed,
    })
}

/// Whether a key was already sent, so a job skips building a message nobody will get.
pub async fn already_sent(state: &AppState, key: &str) -> Result<bool, Error> {
    Ok(state
        .db
        .get()
        .await?
        .query_opt(
            "SELECT 1 FROM email_logs WHERE idempotency_key = $1 AND status = 'sent'",
            &[&key],
        )
        .await?
        .is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_its_cap() {
        let backoff = Backoff {
            first: Duration::from_millis(100),
            cap: Duration::from_millis(500),
            max_attempts: 6,
        };
        let delays: Vec<u128> = (1..=5).map(|a| backoff.delay(a).as_millis()).collect();
        assert_eq!(delays, [100, 200, 400, 500, 500]);
    }

    #[tokio::test(start_paused = true)]
    async fn the_pacer_spaces_sends() {
        let pacer = Pacer::per_second(10);
        let start = Instant::now();
        for _ in 0..5 {
            pacer.wait().await;
        }
        // The first goes at once, then one every 100 ms.
        assert_eq!(start.elapsed(), Duration::from_millis(400));
    }
}
