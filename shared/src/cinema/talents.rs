//! The casting base: screen talents' profiles kept by productions, with every seed column,
//! contact and ID fields encrypted, controlled vocabularies, sensitive-category consents, and
//! the combinable casting search.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::{IntoParams, ToSchema};

use crate::{
    AppState, Error,
    age::age_on,
    codes, crypto,
    error::{FieldError, FieldFormat, FieldIssue},
    pagination::{Page, PageRequest},
    profiles::{
        CityRef, Gender, Place,
        update::{normalize_phone, nullable},
    },
    sql::{self, Conditions},
};

const ID_NUMBER_FIELD: &str = "cinema_talents.id_document_number";
const PHONE_FIELD: &str = "cinema_talents.phone";
const WHATSAPP_FIELD: &str = "cinema_talents.whatsapp";
const SOCIAL_FIELD: &str = "cinema_talents.social_links";
/// The wording of the consent a production records for a sensitive category.
pub const CONSENT_VERSION: &str = "2026-11";

/// Sensitive categories: recorded only with the talent's consent, cleared when it is withdrawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SensitiveKind {
    Ethnicity,
    SkinTone,
    IdDocument,
}

impl SensitiveKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SensitiveKind::Ethnicity => "ethnicity",
            SensitiveKind::SkinTone => "skin_tone",
            SensitiveKind::IdDocument => "id_document",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Ethnicity, Self::SkinTone, Self::IdDocument]
            .into_iter()
            .find(|k| k.as_str() == value)
    }

    /// What withdrawing the consent erases.
    fn clears(self) -> &'static str {
        match self {
            SensitiveKind::Ethnicity => "ethnicities = '{}'",
            SensitiveKind::SkinTone => "skin_tone = NULL",
            SensitiveKind::IdDocument => {
                "id_document_type = NULL, id_document_number_encrypted = NULL, id_document_number_blind_index = NULL"
            }
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CinemaTalent {
    pub id: i64,
    pub unique_code: String,
    pub first_name: String,
    pub last_name: String,
    pub gender: Option<String>,
    #[schema(value_type = Option<String>, format = Date)]
    pub date_of_birth: Option<Date>,
    pub age: Option<i32>,
    pub id_document_type: Option<String>,
    pub id_document_number: Option<String>,
    pub ethnicities: Vec<String>,
    pub nationality: Option<String>,
    pub country: Option<Place>,
    pub city: Option<CityRef>,
    pub languages_spoken: Vec<String>,
    pub years_of_experience: Option<i16>,
    pub talent_types: Vec<String>,
    pub other_talents: Option<String>,
    pub eye_color: Option<String>,
    pub hair_color: Option<String>,
    pub hair_type: Option<String>,
    /// Centimetres.
    pub height: Option<i16>,
    pub skin_tone: Option<String>,
    pub build: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub whatsapp: Option<String>,
    /// `{network: url}`.
    pub social_links: BTreeMap<String, String>,
    /// Short-lived links to the verified profile photo and gallery pictures.
    pub profile_photo_url: Option<String>,
    pub gallery_urls: Vec<String>,
    /// Sensitive categories the talent consented to (live grants).
    pub consents: Vec<SensitiveKind>,
    /// The live grants with their wording's version, when and by whom they were recorded.
    pub consent_records: Vec<ConsentRecord>,
    pub is_active: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// A live sensitive-category consent: what the talent agreed to, when, and which member of
/// staff recorded it (`null` once that account is deleted).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ConsentRecord {
    pub kind: SensitiveKind,
    /// The wording's version (`CONSENT_VERSION` when it was recorded).
    pub version: String,
    #[serde(with = "time::serde::rfc3339")]
    pub granted_at: OffsetDateTime,
    pub recorded_by: Option<String>,
}

/// A new casting profile or a change to one: absent fields stay, `null` clears.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CinemaTalentInput {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Gender>)]
    pub gender: Option<Option<Gender>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, format = Date)]
    pub date_of_birth: Option<Option<Date>>,
    /// Vocabulary `id_document_type`; needs the `id_document` consent.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub id_document_type: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub id_document_number: Option<Option<String>>,
    /// Needs the `ethnicity` consent.
    pub ethnicities: Option<Vec<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub nationality: Option<Option<String>>,
    /// ISO code of the country of residence.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub country: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i32>)]
    pub city_id: Option<Option<i32>>,
    /// Vocabulary `language` codes.
    pub languages_spoken: Option<Vec<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i16>, minimum = -32768, maximum = 32767)]
    pub years_of_experience: Option<Option<i16>>,
    /// Vocabulary `talent_type` codes.
    pub talent_types: Option<Vec<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub other_talents: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub eye_color: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub hair_color: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub hair_type: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i16>, minimum = -32768, maximum = 32767)]
    pub height: Option<Option<i16>>,
    /// Vocabulary `skin_tone`; needs the `skin_tone` consent.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub skin_tone: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub build: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(schema_with = crate::http::schemas::phone_or_null)]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(schema_with = crate::http::schemas::phone_or_null)]
    pub whatsapp: Option<Option<String>>,
    #[schema(schema_with = crate::http::schemas::social_links_or_null)]
    pub social_links: Option<BTreeMap<String, String>>,
    /// Consents the talent gave (recorded now, with who recorded them).
    pub consents: Option<Vec<SensitiveKind>>,
    pub is_active: Option<bool>,
}

