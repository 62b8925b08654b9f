//! The people scope: the directory's conditions (unknown values passing), candidates found by
//! their talents, the brief's words in their talents' names or in their analysed CV (only
//! with a live `ai_cv_processing` consent), or the CV's talents and languages.

use time::Date;

use super::Candidate;
use crate::{
    Error,
    ai::BriefCriteria,
    profiles::search::{SearchQuery, matching_conditions},
    sql::{self, Param},
};

/// A live AI-processing consent of the person `user_id` (an SQL expression) names.
const CONSENTED: &str = "EXISTS (SELECT 1 FROM consents c WHERE c.user_id = {user} \
                         AND c.kind = 'ai_cv_processing' AND c.withdrawn_at IS NULL)";

fn consented(user: &str) -> String {
    CONSENTED.replace("{user}", user)
}

fn push(params: &mut Vec<Param>, value: Param) -> usize {
    params.push(value);
    params.len()
}

/// The people statement and its parameters: conditions first, then the pool's and scoring's.
pub(crate) fn statement(
    criteria: &BriefCriteria,
    terms: &[(String, String)],
    today: Date,
    pool: i64,
) -> Result<(String, Vec<Param>), Error> {
    let filters = SearchQuery {
        country: criteria.country.clone(),
        gender: criteria.gender,
        age_min: criteria.age_min,
        age_max: criteria.age_max,
        ..Default::default()
    };
    let (conditions, mut params) = matching_conditions(&filters, today)?.into_parts();
    let sought = push(&mut params, Box::new(criteria.talent_ids.clone()));
    let words: Vec<String> = terms.iter().map(|(k, _)| k.clone()).collect();
    let prefixes: Vec<String> = terms.iter().map(|(_, t)| t.clone()).collect();
    let has_query = !prefixes.is_empty();
    // Pushed only when there are words: an unused parameter has no type for Postgres.
    let query = if has_query {
        push(&mut params, Box::new(prefixes.join(" | ")))
    } else {
        0
    };
    let words_n = push(&mut params, Box::new(words));
    let prefixes_n = push(&mut params, Box::new(prefixes));
    let languages = push(&mut params, Box::new(criteria.languages.clone()));
    let city = push(&mut params, Box::new(criteria.city_id));
    let limit = push(&mut params, Box::new(pool));

    // What the CV may say: each sought talent, each sought language (the GIN index serves @>).
    let mut cv_hits: Vec<String> = Vec::new();
    for id in &criteria.talent_ids {
        let n = push(
            &mut params,
            Box::new(serde_json::json!({ "talents": [{ "talent_id": id }] })),
        );
        cv_hits.push(format!("ca.analysis @> ${n}::jsonb"));
    }
    for code in &criteria.languages {
        let n = push(
            &mut params,
            Box::new(serde_json::json!({ "languages": [code] })),
        );
        cv_hits.push(format!("ca.analysis @> ${n}::jsonb"));
    }
    if has_query {
        cv_hits.push(format!("ca.search_text @@ to_tsquery('simple', ${query})"));
    }
    let looks_for_something =
        has_query || !criteria.talent_ids.is_empty() || !criteria.languages.is_empty();
    let pool_sql = if looks_for_something {
        let mut branches = vec![format!(
            "SELECT ut.user_id AS id FROM user_talents ut WHERE ut.talent_id = ANY(${sought}::int4[])"
        )];
        if has_query {
            branches.push(format!(
                "SELECT ut.user_id FROM user_talents ut JOIN talents t ON t.id = ut.talent_id
                  WHERE talent_search_text(t.name, t.name_en, t.tag) @@ to_tsquery('simple', ${query})"
            ));
        }
        if !cv_hits.is_empty() {
            branches.push(format!(
                "SELECT ca.user_id FROM cv_analyses ca WHERE ({}) AND {}",
                cv_hits.join(" OR "),
                consented("ca.user_id")
            ));
        }
        format!(
            "SELECT u.* FROM ({}) p JOIN users u ON u.id = p.id WHERE {conditions}",
            branches.join(" UNION ")
        )
    } else {
        format!("SELECT u.* FROM users u WHERE {conditions}")
    };
    let doc = if has_query {
        "(SELECT to_tsvector('simple', search_text(coalesce(string_agg(replace(t.name, '·', ' ') || ' ' || t.name_en
                                                         || ' ' || replace(t.tag, '_', ' '), ' '), '')))
                FROM user_talents ut JOIN talents t ON t.id = ut.talent_id WHERE ut.user_id = u.id)
             || to_tsvector('simple', search_text(concat_ws(' ', ci.name, co.name_fr, co.name_en)))
             || coalesce(cv.search_text, ''::tsvector)".to_string()
    } else {
        "''::tsvector".to_string()
    };
    let rank = if has_query {
        format!("ts_rank(h.doc, to_tsquery('simple', ${query}))")
    } else {
        "0::real".to_string()
    };
    let sql = format!(
        "WITH candidates AS ({pool_sql}),
         hits AS (
           SELECT u.id, u.unique_code, u.first_name, u.last_name, u.gender, u.date_of_birth,
                  u.city_id, ci.name AS city_name, co.code::text AS country_code,
                  ARRAY(SELECT ut.talent_id FROM user_talents ut
                         WHERE ut.user_id = u.id AND ut.talent_id = ANY(${sought}::int4[])) AS talents_profile,
                  ARRAY(SELECT DISTINCT (e ->> 'talent_id')::int
                          FROM jsonb_array_elements(coalesce(cv.analysis -> 'talents', '[]')) e
                         WHERE (e ->> 'talent_id')::int = ANY(${sought}::int4[])) AS talents_cv,
                  ARRAY(SELECT jsonb_array_elements_text(coalesce(cv.analysis -> 'languages', '[]'))) AS languages,
                  (cv.analysis ->> 'years_experience')::int AS years,
                  cv.analysis IS NOT NULL AS has_cv,
                  coalesce(cv.analysis ->> 'summary', '') AS cv_summary,
                  (SELECT string_agg(t.name_en, ', ' ORDER BY t.name_en) FROM user_talents ut
                     JOIN talents t ON t.id = ut.talent_id WHERE ut.user_id = u.id) AS talent_names,
                  co.name_en AS country_name,
                  {doc} AS doc
             FROM candidates u
             LEFT JOIN countries co ON co.id = u.country_id
             LEFT JOIN cities ci ON ci.id = u.city_id
             LEFT JOIN LATERAL (SELECT ca.analysis, ca.search_text FROM cv_analyses ca
                                 WHERE ca.user_id = u.id AND {consent}) cv ON true
         ),
         scored AS (
           SELECT h.*,
                  ARRAY(SELECT x.word FROM unnest(${words_n}::text[], ${prefixes_n}::text[]) AS x(word, term)
                         WHERE h.doc @@ to_tsquery('simple', x.term)) AS matched,
                  {rank} AS rank
             FROM hits h
         )
         SELECT s.*,
                3 * (cardinality(s.talents_profile) + 0.8 * cardinality(s.talents_cv))
                      / greatest(cardinality(${sought}::int4[]), 1)
                + 2 * cardinality(s.matched)::real / greatest(cardinality(${words_n}::text[]), 1)
                + 1.5 * cardinality(ARRAY(SELECT unnest(s.languages) INTERSECT SELECT unnest(${languages}::text[])))
                      / greatest(cardinality(${languages}::text[]), 1)
                + (s.city_id IS NOT DISTINCT FROM ${city}::int4 AND ${city}::int4 IS NOT NULL)::int
                + s.rank AS coarse
           FROM scored s
          ORDER BY coarse DESC, s.id
          LIMIT ${limit}",
        consent = consented("u.id"),
    );
    Ok((sql, params))
}

