//! Talent profiles: what a person tells about themselves (every `users` column of the seed,
//! contact fields encrypted), their talents, how recruiters search them, and the public page
//! their QR code leads to.

pub mod page;
pub mod public;
pub mod search;
pub mod update;

use std::time::Duration;

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;

use crate::{AppState, Error, accounts::Role, ports::blob::BlobKey};

pub use update::{ProfileChange, change, set_talents};

/// How long a link to a profile's photo or CV stays valid.
pub const FILE_LINK_TTL: Duration = Duration::from_secs(15 * 60);

/// Field names of the encrypted columns, bound into each ciphertext (crypto AAD).
pub const PHONE_FIELD: &str = "users.phone";
pub const WHATSAPP_FIELD: &str = "users.whatsapp";
pub const ADDRESS_FIELD: &str = "users.address";

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TalentRef {
    pub id: i32,
    pub name: String,
    pub name_en: String,
    pub emoji: String,
    pub category: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Place {
    /// Country: ISO code; city: its id.
    pub code: String,
    pub name_fr: String,
    pub name_en: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CityRef {
    pub id: i32,
    pub name: String,
}

/// A whole profile, as its owner, recruiters and admins see it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Profile {
    pub id: i64,
    pub unique_code: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    #[schema(value_type = Option<String>, format = Date)]
    pub date_of_birth: Option<Date>,
    /// `female`, `male`, `non_binary` or `undisclosed`.
    pub gender: Option<String>,
    /// ISO code of the nationality.
    pub nationality: Option<String>,
    pub country: Option<Place>,
    pub city: Option<CityRef>,
    pub phone: Option<String>,
    pub whatsapp: Option<String>,
    pub address: Option<String>,
    pub preferred_language: String,
    /// Whether `GET /api/v1/profiles/{code}` shows this profile.
    pub profile_public: bool,
    pub role: Role,
    pub account_active: bool,
    pub talents: Vec<TalentRef>,
    /// A short-lived link to the verified photo.
    pub photo_url: Option<String>,
    /// A short-lived link to the photo's thumbnail (320 px; the photo itself when it has none),
    /// for pages that show it small: a phone need not fetch the whole photo for that.
    pub photo_thumbnail_url: Option<String>,
    /// A short-lived link to the verified CV.
    pub cv_url: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// A person's talents as a JSON column `talents` (for [`talents_of`]); `u` is the user row.
macro_rules! talents_json {
    () => {
        "coalesce((SELECT jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name,
                                    'name_en', t.name_en, 'emoji', t.emoji, 'category', t.category)
                                    ORDER BY t.name)
                     FROM user_talents ut JOIN talents t ON t.id = ut.talent_id
                    WHERE ut.user_id = u.id), '[]') AS talents"
    };
}
pub(crate) use talents_json;

/// Columns and joins every full-profile read uses.
pub(crate) const PROFILE_SELECT: &str = concat!(
    "
    SELECT u.id, u.unique_code, u.email, u.first_name, u.last_name, u.date_of_birth, u.gender,
           u.nationality::text AS nationality, co.code::text AS country_code,
           co.name_fr AS country_name_fr, co.name_en AS country_name_en,
           ci.id AS city_id, ci.name AS city_name,
           u.phone_encrypted, u.whatsapp_encrypted, u.address_encrypted,
           u.preferred_language, u.profile_public, u.role, u.account_active,
           u.photo_filename, u.cv_filename, u.created_at, u.updated_at,
           coalesce((SELECT up.thumbnail_key FROM uploads up WHERE up.object_key = u.photo_filename),
                    u.photo_filename) AS photo_thumbnail_filename,
           ",
    talents_json!(),
    "
      FROM users u
      LEFT JOIN countries co ON co.id = u.country_id
      LEFT JOIN cities ci ON ci.id = u.city_id"
);

/// A person's whole profile. 404 when there is none; callers decide who may ask.
pub async fn profile(state: &AppState, user_id: i64) -> Result<Profile, Error> {
    let row = state
        .db
        .get()
        .await?
        .query_opt(&format!("{PROFILE_SELECT} WHERE u.id = $1"), &[&user_id])
        .await?
        .ok_or(Error::NotFound)?;
    profile_from_row(state, &row).await
}

pub(crate) async fn profile_from_row(
    state: &AppState,
    row: &tokio_postgres::Row,
) -> Result<Profile, Error> {
    let cipher = &state.cipher;
    Ok(Profile {
        id: row.get("id"),
        unique_code: row.get("unique_code"),
        email: row.get("email"),
        first_name: row.get("first_name"),
        last_name: row.get("last_name"),
        date_of_birth: row.get("date_of_birth"),
        gender: row.get("gender"),
        nationality: row.get("nationality"),
        country: country_of(row),
        city: city_of(row),
        phone: cipher.open_optional(PHONE_FIELD, row.get("phone_encrypted"))?,
        whatsapp: cipher.open_optional(WHATSAPP_FIELD, row.get("whatsapp_encrypted"))?,
        address: cipher.open_optional(ADDRESS_FIELD, row.get("address_encrypted"))?,
        preferred_language: row.get("preferred_language"),
        profile_public: row.get("profile_public"),
        role: Role::parse(row.get("role")),
        account_active: row.get("account_active"),
        talents: talents_of(row)?,
        photo_url: file_link(state, row.get("photo_filename")).await?,
        photo_thumbnail_url: file_link(state, row.get("photo_thumbnail_filename")).await?,
        cv_url: file_link(state, row.get("cv_filename")).await?,
        created_at: row.get("created_at"),
        updated_at: row.get("updated_at"),
    })
}

/// The country of residence of a row with `country_code`, `country_name_fr`, `country_name_en`.
pub(crate) fn country_of(row: &tokio_postgres::Row) -> Option<Place> {
    row.get::<_, Option<String>>("country_code")
        .map(|code| Place {
            code,
            name_fr: row.get("country_name_fr"),
            name_en: row.get("country_name_en"),
        })
}

pub(crate) fn city_of(row: &tokio_postgres::Row) -> Option<CityRef> {
    row.get::<_, Option<i32>>("city_id").map(|id| CityRef {
        id,
        name: row.get("city_name"),
    })
}

/// The `talents` JSON column every profile query aggregates.
pub(crate) fn talents_of(row: &tokio_postgres::Row) -> Result<Vec<TalentRef>, Error> {
    serde_json::from_value(row.get("talents")).map_err(|e| Error::Internal(e.into()))
}

/// A short-lived download link to a stored file, if there is one.
pub(crate) async fn file_link(
    state: &AppState,
    key: Option<String>,
) -> Result<Option<String>, Error> {
    let Some(key) = key else { return Ok(None) };
    let key = BlobKey::parse(&key)?;
    Ok(Some(
        state.blobs.presign_get(&key, FILE_LINK_TTL).await?.url,
    ))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Female,
    Male,
    NonBinary,
    Undisclosed,
}

impl Gender {
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
            Gender::NonBinary => "non_binary",
            Gender::Undisclosed => "undisclosed",
        }
    }
}