const SELECT: &str = "
    SELECT ct.*, co.code::text AS country_code, co.name_fr AS country_name_fr,
           co.name_en AS country_name_en, ci.id AS city_id, ci.name AS city_name,
           ct.nationality::text AS nationality_code,
           coalesce((SELECT array_agg(kind ORDER BY kind) FROM cinema_talent_consents c
                      WHERE c.cinema_talent_id = ct.id AND c.withdrawn_at IS NULL), '{}') AS consent_kinds,
           coalesce((SELECT json_agg(json_build_object(
                                'kind', c.kind, 'version', c.version,
                                'granted_at', c.granted_at,
                                'recorded_by', u.first_name || ' ' || u.last_name) ORDER BY c.kind)::text
                       FROM cinema_talent_consents c LEFT JOIN users u ON u.id = c.recorded_by
                      WHERE c.cinema_talent_id = ct.id AND c.withdrawn_at IS NULL), '[]') AS consent_records
      FROM cinema_talents ct
      LEFT JOIN countries co ON co.id = ct.country_of_residence_id
      LEFT JOIN cities ci ON ci.id = ct.city_of_residence_id";

async fn from_row(state: &AppState, row: &tokio_postgres::Row) -> Result<CinemaTalent, Error> {
    let mut gallery_urls = Vec::new();
    for key in row.get::<_, Vec<String>>("gallery_photos") {
        if let Some(url) = crate::profiles::file_link(state, Some(key)).await? {
            gallery_urls.push(url);
        }
    }
    let profile_photo_url =
        crate::profiles::file_link(state, row.get("profile_photo_filename")).await?;
    let cipher = &state.cipher;
    let today = OffsetDateTime::now_utc().date();
    let date_of_birth: Option<Date> = row.get("date_of_birth");
    let social: Option<String> =
        cipher.open_optional(SOCIAL_FIELD, row.get("social_links_encrypted"))?;
    Ok(CinemaTalent {
        id: row.get("id"),
        unique_code: row.get("unique_code"),
        first_name: row.get("first_name"),
        last_name: row.get("last_name"),
        gender: row.get("gender"),
        date_of_birth,
        age: date_of_birth.map(|d| age_on(d, today)),
        id_document_type: row.get("id_document_type"),
        id_document_number: cipher
            .open_optional(ID_NUMBER_FIELD, row.get("id_document_number_encrypted"))?,
        ethnicities: row.get("ethnicities"),
        nationality: row.get("nationality_code"),
        country: crate::profiles::country_of(row),
        city: crate::profiles::city_of(row),
        languages_spoken: row.get("languages_spoken"),
        years_of_experience: row.get("years_of_experience"),
        talent_types: row.get("talent_types"),
        other_talents: row.get("other_talents"),
        eye_color: row.get("eye_color"),
        hair_color: row.get("hair_color"),
        hair_type: row.get("hair_type"),
        height: row.get("height"),
        skin_tone: row.get("skin_tone"),
        build: row.get("build"),
        email: row.get("email"),
        phone: cipher.open_optional(PHONE_FIELD, row.get("phone_encrypted"))?,
        whatsapp: cipher.open_optional(WHATSAPP_FIELD, row.get("whatsapp_encrypted"))?,
        social_links: social
            .map(|json| serde_json::from_str(&json))
            .transpose()
            .map_err(|e| Error::Internal(e.into()))?
            .unwrap_or_default(),
        profile_photo_url,
        gallery_urls,
        consents: row
            .get::<_, Vec<String>>("consent_kinds")
            .iter()
            .filter_map(|k| SensitiveKind::parse(k))
            .collect(),
        consent_records: serde_json::from_str(row.get("consent_records"))
            .map_err(|e| Error::Internal(e.into()))?,
        is_active: row.get("is_active"),
        created_at: row.get("created_at"),
        updated_at: row.get("updated_at"),
    })
}

