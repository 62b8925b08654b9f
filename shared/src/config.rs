//! Configuration, read once per cold start.
//!
//! Every setting is looked up by name, first in the secret bundle (Secrets Manager in AWS when
//! `SECRETS_ID` is set, see [`crate::ports::secrets`]) and then in the process environment, so
//! the same names work locally (`.local/*.env`) and in Lambda. README.md lists them all.

use std::{fmt, path::PathBuf, time::Duration};

use crate::ports::secrets::Secrets;

/// A value that must never reach a log line: `Debug` prints a placeholder.
#[derive(Clone, PartialEq, Eq)]
pub struct Redacted<T>(T);

impl<T> Redacted<T> {
    pub fn new(value: T) -> Self {
        Self(value)
    }
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> fmt::Debug for Redacted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("{0} must be set")]
    Missing(&'static str),
    #[error("{name} is invalid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

#[derive(Debug, Clone)]
pub struct Config {
    pub database: DatabaseConfig,
    pub blobs: BlobConfig,
    pub mail: MailConfig,
    /// Where the browser reaches the platform, e.g. `https://taalentio.com` (no trailing slash).
    pub public_base_url: String,
    /// Bodies above this size are refused with 413 before any handler reads them.
    pub max_body_bytes: usize,
    /// The first admin account, ensured by the migrate function and by `make dev`.
    pub admin: Option<AdminBootstrap>,
    pub encryption: EncryptionConfig,
    /// How many proxies in front of the functions append to `X-Forwarded-For` (CloudFront: 1).
    /// 0 trusts no header: the address is the connection's (or API Gateway's `sourceIp`).
    pub trusted_proxy_hops: usize,
    /// Exports and badge PDFs up to this size are answered inline; larger ones are stored and
    /// answered with a link ([`crate::downloads`]).
    pub export_inline_max_bytes: usize,
    /// Where the web app's build is read from by the public profile page
    /// ([`crate::profiles::page`]): `WEB_BUCKET` (with `BLOB_STORE=s3`), else `WEB_DIR`.
    pub web: WebConfig,
    /// The remote AI provider and the film search; both absent locally by default.
    pub ai: AiConfig,
}

/// The HTTP API answers within 30 s: a remote call (its retries included) must end well before.
pub const REMOTE_TIMEOUT_MAX_SECS: u64 = 25;

#[derive(Debug, Clone, Default)]
pub struct AiConfig {
    /// `OPENROUTER_API_KEY` and `OPENROUTER_MODEL` both set; otherwise the local rules answer.
    pub openrouter: Option<OpenRouterConfig>,
    /// `OMDB_API_KEY` set; otherwise the film search answers 503 `not_configured`.
    pub omdb: Option<OmdbConfig>,
}

#[derive(Debug, Clone)]
pub struct OpenRouterConfig {
    pub api_key: Redacted<String>,
    /// An OpenRouter model id (`vendor/model`); there is no default: models are withdrawn.
    pub model: String,
    /// `https://openrouter.ai/api/v1` unless overridden (tests point it at a local server).
    pub base_url: String,
    /// The whole budget of one call, retries and waits included.
    pub timeout: Duration,
}

#[derive(Debug, Clone)]
pub struct OmdbConfig {
    pub api_key: Redacted<String>,
    /// `https://www.omdbapi.com/` unless overridden.
    pub base_url: String,
    pub timeout: Duration,
}

#[derive(Debug, Clone)]
pub struct WebConfig {
    pub dir: std::path::PathBuf,
    pub bucket: Option<String>,
}

/// Keys of the personal-data encryption ([`crate::crypto`]).
#[derive(Debug, Clone)]
pub struct EncryptionConfig {
    /// Every key that may have sealed stored data, by id.
    pub keys: Redacted<Vec<(String, [u8; 32])>>,
    /// The id of the key new data is sealed under.
    pub current: String,
    pub blind_index_key: Redacted<Vec<u8>>,
}

#[derive(Debug, Clone)]
pub struct DatabaseConfig {
    pub url: Redacted<String>,
    /// Lambda runs one request at a time per instance: a couple of connections is plenty,
    /// and RDS Proxy multiplexes them.
    pub pool_size: usize,
    pub connect_timeout: Duration,
    pub statement_timeout: Duration,
    /// Extra PEM roots for TLS (e.g. the RDS CA bundle); public roots are always trusted.
    pub ca_file: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub enum BlobConfig {
    /// Files in a directory; presigned URLs are signed by this process and honoured by the
    /// dev server.
    Local {
        dir: PathBuf,
        signing_key: Redacted<Vec<u8>>,
    },
    S3 {
        bucket: String,
        /// Where exports and other generated downloads go (a bucket whose objects expire);
        /// the uploads bucket when unset.
        exports_bucket: String,
        /// Path-style addressing, needed for S3-compatible servers on an IP address.
        force_path_style: bool,
    },
}

#[derive(Debug, Clone)]
pub struct MailConfig {
    pub from: String,
    pub transport: MailTransport,
    /// Messages per second at most (SES's sending quota: 14 out of the sandbox by default).
    pub rate_per_second: u32,
}

#[derive(Debug, Clone)]
pub enum MailTransport {
    /// Each message written as an `.eml` file.
    Outbox {
        dir: PathBuf,
    },
    Ses {
        configuration_set: Option<String>,
    },
}

#[derive(Debug, Clone)]
pub struct AdminBootstrap {
    pub email: String,
    pub password: Redacted<String>,
}

impl Config {
    /// Reads the configuration from `secrets`, falling back to the process environment.
    pub fn load(secrets: &dyn Secrets) -> Result<Self, ConfigError> {
        Self::from_lookup(|name| secrets.get(name).or_else(|| std::env::var(name).ok()))
    }

    /// Reads the configuration through `lookup`, which answers a setting's value by name.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let required = |name: &'static str| get(name).ok_or(ConfigError::Missing(name));

        let database = DatabaseConfig {
            url: Redacted::new(required("DATABASE_URL")?),
            pool_size: parse_or(&get, "DATABASE_POOL_SIZE", 2)?,
            connect_timeout: Duration::from_secs(parse_or(
                &get,
                "DATABASE_CONNECT_TIMEOUT_SECS",
                5,
            )?),
            statement_timeout: Duration::from_secs(parse_or(
                &get,
                "DATABASE_STATEMENT_TIMEOUT_SECS",
                20,
            )?),
            ca_file: get("DATABASE_CA_FILE").map(PathBuf::from),
        };
        if database.pool_size == 0 {
            return Err(invalid("DATABASE_POOL_SIZE", "must be at least 1"));
        }

        let blobs = match get("BLOB_STORE").as_deref().unwrap_or("local") {
            "local" => {
                let key = required("LOCAL_BLOB_SIGNING_KEY")?;
                let key = base64_decode(&key)
                    .ok_or_else(|| invalid("LOCAL_BLOB_SIGNING_KEY", "must be base64"))?;
                if key.len() < 32 {
                    return Err(invalid(
                        "LOCAL_BLOB_SIGNING_KEY",
                        "must hold at least 32 bytes",
                    ));
                }
                BlobConfig::Local {
                    dir: PathBuf::from(
                        get("LOCAL_BLOB_DIR").unwrap_or_else(|| ".local/blobs".into()),
                    ),
                    signing_key: Redacted::new(key),
                }
            }
            "s3" => {
                let bucket = required("UPLOADS_BUCKET")?;
                BlobConfig::S3 {
                    exports_bucket: get("EXPORTS_BUCKET").unwrap_or_else(|| bucket.clone()),
                    bucket,
                    force_path_style: parse_or(&get, "S3_FORCE_PATH_STYLE", false)?,
                }
            }
            other => {
                return Err(invalid(
                    "BLOB_STORE",
                    format!("`{other}` is not `local` or `s3`"),
                ));
            }
        };

        let transport = match get("MAILER").as_deref().unwrap_or("outbox") {
            "outbox" => MailTransport::Outbox {
                dir: PathBuf::from(get("OUTBOX_DIR").unwrap_or_else(|| ".local/outbox".into())),
            },
            "ses" => MailTransport::Ses {
                configuration_set: get("SES_CONFIGURATION_SET"),
            },
            other => {
                return Err(invalid(
                    "MAILER",
                    format!("`{other}` is not `outbox` or `ses`"),
                ));
            }
        };
        let from =
            get("MAIL_FROM").unwrap_or_else(|| "taalentio <no-reply@taalentio.local>".into());
        let rate_per_second: u32 = parse_or(&get, "MAIL_RATE_PER_SECOND", 14)?;
        if rate_per_second == 0 {
            return Err(invalid("MAIL_RATE_PER_SECOND", "must be at least 1"));
        }

        let public_base_url = get("PUBLIC_BASE_URL")
            .unwrap_or_else(|| "http://127.0.0.1:3000".into())
            .trim_end_matches('/')
            .to_owned();
        if !(public_base_url.starts_with("http://") || public_base_url.starts_with("https://")) {
            return Err(invalid(
                "PUBLIC_BASE_URL",
                "must start with http:// or https://",
            ));
        }

        let admin = match (get("ADMIN_EMAIL"), get("ADMIN_PASSWORD")) {
            (Some(email), Some(password)) => Some(AdminBootstrap {
                email,
                password: Redacted::new(password),
            }),
            (None, None) => None,
            (Some(_), None) => return Err(ConfigError::Missing("ADMIN_PASSWORD")),
            (None, Some(_)) => return Err(ConfigError::Missing("ADMIN_EMAIL")),
        };

        let encryption = encryption_config(&get)?;
        let ai = ai_config(&get)?;

        Ok(Self {
            ai,
            encryption,
            database,
            blobs,
            mail: MailConfig {
                from,
                transport,
                rate_per_second,
            },
            public_base_url,
            max_body_bytes: parse_or(&get, "MAX_BODY_BYTES", 1024 * 1024)?,
            admin,
            trusted_proxy_hops: parse_or(&get, "TRUSTED_PROXY_HOPS", 0)?,
            export_inline_max_bytes: parse_or(
                &get,
                "EXPORT_INLINE_MAX_BYTES",
                crate::downloads::DEFAULT_INLINE_MAX_BYTES,
            )?,
            web: WebConfig {
                dir: get("WEB_DIR").unwrap_or_else(|| "web/build".into()).into(),
                bucket: get("WEB_BUCKET"),
            },
        })
    }
}

/// `ENCRYPTION_KEYS=id:base64,id:base64` (32-byte keys), `ENCRYPTION_CURRENT_KEY=id` (default:
/// the last listed), `BLIND_INDEX_KEY=base64` (at least 32 bytes).
fn encryption_config(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<EncryptionConfig, ConfigError> {
    let raw = get("ENCRYPTION_KEYS").ok_or(ConfigError::Missing("ENCRYPTION_KEYS"))?;
    let mut keys = Vec::new();
    for entry in raw.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let (id, key) = entry
            .split_once(':')
            .ok_or_else(|| invalid("ENCRYPTION_KEYS", "entries are `id:base64key`"))?;
        let key: [u8; 32] = base64_decode(key)
            .and_then(|k| k.try_into().ok())
            .ok_or_else(|| {
                invalid(
                    "ENCRYPTION_KEYS",
                    format!("key `{id}` is not 32 base64-encoded bytes"),
                )
            })?;
        if id.is_empty() || id.len() > 32 || keys.iter().any(|(known, _)| known == id) {
            return Err(invalid(
                "ENCRYPTION_KEYS",
                format!("key id `{id}` is empty, too long or repeated"),
            ));
        }
        keys.push((id.to_owned(), key));
    }
    let current = match get("ENCRYPTION_CURRENT_KEY") {
        Some(id) if keys.iter().any(|(known, _)| *known == id) => id,
        Some(id) => {
            return Err(invalid(
                "ENCRYPTION_CURRENT_KEY",
                format!("`{id}` is not in ENCRYPTION_KEYS"),
            ));
        }
        None => keys
            .last()
            .map(|(id, _)| id.clone())
            .ok_or_else(|| invalid("ENCRYPTION_KEYS", "holds no key"))?,
    };
    let blind_index_key =
        base64_decode(&get("BLIND_INDEX_KEY").ok_or(ConfigError::Missing("BLIND_INDEX_KEY"))?)
            .filter(|k| k.len() >= 32)
            .ok_or_else(|| {
                invalid(
                    "BLIND_INDEX_KEY",
                    "must be at least 32 base64-encoded bytes",
                )
            })?;
    Ok(EncryptionConfig {
        keys: Redacted::new(keys),
        current,
        blind_index_key: Redacted::new(blind_index_key),
    })
}

/// `OPENROUTER_*` and `OMDB_*`: a key and a model for OpenRouter (both or neither), a key for
/// OMDB; base URLs (http or https) and timeouts (1 to 25 s) may be overridden.
fn ai_config(get: &impl Fn(&str) -> Option<String>) -> Result<AiConfig, ConfigError> {
    let base_url = |name: &'static str, default: &str| -> Result<String, ConfigError> {
        let url = get(name).unwrap_or_else(|| default.into());
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(invalid(name, "must start with https:// or http://"));
        }
        Ok(url.trim_end_matches('/').to_owned())
    };
    let timeout = |name: &'static str, default: u64| -> Result<Duration, ConfigError> {
        let secs: u64 = parse_or(get, name, default)?;
        if !(1..=REMOTE_TIMEOUT_MAX_SECS).contains(&secs) {
            return Err(invalid(
                name,
                format!(
                    "must be 1 to {REMOTE_TIMEOUT_MAX_SECS} seconds (the HTTP API answers within 30 s)"
                ),
            ));
        }
        Ok(Duration::from_secs(secs))
    };
    let openrouter = match (get("OPENROUTER_API_KEY"), get("OPENROUTER_MODEL")) {
        (Some(key), Some(model)) => {
            if model.len() > 200 || model.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(invalid(
                    "OPENROUTER_MODEL",
                    "must be an OpenRouter model id",
                ));
            }
            Some(OpenRouterConfig {
                api_key: Redacted::new(key),
                model,
                base_url: base_url("OPENROUTER_BASE_URL", "https://openrouter.ai/api/v1")?,
                timeout: timeout("OPENROUTER_TIMEOUT_SECS", 20)?,
            })
        }
        (None, None) => None,
        (Some(_), None) => return Err(ConfigError::Missing("OPENROUTER_MODEL")),
        (None, Some(_)) => return Err(ConfigError::Missing("OPENROUTER_API_KEY")),
    };
    let omdb = match get("OMDB_API_KEY") {
        Some(key) => Some(OmdbConfig {
            api_key: Redacted::new(key),
            base_url: base_url("OMDB_BASE_URL", "https://www.omdbapi.com")?,
            timeout: timeout("OMDB_TIMEOUT_SECS", 8)?,
        }),
        None => None,
    };
    Ok(AiConfig { openrouter, omdb })
}

