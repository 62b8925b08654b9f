//! The JSON schema each task asks the model for (`response_format` with `strict: true`), and
//! the check of every answer against it before use: serde for the shape, then explicit checks
//! of what a schema cannot promise (ids that exist in the Reference, ranges, lengths).

use std::collections::HashSet;

use serde::Deserialize;
use serde_json::{Value, json};

use crate::{
    ai::{
        AiError, BriefCriteria, CvAnalysis, Reference, ShortlistEntry, ShortlistVerdict,
        SuggestedTalent,
    },
    profiles::Gender,
};

fn invalid(reason: impl Into<String>) -> AiError {
    AiError::InvalidAnswer(reason.into())
}

/// `response_format` for a schema named `name`.
pub fn response_format(name: &str, schema: Value) -> Value {
    json!({"type": "json_schema", "json_schema": {"name": name, "strict": true, "schema": schema}})
}

fn object(properties: Value) -> Value {
    let required: Vec<&String> = properties
        .as_object()
        .map(|p| p.keys().collect())
        .unwrap_or_default();
    json!({"type": "object", "additionalProperties": false, "required": required, "properties": properties})
}

fn strings() -> Value {
    json!({"type": "array", "items": {"type": "string"}})
}

fn talent_ids(reference: &Reference) -> Vec<i32> {
    reference.talents.iter().map(|t| t.id).collect()
}

fn nullable_integer() -> Value {
    json!({"type": ["integer", "null"]})
}

pub fn cv_schema(reference: &Reference) -> Value {
    object(json!({
        "summary": {"type": "string"},
        "talents": {"type": "array", "items": object(json!({
            "talent_id": {"type": "integer", "enum": talent_ids(reference)},
            "evidence": {"type": "string"},
        }))},
        "languages": strings(),
        "years_experience": nullable_integer(),
        "education": strings(),
        "skills": strings(),
    }))
}

pub fn brief_schema(reference: &Reference) -> Value {
    let mut countries: Vec<Value> = reference.countries.iter().map(|c| json!(c.code)).collect();
    countries.push(Value::Null);
    object(json!({
        "age_min": nullable_integer(),
        "age_max": nullable_integer(),
        "gender": {"type": ["string", "null"], "enum": ["female", "male", "non_binary", null]},
        "languages": strings(),
        "country": {"type": ["string", "null"], "enum": countries},
        "city_id": nullable_integer(),
        "height_min_cm": nullable_integer(),
        "height_max_cm": nullable_integer(),
        "talent_ids": {"type": "array", "items": {"type": "integer", "enum": talent_ids(reference)}},
        "min_years_experience": nullable_integer(),
        "keywords": strings(),
    }))
}

pub fn rerank_schema(entries: &[ShortlistEntry]) -> Value {
    let keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
    object(json!({
        "verdicts": {"type": "array", "items": object(json!({
            "key": {"type": "string", "enum": keys},
            "score": {"type": "number"},
            "reason": {"type": "string"},
        }))},
    }))
}

/// The answer's text as `T`, naming the first field that does not fit.
fn parse<T: serde::de::DeserializeOwned>(content: &str) -> Result<T, AiError> {
    // Some models wrap JSON in a code fence despite the schema.
    let trimmed = content.trim();
    let unfenced = trimmed
        .strip_prefix("```json")
        .or_else(|| trimmed.strip_prefix("```"))
        .and_then(|s| s.strip_suffix("```"))
        .unwrap_or(trimmed);
    let mut deserializer = serde_json::Deserializer::from_str(unfenced);
    serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| invalid(format!("{}: {}", e.path(), e.inner())))
}

/// A line of text: trimmed, no control characters, at most `max` characters.
fn text(field: &str, value: &str, max: usize, required: bool) -> Result<String, AiError> {
    let value = value.trim();
    if required && value.is_empty() {
        return Err(invalid(format!("{field} is empty")));
    }
    if value.chars().count() > max {
        return Err(invalid(format!("{field} is longer than {max} characters")));
    }
    if value.chars().any(|c| c.is_control() && c != '\n') {
        return Err(invalid(format!("{field} holds control characters")));
    }
    Ok(value.to_owned())
}

