//! Production history: the film search (through [`FilmSearch`]) and a production's filmography,
//! entries linked to IMDb ids and filled from the film search when added (`production_films`,
//! migration V16). Who may see a production is checked by the caller (casting staff); an
//! unknown production is 404 here.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};

use crate::{
    AppState, Error,
    ai::{FilmError, FilmSummary, omdb::is_imdb_id},
    error::{FieldError, FieldFormat, FieldIssue, ProblemCode},
    pagination::Page,
};

/// OMDB lists 10 films a page.
pub const FILMS_PER_PAGE: u32 = 10;
const QUERY_MAX_CHARS: u64 = 100;
const MAX_PAGE: u32 = 100;
const CREDIT_MAX_CHARS: u64 = 200;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct FilmQuery {
    /// Words of the title, 2 to 100 characters.
    #[param(min_length = 2, max_length = 100)]
    pub q: Option<String>,
    /// 1-based page of 10 films, at most 100.
    #[param(minimum = 1, maximum = 100, default = 1)]
    pub page: Option<u32>,
}

/// Films whose title matches `query.q`, ten a page.
pub async fn search(state: &AppState, query: &FilmQuery) -> Result<Page<FilmSummary>, Error> {
    let q = query.q.as_deref().map(str::trim).unwrap_or_default();
    let mut errors = Vec::new();
    if let Some(issue) =
        FieldIssue::text(q, QUERY_MAX_CHARS).or_else(|| FieldIssue::length(q, 2, QUERY_MAX_CHARS))
    {
        errors.push(FieldError::new("query.q", issue));
    }
    let page = query.page.unwrap_or(1);
    if let Some(issue) = FieldIssue::range(page.into(), 1, MAX_PAGE.into()) {
        errors.push(FieldError::new("query.page", issue));
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let found = state.films.search_page(q, page).await?;
    Ok(Page {
        items: found.items,
        page,
        per_page: FILMS_PER_PAGE,
        total: found.total.min(i64::MAX as u64) as i64,
    })
}

/// One film of a production's filmography.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProductionFilm {
    #[schema(pattern = "^tt[0-9]{7,10}$")]
    pub imdb_id: String,
    pub title: String,
    pub year: Option<String>,
    /// `movie`, `series` or `episode`.
    pub kind: String,
    pub poster_url: Option<String>,
    pub director: Option<String>,
    /// What the production did on it.
    pub credit: Option<String>,
    pub added_by: Option<i64>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// A film to add to a production's filmography.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewProductionFilm {
    /// An IMDb id (`tt` and 7 to 10 digits), as the film search lists it.
    #[schema(pattern = "^tt[0-9]{7,10}$")]
    pub imdb_id: String,
    /// What the production did on it ("production", "co-production"…), up to 200 characters.
    #[schema(max_length = 200)]
    pub credit: Option<String>,
}

const COLUMNS: &str =
    "imdb_id, title, year, kind, poster_url, director, credit, added_by, created_at";

fn from_row(row: &tokio_postgres::Row) -> ProductionFilm {
    ProductionFilm {
        imdb_id: row.get("imdb_id"),
        title: row.get("title"),
        year: row.get("year"),
        kind: row.get("kind"),
        poster_url: row.get("poster_url"),
        director: row.get("director"),
        credit: row.get("credit"),
        added_by: row.get("added_by"),
        created_at: row.get("created_at"),
    }
}

async fn production_exists(client: &tokio_postgres::Client, id: i64) -> Result<(), Error> {
    client
        .query_opt("SELECT 1 FROM productions WHERE id = $1", &[&id])
        .await?
        .map(|_| ())
        .ok_or(Error::NotFound)
}

/// The filmography of production `id`, latest year first.
pub async fn list(state: &AppState, id: i64) -> Result<Vec<ProductionFilm>, Error> {
    let client = state.db.get().await?;
    production_exists(&client, id).await?;
    let rows = client
        .query(
            &format!(
                "SELECT {COLUMNS} FROM production_films WHERE production_id = $1
                  ORDER BY year DESC NULLS LAST, title, id"
            ),
            &[&id],
        )
        .await?;
    Ok(rows.iter().map(from_row).collect())
}

/// Adds a film, looked up by its IMDb id: 422 for an id that is malformed or unknown to the
/// film search, 409 when the production lists it already, 503 without a film search.
pub async fn add(
    state: &AppState,
    id: i64,
    input: NewProductionFilm,
    by: i64,
) -> Result<ProductionFilm, Error> {
    let imdb_id = input.imdb_id.trim().to_owned();
    let mut errors = Vec::new();
    if !is_imdb_id(&imdb_id) {
        errors.push(FieldError::new(
            "imdb_id",
            FieldIssue::format(FieldFormat::ImdbId),
        ));
    }
    let credit = input
        .credit
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned);
    if let Some(issue) = credit
        .as_deref()
        .and_then(|c| FieldIssue::text(c, CREDIT_MAX_CHARS))
    {
        errors.push(FieldError::new("credit", issue));
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    production_exists(&*state.db.get().await?, id).await?;
    // The lookup runs without holding a connection: it may take seconds.
    let film = match state.films.lookup(&imdb_id).await {
        Err(FilmError::NotFound) => {
            return Err(Error::Validation(vec![FieldError::described(
                "imdb_id",
                FieldIssue::Unknown,
                "is not a film the film search knows",
            )]));
        }
        other => other?,
    };
    let row = state
        .db
        .get()
        .await?
        .query_opt(
            &format!(
                "INSERT INTO production_films
                        (production_id, imdb_id, title, year, kind, poster_url, director, credit, added_by)
                 SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9
                  WHERE EXISTS (SELECT 1 FROM productions WHERE id = $1)
                 ON CONFLICT (production_id, imdb_id) DO NOTHING
                 RETURNING {COLUMNS}"
            ),
            &[
                &id,
                &film.summary.imdb_id,
                &film.summary.title,
                &film.summary.year,
                &film.summary.kind,
                &film.summary.poster_url,
                &film.director,
                &credit,
                &by,
            ],
        )
        .await?;
    match row {
        Some(row) => Ok(from_row(&row)),
        None => {
            // Either the production went meanwhile (404) or the film is listed already (409).
            production_exists(&*state.db.get().await?, id).await?;
            Err(Error::conflict(
                ProblemCode::Duplicate,
                "this film is in the production's filmography already",
            ))
        }
    }
}

/// Removes a film from production `id`'s filmography; 404 when it is not there.
pub async fn remove(state: &AppState, id: i64, imdb_id: &str) -> Result<(), Error> {
    let removed = state
        .db
        .get()
        .await?
        .execute(
            "DELETE FROM production_films WHERE production_id = $1 AND imdb_id = $2",
            &[&id, &imdb_id],
        )
        .await?;
    if removed == 0 {
        return Err(Error::NotFound);
    }
    Ok(())
}
