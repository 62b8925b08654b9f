//! Reference data people choose from: the talent catalogue (with how many people list each
//! talent), its categories, and the countries with their cities.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    Error,
    db::Pool,
    error::{FieldError, FieldIssue, ProblemCode},
    http::schemas,
};

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Talent {
    pub id: i32,
    /// French name (the seed's `name`).
    pub name: String,
    pub name_en: String,
    pub emoji: String,
    /// Category code, e.g. `cinema`.
    pub category: String,
    pub tag: String,
    pub is_active: bool,
    /// Active people who list this talent.
    pub user_count: i64,
}

const TALENT_SELECT: &str = "
    SELECT t.id, t.name, t.name_en, t.emoji, t.category, t.tag, t.is_active,
           (SELECT count(*) FROM user_talents ut JOIN users u ON u.id = ut.user_id
             WHERE ut.talent_id = t.id AND u.account_active) AS user_count
      FROM talents t";

fn talent_from_row(row: &tokio_postgres::Row) -> Talent {
    Talent {
        id: row.get("id"),
        name: row.get("name"),
        name_en: row.get("name_en"),
        emoji: row.get("emoji"),
        category: row.get("category"),
        tag: row.get("tag"),
        is_active: row.get("is_active"),
        user_count: row.get("user_count"),
    }
}

/// The catalogue, by category then name; inactive talents only when asked (admins).
pub async fn talents(
    pool: &Pool,
    category: Option<&str>,
    include_inactive: bool,
) -> Result<Vec<Talent>, Error> {
    let rows = pool
        .get()
        .await?
        .query(
            &format!(
                "{TALENT_SELECT}
                  JOIN talent_categories c ON c.code = t.category
                 WHERE ($1::text IS NULL OR t.category = $1) AND (t.is_active OR $2)
                 ORDER BY c.sort_order, t.name"
            ),
            &[&category, &include_inactive],
        )
        .await?;
    Ok(rows.iter().map(talent_from_row).collect())
}

/// One talent; an inactive one is only found when `include_inactive`.
pub async fn talent(pool: &Pool, id: i32, include_inactive: bool) -> Result<Talent, Error> {
    let row = pool
        .get()
        .await?
        .query_opt(
            &format!("{TALENT_SELECT} WHERE t.id = $1 AND (t.is_active OR $2)"),
            &[&id, &include_inactive],
        )
        .await?
        .ok_or(Error::NotFound)?;
    Ok(talent_from_row(&row))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTalent {
    #[schema(schema_with = schemas::text_80)]
    pub name: String,
    #[schema(schema_with = schemas::text_80)]
    pub name_en: String,
    #[schema(schema_with = schemas::text_16)]
    pub emoji: String,
    pub category: String,
    /// Lower-case identifier, e.g. `slam_poet`.
    #[schema(pattern = r"^\s*[a-z][a-z0-9_]{0,39}\s*$")]
    pub tag: String,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TalentChange {
    #[schema(schema_with = schemas::text_80_or_null)]
    pub name: Option<String>,
    #[schema(schema_with = schemas::text_80_or_null)]
    pub name_en: Option<String>,
    #[schema(schema_with = schemas::text_16_or_null)]
    pub emoji: Option<String>,
    pub category: Option<String>,
    pub is_active: Option<bool>,
}

fn label(field: &str, value: &str, max: usize, problems: &mut Vec<FieldError>) -> String {
    if let Some(issue) = FieldIssue::text(value, max as u64) {
        problems.push(FieldError::new(field, issue));
    }
    let value = value.trim();
    value.to_owned()
}

/// Admin: adds a talent to the catalogue. 409 when the tag exists, 422 for an unknown category.
pub async fn create_talent(pool: &Pool, form: NewTalent) -> Result<Talent, Error> {
    let mut problems = Vec::new();
    let name = label("name", &form.name, 80, &mut problems);
    let name_en = label("name_en", &form.name_en, 80, &mut problems);
    let emoji = label("emoji", &form.emoji, 16, &mut problems);
    let tag = form.tag.trim().to_owned();
    let tag_ok = tag.len() <= 40
        && tag.starts_with(|c: char| c.is_ascii_lowercase())
        && tag
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !tag_ok {
        problems.push(FieldError::described(
            "tag",
            FieldIssue::Invalid,
            "must be lower-case letters, digits and _ (at most 40), starting with a letter",
        ));
    }
    if !problems.is_empty() {
        return Err(Error::Validation(problems));
    }
    let db = pool.get().await?;
    let category_known: bool = db
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM talent_categories WHERE code = $1)",
            &[&form.category],
        )
        .await?
        .get(0);
    if !category_known {
        return Err(Error::validation("category", FieldIssue::Unknown));
    }
    let inserted = db
        .query_opt(
            "INSERT INTO talents (name, name_en, emoji, category, tag) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (tag) DO NOTHING RETURNING id",
            &[&name, &name_en, &emoji, &form.category, &tag],
        )
        .await?
        .ok_or_else(|| {
            Error::conflict(
                ProblemCode::Duplicate,
                format!("a talent with tag `{tag}` exists"),
            )
        })?;
    talent(pool, inserted.get(0), true).await
}

