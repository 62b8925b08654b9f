//! Watchlists of recruiters (and admins): names to watch for (the seed's `name_tracking`) and
//! saved casting searches to watch; the alerts job ([`crate::jobs::watchlist_alerts`]) mails
//! what new or changed profiles they find.
//!
//! Names are compared as `search_text()` makes them (no accents, no case). A watch with a
//! first name matches a full name whose trigram similarity is at least [`NAME_MATCH_THRESHOLD`]
//! ("Aminata Diallo" finds "Aminatta Dialo", 0.67, not "Aminata Diop", 0.56); a last name alone
//! matches a name holding a word that close (strict word similarity: "Diallo" finds
//! "Aminata Dialo", 0.63).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::{
    AppState, Error,
    cinema::searches::{self, SavedSearch},
    error::{FieldError, FieldIssue, ProblemCode},
    links,
    mail::templates::WatchHit,
    pagination::{Page, PageRequest},
    sql,
};

/// Minimum pg_trgm similarity for a watched name to match a profile's name.
pub const NAME_MATCH_THRESHOLD: f32 = 0.6;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NameWatch {
    pub id: i64,
    pub first_name: Option<String>,
    pub last_name: String,
    /// As names are compared: without accents, lower case.
    pub normalized_name: String,
    pub notes: Option<String>,
    pub is_active: bool,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_notified_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// A name to watch (create, or replace on update).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NameWatchInput {
    #[schema(max_length = 100)]
    pub first_name: Option<String>,
    /// Spaces around are trimmed: something must be left.
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub last_name: String,
    #[schema(max_length = 1000)]
    pub notes: Option<String>,
    /// Whether alerts look for it (default true).
    pub is_active: Option<bool>,
}

const COLUMNS: &str = "id, first_name, last_name, normalized_name, notes, is_active, last_notified_at, created_at, updated_at";

fn from_row(row: &tokio_postgres::Row) -> NameWatch {
    NameWatch {
        id: row.get("id"),
        first_name: row.get("first_name"),
        last_name: row.get("last_name"),
        normalized_name: row.get("normalized_name"),
        notes: row.get("notes"),
        is_active: row.get("is_active"),
        last_notified_at: row.get("last_notified_at"),
        created_at: row.get("created_at"),
        updated_at: row.get("updated_at"),
    }
}

struct CheckedWatch {
    first_name: Option<String>,
    last_name: String,
    notes: Option<String>,
    is_active: bool,
}

fn check(input: &NameWatchInput) -> Result<CheckedWatch, Error> {
    let mut problems = Vec::new();
    let trimmed = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let first_name = trimmed(&input.first_name);
    let last_name = input.last_name.trim().to_owned();
    let notes = trimmed(&input.notes);
    if let Some(issue) = FieldIssue::length(&last_name, 1, 100) {
        problems.push(FieldError::new("last_name", issue));
    }
    for (field, value, max) in [("first_name", &first_name, 100), ("notes", &notes, 1000)] {
        if let Some(issue) = value.as_deref().and_then(|v| FieldIssue::length(v, 0, max)) {
            problems.push(FieldError::new(field, issue));
        }
    }
    if !problems.is_empty() {
        return Err(Error::Validation(problems));
    }
    Ok(CheckedWatch {
        first_name,
        last_name,
        notes,
        is_active: input.is_active.unwrap_or(true),
    })
}

fn duplicate(e: &tokio_postgres::Error) -> bool {
    e.as_db_error()
        .is_some_and(|db| db.code() == &tokio_postgres::error::SqlState::UNIQUE_VIOLATION)
}

fn already_watched(watch: &CheckedWatch) -> Error {
    let name = match &watch.first_name {
        Some(first) => format!("{first} {}", watch.last_name),
        None => watch.last_name.clone(),
    };
    Error::conflict(
        ProblemCode::Duplicate,
        format!("you already watch the name `{name}`"),
    )
}

pub async fn list(
    state: &AppState,
    watcher: i64,
    page: PageRequest,
) -> Result<Page<NameWatch>, Error> {
    let db = state.db.get().await?;
    let (total, rows) = sql::count_and_page(
        &db,
        "SELECT count(*) FROM name_tracking WHERE watcher_id = $1",
        |limit, offset| {
            format!(
                "SELECT {COLUMNS} FROM name_tracking WHERE watcher_id = $1
                  ORDER BY normalized_name, id LIMIT ${limit} OFFSET ${offset}"
            )
        },
        vec![Box::new(watcher)],
        page,
    )
    .await?;
    Ok(Page::new(rows.iter().map(from_row).collect(), page, total))
}

