//! Application settings (`app_settings`, seeded in V1) that admins change at run time: the site
//! name, the sender of mail, and feature switches. Typed reads for the rest of the core, and
//! per-key validation for the admin API; every change is in the security log.

use std::str::FromStr;

use serde::Serialize;
use serde_json::{Value, json};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::{
    Error,
    audit::{self, ClientInfo, SecurityEvent},
    db::Pool,
    error::{FieldError, FieldFormat, FieldIssue},
};

pub const SITE_NAME: &str = "site_name";
pub const MAIL_SENDER: &str = "mail.sender";
pub const FEATURE_AI: &str = "features.ai";
pub const FEATURE_REGISTRATION: &str = "features.registration";
pub const AI_DAILY_CAP_USD: &str = "ai.daily_cap_usd";
/// The highest daily cap an admin may set, in US dollars.
pub const AI_DAILY_CAP_MAX_USD: i64 = 10_000;
const SITE_NAME_MAX_CHARS: usize = 100;

/// The settings as the core uses them. A missing or malformed row reads as its default.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Settings {
    pub site_name: String,
    /// `Name <address@domain>`: the From of outgoing mail; `None` leaves it to the `MAIL_FROM`
    /// setting (in AWS an SES-verified identity, which an admin's choice must be too).
    pub mail_sender: Option<String>,
    pub feature_ai: bool,
    pub registration_open: bool,
    /// Most the remote AI provider may cost per UTC day, in US dollars; 0 stops remote calls.
    pub ai_daily_cap_usd: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            site_name: "taalentio".into(),
            mail_sender: None,
            feature_ai: false,
            registration_open: true,
            ai_daily_cap_usd: 5.0,
        }
    }
}

pub async fn load(db: &Pool) -> Result<Settings, Error> {
    let rows = db
        .get()
        .await?
        .query("SELECT key, value FROM app_settings", &[])
        .await?;
    let mut settings = Settings::default();
    for row in rows {
        let value: Value = row.get(1);
        match (row.get::<_, &str>(0), value) {
            (SITE_NAME, Value::String(name)) => settings.site_name = name,
            (MAIL_SENDER, Value::String(sender)) => settings.mail_sender = Some(sender),
            (FEATURE_AI, Value::Bool(on)) => settings.feature_ai = on,
            (FEATURE_REGISTRATION, Value::Bool(on)) => settings.registration_open = on,
            (AI_DAILY_CAP_USD, Value::Number(cap)) => {
                if let Some(cap) = cap.as_f64().filter(|c| c.is_finite() && *c >= 0.0) {
                    settings.ai_daily_cap_usd = cap;
                }
            }
            _ => {}
        }
    }
    Ok(settings)
}

/// The From of outgoing mail as admins set it; `None`: the `MAIL_FROM` setting.
pub async fn mail_sender(db: &Pool) -> Result<Option<String>, Error> {
    Ok(load(db).await?.mail_sender)
}

/// `Ok` when `features.ai` is on, else 403 `feature_disabled` with the reason.
pub async fn require_ai(db: &Pool) -> Result<(), Error> {
    if load(db).await?.feature_ai {
        Ok(())
    } else {
        Err(Error::forbidden(
            crate::error::ProblemCode::FeatureDisabled,
            "the AI features are switched off on this platform (setting `features.ai`)",
        ))
    }
}

pub async fn registration_open(db: &Pool) -> Result<bool, Error> {
    Ok(load(db).await?.registration_open)
}

