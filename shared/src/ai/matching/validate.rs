//! A match request's checks: every problem at once, named `body.*`, before anything runs.

use super::{BRIEF_MAX, KEYWORDS_MAX, LIMIT_MAX, MatchRequest};
use crate::{
    Error,
    ai::Reference,
    error::{FieldError, FieldIssue},
};

fn check_text(field: &str, value: &str, max: usize, problems: &mut Vec<FieldError>) {
    let trimmed = value.trim();
    let issue = if trimmed.is_empty() {
        Some(FieldIssue::Required)
    } else if trimmed.chars().count() > max {
        Some(FieldIssue::TooLong { max: max as u64 })
    } else if trimmed
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        Some(FieldIssue::Invalid)
    } else {
        None
    };
    if let Some(issue) = issue {
        problems.push(FieldError::new(field, issue));
    }
}

fn check_range(
    field: &str,
    value: Option<i32>,
    min: i32,
    max: i32,
    problems: &mut Vec<FieldError>,
) {
    if let Some(issue) = value.and_then(|v| FieldIssue::range(v.into(), min.into(), max.into())) {
        problems.push(FieldError::new(field, issue));
    }
}

fn check_order(
    field: &str,
    with: &str,
    (min, max): (Option<i32>, Option<i32>),
    problems: &mut Vec<FieldError>,
) {
    if let (Some(min), Some(max)) = (min, max)
        && min > max
    {
        problems.push(FieldError::new(field, FieldIssue::mismatch(with)));
    }
}

/// Every problem of a request, named `body.*`: a bad request changes nothing and runs nothing.
pub fn validate(request: &MatchRequest, reference: &Reference) -> Result<(), Error> {
    let mut problems = Vec::new();
    check_text("body.brief", &request.brief, BRIEF_MAX, &mut problems);
    if let Some(issue) = FieldIssue::range(request.limit.into(), 1, LIMIT_MAX.into()) {
        problems.push(FieldError::new("body.limit", issue));
    }
    if let Some(c) = &request.criteria {
        let f = |name: &str| format!("body.criteria.{name}");
        check_range(&f("age_min"), c.age_min, 0, 120, &mut problems);
        check_range(&f("age_max"), c.age_max, 0, 120, &mut problems);
        check_order(
            &f("age_min"),
            &f("age_max"),
            (c.age_min, c.age_max),
            &mut problems,
        );
        check_range(&f("height_min_cm"), c.height_min_cm, 40, 260, &mut problems);
        check_range(&f("height_max_cm"), c.height_max_cm, 40, 260, &mut problems);
        check_order(
            &f("height_min_cm"),
            &f("height_max_cm"),
            (c.height_min_cm, c.height_max_cm),
            &mut problems,
        );
        check_range(
            &f("min_years_experience"),
            c.min_years_experience,
            0,
            80,
            &mut problems,
        );
        if c.languages.len() > 10 {
            problems.push(FieldError::new(
                f("languages"),
                FieldIssue::TooMany { max: 10 },
            ));
        }
        for (i, code) in c.languages.iter().enumerate() {
            if !(2..=3).contains(&code.len()) || !code.chars().all(|ch| ch.is_ascii_lowercase()) {
                problems.push(FieldError::new(
                    f(&format!("languages[{i}]")),
                    FieldIssue::Invalid,
                ));
            }
        }
        if let Some(country) = &c.country
            && !reference
                .countries
                .iter()
                .any(|k| k.code.eq_ignore_ascii_case(country))
        {
            problems.push(FieldError::new(f("country"), FieldIssue::Unknown));
        }
        if let Some(city) = c.city_id {
            match reference
                .countries
                .iter()
                .find(|k| k.cities.iter().any(|ci| ci.id == city))
            {
                None => problems.push(FieldError::new(f("city_id"), FieldIssue::Unknown)),
                Some(k)
                    if c.country
                        .as_ref()
                        .is_some_and(|c| !k.code.eq_ignore_ascii_case(c)) =>
                {
                    problems.push(FieldError::new(
                        f("city_id"),
                        FieldIssue::mismatch(&f("country")),
                    ))
                }
                Some(_) => {}
            }
        }
        if c.talent_ids.len() > 20 {
            problems.push(FieldError::new(
                f("talent_ids"),
                FieldIssue::TooMany { max: 20 },
            ));
        }
        for (i, id) in c.talent_ids.iter().enumerate() {
            if !reference.talents.iter().any(|t| t.id == *id) {
                problems.push(FieldError::new(
                    f(&format!("talent_ids[{i}]")),
                    FieldIssue::Unknown,
                ));
            }
        }
        if c.keywords.len() > KEYWORDS_MAX {
            problems.push(FieldError::new(
                f("keywords"),
                FieldIssue::TooMany {
                    max: KEYWORDS_MAX as u64,
                },
            ));
        }
        for (i, keyword) in c.keywords.iter().enumerate() {
            check_text(&f(&format!("keywords[{i}]")), keyword, 50, &mut problems);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation(problems))
    }
}
