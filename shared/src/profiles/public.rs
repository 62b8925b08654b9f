//! The public page a QR code leads to: only what the person chose to make public (opt-in),
//! never contact details.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{AppState, Error, codes};

use super::{CityRef, Place, TalentRef, file_link};

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PublicProfile {
    pub unique_code: String,
    pub first_name: String,
    /// Only the initial: enough to recognise, not enough to look someone up.
    pub last_initial: String,
    pub country: Option<Place>,
    pub city: Option<CityRef>,
    pub talents: Vec<TalentRef>,
    pub photo_url: Option<String>,
}

/// The public profile of `code`; 404 unless its owner made it public (and the account is live).
pub async fn public_profile(state: &AppState, code: &str) -> Result<PublicProfile, Error> {
    let code = codes::normalize(code).ok_or(Error::NotFound)?;
    let row = state
        .db
        .get()
        .await?
        .query_opt(
            &format!(
                "{} WHERE u.unique_code = $1 AND u.profile_public AND u.account_active
                         AND u.email_confirmed_at IS NOT NULL",
                super::PROFILE_SELECT
            ),
            &[&code],
        )
        .await?
        .ok_or(Error::NotFound)?;
    let last_name: String = row.get("last_name");
    Ok(PublicProfile {
        unique_code: row.get("unique_code"),
        first_name: row.get("first_name"),
        last_initial: last_name
            .chars()
            .next()
            .map(|c| format!("{c}."))
            .unwrap_or_default(),
        country: super::country_of(&row),
        city: super::city_of(&row),
        talents: super::talents_of(&row)?,
        photo_url: file_link(state, row.get("photo_filename")).await?,
    })
}