/// One casting profile; an inactive one only for admins.
pub async fn get(state: &AppState, id: i64, include_inactive: bool) -> Result<CinemaTalent, Error> {
    let row = state
        .db
        .get()
        .await?
        .query_opt(
            &format!("{SELECT} WHERE ct.id = $1 AND (ct.is_active OR $2)"),
            &[&id, &include_inactive],
        )
        .await?
        .ok_or(Error::NotFound)?;
    from_row(state, &row).await
}

/// The controlled vocabularies, by kind: `{kind: {code: (label_fr, label_en)}}`.
pub async fn vocabulary(state: &AppState) -> Result<BTreeMap<String, Vec<VocabularyEntry>>, Error> {
    let rows = state
        .db
        .get()
        .await?
        .query(
            "SELECT kind, code, label_fr, label_en FROM cinema_vocabulary ORDER BY kind, sort_order, code",
            &[],
        )
        .await?;
    let mut by_kind: BTreeMap<String, Vec<VocabularyEntry>> = BTreeMap::new();
    for row in rows {
        by_kind
            .entry(row.get(0))
            .or_default()
            .push(VocabularyEntry {
                code: row.get(1),
                label_fr: row.get(2),
                label_en: row.get(3),
            });
    }
    Ok(by_kind)
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct VocabularyEntry {
    pub code: String,
    pub label_fr: String,
    pub label_en: String,
}

/// Creates a casting profile (first and last name required) with a fresh cinema code.
pub async fn create(
    state: &AppState,
    input: CinemaTalentInput,
    recorded_by: i64,
) -> Result<CinemaTalent, Error> {
    let mut problems = Vec::new();
    for (field, value) in [
        ("first_name", &input.first_name),
        ("last_name", &input.last_name),
    ] {
        if value.is_none() {
            problems.push(FieldError::new(field, FieldIssue::Required));
        }
    }
    if !problems.is_empty() {
        return Err(Error::Validation(problems));
    }
    let mut db = state.db.get().await?;
    let tx = db.transaction().await?;
    let mut id = None;
    for _ in 0..codes::MAX_ATTEMPTS {
        id = tx
            .query_opt(
                "INSERT INTO cinema_talents (unique_code, first_name, last_name, created_by)
                 VALUES ($1, 'x', 'x', $2) ON CONFLICT (unique_code) DO NOTHING RETURNING id",
                &[&codes::generate(), &recorded_by],
            )
            .await?
            .map(|row| row.get::<_, i64>(0));
        if id.is_some() {
            break;
        }
    }
    let id = id.ok_or_else(|| Error::Internal(anyhow::anyhow!("no free cinema code")))?;
    apply(state, &tx, id, input, recorded_by).await?;
    tx.commit().await?;
    drop(db);
    get(state, id, true).await
}

/// Changes a casting profile; 404 for an unknown id.
pub async fn change(
    state: &AppState,
    id: i64,
    input: CinemaTalentInput,
    recorded_by: i64,
) -> Result<CinemaTalent, Error> {
    let mut db = state.db.get().await?;
    let tx = db.transaction().await?;
    let exists = tx
        .query_opt(
            "SELECT 1 FROM cinema_talents WHERE id = $1 FOR UPDATE",
            &[&id],
        )
        .await?;
    if exists.is_none() {
        return Err(Error::NotFound);
    }
    apply(state, &tx, id, input, recorded_by).await?;
    tx.commit().await?;
    drop(db);
    get(state, id, true).await
}

/// Validates `input` whole, then writes it in `tx`. Consents come first, so a sensitive value
/// is accepted only with its consent (given now or before).
async fn apply(
    state: &AppState,
    tx: &deadpool_postgres::Transaction<'_>,
    id: i64,
    input: CinemaTalentInput,
    recorded_by: i64,
) -> Result<(), Error> {
    let vocabulary = vocabulary_codes(tx).await?;
    let mut problems = Vec::new();
    let mut sets: Vec<String> = Vec::new();
    let mut params: Vec<sql::Param> = vec![Box::new(id)];
    let mut set = |column: &str, value: sql::Param| {
        params.push(value);
        sets.push(format!("{column} = ${}", params.len()));
    };

    let live: HashSet<String> = tx
        .query(
            "SELECT kind FROM cinema_talent_consents WHERE cinema_talent_id = $1 AND withdrawn_at IS NULL",
            &[&id],
        )
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let granted = input.consents.clone().unwrap_or_default();
    let consented = |kind: SensitiveKind| live.contains(kind.as_str()) || granted.contains(&kind);

    for (field, value) in [
        ("first_name", &input.first_name),
        ("last_name", &input.last_name),
    ] {
        if let Some(value) = value {
            match FieldIssue::text(value, 100) {
                Some(issue) => problems.push(FieldError::new(field, issue)),
                None => set(field, Box::new(value.trim().to_owned())),
            }
        }
    }
    if let Some(gender) = input.gender {
        set("gender", Box::new(gender.map(Gender::as_str)));
    }
    if let Some(date) = input.date_of_birth {
        let today = OffsetDateTime::now_utc().date();
        if date.is_some_and(|d| d > today) {
            problems.push(FieldError::new("date_of_birth", FieldIssue::InFuture));
        } else if date.is_some_and(|d| age_on(d, today) > 110) {
            problems.push(FieldError::new("date_of_birth", FieldIssue::Invalid));
        } else {
            set("date_of_birth", Box::new(date));
        }
    }
    let vocab = |field: &str,
                 kind: &str,
                 value: &Option<Option<String>>,
                 problems: &mut Vec<FieldError>|
     -> Option<Option<String>> {
        match value {
            None => None,
            Some(None) => Some(None),
            Some(Some(code))
                if vocabulary
                    .get(kind)
                    .is_some_and(|codes| codes.contains(code)) =>
            {
                Some(Some(code.clone()))
            }
            Some(Some(_)) => {
                problems.push(FieldError::new(field, FieldIssue::Unknown));
                None
            }
        }
    };
    for (field, kind, value) in [
        ("eye_color", "eye_color", &input.eye_color),
        ("hair_color", "hair_color", &input.hair_color),
        ("hair_type", "hair_type", &input.hair_type),
        ("build", "build", &input.build),
    ] {
        if let Some(value) = vocab(field, kind, value, &mut problems) {
            set(field, Box::new(value));
        }
    }
    if let Some(value) = vocab("skin_tone", "skin_tone", &input.skin_tone, &mut problems) {
        if value.is_some() && !consented(SensitiveKind::SkinTone) {
            problems.push(FieldError::new("skin_tone", FieldIssue::ConsentRequired));
        } else {
            set("skin_tone", Box::new(value));
        }
    }
    if let Some(value) = vocab(
        "id_document_type",
        "id_document_type",
        &input.id_document_type,
        &mut problems,
    ) {
        if value.is_some() && !consented(SensitiveKind::IdDocument) {
            problems.push(FieldError::new(
                "id_document_type",
                FieldIssue::ConsentRequired,
            ));
        } else {
            set("id_document_type", Box::new(value));
        }
    }
    match &input.id_document_number {
        None => {}
        Some(None) => {
            set("id_document_number_encrypted", Box::new(None::<Vec<u8>>));
            set("id_document_number_blind_index", Box::new(None::<Vec<u8>>));
        }
        Some(Some(number)) => {
            let normalized = crypto::normalize_identifier(number);
            if !consented(SensitiveKind::IdDocument) {
                problems.push(FieldError::new(
                    "id_document_number",
                    FieldIssue::ConsentRequired,
                ));
            } else if let Some(issue) = FieldIssue::length(&normalized, 4, 30) {
                problems.push(FieldError::new("id_document_number", issue));
            } else {
                set(
                    "id_document_number_encrypted",
                    Box::new(state.cipher.seal(ID_NUMBER_FIELD, &normalized)),
                );
                set(
                    "id_document_number_blind_index",
                    Box::new(state.cipher.blind_index(ID_NUMBER_FIELD, &normalized)),
                );
            }
        }
    }
    if let Some(ethnicities) = &input.ethnicities {
        let cleaned: Vec<String> = ethnicities.iter().map(|e| e.trim().to_owned()).collect();
        if !cleaned.is_empty() && !consented(SensitiveKind::Ethnicity) {
            problems.push(FieldError::new("ethnicities", FieldIssue::ConsentRequired));
        } else if let Some(issue) = FieldIssue::list(&cleaned, 5, 60) {
            problems.push(FieldError::new("ethnicities", issue));
        } else {
            set("ethnicities", Box::new(cleaned));
        }
    }
    for (field, kind, value) in [
        ("languages_spoken", "language", &input.languages_spoken),
        ("talent_types", "talent_type", &input.talent_types),
    ] {
        if let Some(list) = value {
            let unknown: Vec<&String> = list
                .iter()
                .filter(|code| {
                    !vocabulary
                        .get(kind)
                        .is_some_and(|codes| codes.contains(*code))
                })
                .collect();
            if unknown.is_empty() {
                let mut list = list.clone();
                list.sort();
                list.dedup();
                set(field, Box::new(list));
            } else {
                problems.push(FieldError::new(field, FieldIssue::Unknown));
            }
        }
    }
    if let Some(nationality) = &input.nationality {
        set(
            "nationality",
            Box::new(nationality.as_ref().map(|c| c.trim().to_uppercase())),
        );
    }
    match (&input.country, input.city_id) {
        (None, None) => {}
        (Some(country), city) => {
            let country_id =
                crate::catalogue::country_field(tx, "country", country, &mut problems).await?;
            set("country_of_residence_id", Box::new(country_id));
            set("city_of_residence_id", Box::new(city.flatten()));
        }
        (None, Some(city)) => set("city_of_residence_id", Box::new(city)),
    }
    if let Some(years) = input.years_of_experience {
        if let Some(issue) = years.and_then(|y| FieldIssue::range(y.into(), 0, 90)) {
            problems.push(FieldError::new("years_of_experience", issue));
        } else {
            set("years_of_experience", Box::new(years));
        }
    }
    if let Some(height) = input.height {
        if let Some(issue) = height.and_then(|h| FieldIssue::range(h.into(), 40, 260)) {
            problems.push(FieldError::new("height", issue));
        } else {
            set("height", Box::new(height));
        }
    }
    if let Some(other) = &input.other_talents {
        if other.as_ref().is_some_and(|o| o.chars().count() > 500) {
            problems.push(FieldError::new(
                "other_talents",
                FieldIssue::TooLong { max: 500 },
            ));
        } else {
            set("other_talents", Box::new(other.clone()));
        }
    }
    if let Some(email) = &input.email {
        match email
            .as_deref()
            .map(crate::email_address::normalize_email)
            .transpose()
        {
            Ok(email) => set("email", Box::new(email)),
            Err(_) => problems.push(FieldError::new(
                "email",
                FieldIssue::format(FieldFormat::Email),
            )),
        }
    }
    for (field, column, context, value) in [
        ("phone", "phone_encrypted", PHONE_FIELD, &input.phone),
        (
            "whatsapp",
            "whatsapp_encrypted",
            WHATSAPP_FIELD,
            &input.whatsapp,
        ),
    ] {
        match value {
            None => {}
            Some(None) => set(column, Box::new(None::<Vec<u8>>)),
            Some(Some(raw)) => match normalize_phone(field, raw) {
                Ok(number) => set(column, Box::new(state.cipher.seal(context, &number))),
                Err(problem) => problems.push(problem),
            },
        }
    }
    if let Some(links) = &input.social_links {
        if let Some(problem) = crate::error::social_links_problem("social_links", links.iter()) {
            problems.push(problem);
        } else if links.is_empty() {
            set("social_links_encrypted", Box::new(None::<Vec<u8>>));
        } else {
            let json = serde_json::to_string(links).map_err(|e| Error::Internal(e.into()))?;
            set(
                "social_links_encrypted",
                Box::new(state.cipher.seal(SOCIAL_FIELD, &json)),
            );
        }
    }
    if let Some(active) = input.is_active {
        set("is_active", Box::new(active));
    }
    if !problems.is_empty() {
        return Err(Error::Validation(problems));
    }

    for kind in granted {
        tx.execute(
            "INSERT INTO cinema_talent_consents (cinema_talent_id, kind, version, recorded_by)
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            &[&id, &kind.as_str(), &CONSENT_VERSION, &recorded_by],
        )
        .await?;
    }
    if !sets.is_empty() {
        let statement = format!(
            "UPDATE cinema_talents SET {}, updated_at = now() WHERE id = $1",
            sets.join(", ")
        );
        tx.execute(&statement, &sql::refs(&params))
            .await
            .map_err(reference_error)?;
    }
    Ok(())
}

fn reference_error(e: tokio_postgres::Error) -> Error {
    match e
        .as_db_error()
        .and_then(|d| d.constraint())
        .unwrap_or_default()
    {
        "cinema_talents_nationality_fkey" => Error::validation("nationality", FieldIssue::Unknown),
        // Postgres cuts names at 63 bytes: the (country, city) key's is this, not the 64-byte
        // name it would be given in full (which never matched, so a foreign city was a 500).
        "cinema_talents_country_of_residence_id_city_of_residence_i_fkey" => {
            Error::validation("city_id", FieldIssue::mismatch("country"))
        }
        "cinema_talents_check" => Error::validation("city_id", FieldIssue::mismatch("country")),
        _ => e.into(),
    }
}

async fn vocabulary_codes(
    tx: &deadpool_postgres::Transaction<'_>,
) -> Result<HashMap<String, HashSet<String>>, Error> {
    let mut codes: HashMap<String, HashSet<String>> = HashMap::new();
    for row in tx
        .query("SELECT kind, code FROM cinema_vocabulary", &[])
        .await?
    {
        codes.entry(row.get(0)).or_default().insert(row.get(1));
    }
    Ok(codes)
}

/// Withdraws a sensitive-category consent and erases what it covered, in one transaction.
pub async fn withdraw_consent(state: &AppState, id: i64, kind: SensitiveKind) -> Result<(), Error> {
    let mut db = state.db.get().await?;
    let tx = db.transaction().await?;
    let withdrawn = tx
        .execute(
            "UPDATE cinema_talent_consents SET withdrawn_at = now()
              WHERE cinema_talent_id = $1 AND kind = $2 AND withdrawn_at IS NULL",
            &[&id, &kind.as_str()],
        )
        .await?;
    if withdrawn == 0 {
        return Err(Error::NotFound);
    }
    // The column list is a constant per kind, never input.
    tx.execute(
        &format!(
            "UPDATE cinema_talents SET {}, updated_at = now() WHERE id = $1",
            kind.clears()
        ),
        &[&id],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Default, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CastingQuery {
    #[param(minimum = 1, maximum = 2147483647, default = 1)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub per_page: Option<u32>,
    pub gender: Option<Gender>,
    /// Not above `age_max`.
    #[param(minimum = 0, maximum = 120)]
    pub age_min: Option<i32>,
    #[param(minimum = 0, maximum = 120)]
    pub age_max: Option<i32>,
    /// Centimetres; not above `height_max`.
    #[param(minimum = -32768, maximum = 32767)]
    pub height_min: Option<i16>,
    #[param(minimum = -32768, maximum = 32767)]
    pub height_max: Option<i16>,
    pub eye_color: Option<String>,
    pub hair_color: Option<String>,
    pub hair_type: Option<String>,
    pub skin_tone: Option<String>,
    pub build: Option<String>,
    pub ethnicity: Option<String>,
    /// Comma-separated language codes: the talent speaks all of them.
    pub languages: Option<String>,
    /// Comma-separated talent types: any of them.
    pub talent_types: Option<String>,
    /// Country of residence (ISO code).
    pub country: Option<String>,
    pub city_id: Option<i32>,
    #[param(minimum = -32768, maximum = 32767)]
    pub min_experience: Option<i16>,
    /// A name; accents, case and small typos do not matter.
    #[param(max_length = 100)]
    pub q: Option<String>,
    /// `name` (default), `age`, `height`, `experience` or `recent`.
    pub sort: Option<String>,
    /// Admins: include deactivated profiles.
    #[serde(default)]
    pub include_inactive: bool,
}

/// One line of a casting search.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CastingResult {
    pub id: i64,
    pub unique_code: String,
    pub first_name: String,
    pub last_name: String,
    pub gender: Option<String>,
    pub age: Option<i32>,
    pub height: Option<i16>,
    pub country: Option<Place>,
    pub city: Option<CityRef>,
    pub talent_types: Vec<String>,
    pub languages_spoken: Vec<String>,
    pub years_of_experience: Option<i16>,
    /// The thumbnail's stable address on this origin (it redirects to a short-lived link), when
    /// the profile has a verified photo.
    pub photo_url: Option<String>,
}

fn list(raw: &Option<String>) -> Option<Vec<String>> {
    raw.as_ref().map(|s| {
        s.split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect()
    })
}

/// The casting search's conditions over `ct`; every filter combines with the others.
pub fn casting_conditions(
    query: &CastingQuery,
    today: Date,
    include_inactive: bool,
) -> Result<Conditions, Error> {
    casting_conditions_on(
        query,
        today,
        Conditions::new(if include_inactive {
            &[]
        } else {
            &["ct.is_active"]
        }),
    )
}

/// The same conditions for matching a brief (active profiles): a profile without the gender,
/// birth date, height or place a filter is on passes it (the match says what it lacks).
pub fn casting_matching_conditions(query: &CastingQuery, today: Date) -> Result<Conditions, Error> {
    casting_conditions_on(
        query,
        today,
        Conditions::new(&["ct.is_active"]).unknown_passes(),
    )
}

fn casting_conditions_on(
    query: &CastingQuery,
    today: Date,
    mut c: Conditions,
) -> Result<Conditions, Error> {
    let mut problems = Vec::new();
    if let Some(gender) = query.gender {
        c.push_on(
            "ct.gender",
            |n| format!("ct.gender = ${n}"),
            Box::new(gender.as_str()),
        );
    }
    sql::push_age_range(
        &mut c,
        "ct.date_of_birth",
        today,
        (query.age_min, query.age_max),
        110,
        &mut problems,
    );
    if let (Some(min), Some(max)) = (query.height_min, query.height_max)
        && min > max
    {
        problems.push(FieldError::new(
            "query.height_min",
            FieldIssue::mismatch("query.height_max"),
        ));
    }
    if let Some(min) = query.height_min {
        c.push_on("ct.height", |n| format!("ct.height >= ${n}"), Box::new(min));
    }
    if let Some(max) = query.height_max {
        c.push_on("ct.height", |n| format!("ct.height <= ${n}"), Box::new(max));
    }
    for (column, value) in [
        ("ct.eye_color", &query.eye_color),
        ("ct.hair_color", &query.hair_color),
        ("ct.hair_type", &query.hair_type),
        ("ct.skin_tone", &query.skin_tone),
        ("ct.build", &query.build),
    ] {
        if let Some(value) = value {
            c.push(|n| format!("{column} = ${n}"), Box::new(value.clone()));
        }
    }
    if let Some(ethnicity) = &query.ethnicity {
        c.push(
            |n| format!("ct.ethnicities @> ARRAY[${n}::text]"),
            Box::new(ethnicity.clone()),
        );
    }
    if let Some(languages) = list(&query.languages).filter(|l| !l.is_empty()) {
        c.push(
            |n| format!("ct.languages_spoken @> ${n}"),
            Box::new(languages),
        );
    }
    if let Some(types) = list(&query.talent_types).filter(|l| !l.is_empty()) {
        c.push(|n| format!("ct.talent_types && ${n}"), Box::new(types));
    }
    if let Some(country) = &query.country {
        c.push_on(
            "ct.country_of_residence_id",
            |n| format!("ct.country_of_residence_id = (SELECT id FROM countries WHERE code = upper(${n}))"),
            Box::new(country.clone()),
        );
    }
    if let Some(city) = query.city_id {
        c.push_on(
            "ct.city_of_residence_id",
            |n| format!("ct.city_of_residence_id = ${n}"),
            Box::new(city),
        );
    }
    if let Some(min) = query.min_experience {
        c.push(|n| format!("ct.years_of_experience >= ${n}"), Box::new(min));
    }
    if let Some(q) = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        if q.chars().count() > 100 {
            problems.push(FieldError::new("query.q", FieldIssue::TooLong { max: 100 }));
        }
        // The query appears in the name, or a word of the name is close to it (a typo, a
        // spelling variant: pg_trgm's `<%`, word similarity ≥ 0.6); the trigram index serves
        // both.
        let name = "search_text(ct.first_name || ' ' || ct.last_name)";
        c.push(
            |n| {
                format!(
                    "({name} LIKE '%' || search_text(${n}) || '%' OR search_text(${n}) <% {name})"
                )
            },
            Box::new(sql::like_literal(q)),
        );
    }
    if problems.is_empty() {
        Ok(c)
    } else {
        Err(Error::Validation(problems))
    }
}

/// The ORDER BY of a casting search's `sort` (the search and its exports share it).
pub fn order_by(sort: Option<&str>) -> Result<&'static str, Error> {
    Ok(match sort.unwrap_or("name") {
        "name" => "search_text(ct.last_name), search_text(ct.first_name), ct.id",
        "age" => "ct.date_of_birth DESC NULLS LAST, ct.id",
        "height" => "ct.height NULLS LAST, ct.id",
        "experience" => "ct.years_of_experience DESC NULLS LAST, ct.id",
        "recent" => "ct.created_at DESC, ct.id DESC",
        _ => {
            return Err(Error::validation(
                "query.sort",
                FieldIssue::not_allowed(&["name", "age", "height", "experience", "recent"]),
            ));
        }
    })
}