/// Admin: renames, recategorises, deactivates or reactivates a talent.
pub async fn change_talent(pool: &Pool, id: i32, change: TalentChange) -> Result<Talent, Error> {
    let mut problems = Vec::new();
    let name = change
        .name
        .as_deref()
        .map(|v| label("name", v, 80, &mut problems));
    let name_en = change
        .name_en
        .as_deref()
        .map(|v| label("name_en", v, 80, &mut problems));
    let emoji = change
        .emoji
        .as_deref()
        .map(|v| label("emoji", v, 16, &mut problems));
    if !problems.is_empty() {
        return Err(Error::Validation(problems));
    }
    let updated = pool
        .get()
        .await?
        .execute(
            "UPDATE talents SET name = coalesce($2, name), name_en = coalesce($3, name_en),
                    emoji = coalesce($4, emoji), category = coalesce($5, category),
                    is_active = coalesce($6, is_active)
              WHERE id = $1",
            &[
                &id,
                &name,
                &name_en,
                &emoji,
                &change.category,
                &change.is_active,
            ],
        )
        .await
        .map_err(|e| match e.as_db_error().and_then(|d| d.constraint()) {
            Some("talents_category_fkey") => Error::validation("category", FieldIssue::Unknown),
            _ => e.into(),
        })?;
    if updated == 0 {
        return Err(Error::NotFound);
    }
    talent(pool, id, true).await
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Category {
    pub code: String,
    pub name_fr: String,
    pub name_en: String,
}

pub async fn categories(pool: &Pool) -> Result<Vec<Category>, Error> {
    let rows = pool
        .get()
        .await?
        .query(
            "SELECT code, name_fr, name_en FROM talent_categories ORDER BY sort_order, code",
            &[],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| Category {
            code: r.get(0),
            name_fr: r.get(1),
            name_en: r.get(2),
        })
        .collect())
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct City {
    pub id: i32,
    pub name: String,
    pub is_capital: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Country {
    /// ISO 3166-1 alpha-2.
    pub code: String,
    pub name_fr: String,
    pub name_en: String,
    pub dial_code: String,
    pub cities: Vec<City>,
}

/// The active countries with their cities (capital first), by French name.
pub async fn countries(pool: &Pool, code: Option<&str>) -> Result<Vec<Country>, Error> {
    let rows = pool
        .get()
        .await?
        .query(
            "SELECT c.code::text, c.name_fr, c.name_en, c.dial_code,
                    coalesce(jsonb_agg(jsonb_build_object('id', ci.id, 'name', ci.name, 'is_capital', ci.is_capital)
                                       ORDER BY ci.is_capital DESC, ci.name)
                             FILTER (WHERE ci.id IS NOT NULL), '[]') AS cities
               FROM countries c LEFT JOIN cities ci ON ci.country_id = c.id
              WHERE c.is_active AND ($1::text IS NULL OR c.code = upper($1))
              GROUP BY c.id ORDER BY c.name_fr",
            &[&code],
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Country {
                code: r.get(0),
                name_fr: r.get(1),
                name_en: r.get(2),
                dial_code: r.get(3),
                cities: serde_json::from_value(r.get(4)).map_err(|e| Error::Internal(e.into()))?,
            })
        })
        .collect()
}

/// The id of a country chosen by ISO code in a form field: `None` clears the field; an unknown
/// code is a problem on `field` (and `None`).
pub async fn country_field(
    db: &impl deadpool_postgres::GenericClient,
    field: &str,
    code: &Option<String>,
    problems: &mut Vec<FieldError>,
) -> Result<Option<i16>, Error> {
    let Some(code) = code else { return Ok(None) };
    let found = db
        .query_opt(
            "SELECT id FROM countries WHERE code = upper(trim($1)) AND is_active",
            &[code],
        )
        .await?;
    if found.is_none() {
        problems.push(FieldError::new(field, FieldIssue::Unknown));
    }
    Ok(found.map(|row| row.get(0)))
}