/// The best `pool` people for the criteria, by a coarse score the caller refines.
pub(crate) async fn candidates(
    db: &tokio_postgres::Client,
    criteria: &BriefCriteria,
    terms: &[(String, String)],
    today: Date,
    pool: i64,
) -> Result<Vec<Candidate>, Error> {
    let (sql, params) = statement(criteria, terms, today, pool)?;
    let rows = db.query(&sql, &sql::refs(&params)).await?;
    Ok(rows
        .iter()
        .map(|row| {
            let languages: Vec<String> = row.get("languages");
            let years: Option<i32> = row.get("years");
            let city_name: Option<String> = row.get("city_name");
            let country_name: Option<String> = row.get("country_name");
            let talent_names: Option<String> = row.get("talent_names");
            let cv_summary: String = row.get("cv_summary");
            let mut summary = Vec::new();
            if let Some(names) = &talent_names {
                summary.push(format!("Talents: {names}."));
            }
            let place: Vec<&str> = [city_name.as_deref(), country_name.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            if !place.is_empty() {
                summary.push(format!("Lives in {}.", place.join(", ")));
            }
            if !languages.is_empty() {
                summary.push(format!("Languages: {}.", languages.join(", ")));
            }
            if let Some(years) = years {
                summary.push(format!("Years of experience: {years}."));
            }
            if !cv_summary.is_empty() {
                summary.push(cv_summary);
            }
            let first: String = row.get("first_name");
            let last: String = row.get("last_name");
            Candidate {
                id: row.get("id"),
                unique_code: row.get("unique_code"),
                display_name: format!("{first} {last}"),
                gender: row.get("gender"),
                age: row
                    .get::<_, Option<Date>>("date_of_birth")
                    .map(|d| crate::age::age_on(d, today)),
                height: None,
                country: row.get("country_code"),
                city_id: row.get("city_id"),
                city_name,
                talents_profile: row.get("talents_profile"),
                talents_cv: {
                    let profile: Vec<i32> = row.get("talents_profile");
                    let cv: Vec<i32> = row.get("talents_cv");
                    cv.into_iter().filter(|t| !profile.contains(t)).collect()
                },
                languages_from_cv: row.get("has_cv"),
                languages,
                years,
                years_from_cv: true,
                matched_words: row.get("matched"),
                rank: row.get("rank"),
                summary: summary.join(" "),
            }
        })
        .collect())
}
