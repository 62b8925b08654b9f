//! Postgres: the connection pool (tuned for Lambda) and the embedded migrations.

use std::{sync::Arc, time::Duration};

use anyhow::Context as _;
use deadpool_postgres::{Manager, ManagerConfig, RecyclingMethod, Runtime};
use rustls::pki_types::{CertificateDer, pem::PemObject};
use tokio_postgres::{NoTls, config::SslMode};

use crate::config::DatabaseConfig;

pub type Pool = deadpool_postgres::Pool;
/// A pooled connection.
pub type Client = deadpool_postgres::Object;

mod embedded {
    refinery::embed_migrations!("../migrations");
}

/// Key of the session advisory lock held while migrating, so two runners never race.
const MIGRATION_LOCK: i64 = 0x7461_616c_656e_7469; // "taalenti"

/// A small pool: one Lambda instance serves one request at a time, and RDS Proxy pools the
/// connections of all instances. Connections are checked (`Verified`) before reuse, because a
/// frozen Lambda can wake up with connections the server has since closed.
pub fn pool(config: &DatabaseConfig) -> anyhow::Result<Pool> {
    let mut pg: tokio_postgres::Config = config
        .url
        .expose()
        .parse()
        .context("DATABASE_URL is not a Postgres URL")?;
    pg.connect_timeout(config.connect_timeout);
    pg.application_name("taalentio");
    // No `options` startup parameter and no per-connection SET: RDS Proxy pins (or refuses)
    // such sessions. The statement timeout is a role default, set by `set_role_defaults`.
    let manager_config = ManagerConfig {
        recycling_method: RecyclingMethod::Verified,
    };
    let manager = match pg.get_ssl_mode() {
        SslMode::Disable => Manager::from_config(pg, NoTls, manager_config),
        _ => Manager::from_config(pg, tls_connector(config)?, manager_config),
    };
    let pool = Pool::builder(manager)
        .max_size(config.pool_size)
        .runtime(Runtime::Tokio1)
        .wait_timeout(Some(config.connect_timeout))
        .create_timeout(Some(config.connect_timeout))
        .recycle_timeout(Some(Duration::from_secs(2)))
        .build()?;
    Ok(pool)
}

/// TLS for RDS / RDS Proxy: public roots (RDS Proxy uses Amazon Trust Services certificates)
/// plus an optional PEM bundle (`DATABASE_CA_FILE`, e.g. the RDS CA bundle for direct RDS).
fn tls_connector(
    config: &DatabaseConfig,
) -> anyhow::Result<tokio_postgres_rustls::MakeRustlsConnect> {
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(
        tls_client_config(config.ca_file.as_deref())?,
    ))
}

/// The one TLS client configuration of the process (aws-lc, safe protocol versions): the
/// public webpki roots plus an optional PEM bundle. The database and the HTTP adapters (AI
/// provider, film search) use it.
pub fn tls_client_config(
    extra_roots: Option<&std::path::Path>,
) -> anyhow::Result<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    if let Some(path) = extra_roots {
        for cert in CertificateDer::pem_file_iter(path)
            .with_context(|| format!("reading {}", path.display()))?
        {
            roots.add(cert?)?;
        }
    }
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// Answers whether the database takes a query.
pub async fn ping(pool: &Pool) -> Result<(), crate::Error> {
    let client = pool.get().await?;
    client.query_one("SELECT 1", &[]).await?;
    Ok(())
}

/// Stores the per-statement time limit as a default of the application's role, so every
/// new session, through RDS Proxy or not, starts with it. Run by the migrate job.
pub async fn set_role_defaults(pool: &Pool, config: &DatabaseConfig) -> anyhow::Result<()> {
    let client = pool.get().await?;
    // ALTER ROLE takes no bind parameters; the value is an integer from our own config.
    let millis = config.statement_timeout.as_millis();
    client
        .batch_execute(&format!(
            "ALTER ROLE CURRENT_USER SET statement_timeout = {millis}"
        ))
        .await
        .context("setting the role's statement_timeout")?;
    Ok(())
}

/// Applies pending migrations under an advisory lock; answers the names of those applied.
pub async fn migrate(pool: &Pool) -> anyhow::Result<Vec<String>> {
    let mut client = pool.get().await.context("connecting to migrate")?;
    client
        .execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])
        .await?;
    let pg: &mut tokio_postgres::Client = &mut client;
    let result = embedded::migrations::runner()
        .set_abort_divergent(true)
        .run_async(pg)
        .await;
    let unlocked = client
        .execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK])
        .await;
    if unlocked.is_err() {
        // The lock dies with the session: do not hand this connection back to the pool.
        drop(deadpool_postgres::Object::take(client));
    }
    let report = result.context("applying migrations")?;
    unlocked?;
    let applied: Vec<String> = report
        .applied_migrations()
        .iter()
        .map(|m| m.to_string())
        .collect();
    for name in &applied {
        tracing::info!(migration = %name, "migration applied");
    }
    Ok(applied)
}
