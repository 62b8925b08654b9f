//! Casting searches a recruiter saves: a name and the query string of the casting search,
//! checked when saved, run again on demand (and watched by the alerts job later).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::{
    AppState, Error,
    error::{FieldError, FieldFormat, FieldIssue, ProblemCode},
    pagination::{Page, PageQuery},
};

use super::talents::{self, CastingQuery, CastingResult};

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SavedSearch {
    pub id: i64,
    pub name: String,
    /// As sent to `GET /api/v1/cinema/talents`, e.g. `gender=female&languages=fr,wo`.
    pub query: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSavedSearch {
    #[schema(schema_with = crate::http::schemas::text_100)]
    pub name: String,
    pub query: String,
}

pub(crate) fn from_row(row: &tokio_postgres::Row) -> SavedSearch {
    SavedSearch {
        id: row.get("id"),
        name: row.get("name"),
        query: row.get("query"),
        created_at: row.get("created_at"),
    }
}

/// The query a saved search holds, parsed and checked as the search itself would.
fn parse(query: &str) -> Result<CastingQuery, Error> {
    let parsed: CastingQuery =
        serde_urlencoded::from_str(query.trim_start_matches('?')).map_err(|e| {
            Error::Validation(vec![FieldError::described(
                "query",
                FieldIssue::format(FieldFormat::Query),
                format!("is not a casting search: {e}"),
            )])
        })?;
    talents::casting_conditions(&parsed, OffsetDateTime::now_utc().date(), false).map_err(|e| {
        match e {
            Error::Validation(fields) => Error::Validation(
                fields
                    .into_iter()
                    .map(|f| {
                        FieldError::described(
                            format!("query.{}", f.field.trim_start_matches("query.")),
                            f.issue,
                            f.message,
                        )
                    })
                    .collect(),
            ),
            other => other,
        }
    })?;
    Ok(parsed)
}

pub async fn save(
    state: &AppState,
    owner: i64,
    form: &NewSavedSearch,
) -> Result<SavedSearch, Error> {
    let name = form.name.trim();
    if let Some(issue) = FieldIssue::text(name, 100) {
        return Err(Error::validation("name", issue));
    }
    if form.query.len() > 2000 {
        return Err(Error::validation(
            "query",
            FieldIssue::TooLong { max: 2000 },
        ));
    }
    parse(&form.query)?;
    let row = state
        .db
        .get()
        .await?
        .query_opt(
            "INSERT INTO saved_searches (owner_id, name, query) VALUES ($1, $2, $3)
             ON CONFLICT (owner_id, name) DO NOTHING RETURNING id, name, query, created_at",
            &[&owner, &name, &form.query.trim_start_matches('?')],
        )
        .await?
        .ok_or_else(|| {
            Error::conflict(
                ProblemCode::Duplicate,
                format!("you already have a search named `{name}`"),
            )
        })?;
    Ok(from_row(&row))
}

pub async fn list(state: &AppState, owner: i64) -> Result<Vec<SavedSearch>, Error> {
    let rows = state
        .db
        .get()
        .await?
        .query(
            "SELECT id, name, query, created_at FROM saved_searches WHERE owner_id = $1 ORDER BY name",
            &[&owner],
        )
        .await?;
    Ok(rows.iter().map(from_row).collect())
}

/// One of the owner's searches; anyone else's is 404.
pub async fn get(state: &AppState, owner: i64, id: i64) -> Result<SavedSearch, Error> {
    let row = state
        .db
        .get()
        .await?
        .query_opt(
            "SELECT id, name, query, created_at FROM saved_searches WHERE id = $1 AND owner_id = $2",
            &[&id, &owner],
        )
        .await?
        .ok_or(Error::NotFound)?;
    Ok(from_row(&row))
}

pub async fn delete(state: &AppState, owner: i64, id: i64) -> Result<(), Error> {
    let deleted = state
        .db
        .get()
        .await?
        .execute(
            "DELETE FROM saved_searches WHERE id = $1 AND owner_id = $2",
            &[&id, &owner],
        )
        .await?;
    if deleted == 0 {
        return Err(Error::NotFound);
    }
    Ok(())
}

/// A casting profile a saved search found.
#[derive(Debug, Clone)]
pub struct SearchMatch {
    pub id: i64,
    pub unique_code: String,
    pub first_name: String,
    pub last_name: String,
}

/// The casting profiles matching a saved search that were created or changed in
/// `[from, to)`: the search's own conditions (the casting search's builder) plus the window.
/// Answers how many, and the first `limit` of them.
pub async fn matches_in_window(
    state: &AppState,
    search: &SavedSearch,
    from: OffsetDateTime,
    to: OffsetDateTime,
    limit: i64,
) -> Result<(i64, Vec<SearchMatch>), Error> {
    let query = parse(&search.query)?;
    let mut conditions =
        talents::casting_conditions(&query, OffsetDateTime::now_utc().date(), false)?;
    conditions.push(|n| format!("ct.updated_at >= ${n}"), Box::new(from));
    conditions.push(|n| format!("ct.updated_at < ${n}"), Box::new(to));
    let (conditions, params) = conditions.into_parts();
    let db = state.db.get().await?;
    let (total, rows) = crate::sql::count_and_page(
        &db,
        &format!("SELECT count(*) FROM cinema_talents ct WHERE {conditions}"),
        |limit, offset| {
            format!(
                "SELECT ct.id, ct.unique_code, ct.first_name, ct.last_name FROM cinema_talents ct
                  WHERE {conditions} ORDER BY ct.updated_at, ct.id LIMIT ${limit} OFFSET ${offset}"
            )
        },
        params,
        crate::pagination::PageRequest {
            page: 1,
            per_page: u32::try_from(limit.max(1)).unwrap_or(u32::MAX),
        },
    )
    .await?;
    let matches = rows
        .iter()
        .map(|row| SearchMatch {
            id: row.get("id"),
            unique_code: row.get("unique_code"),
            first_name: row.get("first_name"),
            last_name: row.get("last_name"),
        })
        .collect();
    Ok((total, matches))
}

/// Runs a saved search again (its own page settings apply).
pub async fn run(state: &AppState, owner: i64, id: i64) -> Result<Page<CastingResult>, Error> {
    let saved = get(state, owner, id).await?;
    let query = parse(&saved.query)?;
    let page = PageQuery {
        page: query.page,
        per_page: query.per_page,
    }
    .validate()?;
    talents::search(state, &query, page, false).await
}
