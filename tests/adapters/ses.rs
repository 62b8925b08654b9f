use taalentio::{
    AppState,
    ports::mail::{Email, MailError},
};
use taalentio_tests::{config_for, create_migrated_database};

use crate::{local_aws, unique};

async fn ses_state() -> AppState {
    let config = config_for(&create_migrated_database().await, &[("MAILER", "ses")]);
    AppState::build(config).await.unwrap()
}

fn email(from: &str, to: &str) -> Email {
    Email {
        from: from.into(),
        to: to.into(),
        subject: "Vous êtes sélectionné·e pour « Les Sables de Zagora »".into(),
        text: "Bonjour Hamza, bonne nouvelle !".into(),
        html: Some("<p>Bonjour Hamza, bonne nouvelle !</p>".into()),
        unsubscribe_url: None,
    }
}

/// Raw messages moto recorded as sent: `{source, destinations, raw_data}`.
async fn sent_messages() -> Vec<serde_json::Value> {
    let endpoint = std::env::var("AWS_ENDPOINT_URL").unwrap();
    let data: serde_json::Value = taalentio_tests::http_client()
        .get(format!("{endpoint}/moto-api/data.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    data["ses"]["RawMessage"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test]
async fn sends_through_ses_from_a_verified_sender() {
    let sender = format!("{}@taalentio.test", unique("casting"));
    let aws = local_aws().await;
    aws_sdk_sesv2::Client::new(&aws)
        .create_email_identity()
        .email_identity(&sender)
        .send()
        .await
        .unwrap();
    let recipient = format!("{}@example.ma", unique("hamza"));

    let sent = ses_state()
        .await
        .mailer
        .send(&email(&sender, &recipient))
        .await
        .unwrap();
    assert!(!sent.message_id.is_empty());

    let messages = sent_messages().await;
    let ours = messages
        .iter()
        .find(|m| {
            m["destinations"]
                .as_array()
                .is_some_and(|d| d.iter().any(|d| d == recipient.as_str()))
        })
        .unwrap_or_else(|| panic!("no message to {recipient} in {messages:?}"));
    assert_eq!(ours["source"], sender.as_str());
    let raw = ours["raw_data"].as_str().unwrap();
    assert!(raw.contains("multipart/alternative"), "{raw}");
    assert!(raw.contains(&format!("To: {recipient}")), "{raw}");
}

#[tokio::test]
async fn an_unverified_sender_is_rejected() {
    let sender = format!("{}@unverified.test", unique("nobody"));
    let error = ses_state()
        .await
        .mailer
        .send(&email(&sender, "x@example.com"))
        .await
        .unwrap_err();
    assert!(matches!(error, MailError::Rejected(_)), "{error:?}");
}