/// The statements of a casting search (count and page) with their parameters.
pub struct CastingSql {
    pub count_sql: String,
    pub page_sql: String,
    params: Vec<sql::Param>,
}

impl CastingSql {
    pub fn build(
        query: &CastingQuery,
        today: Date,
        page: PageRequest,
        include_inactive: bool,
    ) -> Result<Self, Error> {
        let order = order_by(query.sort.as_deref())?;
        let (conditions, mut params) =
            casting_conditions(query, today, include_inactive)?.into_parts();
        let count_sql = format!("SELECT count(*) FROM cinema_talents ct WHERE {conditions}");
        let page_sql = format!(
            "SELECT ct.id, ct.unique_code, ct.first_name, ct.last_name, ct.gender, ct.date_of_birth, ct.height,
                    ct.talent_types, ct.languages_spoken, ct.years_of_experience,
                    ct.profile_photo_filename IS NOT NULL AS has_photo,
                    co.code::text AS country_code, co.name_fr AS country_name_fr, co.name_en AS country_name_en,
                    ci.id AS city_id, ci.name AS city_name
               FROM cinema_talents ct
               LEFT JOIN countries co ON co.id = ct.country_of_residence_id
               LEFT JOIN cities ci ON ci.id = ct.city_of_residence_id
              WHERE {conditions}
              ORDER BY {order}
              LIMIT ${} OFFSET ${}",
            params.len() + 1,
            params.len() + 2
        );
        params.push(Box::new(page.limit()));
        params.push(Box::new(page.offset()));
        Ok(Self {
            count_sql,
            page_sql,
            params,
        })
    }

