//! AI services: a CV read into suggestions the person accepts or dismisses (`cv`), a free-text brief turned into search criteria, a
//! shortlist reranked and explained, and films looked up for a production's history.
//!
//! `ports` holds what the core asks of a provider. The local rules (no network, the default)
//! and the OpenRouter and OMDB adapters implement it; the rest of the core never knows which
//! one answered, only its name and version, which are stored with what it made.

pub mod calls;
pub mod cv;
pub mod films;
pub mod local;
pub mod match_mail;
pub mod matching;
pub mod omdb;
pub mod openrouter;
pub mod ports;
pub mod reference;

pub use local::LocalRules;
pub use ports::{
    AiError, AiProvider, BriefCriteria, CvAnalysis, CvInput, FilmDetails, FilmError, FilmPage,
    FilmSearch, FilmSummary, Reference, ShortlistEntry, ShortlistVerdict, SuggestedTalent,
};

/// The HTTP client of the remote adapters: the process's rustls configuration, a connect
/// timeout within `budget`, no redirects to other hosts' keys (none are followed).
pub(crate) fn http_client(budget: std::time::Duration) -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .use_preconfigured_tls(crate::db::tls_client_config(None)?)
        .connect_timeout(budget.min(std::time::Duration::from_secs(5)))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("taalentio/", env!("CARGO_PKG_VERSION")))
        .build()?)
}
