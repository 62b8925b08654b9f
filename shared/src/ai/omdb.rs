//! The OMDB adapter of [`FilmSearch`] (`OMDB_API_KEY`): title search and lookup by IMDb id.
//!
//! OMDB says whether a request worked in its `Response` field (`"True"` / `"False"` with an
//! `Error`), often with a 200 either way and sometimes with a 401 for a working key's limit: the
//! adapter branches on that field, and on the status only when the body is not OMDB's. `N/A`
//! values are absent. Without a key, [`NoFilmSearch`] answers `NotConfigured`.

use std::time::Duration;

use async_trait::async_trait;
use reqwest::header;
use serde::Deserialize;
use serde_json::Value;

use crate::{
    ai::{FilmDetails, FilmError, FilmPage, FilmSearch, FilmSummary},
    config::OmdbConfig,
};

/// The film search of a deployment without `OMDB_API_KEY`.
pub struct NoFilmSearch;

#[async_trait]
impl FilmSearch for NoFilmSearch {
    async fn search_page(&self, _query: &str, _page: u32) -> Result<FilmPage, FilmError> {
        Err(FilmError::NotConfigured)
    }
    async fn lookup(&self, _imdb_id: &str) -> Result<FilmDetails, FilmError> {
        Err(FilmError::NotConfigured)
    }
}

pub struct Omdb {
    config: OmdbConfig,
    http: reqwest::Client,
}

impl Omdb {
    pub fn new(config: OmdbConfig) -> anyhow::Result<Self> {
        Ok(Omdb {
            http: crate::ai::http_client(config.timeout)?,
            config,
        })
    }

    /// One request; the body when OMDB said `"Response": "True"`.
    async fn get(&self, params: &[(&str, &str)]) -> Result<Value, FilmError> {
        let response = self
            .http
            .get(format!("{}/", self.config.base_url))
            .query(&[("apikey", self.config.api_key.expose().as_str())])
            .query(params)
            .timeout(self.config.timeout)
            .send()
            .await
            .map_err(|e| {
                tracing::warn!(timeout = e.is_timeout(), "OMDB unreachable");
                FilmError::Unavailable { retry_after: None }
            })?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(crate::ai::openrouter::client::retry_after);
        let bytes = response
            .bytes()
            .await
            .map_err(|_| FilmError::Unavailable { retry_after: None })?;
        let body: Option<Value> = serde_json::from_slice(&bytes).ok();
        match body.as_ref().and_then(|b| b["Response"].as_str()) {
            Some("True") => Ok(body.unwrap_or_default()),
            Some(_) => {
                let error = body
                    .as_ref()
                    .and_then(|b| b["Error"].as_str())
                    .unwrap_or("unknown error");
                Err(error_of(error, retry_after))
            }
            // Not OMDB's answer (a proxy's page, a truncated body): by the status.
            None if status.as_u16() == 429 || status.is_server_error() => {
                Err(FilmError::Unavailable { retry_after })
            }
            None => Err(FilmError::Refused(format!(
                "an answer that is not OMDB's (HTTP {})",
                status.as_u16()
            ))),
        }
    }
}

/// OMDB's `Error` texts, as they are written.
fn error_of(error: &str, retry_after: Option<Duration>) -> FilmError {
    let lower = error.to_ascii_lowercase();
    if lower.contains("not found") || lower.contains("incorrect imdb id") {
        FilmError::NotFound
    } else if lower.contains("too many results") {
        FilmError::TooManyResults
    } else if lower.contains("limit reached") || lower.contains("something went wrong") {
        FilmError::Unavailable { retry_after }
    } else {
        FilmError::Refused(error.chars().take(200).collect())
    }
}

/// A value, unless OMDB's `N/A` (or empty).
fn present(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty() && !v.eq_ignore_ascii_case("n/a"))
}

