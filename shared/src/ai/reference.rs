//! The reference data the AI rules map words onto, read from the database: the active
//! talents with their French and English names and tags, the active countries with their
//! cities.

use crate::{AppState, Error};

use super::ports::{Reference, ReferenceCity, ReferenceCountry, ReferenceTalent};

/// The talent catalogue and the places, as they stand now.
pub async fn load(state: &AppState) -> Result<Reference, Error> {
    let db = state.db.get().await?;
    load_with(&db).await
}

/// [`load`] on a connection the caller holds.
pub async fn load_with(db: &tokio_postgres::Client) -> Result<Reference, Error> {
    let talents = db
        .query(
            "SELECT id, name, name_en, tag, category FROM talents WHERE is_active ORDER BY id",
            &[],
        )
        .await?
        .iter()
        .map(|row| ReferenceTalent {
            id: row.get("id"),
            name_fr: row.get("name"),
            name_en: row.get("name_en"),
            tag: row.get("tag"),
            category: row.get("category"),
        })
        .collect();
    let rows = db
        .query(
            "SELECT co.code::text AS code, co.name_fr, co.name_en, ci.id AS city_id, ci.name AS city_name
               FROM countries co
               LEFT JOIN cities ci ON ci.country_id = co.id
              WHERE co.is_active
              ORDER BY co.id, ci.id",
            &[],
        )
        .await?;
    let mut countries: Vec<ReferenceCountry> = Vec::new();
    for row in &rows {
        let code: String = row.get("code");
        if countries.last().is_none_or(|c| c.code != code) {
            countries.push(ReferenceCountry {
                code,
                name_fr: row.get("name_fr"),
                name_en: row.get("name_en"),
                cities: Vec::new(),
            });
        }
        if let (Some(id), Some(name)) = (
            row.get::<_, Option<i32>>("city_id"),
            row.get::<_, Option<String>>("city_name"),
        ) {
            countries
                .last_mut()
                .expect("a country was pushed")
                .cities
                .push(ReferenceCity { id, name });
        }
    }
    Ok(Reference { talents, countries })
}
