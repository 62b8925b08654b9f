//! `Mailer`: transactional and scheduled mail.
//!
//! Every message is rendered once to MIME (text and, when given, HTML alternatives); SES
//! sends those raw bytes and the local outbox writes them as an `.eml` file, so what a
//! developer opens locally is what a recipient gets.

use std::path::PathBuf;

use async_trait::async_trait;
use aws_sdk_sesv2::{
    Client,
    primitives::Blob,
    types::{Destination, EmailContent, RawMessage},
};
use lettre::message::{Mailbox, Message, MultiPart, SinglePart, header};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub from: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    /// One-click unsubscribe link (RFC 8058) for scheduled mail.
    pub unsubscribe_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentEmail {
    pub message_id: String,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The message can never be sent as is (bad address, rejected content): do not retry.
    #[error("message rejected: {0}")]
    Rejected(String),
    /// The provider asks us to slow down: retry later.
    #[error("sending throttled: {0}")]
    Throttled(String),
    #[error("mail transport unavailable: {0}")]
    Unavailable(String),
}

impl Email {
    /// The message as RFC 5322 bytes.
    pub fn to_mime(&self) -> Result<Vec<u8>, MailError> {
        let mailbox = |value: &str| {
            value
                .parse::<Mailbox>()
                .map_err(|e| MailError::Rejected(format!("`{value}`: {e}")))
        };
        let mut builder = Message::builder()
            .from(mailbox(&self.from)?)
            .to(mailbox(&self.to)?)
            .subject(self.subject.clone())
            .message_id(None);
        if let Some(url) = &self.unsubscribe_url {
            builder = builder
                .raw_header(header::HeaderValue::new(
                    header::HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{url}>"),
                ))
                .raw_header(header::HeaderValue::new(
                    header::HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".into(),
                ));
        }
        let text = SinglePart::plain(self.text.clone());
        let message = match &self.html {
            Some(html) => builder.multipart(
                MultiPart::alternative()
                    .singlepart(text)
                    .singlepart(SinglePart::html(html.clone())),
            ),
            None => builder.singlepart(text),
        }
        .map_err(|e| MailError::Rejected(e.to_string()))?;
        Ok(message.formatted())
    }
}

fn message_id_of(mime: &[u8]) -> String {
    // lettre always writes a Message-ID header; read it back rather than track it twice.
    String::from_utf8_lossy(mime)
        .lines()
        .take_while(|line| !line.is_empty())
        .find_map(|line| line.strip_prefix("Message-ID: "))
        .unwrap_or_default()
        .trim()
        .to_owned()
}

#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, email: &Email) -> Result<SentEmail, MailError>;
}

/// Writes each message to `<dir>/<timestamp>-<id>.eml`.
pub struct OutboxMailer {
    dir: PathBuf,
}

impl OutboxMailer {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }
}

#[async_trait]
impl Mailer for OutboxMailer {
    async fn send(&self, email: &Email) -> Result<SentEmail, MailError> {
        let mime = email.to_mime()?;
        let unavailable =
            |e: std::io::Error| MailError::Unavailable(format!("{}: {e}", self.dir.display()));
        tokio::fs::create_dir_all(&self.dir)
            .await
            .map_err(unavailable)?;
        let stamp = time::OffsetDateTime::now_utc().unix_timestamp_nanos();
        let id = uuid::Uuid::new_v4();
        let path = self.dir.join(format!("{stamp}-{id}.eml"));
        tokio::fs::write(&path, &mime).await.map_err(unavailable)?;
        tracing::info!(path = %path.display(), "mail written to the local outbox");
        Ok(SentEmail {
            message_id: message_id_of(&mime),
        })
    }
}

/// Amazon SES v2, sending the raw MIME message.
pub struct SesMailer {
    client: Client,
    configuration_set: Option<String>,
}

impl SesMailer {
    pub fn new(client: Client, configuration_set: Option<String>) -> Self {
        Self {
            client,
            configuration_set,
        }
    }
}

#[async_trait]
impl Mailer for SesMailer {
    async fn send(&self, email: &Email) -> Result<SentEmail, MailError> {
        let mime = email.to_mime()?;
        let raw = RawMessage::builder()
            .data(Blob::new(mime))
            .build()
            .map_err(|e| MailError::Rejected(e.to_string()))?;
        let result = self
            .client
            .send_email()
            .from_email_address(&email.from)
            .destination(Destination::builder().to_addresses(&email.to).build())
            .content(EmailContent::builder().raw(raw).build())
            .set_configuration_set_name(self.configuration_set.clone())
            .send()
            .await;
        match result {
            Ok(output) => Ok(SentEmail {
                message_id: output.message_id().unwrap_or_default().to_owned(),
            }),
            Err(e) => {
                let text = aws_sdk_sesv2::error::DisplayErrorContext(&e).to_string();
                Err(match e.as_service_error() {
                    Some(service)
                        if service.is_too_many_requests_exception()
                            || service.is_limit_exceeded_exception() =>
                    {
                        MailError::Throttled(text)
                    }
                    Some(service)
                        if service.is_message_rejected()
                            || service.is_bad_request_exception()
                            || service.is_account_suspended_exception()
                            || service.is_sending_paused_exception()
                            || service.is_mail_from_domain_not_verified_exception() =>
                    {
                        MailError::Rejected(text)
                    }
                    _ => MailError::Unavailable(text),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email() -> Email {
        Email {
            from: "taalentio <no-reply@taalentio.test>".into(),
            to: "Aïssatou Diop <aissatou@example.sn>".into(),
            subject: "Bienvenue sur taalentio — confirmez votre adresse".into(),
            text: "Bonjour Aïssatou,\nConfirmez votre adresse.".into(),
            html: Some("<p>Bonjour Aïssatou,</p>".into()),
            unsubscribe_url: Some("https://taalentio.test/u/abc".into()),
        }
    }

    #[test]
    fn mime_has_both_parts_and_survives_a_parser() {
        let mime = email().to_mime().unwrap();
        // An independent parser reads back what lettre wrote.
        let parsed = mailparse::parse_mail(&mime).unwrap();
        use mailparse::MailHeaderMap;
        assert_eq!(
            parsed.headers.get_first_value("Subject").unwrap(),
            "Bienvenue sur taalentio — confirmez votre adresse"
        );
        assert_eq!(
            parsed.headers.get_first_value("List-Unsubscribe").unwrap(),
            "<https://taalentio.test/u/abc>"
        );
        assert_eq!(parsed.ctype.mimetype, "multipart/alternative");
        let kinds: Vec<_> = parsed
            .subparts
            .iter()
            .map(|p| p.ctype.mimetype.clone())
            .collect();
        assert_eq!(kinds, ["text/plain", "text/html"]);
        assert!(
            parsed.subparts[0]
                .get_body()
                .unwrap()
                .contains("Bonjour Aïssatou")
        );
        assert!(!message_id_of(&mime).is_empty());
    }

    #[test]
    fn malformed_addresses_are_rejected_not_sent() {
        let bad = Email {
            to: "not an address".into(),
            ..email()
        };
        assert!(matches!(bad.to_mime(), Err(MailError::Rejected(_))));
    }
}