/// One of the watcher's watches; anyone else's is 404.
pub async fn get(state: &AppState, watcher: i64, id: i64) -> Result<NameWatch, Error> {
    let row = state
        .db
        .get()
        .await?
        .query_opt(
            &format!("SELECT {COLUMNS} FROM name_tracking WHERE id = $1 AND watcher_id = $2"),
            &[&id, &watcher],
        )
        .await?
        .ok_or(Error::NotFound)?;
    Ok(from_row(&row))
}

/// 409 when the watcher already watches the same name (accents and case aside).
pub async fn create(
    state: &AppState,
    watcher: i64,
    input: &NameWatchInput,
) -> Result<NameWatch, Error> {
    let watch = check(input)?;
    let row = state
        .db
        .get()
        .await?
        .query_opt(
            &format!(
                "INSERT INTO name_tracking (watcher_id, first_name, last_name, notes, is_active)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (watcher_id, normalized_name) DO NOTHING
                 RETURNING {COLUMNS}"
            ),
            &[
                &watcher,
                &watch.first_name,
                &watch.last_name,
                &watch.notes,
                &watch.is_active,
            ],
        )
        .await?
        .ok_or_else(|| already_watched(&watch))?;
    Ok(from_row(&row))
}

pub async fn replace(
    state: &AppState,
    watcher: i64,
    id: i64,
    input: &NameWatchInput,
) -> Result<NameWatch, Error> {
    let watch = check(input)?;
    let result = state
        .db
        .get()
        .await?
        .query_opt(
            &format!(
                "UPDATE name_tracking SET first_name = $3, last_name = $4, notes = $5, is_active = $6,
                        updated_at = now()
                  WHERE id = $1 AND watcher_id = $2 RETURNING {COLUMNS}"
            ),
            &[&id, &watcher, &watch.first_name, &watch.last_name, &watch.notes, &watch.is_active],
        )
        .await;
    match result {
        Ok(Some(row)) => Ok(from_row(&row)),
        Ok(None) => Err(Error::NotFound),
        Err(e) if duplicate(&e) => Err(already_watched(&watch)),
        Err(e) => Err(e.into()),
    }
}

pub async fn delete(state: &AppState, watcher: i64, id: i64) -> Result<(), Error> {
    let deleted = state
        .db
        .get()
        .await?
        .execute(
            "DELETE FROM name_tracking WHERE id = $1 AND watcher_id = $2",
            &[&id, &watcher],
        )
        .await?;
    if deleted == 0 {
        return Err(Error::NotFound);
    }
    Ok(())
}

/// A saved search and whether it is watched.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WatchedSearch {
    #[serde(flatten)]
    pub search: SavedSearch,
    pub watched: bool,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_notified_at: Option<OffsetDateTime>,
}

/// The owner's saved searches, watched or not.
pub async fn searches(state: &AppState, owner: i64) -> Result<Vec<WatchedSearch>, Error> {
    let rows = state
        .db
        .get()
        .await?
        .query(
            "SELECT id, name, query, created_at, watched, last_notified_at FROM saved_searches
              WHERE owner_id = $1 ORDER BY name",
            &[&owner],
        )
        .await?;
    Ok(rows.iter().map(watched_from_row).collect())
}

fn watched_from_row(row: &tokio_postgres::Row) -> WatchedSearch {
    WatchedSearch {
        search: searches::from_row(row),
        watched: row.get("watched"),
        last_notified_at: row.get("last_notified_at"),
    }
}

/// Starts or stops watching one of the owner's saved searches; anyone else's is 404.
pub async fn watch_search(
    state: &AppState,
    owner: i64,
    id: i64,
    watched: bool,
) -> Result<WatchedSearch, Error> {
    let row = state
        .db
        .get()
        .await?
        .query_opt(
            "UPDATE saved_searches SET watched = $3 WHERE id = $1 AND owner_id = $2
             RETURNING id, name, query, created_at, watched, last_notified_at",
            &[&id, &owner, &watched],
        )
        .await?
        .ok_or(Error::NotFound)?;
    Ok(watched_from_row(&row))
}

