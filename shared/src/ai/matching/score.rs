//! How well one candidate meets a brief's criteria, and what it meets and lacks.

use super::{Candidate, Criterion, Fit, FitSource};
use crate::ai::{BriefCriteria, Reference};

/// A candidate's score (0 to 1): each criterion the brief has weighs in, what is unknown
/// counts for nothing (it is listed as lacking), and the met and lacking criteria.
pub(crate) fn score(
    criteria: &BriefCriteria,
    keywords: usize,
    candidate: &Candidate,
    reference: &Reference,
) -> (f32, Vec<Fit>, Vec<Fit>) {
    let mut met = Vec::new();
    let mut lacks = Vec::new();
    let mut total = 0.0f32;
    let mut weights = 0.0f32;
    let tag = |id: i32| {
        reference
            .talents
            .iter()
            .find(|t| t.id == id)
            .map_or_else(|| id.to_string(), |t| t.tag.clone())
    };
    if !criteria.talent_ids.is_empty() {
        let mut share = 0.0;
        for id in &criteria.talent_ids {
            if candidate.talents_profile.contains(id) {
                share += 1.0;
                met.push(Fit::new(
                    Criterion::Talent,
                    tag(*id),
                    Some(FitSource::Profile),
                ));
            } else if candidate.talents_cv.contains(id) {
                share += 0.8;
                met.push(Fit::new(Criterion::Talent, tag(*id), Some(FitSource::Cv)));
            } else {
                lacks.push(Fit::new(Criterion::Talent, tag(*id), None));
            }
        }
        total += 3.0 * share / criteria.talent_ids.len() as f32;
        weights += 3.0;
    }
    if keywords > 0 {
        let share = candidate.matched_words.len().min(keywords) as f32 / keywords as f32;
        if candidate.matched_words.is_empty() {
            lacks.push(Fit::new(
                Criterion::Keywords,
                criteria.keywords.join(" "),
                None,
            ));
        } else {
            met.push(Fit::new(
                Criterion::Keywords,
                candidate.matched_words.join(" "),
                None,
            ));
        }
        // Full-text rank breaks ties between equal shares.
        total += 2.0 * share + 0.2 * candidate.rank.min(1.0);
        weights += 2.0;
    }
    if !criteria.languages.is_empty() {
        let source = if candidate.languages_from_cv {
            FitSource::Cv
        } else {
            FitSource::Profile
        };
        let mut found = 0;
        for code in &criteria.languages {
            if candidate.languages.contains(code) {
                found += 1;
                met.push(Fit::new(Criterion::Language, code.clone(), Some(source)));
            } else {
                lacks.push(Fit::new(Criterion::Language, code.clone(), None));
            }
        }
        total += 1.5 * found as f32 / criteria.languages.len() as f32;
        weights += 1.5;
    }
    if let Some(city) = criteria.city_id {
        weights += 1.0;
        if candidate.city_id == Some(city) {
            total += 1.0;
            met.push(Fit::new(
                Criterion::City,
                candidate.city_name.clone().unwrap_or_default(),
                Some(FitSource::Profile),
            ));
        } else {
            let name = reference
                .countries
                .iter()
                .flat_map(|c| &c.cities)
                .find(|c| c.id == city)
                .map_or_else(|| city.to_string(), |c| c.name.clone());
            lacks.push(Fit::new(Criterion::City, name, None));
            if candidate.country.is_some() && candidate.country == criteria.country {
                total += 0.5;
                met.push(Fit::new(
                    Criterion::Country,
                    candidate.country.clone().unwrap_or_default(),
                    Some(FitSource::Profile),
                ));
            }
        }
    } else if let Some(country) = &criteria.country {
        weights += 1.0;
        if candidate
            .country
            .as_ref()
            .is_some_and(|c| c.eq_ignore_ascii_case(country))
        {
            total += 1.0;
            met.push(Fit::new(
                Criterion::Country,
                country.to_uppercase(),
                Some(FitSource::Profile),
            ));
        } else {
            lacks.push(Fit::new(Criterion::Country, country.to_uppercase(), None));
        }
    }
    if let Some(min) = criteria.min_years_experience {
        weights += 1.0;
        let source = if candidate.years_from_cv {
            FitSource::Cv
        } else {
            FitSource::Profile
        };
        match candidate.years {
            Some(years) if years >= min => {
                total += 1.0;
                met.push(Fit::new(
                    Criterion::Experience,
                    years.to_string(),
                    Some(source),
                ));
            }
            Some(years) => {
                total += if min > 0 {
                    years as f32 / min as f32
                } else {
                    1.0
                };
                lacks.push(Fit::new(Criterion::Experience, min.to_string(), None));
            }
            None => lacks.push(Fit::new(Criterion::Experience, min.to_string(), None)),
        }
    }
    // Gender, age, height and place are filters: a candidate here either meets them or did
    // not say.
    if let Some(gender) = criteria.gender {
        weights += 0.5;
        match &candidate.gender {
            Some(g) => {
                total += 0.5;
                met.push(Fit::new(
                    Criterion::Gender,
                    g.clone(),
                    Some(FitSource::Profile),
                ));
            }
            None => lacks.push(Fit::new(Criterion::Gender, gender.as_str(), None)),
        }
    }
    if criteria.age_min.is_some() || criteria.age_max.is_some() {
        weights += 0.5;
        match candidate.age {
            Some(age) => {
                total += 0.5;
                met.push(Fit::new(
                    Criterion::Age,
                    age.to_string(),
                    Some(FitSource::Profile),
                ));
            }
            None => {
                let asked = match (criteria.age_min, criteria.age_max) {
                    (Some(a), Some(b)) => format!("{a}-{b}"),
                    (Some(a), None) => format!("{a}+"),
                    (None, Some(b)) => format!("-{b}"),
                    (None, None) => String::new(),
                };
                lacks.push(Fit::new(Criterion::Age, asked, None));
            }
        }
    }
    if criteria.height_min_cm.is_some() || criteria.height_max_cm.is_some() {
        weights += 0.5;
        match candidate.height {
            Some(height) => {
                total += 0.5;
                met.push(Fit::new(
                    Criterion::Height,
                    height.to_string(),
                    Some(FitSource::Profile),
                ));
            }
            None => {
                let asked = match (criteria.height_min_cm, criteria.height_max_cm) {
                    (Some(a), Some(b)) => format!("{a}-{b}"),
                    (Some(a), None) => format!("{a}+"),
                    (None, Some(b)) => format!("-{b}"),
                    (None, None) => String::new(),
                };
                lacks.push(Fit::new(Criterion::Height, asked, None));
            }
        }
    }
    let score = if weights > 0.0 {
        (total / weights).min(1.0)
    } else {
        0.0
    };
    (score, met, lacks)
}