#[derive(Deserialize)]
struct Wire {
    #[serde(rename = "imdbID")]
    imdb_id: String,
    #[serde(rename = "Title")]
    title: String,
    #[serde(rename = "Year")]
    year: Option<String>,
    #[serde(rename = "Type")]
    kind: Option<String>,
    #[serde(rename = "Poster")]
    poster: Option<String>,
    #[serde(rename = "Director")]
    director: Option<String>,
    #[serde(rename = "Genre")]
    genre: Option<String>,
    #[serde(rename = "Country")]
    country: Option<String>,
    #[serde(rename = "Plot")]
    plot: Option<String>,
}

/// An IMDb id as OMDB and the database accept it: `tt` and 7 to 10 digits.
pub fn is_imdb_id(id: &str) -> bool {
    id.strip_prefix("tt")
        .is_some_and(|d| (7..=10).contains(&d.len()) && d.chars().all(|c| c.is_ascii_digit()))
}

fn summary(wire: &Wire) -> Option<FilmSummary> {
    let title = present(Some(wire.title.clone()))?;
    is_imdb_id(&wire.imdb_id).then(|| FilmSummary {
        imdb_id: wire.imdb_id.clone(),
        title: title.chars().take(300).collect(),
        year: present(wire.year.clone()).map(|y| y.chars().take(20).collect()),
        kind: present(wire.kind.clone())
            .map(|k| k.chars().take(20).collect())
            .unwrap_or_else(|| "movie".into()),
        poster_url: present(wire.poster.clone())
            .filter(|p| p.starts_with("https://") && p.len() <= 1000),
    })
}

#[async_trait]
impl FilmSearch for Omdb {
    async fn search_page(&self, query: &str, page: u32) -> Result<FilmPage, FilmError> {
        let page = page.max(1).to_string();
        let body = match self.get(&[("s", query), ("page", &page)]).await {
            Err(FilmError::NotFound) => {
                return Ok(FilmPage {
                    items: Vec::new(),
                    total: 0,
                });
            }
            other => other?,
        };
        let items: Vec<Wire> = serde_json::from_value(body["Search"].clone())
            .map_err(|e| FilmError::Refused(format!("an unreadable search answer: {e}")))?;
        let total = body["totalResults"]
            .as_str()
            .and_then(|t| t.parse().ok())
            .or_else(|| body["totalResults"].as_u64())
            .unwrap_or(items.len() as u64);
        Ok(FilmPage {
            items: items.iter().filter_map(summary).collect(),
            total,
        })
    }

    async fn lookup(&self, imdb_id: &str) -> Result<FilmDetails, FilmError> {
        if !is_imdb_id(imdb_id) {
            return Err(FilmError::NotFound);
        }
        let body = self.get(&[("i", imdb_id), ("plot", "short")]).await?;
        let wire: Wire = serde_json::from_value(body)
            .map_err(|e| FilmError::Refused(format!("an unreadable film answer: {e}")))?;
        let summary = summary(&wire).ok_or(FilmError::NotFound)?;
        let clip =
            |v: Option<String>, max: usize| present(v).map(|v| v.chars().take(max).collect());
        Ok(FilmDetails {
            summary,
            director: clip(wire.director, 500),
            genre: clip(wire.genre, 200),
            country: clip(wire.country, 200),
            plot: clip(wire.plot, 2000),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn omdb_errors_and_absent_values() {
        assert!(matches!(
            error_of("Movie not found!", None),
            FilmError::NotFound
        ));
        assert!(matches!(
            error_of("Too many results.", None),
            FilmError::TooManyResults
        ));
        assert!(matches!(
            error_of("Request limit reached!", None),
            FilmError::Unavailable { .. }
        ));
        assert!(matches!(
            error_of("Invalid API key!", None),
            FilmError::Refused(_)
        ));
        assert_eq!(present(Some("N/A".into())), None);
        assert_eq!(present(Some(" 2019 ".into())).as_deref(), Some("2019"));
        assert!(is_imdb_id("tt0111161") && !is_imdb_id("tt123") && !is_imdb_id("nm0000001"));
    }
}
