//! The directory of people (`GET /api/v1/users`'s filters), one person a row.

use time::{Date, OffsetDateTime};

use crate::{
    AppState, Error,
    age::age_on,
    downloads::Download,
    profiles::search::{self, SearchQuery},
};

use super::{Cell, Column, Format, Job, Requester, column};

pub const COLUMNS: &[Column] = &[
    column("unique_code", 12.0),
    column("first_name", 18.0),
    column("last_name", 18.0),
    column("email", 30.0),
    column("gender", 12.0),
    column("date_of_birth", 13.0),
    column("age", 6.0),
    column("nationality", 11.0),
    column("country_code", 12.0),
    column("country", 20.0),
    column("city", 18.0),
    column("talents", 40.0),
    column("preferred_language", 10.0),
    column("registered_at", 13.0),
];

/// Everyone the directory search finds with `query`'s filters (its `page` and `per_page` are
/// ignored: an export is the whole result), newest first like the list.
pub async fn export(
    state: &AppState,
    query: &SearchQuery,
    format: Format,
    requester: &Requester,
) -> Result<Download, Error> {
    let today = OffsetDateTime::now_utc().date();
    let (conditions, params) = search::conditions(query, today)?.into_parts();
    let sql = format!(
        "SELECT u.unique_code, u.first_name, u.last_name, u.email, u.gender, u.date_of_birth,
                u.nationality::text, co.code::text, co.name_fr, ci.name,
                ARRAY(SELECT ut.talent_id FROM user_talents ut WHERE ut.user_id = u.id),
                u.preferred_language, u.created_at
           FROM users u
           LEFT JOIN countries co ON co.id = u.country_id
           LEFT JOIN cities ci ON ci.id = u.city_id
          WHERE {conditions}
          ORDER BY u.created_at DESC, u.id DESC"
    );
    let talents = TalentNames::load(state).await?;
    let cells = move |row: &tokio_postgres::Row| {
        let born: Option<Date> = row.get(5);
        let registered: OffsetDateTime = row.get(12);
        vec![
            Cell::Text(row.get(0)),
            Cell::Text(row.get(1)),
            Cell::Text(row.get(2)),
            Cell::Text(row.get(3)),
            row.get::<_, Option<String>>(4).into(),
            born.into(),
            born.map(|d| age_on(d, today)).into(),
            row.get::<_, Option<String>>(6).into(),
            row.get::<_, Option<String>>(7).into(),
            row.get::<_, Option<String>>(8).into(),
            row.get::<_, Option<String>>(9).into(),
            talents.list(&row.get::<_, Vec<i32>>(10)).into(),
            Cell::Text(row.get(11)),
            Cell::Date(registered.date()),
        ]
    };
    let job = Job {
        kind: "users",
        title: "users",
        columns: COLUMNS,
        sql,
        params,
        cells,
        resource_id: None,
    };
    super::run(state, format, requester, job).await
}

/// The talents' names, for a person's list of talent ids: `string_agg(name, ', ' ORDER BY
/// name)` done here, with the order taken from the database (its collation), so that Postgres
/// does not join a person's talents row by row (a hash join per person: 1.2 s of a 100k
/// export).
struct TalentNames {
    /// By talent id: the name and its place in `ORDER BY name`.
    by_id: std::collections::HashMap<i32, (usize, String)>,
}

impl TalentNames {
    async fn load(state: &AppState) -> Result<Self, Error> {
        let db = state.db.get().await?;
        let rows = db
            .query("SELECT id, name FROM talents ORDER BY name", &[])
            .await?;
        let by_id = rows
            .iter()
            .enumerate()
            .map(|(rank, row)| (row.get(0), (rank, row.get(1))))
            .collect();
        Ok(Self { by_id })
    }

    /// The names of `ids` sorted and comma-separated; none is `None` (as `string_agg` of no
    /// rows).
    fn list(&self, ids: &[i32]) -> Option<String> {
        let mut talents: Vec<&(usize, String)> =
            ids.iter().filter_map(|id| self.by_id.get(id)).collect();
        if talents.is_empty() {
            return None;
        }
        talents.sort_unstable_by_key(|(rank, _)| *rank);
        let names: Vec<&str> = talents.iter().map(|(_, name)| name.as_str()).collect();
        Some(names.join(", "))
    }
}
