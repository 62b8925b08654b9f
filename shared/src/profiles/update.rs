//! Changing a profile: a partial update where an absent field stays as it is and `null`
//! clears it, validated whole before anything is written; and the set of talents.

use serde::{Deserialize, Deserializer};
use time::{Date, OffsetDateTime};
use tokio_postgres::types::ToSql;
use utoipa::ToSchema;

use crate::{
    AppState, Error,
    accounts::{
        Role,
        access::{self, AccessChange},
    },
    age::{MINIMUM_AGE, age_on},
    audit::ClientInfo,
    crypto,
    error::{FieldError, FieldFormat, FieldIssue},
};

use super::{ADDRESS_FIELD, Gender, PHONE_FIELD, Profile, WHATSAPP_FIELD, profile};

/// Most talents a person may list.
pub const MAX_TALENTS: usize = 20;

/// A change to a profile. Absent fields stay as they are; `null` clears a clearable one.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileChange {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, format = Date)]
    pub date_of_birth: Option<Option<Date>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Gender>)]
    pub gender: Option<Option<Gender>>,
    /// ISO code of a country.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub nationality: Option<Option<String>>,
    /// ISO code of a country of residence; clearing it clears the city.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub country: Option<Option<String>>,
    /// Id of a city of `country` (from `GET /api/v1/countries`).
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i32>)]
    pub city_id: Option<Option<i32>>,
    /// International format, e.g. `+221 77 123 45 67`.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(schema_with = crate::http::schemas::phone_or_null)]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(schema_with = crate::http::schemas::phone_or_null)]
    pub whatsapp: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub address: Option<Option<String>>,
    /// `fr` or `en`.
    pub preferred_language: Option<String>,
    pub profile_public: Option<bool>,
    /// Admins only (`PUT /api/v1/users/{id}`).
    pub role: Option<Role>,
    /// Admins only.
    pub account_active: Option<bool>,
}

