//! Mail the platform sends: rendering (French or English, text and HTML) and delivery through
//! the `Mailer` port, every message recorded in `email_logs` with its outcome.

pub mod templates;

use crate::{
    AppState, Error,
    ports::mail::{Email, MailError},
};

pub use templates::{Language, Rendered};

/// Sends one message and records it. The log row is written first, so a crash mid-send
/// leaves a `pending` row to look at, not silence.
pub async fn deliver(
    state: &AppState,
    user_id: Option<i64>,
    to: &str,
    kind: &str,
    rendered: Rendered,
) -> Result<(), Error> {
    let db = state.db.get().await?;
    let log_id: i64 = db
        .query_one(
            "INSERT INTO email_logs (user_id, recipient, email_type, subject, status, attempts)
             VALUES ($1, $2, $3, $4, 'pending', 1) RETURNING id",
            &[&user_id, &to, &kind, &rendered.subject],
        )
        .await?
        .get(0);
    let email = Email {
        from: state.config.mail.from.clone(),
        to: to.to_owned(),
        subject: rendered.subject,
        text: rendered.text,
        html: Some(rendered.html),
        unsubscribe_url: None,
    };
    match state.mailer.send(&email).await {
        Ok(sent) => {
            db.execute(
                "UPDATE email_logs SET status = 'sent', provider_message_id = $2, sent_at = now() WHERE id = $1",
                &[&log_id, &sent.message_id],
            )
            .await?;
            Ok(())
        }
        Err(error) => {
            db.execute(
                "UPDATE email_logs SET status = 'failed', error = $2 WHERE id = $1",
                &[&log_id, &error.to_string()],
            )
            .await?;
            tracing::warn!(kind, %error, "mail not sent");
            Err(match error {
                MailError::Rejected(_) => {
                    Error::validation("email", "this address cannot receive mail")
                }
                MailError::Throttled(_) | MailError::Unavailable(_) => Error::Unavailable(
                    "mail cannot be sent right now; try again in a few minutes".into(),
                ),
            })
        }
    }
}
