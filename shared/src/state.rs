//! Application state: built once per cold start, shared by reference by every request.

use std::sync::Arc;

use aws_config::{BehaviorVersion, SdkConfig};
use tokio::sync::OnceCell;

use crate::{
    ai::{
        AiProvider, FilmSearch,
        omdb::{NoFilmSearch, Omdb},
        openrouter::OpenRouter,
    },
    config::{BlobConfig, Config, MailTransport},
    crypto::FieldCipher,
    db::{self, Pool},
    ports::{
        blob::{BlobStore, LocalBlobStore, S3BlobStore},
        mail::{Mailer, OutboxMailer, SesMailer},
        secrets::{EnvSecrets, Secrets, SecretsManagerSecrets},
    },
    profiles::page::{ShellSource, WebShell},
};

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Pool,
    pub blobs: Arc<dyn BlobStore>,
    /// Generated downloads (exports, badge PDFs): the exports bucket in AWS, whose objects
    /// expire; locally the same store as `blobs`.
    pub exports: Arc<dyn BlobStore>,
    pub mailer: Arc<dyn Mailer>,
    /// Paces every send of this process to `MAIL_RATE_PER_SECOND`.
    pub mail_pacer: Arc<crate::mail::Pacer>,
    pub cipher: Arc<FieldCipher>,
    /// The web app's SPA shell, for the public profile page.
    pub web_shell: Arc<WebShell>,
    /// CV analysis, briefs and reranking: OpenRouter when `OPENROUTER_API_KEY` and
    /// `OPENROUTER_MODEL` are set, else the local rules.
    pub ai: Arc<dyn AiProvider>,
    /// Films for a production's history: OMDB with `OMDB_API_KEY`, else "not configured".
    pub films: Arc<dyn FilmSearch>,
}

/// The default AI provider: the local rules, with no account and no network.
fn local_ai() -> Arc<dyn AiProvider> {
    Arc::new(crate::ai::LocalRules::new())
}

/// The AWS SDK configuration is loaded only when some adapter needs it, and only once.
/// Its endpoint, region and credentials come from the standard `AWS_*` settings, so
/// `AWS_ENDPOINT_URL` points every client at a local AWS-protocol server.
#[derive(Default)]
struct Aws(OnceCell<SdkConfig>);

impl Aws {
    async fn config(&self) -> &SdkConfig {
        self.0
            .get_or_init(|| aws_config::load_defaults(BehaviorVersion::latest()))
            .await
    }
}

impl AppState {
    /// The state of a Lambda cold start or of the dev server: settings from the secret named by
    /// `SECRETS_ID` (Secrets Manager) when set, else from the environment.
    pub async fn from_env() -> anyhow::Result<Self> {
        let aws = Aws::default();
        let secrets: Box<dyn Secrets> =
            match std::env::var("SECRETS_ID").ok().filter(|s| !s.is_empty()) {
                Some(id) => {
                    let client = aws_sdk_secretsmanager::Client::new(aws.config().await);
                    Box::new(SecretsManagerSecrets::fetch(&client, &id).await?)
                }
                None => Box::new(EnvSecrets),
            };
        let config = Config::load(secrets.as_ref())?;
        Self::build_with(config, &aws).await
    }

    /// The state for an explicit configuration.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        Self::build_with(config, &Aws::default()).await
    }

    async fn build_with(config: Config, aws: &Aws) -> anyhow::Result<Self> {
        let db = db::pool(&config.database)?;
        let mut web_bucket: Option<Arc<dyn BlobStore>> = None;
        let (blobs, exports): (Arc<dyn BlobStore>, Arc<dyn BlobStore>) = match &config.blobs {
            BlobConfig::Local { dir, signing_key } => {
                let store = Arc::new(LocalBlobStore::new(
                    dir.clone(),
                    signing_key.expose().clone(),
                    config.public_base_url.clone(),
                ));
                (store.clone(), store)
            }
            BlobConfig::S3 {
                bucket,
                exports_bucket,
                force_path_style,
            } => {
                let s3 = aws_sdk_s3::config::Builder::from(aws.config().await)
                    .force_path_style(*force_path_style)
                    // Checksums only where S3 requires them: presigned browser PUTs cannot add one.
                    .request_checksum_calculation(
                        aws_sdk_s3::config::RequestChecksumCalculation::WhenRequired,
                    )
                    .build();
                let client = aws_sdk_s3::Client::from_conf(s3);
                if let Some(bucket) = &config.web.bucket {
                    web_bucket = Some(Arc::new(S3BlobStore::new(client.clone(), bucket.clone())));
                }
                (
                    Arc::new(S3BlobStore::new(client.clone(), bucket.clone())),
                    Arc::new(S3BlobStore::new(client, exports_bucket.clone())),
                )
            }
        };
        let mailer: Arc<dyn Mailer> = match &config.mail.transport {
            MailTransport::Outbox { dir } => Arc::new(OutboxMailer::new(dir.clone())),
            MailTransport::Ses { configuration_set } => Arc::new(SesMailer::new(
                aws_sdk_sesv2::Client::new(aws.config().await),
                configuration_set.clone(),
            )),
        };
        let encryption = &config.encryption;
        let cipher = FieldCipher::new(
            encryption.keys.expose(),
            &encryption.current,
            encryption.blind_index_key.expose().clone(),
        )
        .map_err(anyhow::Error::msg)?;
        let mail_pacer = Arc::new(crate::mail::Pacer::per_second(config.mail.rate_per_second));
        let web_shell = Arc::new(WebShell::new(match web_bucket {
            Some(store) => ShellSource::Bucket(store),
            None => ShellSource::Dir(config.web.dir.clone()),
        }));
        let ai: Arc<dyn AiProvider> = match &config.ai.openrouter {
            Some(openrouter) => Arc::new(OpenRouter::new(
                openrouter.clone(),
                db.clone(),
                &config.public_base_url,
            )?),
            None => local_ai(),
        };
        let films: Arc<dyn FilmSearch> = match &config.ai.omdb {
            Some(omdb) => Arc::new(Omdb::new(omdb.clone())?),
            None => Arc::new(NoFilmSearch),
        };
        Ok(Self {
            ai,
            films,
            web_shell,
            config: Arc::new(config),
            db,
            blobs,
            exports,
            mail_pacer,
            mailer,
            cipher: Arc::new(cipher),
        })
    }
}