fn texts(
    field: &str,
    values: Vec<String>,
    max_items: usize,
    max: usize,
) -> Result<Vec<String>, AiError> {
    if values.len() > max_items {
        return Err(invalid(format!(
            "{field} has more than {max_items} entries"
        )));
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for value in values {
        let value = text(field, &value, max, false)?;
        if !value.is_empty() && seen.insert(value.to_lowercase()) {
            out.push(value);
        }
    }
    Ok(out)
}

fn language_codes(values: Vec<String>) -> Result<Vec<String>, AiError> {
    let codes = texts("languages", values, 20, 3)?;
    let mut out = Vec::new();
    for code in codes {
        let code = code.to_ascii_lowercase();
        if !(2..=3).contains(&code.len()) || !code.chars().all(|c| c.is_ascii_lowercase()) {
            return Err(invalid(format!(
                "languages: `{code}` is not an ISO 639 code"
            )));
        }
        if !out.contains(&code) {
            out.push(code);
        }
    }
    Ok(out)
}

fn in_range(field: &str, value: Option<i64>, min: i64, max: i64) -> Result<Option<i32>, AiError> {
    match value {
        Some(v) if !(min..=max).contains(&v) => {
            Err(invalid(format!("{field} ({v}) is outside {min}..={max}")))
        }
        other => Ok(other.map(|v| v as i32)),
    }
}

fn known_talent(reference: &Reference, id: i64) -> Result<i32, AiError> {
    reference
        .talents
        .iter()
        .find(|t| i64::from(t.id) == id)
        .map(|t| t.id)
        .ok_or_else(|| invalid(format!("talent {id} is not in the catalogue")))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CvWire {
    summary: String,
    talents: Vec<TalentWire>,
    languages: Vec<String>,
    years_experience: Option<i64>,
    education: Vec<String>,
    skills: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TalentWire {
    talent_id: i64,
    evidence: String,
}

pub fn cv_analysis(content: &str, reference: &Reference) -> Result<CvAnalysis, AiError> {
    let wire: CvWire = parse(content)?;
    if wire.talents.len() > 20 {
        return Err(invalid("talents has more than 20 entries"));
    }
    let mut talents: Vec<SuggestedTalent> = Vec::new();
    for t in wire.talents {
        let talent_id = known_talent(reference, t.talent_id)?;
        if talents.iter().any(|s| s.talent_id == talent_id) {
            continue;
        }
        talents.push(SuggestedTalent {
            talent_id,
            evidence: text("talents.evidence", &t.evidence, 200, false)?,
        });
    }
    Ok(CvAnalysis {
        summary: text("summary", &wire.summary, 800, true)?,
        talents,
        languages: language_codes(wire.languages)?,
        years_experience: in_range("years_experience", wire.years_experience, 0, 80)?
            .map(|y| y as u16),
        education: texts("education", wire.education, 20, 200)?,
        skills: texts("skills", wire.skills, 50, 80)?,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BriefWire {
    age_min: Option<i64>,
    age_max: Option<i64>,
    gender: Option<Gender>,
    languages: Vec<String>,
    country: Option<String>,
    city_id: Option<i64>,
    height_min_cm: Option<i64>,
    height_max_cm: Option<i64>,
    talent_ids: Vec<i64>,
    min_years_experience: Option<i64>,
    keywords: Vec<String>,
}

fn ordered(field: &str, min: Option<i32>, max: Option<i32>) -> Result<(), AiError> {
    match (min, max) {
        (Some(a), Some(b)) if a > b => {
            Err(invalid(format!("{field}: minimum {a} above maximum {b}")))
        }
        _ => Ok(()),
    }
}

pub fn brief_criteria(content: &str, reference: &Reference) -> Result<BriefCriteria, AiError> {
    let wire: BriefWire = parse(content)?;
    let age_min = in_range("age_min", wire.age_min, 0, 120)?;
    let age_max = in_range("age_max", wire.age_max, 0, 120)?;
    ordered("age", age_min, age_max)?;
    let height_min_cm = in_range("height_min_cm", wire.height_min_cm, 40, 260)?;
    let height_max_cm = in_range("height_max_cm", wire.height_max_cm, 40, 260)?;
    ordered("height", height_min_cm, height_max_cm)?;
    let mut country = match wire.country {
        Some(code) => {
            let code = code.trim().to_ascii_uppercase();
            if !reference.countries.iter().any(|c| c.code == code) {
                return Err(invalid(format!("country `{code}` is not in the list")));
            }
            Some(code)
        }
        None => None,
    };
    let city_id = match wire.city_id {
        Some(id) => {
            let owner = reference
                .countries
                .iter()
                .find(|c| c.cities.iter().any(|city| i64::from(city.id) == id))
                .ok_or_else(|| invalid(format!("city {id} is not in the list")))?;
            match &country {
                Some(code) if *code != owner.code => {
                    return Err(invalid(format!("city {id} is not in {code}")));
                }
                Some(_) => {}
                None => country = Some(owner.code.clone()),
            }
            Some(id as i32)
        }
        None => None,
    };
    if wire.talent_ids.len() > 30 {
        return Err(invalid("talent_ids has more than 30 entries"));
    }
    let mut talent_ids = Vec::new();
    for id in wire.talent_ids {
        let id = known_talent(reference, id)?;
        if !talent_ids.contains(&id) {
            talent_ids.push(id);
        }
    }
    Ok(BriefCriteria {
        age_min,
        age_max,
        gender: wire.gender,
        languages: language_codes(wire.languages)?,
        country,
        city_id,
        height_min_cm,
        height_max_cm,
        talent_ids,
        min_years_experience: in_range("min_years_experience", wire.min_years_experience, 0, 80)?,
        keywords: texts("keywords", wire.keywords, 20, 50)?,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RerankWire {
    verdicts: Vec<VerdictWire>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VerdictWire {
    key: String,
    score: f64,
    reason: String,
}

pub fn verdicts(
    content: &str,
    entries: &[ShortlistEntry],
) -> Result<Vec<ShortlistVerdict>, AiError> {
    let wire: RerankWire = parse(content)?;
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for v in wire.verdicts {
        if !entries.iter().any(|e| e.key == v.key) {
            return Err(invalid(format!(
                "verdict for unknown key `{}`",
                v.key.chars().take(40).collect::<String>()
            )));
        }
        if !seen.insert(v.key.clone()) {
            return Err(invalid(format!("two verdicts for `{}`", v.key)));
        }
        if !v.score.is_finite() || !(0.0..=1.0).contains(&v.score) {
            return Err(invalid(format!(
                "score {} of `{}` is outside 0..=1",
                v.score, v.key
            )));
        }
        out.push(ShortlistVerdict {
            reason: text("reason", &v.reason, 300, true)?,
            key: v.key,
            score: v.score as f32,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ai::ports::{ReferenceCity, ReferenceCountry, ReferenceTalent};

    pub fn reference() -> Reference {
        Reference {
            talents: vec![ReferenceTalent {
                id: 7,
                name_fr: "Danseur".into(),
                name_en: "Dancer".into(),
                tag: "dancer".into(),
                category: "arts".into(),
            }],
            countries: vec![
                ReferenceCountry {
                    code: "SN".into(),
                    name_fr: "Sénégal".into(),
                    name_en: "Senegal".into(),
                    cities: vec![ReferenceCity {
                        id: 1,
                        name: "Dakar".into(),
                    }],
                },
                ReferenceCountry {
                    code: "CI".into(),
                    name_fr: "Côte d'Ivoire".into(),
                    name_en: "Ivory Coast".into(),
                    cities: vec![ReferenceCity {
                        id: 2,
                        name: "Abidjan".into(),
                    }],
                },
            ],
        }
    }

    fn brief(overrides: Value) -> String {
        let mut base = json!({"age_min": null, "age_max": null, "gender": null, "languages": [],
            "country": null, "city_id": null, "height_min_cm": null, "height_max_cm": null,
            "talent_ids": [], "min_years_experience": null, "keywords": []});
        for (k, v) in overrides.as_object().unwrap() {
            base[k] = v.clone();
        }
        base.to_string()
    }

    #[test]
    fn briefs_are_checked_against_the_reference_and_ranges() {
        let r = reference();
        let ok = brief_criteria(
            &brief(
                json!({"age_min": 20, "age_max": 30, "city_id": 1, "talent_ids": [7, 7],
            "languages": ["FR", "wo"], "gender": "female"}),
            ),
            &r,
        )
        .unwrap();
        assert_eq!(ok.country.as_deref(), Some("SN"));
        assert_eq!(ok.talent_ids, [7]);
        assert_eq!(ok.languages, ["fr", "wo"]);
        for bad in [
            json!({"talent_ids": [8]}),
            json!({"age_min": 40, "age_max": 30}),
            json!({"age_max": 200}),
            json!({"height_min_cm": 20}),
            json!({"country": "FR"}),
            json!({"country": "CI", "city_id": 1}),
            json!({"city_id": 99}),
            json!({"languages": ["french"]}),
            json!({"gender": "other"}),
            json!({"extra": 1}),
        ] {
            assert!(
                matches!(
                    brief_criteria(&brief(bad.clone()), &r),
                    Err(AiError::InvalidAnswer(_))
                ),
                "{bad}"
            );
        }
        assert!(brief_criteria("{\"age_min\": 3", &r).is_err());
    }

    #[test]
    fn cv_answers_name_only_catalogue_talents() {
        let r = reference();
        let good = json!({"summary": "Danseuse.", "talents": [{"talent_id": 7, "evidence": "danse"}],
            "languages": ["fr"], "years_experience": 5, "education": [], "skills": ["Sabar"]});
        assert_eq!(
            cv_analysis(&good.to_string(), &r).unwrap().talents[0].talent_id,
            7
        );
        let fenced = format!("```json\n{good}\n```");
        assert!(cv_analysis(&fenced, &r).is_ok());
        let mut bad = good.clone();
        bad["talents"][0]["talent_id"] = json!(3);
        assert!(cv_analysis(&bad.to_string(), &r).is_err());
        let mut bad = good.clone();
        bad["years_experience"] = json!(99);
        assert!(cv_analysis(&bad.to_string(), &r).is_err());
        let mut bad = good;
        bad["summary"] = json!("  ");
        assert!(cv_analysis(&bad.to_string(), &r).is_err());
    }

    #[test]
    fn verdicts_are_for_the_entries_given() {
        let entries = [ShortlistEntry {
            key: "a".into(),
            summary: "x".into(),
        }];
        let ok = json!({"verdicts": [{"key": "a", "score": 0.5, "reason": "fits"}]});
        assert_eq!(verdicts(&ok.to_string(), &entries).unwrap()[0].score, 0.5);
        for bad in [
            json!({"verdicts": [{"key": "b", "score": 0.5, "reason": "fits"}]}),
            json!({"verdicts": [{"key": "a", "score": 1.5, "reason": "fits"}]}),
            json!({"verdicts": [{"key": "a", "score": 0.5, "reason": ""}]}),
            json!({"verdicts": [{"key": "a", "score": 0.5, "reason": "x"}, {"key": "a", "score": 0.1, "reason": "y"}]}),
        ] {
            assert!(verdicts(&bad.to_string(), &entries).is_err(), "{bad}");
        }
    }

    #[test]
    fn schemas_are_strict() {
        let schema = brief_schema(&reference());
        assert_eq!(schema["additionalProperties"], false);
        assert_eq!(schema["required"].as_array().unwrap().len(), 11);
        assert_eq!(
            schema["properties"]["country"]["enum"],
            json!(["SN", "CI", null])
        );
        let cv = cv_schema(&reference());
        assert_eq!(
            cv["properties"]["talents"]["items"]["properties"]["talent_id"]["enum"],
            json!([7])
        );
    }
}