    pub fn count_params(&self) -> Vec<&(dyn tokio_postgres::types::ToSql + Sync)> {
        let params = sql::refs(&self.params);
        params[..params.len() - 2].to_vec()
    }

    pub fn page_params(&self) -> Vec<&(dyn tokio_postgres::types::ToSql + Sync)> {
        sql::refs(&self.params)
    }
}

pub async fn search(
    state: &AppState,
    query: &CastingQuery,
    page: PageRequest,
    include_inactive: bool,
) -> Result<Page<CastingResult>, Error> {
    let today = OffsetDateTime::now_utc().date();
    let statements = CastingSql::build(query, today, page, include_inactive)?;
    let db = state.db.get().await?;
    let total: i64 = db
        .query_one(&statements.count_sql, &statements.count_params())
        .await?
        .get(0);
    let rows = db
        .query(&statements.page_sql, &statements.page_params())
        .await?;
    let items = rows
        .iter()
        .map(|row| CastingResult {
            id: row.get("id"),
            unique_code: row.get("unique_code"),
            first_name: row.get("first_name"),
            last_name: row.get("last_name"),
            gender: row.get("gender"),
            age: row
                .get::<_, Option<Date>>("date_of_birth")
                .map(|d| age_on(d, today)),
            height: row.get("height"),
            country: crate::profiles::country_of(row),
            city: crate::profiles::city_of(row),
            talent_types: row.get("talent_types"),
            languages_spoken: row.get("languages_spoken"),
            years_of_experience: row.get("years_of_experience"),
            photo_url: row
                .get::<_, bool>("has_photo")
                .then(|| super::photos::path(row.get("id"))),
        })
        .collect();
    Ok(Page::new(items, page, total))
}