/// What one watch found in a window.
#[derive(Debug, Clone)]
pub struct Found {
    pub label: crate::mail::templates::WatchLabel,
    pub hits: Vec<WatchHit>,
    /// The `name_tracking` id, or the `saved_searches` id.
    pub watch: WatchRef,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatchRef {
    Name(i64),
    Search(i64),
}

/// Most profiles listed per watch in one alert.
const HITS_PER_WATCH: i64 = 20;

/// Profiles created or changed in `[from, to)` that the watcher's active watches find:
/// confirmed, active people and active casting profiles, by name; casting profiles by the
/// watched saved searches.
pub async fn find_in_window(
    state: &AppState,
    watcher: i64,
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> Result<Vec<Found>, Error> {
    let base = &state.config.public_base_url;
    let mut found: Vec<Found> = Vec::new();
    let rows = state
        .db
        .get()
        .await?
        .query(
            "WITH watch AS (
                 SELECT id, first_name, last_name, normalized_name FROM name_tracking
                  WHERE watcher_id = $1 AND is_active),
             changed AS (
                 SELECT false AS casting, u.id, u.unique_code, u.first_name, u.last_name
                   FROM users u
                  WHERE u.updated_at >= $2 AND u.updated_at < $3 AND u.account_active
                    AND u.email_confirmed_at IS NOT NULL AND u.id <> $1
                 UNION ALL
                 SELECT true, ct.id, ct.unique_code, ct.first_name, ct.last_name
                   FROM cinema_talents ct
                  WHERE ct.updated_at >= $2 AND ct.updated_at < $3 AND ct.is_active)
             SELECT w.id AS watch_id, w.first_name AS watch_first, w.last_name AS watch_last,
                    c.casting, c.id, c.unique_code, c.first_name, c.last_name
               FROM watch w JOIN changed c
                 ON CASE WHEN w.first_name IS NULL
                         THEN strict_word_similarity(w.normalized_name, search_text(c.first_name || ' ' || c.last_name))
                         ELSE similarity(w.normalized_name, search_text(c.first_name || ' ' || c.last_name))
                    END >= $4
              ORDER BY w.normalized_name, w.id, c.last_name, c.first_name, c.id",
            &[&watcher, &from, &to, &NAME_MATCH_THRESHOLD],
        )
        .await?;
    for row in &rows {
        let watch_id: i64 = row.get("watch_id");
        let casting: bool = row.get("casting");
        let id: i64 = row.get("id");
        let hit = WatchHit {
            name: format!(
                "{} {}",
                row.get::<_, &str>("first_name"),
                row.get::<_, &str>("last_name")
            ),
            code: row.get("unique_code"),
            casting,
            link: links::url(
                base,
                &if casting {
                    links::casting_profile(id)
                } else {
                    links::person(id)
                },
            ),
        };
        match found.last_mut() {
            Some(last) if last.watch == WatchRef::Name(watch_id) => {
                if (last.hits.len() as i64) < HITS_PER_WATCH {
                    last.hits.push(hit)
                }
            }
            _ => {
                let label = match row.get::<_, Option<&str>>("watch_first") {
                    Some(first) => format!("{first} {}", row.get::<_, &str>("watch_last")),
                    None => row.get::<_, &str>("watch_last").to_owned(),
                };
                found.push(Found {
                    label: crate::mail::templates::WatchLabel::Name(label),
                    hits: vec![hit],
                    watch: WatchRef::Name(watch_id),
                });
            }
        }
    }
    let watched: Vec<SavedSearch> = state
        .db
        .get()
        .await?
        .query(
            "SELECT id, name, query, created_at FROM saved_searches
              WHERE owner_id = $1 AND watched ORDER BY name",
            &[&watcher],
        )
        .await?
        .iter()
        .map(searches::from_row)
        .collect();
    for search in watched {
        let (_, matches) =
            match searches::matches_in_window(state, &search, from, to, HITS_PER_WATCH).await {
                Ok(matches) => matches,
                Err(Error::Validation(_)) => {
                    // Saved under rules that have since changed: skipped, not the whole alert.
                    tracing::warn!(search = search.id, "a watched search no longer parses");
                    continue;
                }
                Err(e) => return Err(e),
            };
        if matches.is_empty() {
            continue;
        }
        found.push(Found {
            label: crate::mail::templates::WatchLabel::Search(search.name.clone()),
            hits: matches
                .into_iter()
                .map(|m| WatchHit {
                    name: format!("{} {}", m.first_name, m.last_name),
                    link: links::url(base, &links::casting_profile(m.id)),
                    code: m.unique_code,
                    casting: true,
                })
                .collect(),
            watch: WatchRef::Search(search.id),
        });
    }
    Ok(found)
}

/// Stamps the watches that were mailed.
pub async fn mark_notified(state: &AppState, found: &[Found]) -> Result<(), Error> {
    let names: Vec<i64> = found
        .iter()
        .filter_map(|f| match f.watch {
            WatchRef::Name(id) => Some(id),
            WatchRef::Search(_) => None,
        })
        .collect();
    let searches: Vec<i64> = found
        .iter()
        .filter_map(|f| match f.watch {
            WatchRef::Search(id) => Some(id),
            WatchRef::Name(_) => None,
        })
        .collect();
    let db = state.db.get().await?;
    db.execute(
        "UPDATE name_tracking SET last_notified_at = now() WHERE id = ANY($1)",
        &[&names],
    )
    .await?;
    db.execute(
        "UPDATE saved_searches SET last_notified_at = now() WHERE id = ANY($1)",
        &[&searches],
    )
    .await?;
    Ok(())
}
