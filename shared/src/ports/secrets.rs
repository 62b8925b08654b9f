//! `Secrets`: keys and credentials, fetched once per cold start.
//!
//! In AWS the secret named by `SECRETS_ID` is a JSON object of setting names to values
//! (`{"DATABASE_URL": "...", "ENCRYPTION_KEYS": "..."}`); locally the environment plays that part.

use std::collections::HashMap;

use aws_sdk_secretsmanager::Client;

pub trait Secrets: Send + Sync {
    /// The value of the named secret, if the bundle holds it.
    fn get(&self, name: &str) -> Option<String>;
}

#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    #[error("could not read secret {id}: {source}")]
    Fetch {
        id: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("secret {id} is not a JSON object of strings")]
    Format { id: String },
}

/// Settings straight from the process environment.
#[derive(Debug, Default, Clone, Copy)]
pub struct EnvSecrets;

impl Secrets for EnvSecrets {
    fn get(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }
}

/// A Secrets Manager secret, read once when built.
pub struct SecretsManagerSecrets {
    values: HashMap<String, String>,
}

impl SecretsManagerSecrets {
    pub async fn fetch(client: &Client, secret_id: &str) -> Result<Self, SecretsError> {
        let output = client
            .get_secret_value()
            .secret_id(secret_id)
            .send()
            .await
            .map_err(|e| SecretsError::Fetch {
                id: secret_id.to_owned(),
                source: Box::new(e.into_service_error()),
            })?;
        let format_error = || SecretsError::Format {
            id: secret_id.to_owned(),
        };
        let raw = output.secret_string().ok_or_else(format_error)?;
        let object: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(raw).map_err(|_| format_error())?;
        let values = object
            .into_iter()
            .map(|(name, value)| match value {
                serde_json::Value::String(s) => Ok((name, s)),
                _ => Err(format_error()),
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { values })
    }
}

impl Secrets for SecretsManagerSecrets {
    fn get(&self, name: &str) -> Option<String> {
        self.values.get(name).cloned()
    }
}

impl std::fmt::Debug for SecretsManagerSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretsManagerSecrets")
            .field("names", &self.values.keys().collect::<Vec<_>>())
            .finish()
    }
}
