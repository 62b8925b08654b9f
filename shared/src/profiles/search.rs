//! The directory recruiters search: filters on talent, category, place, gender and age, and a
//! name search that ignores accents and case, paginated.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use tokio_postgres::types::ToSql;
use utoipa::{IntoParams, ToSchema};

use crate::{
    AppState, Error,
    error::{FieldError, FieldIssue},
    pagination::{Page, PageRequest},
    sql::{self, Conditions},
};

use super::{CityRef, Gender, Place, TalentRef, file_link};

#[derive(Debug, Default, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SearchQuery {
    #[param(minimum = 1, maximum = 2147483647, default = 1)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub per_page: Option<u32>,
    /// People who list this talent (id).
    pub talent_id: Option<i32>,
    /// People with a talent of this category (code).
    pub category: Option<String>,
    /// Country of residence (ISO code).
    pub country: Option<String>,
    pub city_id: Option<i32>,
    pub gender: Option<Gender>,
    /// Not above `age_max`.
    #[param(minimum = 0, maximum = 120)]
    pub age_min: Option<i32>,
    #[param(minimum = 0, maximum = 120)]
    pub age_max: Option<i32>,
    /// Words of a first or last name; accents and case do not matter.
    #[param(max_length = 100)]
    pub q: Option<String>,
}

/// One line of the directory.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProfileSummary {
    pub id: i64,
    pub unique_code: String,
    pub first_name: String,
    pub last_name: String,
    pub gender: Option<String>,
    pub age: Option<i32>,
    pub country: Option<Place>,
    pub city: Option<CityRef>,
    pub talents: Vec<TalentRef>,
    /// A short-lived link to the photo's thumbnail (320 px).
    pub photo_url: Option<String>,
}

/// The directory's conditions over `u` (listed people only: active, confirmed), every filter
/// checked (problems named `query.*`); the list and its exports share them.
pub fn conditions(query: &SearchQuery, today: Date) -> Result<Conditions, Error> {
    conditions_on(
        query,
        today,
        Conditions::new(&["u.account_active", "u.email_confirmed_at IS NOT NULL"]),
    )
}

/// The same conditions for matching a brief: people who did not give their place, gender or
/// birth date pass those filters (the match says what it lacks).
pub fn matching_conditions(query: &SearchQuery, today: Date) -> Result<Conditions, Error> {
    conditions_on(
        query,
        today,
        Conditions::new(&["u.account_active", "u.email_confirmed_at IS NOT NULL"]).unknown_passes(),
    )
}

fn conditions_on(
    query: &SearchQuery,
    today: Date,
    mut filter: Conditions,
) -> Result<Conditions, Error> {
    let mut problems = Vec::new();
    if let Some(talent) = query.talent_id {
        filter.push(
            |n| format!("EXISTS (SELECT 1 FROM user_talents ut WHERE ut.user_id = u.id AND ut.talent_id = ${n})"),
            Box::new(talent),
        );
    }
    if let Some(category) = &query.category {
        filter.push(
            |n| {
                format!(
                    "EXISTS (SELECT 1 FROM user_talents ut JOIN talents t ON t.id = ut.talent_id
                              WHERE ut.user_id = u.id AND t.category = ${n})"
                )
            },
            Box::new(category.clone()),
        );
    }
    if let Some(country) = &query.country {
        filter.push_on(
            "u.country_id",
            |n| format!("u.country_id = (SELECT id FROM countries WHERE code = upper(${n}))"),
            Box::new(country.clone()),
        );
    }
    if let Some(city) = query.city_id {
        filter.push_on("u.city_id", |n| format!("u.city_id = ${n}"), Box::new(city));
    }
    if let Some(gender) = query.gender {
        filter.push_on(
            "u.gender",
            |n| format!("u.gender = ${n}"),
            Box::new(gender.as_str()),
        );
    }
    sql::push_age_range(
        &mut filter,
        "u.date_of_birth",
        today,
        (query.age_min, query.age_max),
        120,
        &mut problems,
    );
    if let Some(q) = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        if q.chars().count() > 100 {
            problems.push(FieldError::new("query.q", FieldIssue::TooLong { max: 100 }));
        }
        // Every word must appear in the name; the trigram index serves the LIKE.
        for word in q.split_whitespace().take(5) {
            filter.push(
                |n| format!("search_text(u.first_name || ' ' || u.last_name) LIKE '%' || search_text(${n}) || '%'"),
                Box::new(sql::like_literal(word)),
            );
        }
    }
    if problems.is_empty() {
        Ok(filter)
    } else {
        Err(Error::Validation(problems))
    }
}