fn invalid(name: &'static str, reason: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        name,
        reason: reason.into(),
    }
}

fn parse_or<T: std::str::FromStr>(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: T,
) -> Result<T, ConfigError>
where
    T::Err: fmt::Display,
{
    match get(name) {
        None => Ok(default),
        Some(raw) => raw
            .parse()
            .map_err(|e: T::Err| invalid(name, e.to_string())),
    }
}

fn base64_decode(value: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.decode(value).ok()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    const KEY: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    fn load(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn local_defaults_need_only_a_database_and_keys() {
        let keys = format!("k1:{KEY}");
        let config = load(&[
            ("DATABASE_URL", "postgres://a@127.0.0.1/b"),
            ("LOCAL_BLOB_SIGNING_KEY", KEY),
            ("ENCRYPTION_KEYS", &keys),
            ("BLIND_INDEX_KEY", KEY),
        ])
        .unwrap();
        assert_eq!(config.database.pool_size, 2);
        assert!(
            matches!(config.blobs, BlobConfig::Local { ref dir, .. } if dir.ends_with(".local/blobs"))
        );
        assert!(
            matches!(config.mail.transport, MailTransport::Outbox { ref dir } if dir.ends_with(".local/outbox"))
        );
        assert_eq!(config.public_base_url, "http://127.0.0.1:3000");
        assert_eq!(config.mail.rate_per_second, 14);
        assert!(config.admin.is_none());
    }

    #[test]
    fn missing_and_malformed_settings_are_named() {
        assert_eq!(load(&[]).unwrap_err(), ConfigError::Missing("DATABASE_URL"));
        let err = load(&[
            ("DATABASE_URL", "x"),
            ("LOCAL_BLOB_SIGNING_KEY", KEY),
            ("DATABASE_POOL_SIZE", "two"),
        ])
        .unwrap_err();
        assert!(matches!(
            err,
            ConfigError::Invalid {
                name: "DATABASE_POOL_SIZE",
                ..
            }
        ));
        let err = load(&[
            ("DATABASE_URL", "x"),
            ("LOCAL_BLOB_SIGNING_KEY", "c2hvcnQ="),
        ])
        .unwrap_err();
        assert!(matches!(
            err,
            ConfigError::Invalid {
                name: "LOCAL_BLOB_SIGNING_KEY",
                ..
            }
        ));
        let err = load(&[("DATABASE_URL", "x"), ("BLOB_STORE", "s3")]).unwrap_err();
        assert_eq!(err, ConfigError::Missing("UPLOADS_BUCKET"));
        let err = load(&[
            ("DATABASE_URL", "x"),
            ("LOCAL_BLOB_SIGNING_KEY", KEY),
            ("ADMIN_EMAIL", "a@b.c"),
        ])
        .unwrap_err();
        assert_eq!(err, ConfigError::Missing("ADMIN_PASSWORD"));
    }

    #[test]
    fn encryption_keys_are_listed_with_one_current() {
        let other = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";
        let base = [
            ("DATABASE_URL", "x"),
            ("LOCAL_BLOB_SIGNING_KEY", KEY),
            ("BLIND_INDEX_KEY", KEY),
        ];
        let keys = format!("2025:{KEY}, 2026:{other}");
        let config = load(&[&base[..], &[("ENCRYPTION_KEYS", keys.as_str())]].concat()).unwrap();
        assert_eq!(config.encryption.current, "2026");
        assert_eq!(config.encryption.keys.expose().len(), 2);
        let config = load(
            &[
                &base[..],
                &[
                    ("ENCRYPTION_KEYS", keys.as_str()),
                    ("ENCRYPTION_CURRENT_KEY", "2025"),
                ],
            ]
            .concat(),
        )
        .unwrap();
        assert_eq!(config.encryption.current, "2025");
        for (name, value) in [
            ("ENCRYPTION_CURRENT_KEY", "2024"),
            ("ENCRYPTION_KEYS", "k1:c2hvcnQ="),
            ("ENCRYPTION_KEYS", "no-colon"),
            ("BLIND_INDEX_KEY", "c2hvcnQ="),
        ] {
            let pairs = [
                &base[..],
                &[("ENCRYPTION_KEYS", keys.as_str()), (name, value)],
            ]
            .concat();
            assert!(
                matches!(load(&pairs), Err(ConfigError::Invalid { .. })),
                "{name}={value} accepted"
            );
        }
    }

    #[test]
    fn remote_ai_needs_a_key_and_a_model() {
        let keys = format!("k1:{KEY}");
        let base = [
            ("DATABASE_URL", "x"),
            ("LOCAL_BLOB_SIGNING_KEY", KEY),
            ("BLIND_INDEX_KEY", KEY),
            ("ENCRYPTION_KEYS", keys.as_str()),
        ];
        let config = load(&base).unwrap();
        assert!(config.ai.openrouter.is_none() && config.ai.omdb.is_none());
        let with = |extra: &[(&'static str, &'static str)]| load(&[&base[..], extra].concat());
        let config = with(&[
            ("OPENROUTER_API_KEY", "sk-or-secret"),
            ("OPENROUTER_MODEL", "vendor/model-1"),
            ("OMDB_API_KEY", "omdb-secret"),
            ("OMDB_BASE_URL", "http://127.0.0.1:9/"),
        ])
        .unwrap();
        let openrouter = config.ai.openrouter.as_ref().unwrap();
        assert_eq!(openrouter.base_url, "https://openrouter.ai/api/v1");
        assert_eq!(openrouter.timeout, Duration::from_secs(20));
        assert_eq!(
            config.ai.omdb.as_ref().unwrap().base_url,
            "http://127.0.0.1:9"
        );
        let printed = format!("{config:?}");
        assert!(!printed.contains("sk-or-secret") && !printed.contains("omdb-secret"));
        assert_eq!(
            with(&[("OPENROUTER_API_KEY", "k")]).unwrap_err(),
            ConfigError::Missing("OPENROUTER_MODEL")
        );
        assert_eq!(
            with(&[("OPENROUTER_MODEL", "m")]).unwrap_err(),
            ConfigError::Missing("OPENROUTER_API_KEY")
        );
        for bad in [
            [("OPENROUTER_TIMEOUT_SECS", "30")],
            [("OPENROUTER_BASE_URL", "ftp://x")],
            [("OPENROUTER_MODEL", "two words")],
        ] {
            let extra = [
                &[("OPENROUTER_API_KEY", "k"), ("OPENROUTER_MODEL", "m")][..],
                &bad[..],
            ]
            .concat();
            assert!(
                matches!(with(&extra), Err(ConfigError::Invalid { .. })),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn secrets_never_show_in_debug_output() {
        let keys = format!("k1:{KEY}");
        let config = load(&[
            ("ENCRYPTION_KEYS", &keys),
            ("BLIND_INDEX_KEY", KEY),
            ("DATABASE_URL", "postgres://app:hunter2@db/app"),
            ("LOCAL_BLOB_SIGNING_KEY", KEY),
            ("ADMIN_EMAIL", "root@example.com"),
            ("ADMIN_PASSWORD", "correct horse battery"),
        ])
        .unwrap();
        let printed = format!("{config:?}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(!printed.contains("correct horse"), "{printed}");
        assert!(!printed.contains(KEY), "{printed}");
        assert!(printed.contains("[redacted]"));
    }
}
