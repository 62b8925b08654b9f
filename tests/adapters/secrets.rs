use taalentio::{
    Config,
    ports::secrets::{Secrets, SecretsError, SecretsManagerSecrets},
};

use crate::{local_aws, unique};

async fn client_with_secret(value: &str) -> (aws_sdk_secretsmanager::Client, String) {
    let client = aws_sdk_secretsmanager::Client::new(&local_aws().await);
    let name = unique("taalentio/test");
    client
        .create_secret()
        .name(&name)
        .secret_string(value)
        .send()
        .await
        .unwrap();
    (client, name)
}

#[tokio::test]
async fn settings_come_from_the_secret_first() {
    let bundle = serde_json::json!({
        "DATABASE_URL": "postgres://app:from-secret@db.internal:5432/taalentio",
        "LOCAL_BLOB_SIGNING_KEY": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
    });
    let (client, name) = client_with_secret(&bundle.to_string()).await;
    let secrets = SecretsManagerSecrets::fetch(&client, &name).await.unwrap();
    assert_eq!(
        secrets.get("DATABASE_URL").as_deref(),
        Some("postgres://app:from-secret@db.internal:5432/taalentio")
    );
    assert_eq!(secrets.get("NOT_THERE"), None);
    let config = Config::load(&secrets).unwrap();
    assert_eq!(
        config.database.url.expose(),
        "postgres://app:from-secret@db.internal:5432/taalentio"
    );
    assert!(
        !format!("{secrets:?}").contains("from-secret"),
        "values never reach Debug output"
    );
}

#[tokio::test]
async fn a_secret_that_is_not_a_json_object_of_strings_is_refused() {
    for bad in ["plain text", "[1,2]", r#"{"DATABASE_URL": 5}"#] {
        let (client, name) = client_with_secret(bad).await;
        let error = SecretsManagerSecrets::fetch(&client, &name)
            .await
            .unwrap_err();
        assert!(
            matches!(error, SecretsError::Format { .. }),
            "{bad}: {error:?}"
        );
    }
}

#[tokio::test]
async fn a_missing_secret_is_a_fetch_error() {
    let client = aws_sdk_secretsmanager::Client::new(&local_aws().await);
    let error = SecretsManagerSecrets::fetch(&client, "no/such/secret")
        .await
        .unwrap_err();
    assert!(matches!(error, SecretsError::Fetch { .. }), "{error:?}");
}