/// `Some(None)` for an explicit `null`, so "clear" and "leave alone" differ.
pub fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Who is changing the profile: its owner, or an admin (who may also set role and activation,
/// through [`access::apply`], logged with who did it and from where).
#[derive(Debug, Clone, Copy)]
pub enum Editor<'a> {
    Owner,
    Admin { by: i64, client: &'a ClientInfo },
}

/// Phone numbers are kept as `+` and digits (E.164): 8 to 15 digits.
pub fn normalize_phone(field: &str, raw: &str) -> Result<String, FieldError> {
    let trimmed = raw.trim();
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let allowed = trimmed
        .chars()
        .all(|c| c.is_ascii_digit() || " +-.()".contains(c));
    if !trimmed.starts_with('+') || !allowed || !(8..=15).contains(&digits.len()) {
        return Err(FieldError::new(
            field,
            FieldIssue::format(FieldFormat::Phone),
        ));
    }
    Ok(format!("+{digits}"))
}

/// Applies `change` to `user_id`'s profile and answers the result. Nothing is written unless
/// every field is valid.
pub async fn change(
    state: &AppState,
    user_id: i64,
    editor: Editor<'_>,
    change: ProfileChange,
) -> Result<Profile, Error> {
    let mut problems = Vec::new();
    let mut sets: Vec<String> = Vec::new();
    let mut params: Vec<Box<dyn ToSql + Sync + Send>> = vec![Box::new(user_id)];
    // Column names below are constants; only values travel as parameters.
    let mut set = |column: &str, value: Box<dyn ToSql + Sync + Send>| {
        params.push(value);
        sets.push(format!("{column} = ${}", params.len()));
    };

    for (field, value) in [
        ("first_name", &change.first_name),
        ("last_name", &change.last_name),
    ] {
        if let Some(value) = value {
            match FieldIssue::text(value, 100) {
                Some(issue) => problems.push(FieldError::new(field, issue)),
                None => set(field, Box::new(value.trim().to_owned())),
            }
        }
    }
    if let Some(date_of_birth) = change.date_of_birth {
        let today = OffsetDateTime::now_utc().date();
        match date_of_birth {
            Some(date) if date > today => {
                problems.push(FieldError::new("date_of_birth", FieldIssue::InFuture))
            }
            Some(date) if age_on(date, today) < MINIMUM_AGE => problems.push(FieldError::new(
                "date_of_birth",
                FieldIssue::TooYoung {
                    min_age: MINIMUM_AGE as u8,
                },
            )),
            Some(date) if age_on(date, today) > 120 => {
                problems.push(FieldError::new("date_of_birth", FieldIssue::Invalid))
            }
            _ => set("date_of_birth", Box::new(date_of_birth)),
        }
    }
    if let Some(gender) = change.gender {
        set("gender", Box::new(gender.map(Gender::as_str)));
    }
    if let Some(nationality) = change.nationality {
        let code = nationality.map(|c| c.trim().to_uppercase());
        set("nationality", Box::new(code));
    }
    // Country and city are set together, so the pair is checked by the composite foreign key.
    let mut db = state.db.get().await?;
    let tx = db.transaction().await?;
    match (&change.country, change.city_id) {
        (None, None) => {}
        (Some(country), city) => {
            let country_id =
                crate::catalogue::country_field(&tx, "country", country, &mut problems).await?;
            set("country_id", Box::new(country_id));
            set("city_id", Box::new(city.flatten()));
        }
        (None, Some(city)) => set("city_id", Box::new(city)),
    }
    for (field, column, context, value) in [
        ("phone", "phone_encrypted", PHONE_FIELD, &change.phone),
        (
            "whatsapp",
            "whatsapp_encrypted",
            WHATSAPP_FIELD,
            &change.whatsapp,
        ),
    ] {
        match value {
            None => {}
            Some(None) => {
                set(column, Box::new(None::<Vec<u8>>));
                if field == "phone" {
                    set("phone_blind_index", Box::new(None::<Vec<u8>>));
                }
            }
            Some(Some(raw)) => match normalize_phone(field, raw) {
                Ok(number) => {
                    set(column, Box::new(state.cipher.seal(context, &number)));
                    if field == "phone" {
                        let index = state
                            .cipher
                            .blind_index(context, &crypto::normalize_identifier(&number));
                        set("phone_blind_index", Box::new(index));
                    }
                }
                Err(problem) => problems.push(problem),
            },
        }
    }
    match &change.address {
        None => {}
        Some(None) => set("address_encrypted", Box::new(None::<Vec<u8>>)),
        Some(Some(address)) => {
            let address = address.trim();
            if let Some(issue) = FieldIssue::text(address, 300) {
                problems.push(FieldError::new("address", issue));
            } else {
                set(
                    "address_encrypted",
                    Box::new(state.cipher.seal(ADDRESS_FIELD, address)),
                );
            }
        }
    }
    if let Some(language) = &change.preferred_language {
        if ["fr", "en"].contains(&language.as_str()) {
            set("preferred_language", Box::new(language.clone()));
        } else {
            problems.push(FieldError::new(
                "preferred_language",
                FieldIssue::not_allowed(&["fr", "en"]),
            ));
        }
    }
    if let Some(public) = change.profile_public {
        set("profile_public", Box::new(public));
    }
    for (field, present) in [
        ("role", change.role.is_some()),
        ("account_active", change.account_active.is_some()),
    ] {
        if present && matches!(editor, Editor::Owner) {
            problems.push(FieldError::new(field, FieldIssue::ReadOnly));
        }
    }
    if !problems.is_empty() {
        return Err(Error::Validation(problems));
    }

    if !sets.is_empty() {
        let sql = format!(
            "UPDATE users SET {}, updated_at = now() WHERE id = $1",
            sets.join(", ")
        );
        let params: Vec<&(dyn ToSql + Sync)> = params
            .iter()
            .map(|p| p.as_ref() as &(dyn ToSql + Sync))
            .collect();
        let updated = tx.execute(&sql, &params).await.map_err(reference_error)?;
        if updated == 0 {
            return Err(Error::NotFound);
        }
    }
    if let Editor::Admin { by, client } = editor {
        let access = AccessChange {
            role: change.role,
            active: change.account_active,
        };
        // In the same transaction: a refused role change leaves the other fields unwritten.
        access::apply(&tx, user_id, access, by, client).await?;
    }
    tx.commit().await?;
    drop(db);
    profile(state, user_id).await
}

/// Maps the reference checks the database makes to the field they concern.
fn reference_error(e: tokio_postgres::Error) -> Error {
    let constraint = e
        .as_db_error()
        .and_then(|d| d.constraint())
        .unwrap_or_default();
    match constraint {
        "users_nationality_fkey" => Error::validation("nationality", FieldIssue::Unknown),
        "users_country_id_city_id_fkey" => {
            Error::validation("city_id", FieldIssue::mismatch("country"))
        }
        "users_check" => Error::validation("city_id", FieldIssue::mismatch("country")),
        _ => e.into(),
    }
}

/// Replaces a person's talents with `talent_ids` (active catalogue entries, at most 20).
pub async fn set_talents(
    state: &AppState,
    user_id: i64,
    talent_ids: &[i32],
) -> Result<Profile, Error> {
    let mut ids = talent_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() > MAX_TALENTS {
        return Err(Error::validation(
            "talent_ids",
            FieldIssue::TooMany {
                max: MAX_TALENTS as u64,
            },
        ));
    }
    let mut db = state.db.get().await?;
    let tx = db.transaction().await?;
    let known: i64 = tx
        .query_one(
            "SELECT count(*) FROM talents WHERE id = ANY($1) AND is_active",
            &[&ids],
        )
        .await?
        .get(0);
    if known != ids.len() as i64 {
        return Err(Error::validation("talent_ids", FieldIssue::Unknown));
    }
    tx.execute(
        "DELETE FROM user_talents WHERE user_id = $1 AND NOT (talent_id = ANY($2))",
        &[&user_id, &ids],
    )
    .await?;
    tx.execute(
        "INSERT INTO user_talents (user_id, talent_id) SELECT $1, unnest($2::int[])
         ON CONFLICT (user_id, talent_id) DO NOTHING",
        &[&user_id, &ids],
    )
    .await?;
    tx.execute(
        "UPDATE users SET updated_at = now() WHERE id = $1",
        &[&user_id],
    )
    .await?;
    tx.commit().await?;
    // Back to the pool before anything else takes a connection (Lambda's pool is small).
    drop(db);
    profile(state, user_id).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_are_kept_in_international_form() {
        assert_eq!(
            normalize_phone("phone", "+221 77 123 45 67").unwrap(),
            "+221771234567"
        );
        assert_eq!(
            normalize_phone("phone", "+234 (803) 555-0101").unwrap(),
            "+2348035550101"
        );
        for bad in [
            "77 123 45 67",
            "+221",
            "+221 77 abc 45 67",
            "+1234567890123456",
        ] {
            assert!(normalize_phone("phone", bad).is_err(), "{bad}");
        }
    }
}