/// The two statements of a search (its count and its page) with their parameters; the
/// page's last two parameters are LIMIT and OFFSET.
pub struct SearchSql {
    pub count_sql: String,
    pub page_sql: String,
    params: Vec<sql::Param>,
}

impl SearchSql {
    pub fn build(query: &SearchQuery, today: Date, page: PageRequest) -> Result<Self, Error> {
        let (conditions, mut params) = conditions(query, today)?.into_parts();
        let count_sql = format!("SELECT count(*) FROM users u WHERE {conditions}");
        let page_sql = format!(
            "SELECT u.id, u.unique_code, u.first_name, u.last_name, u.gender, u.date_of_birth,
                    co.code::text AS country_code, co.name_fr AS country_name_fr, co.name_en AS country_name_en,
                    ci.id AS city_id, ci.name AS city_name,
                    -- Lists show the thumbnail of the verified photo.
                    coalesce((SELECT up.thumbnail_key FROM uploads up WHERE up.object_key = u.photo_filename),
                             u.photo_filename) AS photo_filename,
                    {talents}
               FROM users u
               LEFT JOIN countries co ON co.id = u.country_id
               LEFT JOIN cities ci ON ci.id = u.city_id
              WHERE {conditions}
              ORDER BY u.created_at DESC, u.id DESC
              LIMIT ${} OFFSET ${}",
            params.len() + 1,
            params.len() + 2,
            talents = super::talents_json!(),
        );
        params.push(Box::new(page.limit()));
        params.push(Box::new(page.offset()));
        Ok(Self {
            count_sql,
            page_sql,
            params,
        })
    }

    pub fn count_params(&self) -> Vec<&(dyn ToSql + Sync)> {
        let mut params = self.page_params();
        params.truncate(params.len() - 2);
        params
    }

    pub fn page_params(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.params
            .iter()
            .map(|p| p.as_ref() as &(dyn ToSql + Sync))
            .collect()
    }
}

/// A page of the directory, newest profiles first.
pub async fn search(
    state: &AppState,
    query: &SearchQuery,
    page: PageRequest,
) -> Result<Page<ProfileSummary>, Error> {
    let today = OffsetDateTime::now_utc().date();
    let sql = SearchSql::build(query, today, page)?;
    let db = state.db.get().await?;
    let total: i64 = db
        .query_one(&sql.count_sql, &sql.count_params())
        .await?
        .get(0);
    let rows = db.query(&sql.page_sql, &sql.page_params()).await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in &rows {
        items.push(ProfileSummary {
            id: row.get("id"),
            unique_code: row.get("unique_code"),
            first_name: row.get("first_name"),
            last_name: row.get("last_name"),
            gender: row.get("gender"),
            age: row
                .get::<_, Option<Date>>("date_of_birth")
                .map(|d| crate::age::age_on(d, today)),
            country: super::country_of(row),
            city: super::city_of(row),
            talents: super::talents_of(row)?,
            photo_url: file_link(state, row.get("photo_filename")).await?,
        });
    }
    Ok(Page::new(items, page, total))
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn age_filters_use_the_birth_date_index() {
        let query = SearchQuery {
            age_min: Some(20),
            age_max: Some(30),
            ..Default::default()
        };
        let (sql, params) = conditions(&query, date!(2026 - 11 - 25))
            .unwrap()
            .into_parts();
        assert!(
            sql.contains("u.date_of_birth <= $1 AND u.date_of_birth >= $2"),
            "{sql}"
        );
        let debug: Vec<String> = params.iter().map(|p| format!("{p:?}")).collect();
        assert_eq!(debug, ["2006-11-25", "1995-11-26"]);
        let bad = SearchQuery {
            age_min: Some(40),
            age_max: Some(30),
            ..Default::default()
        };
        assert!(conditions(&bad, date!(2026 - 11 - 25)).is_err());
    }
}