/// One setting as admins see it.
#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema)]
pub struct Setting {
    pub key: String,
    pub value: Value,
    pub description: Option<String>,
    pub updated_by: Option<i64>,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

fn from_row(row: &tokio_postgres::Row) -> Setting {
    Setting {
        key: row.get("key"),
        value: row.get("value"),
        description: row.get("description"),
        updated_by: row.get("updated_by"),
        updated_at: row.get("updated_at"),
    }
}

const COLUMNS: &str = "key, value, description, updated_by, updated_at";

pub async fn list(db: &Pool) -> Result<Vec<Setting>, Error> {
    let rows = db
        .get()
        .await?
        .query(
            &format!("SELECT {COLUMNS} FROM app_settings ORDER BY key"),
            &[],
        )
        .await?;
    Ok(rows.iter().map(from_row).collect())
}

/// The value `key` may take, normalised; 404 for a key that is not a setting, 422 naming
/// `value` otherwise.
pub fn validate(key: &str, value: &Value) -> Result<Value, Error> {
    match key {
        SITE_NAME => {
            let name = value.as_str().map(str::trim).unwrap_or_default();
            if let Some(issue) = FieldIssue::text(name, SITE_NAME_MAX_CHARS as u64) {
                return Err(Error::validation("value", issue));
            }
            Ok(json!(name))
        }
        // null hands the sender back to the `MAIL_FROM` setting.
        MAIL_SENDER if value.is_null() => Ok(Value::Null),
        MAIL_SENDER => {
            let sender = value.as_str().map(str::trim).unwrap_or_default();
            check_mailbox(sender)
                .map(|()| json!(sender))
                .map_err(|message| {
                    Error::Validation(vec![FieldError::described(
                        "value",
                        FieldIssue::format(FieldFormat::Mailbox),
                        message,
                    )])
                })
        }
        FEATURE_AI | FEATURE_REGISTRATION => match value {
            Value::Bool(_) => Ok(value.clone()),
            _ => Err(Error::validation(
                "value",
                FieldIssue::not_allowed(&["true", "false"]),
            )),
        },
        // Dollars, to the cent.
        AI_DAILY_CAP_USD => {
            let amount = || {
                Error::Validation(vec![FieldError::described(
                    "value",
                    FieldIssue::Invalid,
                    "must be an amount in US dollars with at most two decimals",
                )])
            };
            let cap = value
                .as_f64()
                .filter(|v| v.is_finite())
                .ok_or_else(amount)?;
            if cap < 0.0 {
                Err(Error::validation("value", FieldIssue::TooSmall { min: 0 }))
            } else if cap > AI_DAILY_CAP_MAX_USD as f64 {
                Err(Error::validation(
                    "value",
                    FieldIssue::TooLarge {
                        max: AI_DAILY_CAP_MAX_USD,
                    },
                ))
            } else if ((cap * 100.0).round() - cap * 100.0).abs() > 1e-6 {
                Err(amount())
            } else {
                Ok(json!(cap))
            }
        }
        _ => Err(Error::NotFound),
    }
}

/// A sender mail servers accept: `Name <address@domain.tld>` or a bare address.
fn check_mailbox(sender: &str) -> Result<(), String> {
    let wrong = || {
        format!(
            "`{}` is not a mailbox: write `Name <address@domain>`, e.g. `taalentio <no-reply@taalentio.com>`",
            sender.chars().take(80).collect::<String>()
        )
    };
    if sender.is_empty() || sender.len() > 320 || sender.chars().any(char::is_control) {
        return Err(wrong());
    }
    let mailbox = lettre::message::Mailbox::from_str(sender).map_err(|_| wrong())?;
    // lettre takes `a@b`; mail needs a domain with a dot.
    crate::email_address::normalize_email(mailbox.email.as_ref()).map_err(|_| wrong())?;
    Ok(())
}

/// Sets `key` to `value` (validated), recording who changed it, in the security log too.
pub async fn update(
    db: &Pool,
    key: &str,
    value: &Value,
    by: i64,
    client: &ClientInfo,
) -> Result<Setting, Error> {
    let value = validate(key, value)?;
    let mut conn = db.get().await?;
    let tx = conn.transaction().await?;
    let old: Value = tx
        .query_opt(
            "SELECT value FROM app_settings WHERE key = $1 FOR UPDATE",
            &[&key],
        )
        .await?
        .ok_or(Error::NotFound)?
        .get(0);
    let row = tx
        .query_one(
            &format!(
                "UPDATE app_settings SET value = $2, updated_by = $3, updated_at = now()
                  WHERE key = $1 RETURNING {COLUMNS}"
            ),
            &[&key, &value, &by],
        )
        .await?;
    audit::security_in(
        &tx,
        SecurityEvent::SettingChanged,
        Some(by),
        client,
        json!({"key": key, "from": old, "to": value}),
    )
    .await?;
    tx.commit().await?;
    Ok(from_row(&row))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_takes_its_own_kind_of_value() {
        assert_eq!(
            validate(SITE_NAME, &json!("  Taalentio Bénin ")).unwrap(),
            json!("Taalentio Bénin")
        );
        assert!(validate(SITE_NAME, &json!("")).is_err());
        assert!(validate(SITE_NAME, &json!("x".repeat(101))).is_err());
        assert!(validate(SITE_NAME, &json!(3)).is_err());
        for good in [
            "taalentio <no-reply@taalentio.com>",
            "\"Taalentio Côte d'Ivoire\" <casting@taalentio.ci>",
            "no-reply@taalentio.com",
        ] {
            assert!(validate(MAIL_SENDER, &json!(good)).is_ok(), "{good}");
        }
        for bad in [
            "taalentio",
            "taalentio <no-reply>",
            "<@taalentio.com>",
            "a <b@c.d> e <f@g.h>",
            "x <a@b.c>\r\nBcc: y@z.w",
        ] {
            assert!(validate(MAIL_SENDER, &json!(bad)).is_err(), "{bad}");
        }
        assert!(validate(FEATURE_AI, &json!(true)).is_ok());
        assert!(validate(FEATURE_REGISTRATION, &json!("false")).is_err());
        assert_eq!(validate(AI_DAILY_CAP_USD, &json!(2.5)).unwrap(), json!(2.5));
        assert_eq!(validate(AI_DAILY_CAP_USD, &json!(0)).unwrap(), json!(0.0));
        for bad in [
            json!(-1),
            json!(10_001),
            json!("5"),
            json!(0.001),
            json!(null),
        ] {
            assert!(validate(AI_DAILY_CAP_USD, &bad).is_err(), "{bad}");
        }
        assert!(matches!(
            validate("features.unknown", &json!(true)),
            Err(Error::NotFound)
        ));
    }
}
