//! The cinema scope: the casting base's conditions (unknown values passing), screen talents
//! found by their talent types (the catalogue's talents mapped onto the casting vocabulary),
//! their languages, or the brief's words in their talent types' labels and other talents.

use time::Date;

use super::Candidate;
use crate::{
    Error,
    ai::{BriefCriteria, Reference},
    cinema::talents::{CastingQuery, casting_matching_conditions},
    sql::{self, Param},
};

/// The casting vocabulary's talent types a catalogue talent stands for.
pub(crate) fn casting_types(tag: &str, category: &str) -> &'static [&'static str] {
    match tag {
        "actor" | "comedian" => &["lead_actor", "supporting_actor"],
        "extra" => &["extra", "featured_extra"],
        "child_actor" => &["child_actor"],
        "body_double" => &["body_double", "stand_in"],
        "stunt_performer" | "stunt_coordinator" | "acrobat" => &["stunt_performer"],
        "voice_actor" | "voiceover_artist" => &["voice_actor"],
        "model" | "child_model" | "hand_model" => &["model"],
        "influencer" | "content_creator" | "streamer" => &["influencer"],
        "podcaster" => &["presenter"],
        _ if tag.contains("singer")
            || tag == "backing_vocalist"
            || tag == "rapper"
            || tag == "griot" =>
        {
            &["singer"]
        }
        _ if category == "dance" => &["dancer"],
        _ if category == "music" => &["musician"],
        _ if category == "events_hosting" => &["presenter"],
        _ => &[],
    }
}

fn push(params: &mut Vec<Param>, value: Param) -> usize {
    params.push(value);
    params.len()
}

/// The sought talents as casting types, each with the talent it came from.
pub(crate) fn sought_types(
    criteria: &BriefCriteria,
    reference: &Reference,
) -> Vec<(&'static str, i32)> {
    let mut out = Vec::new();
    for id in &criteria.talent_ids {
        if let Some(talent) = reference.talents.iter().find(|t| t.id == *id) {
            for code in casting_types(&talent.tag, &talent.category) {
                out.push((*code, *id));
            }
        }
    }
    out
}

pub(crate) fn statement(
    criteria: &BriefCriteria,
    terms: &[(String, String)],
    codes: &[&str],
    today: Date,
    pool: i64,
) -> Result<(String, Vec<Param>), Error> {
    let filters = CastingQuery {
        country: criteria.country.clone(),
        gender: criteria.gender,
        age_min: criteria.age_min,
        age_max: criteria.age_max,
        height_min: criteria.height_min_cm.and_then(|h| i16::try_from(h).ok()),
        height_max: criteria.height_max_cm.and_then(|h| i16::try_from(h).ok()),
        ..Default::default()
    };
    let (conditions, mut params) = casting_matching_conditions(&filters, today)?.into_parts();
    let codes: Vec<String> = codes.iter().map(|c| c.to_string()).collect();
    let has_types = !codes.is_empty();
    let types = push(&mut params, Box::new(codes));
    let words: Vec<String> = terms.iter().map(|(k, _)| k.clone()).collect();
    let prefixes: Vec<String> = terms.iter().map(|(_, t)| t.clone()).collect();
    let has_query = !prefixes.is_empty();
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
    let other = "to_tsvector('simple', search_text(coalesce(ct.other_talents, '')))";
    let mut branches = Vec::new();
    if has_types {
        branches.push(format!(
            "SELECT ct.id FROM cinema_talents ct WHERE ct.talent_types && ${types}::text[]"
        ));
    }
    if !criteria.languages.is_empty() {
        branches.push(format!(
            "SELECT ct.id FROM cinema_talents ct WHERE ct.languages_spoken && ${languages}::text[]"
        ));
    }
    if has_query {
        branches.push(format!(
            "SELECT ct.id FROM cinema_talents ct WHERE {other} @@ to_tsquery('simple', ${query})"
        ));
        branches.push(format!(
            "SELECT ct.id FROM cinema_talents ct
              WHERE ct.talent_types && ARRAY(SELECT v.code FROM cinema_vocabulary v
                                              WHERE v.kind = 'talent_type'
                                                AND to_tsvector('simple', search_text(replace(v.label_fr, '·', ' ') || ' ' || v.label_en))
                                                    @@ to_tsquery('simple', ${query}))"
        ));
    }
    let pool_sql = if branches.is_empty() {
        format!("SELECT ct.* FROM cinema_talents ct WHERE {conditions}")
    } else {
        format!(
            "SELECT ct.* FROM ({}) p JOIN cinema_talents ct ON ct.id = p.id WHERE {conditions}",
            branches.join(" UNION ")
        )
    };
    let doc = if has_query {
        format!(
            "{other}
             || to_tsvector('simple', search_text(concat_ws(' ', ci.name, co.name_fr, co.name_en,
                  (SELECT string_agg(replace(v.label_fr, '·', ' ') || ' ' || v.label_en, ' ')
                     FROM cinema_vocabulary v WHERE v.kind = 'talent_type' AND v.code = ANY(ct.talent_types)))))"
        )
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
           SELECT ct.id, ct.unique_code, ct.first_name, ct.last_name, ct.gender, ct.date_of_birth,
                  ct.height::int AS height, ct.city_of_residence_id AS city_id, ci.name AS city_name,
                  co.code::text AS country_code, co.name_en AS country_name,
                  ARRAY(SELECT unnest(ct.talent_types) INTERSECT SELECT unnest(${types}::text[])) AS types_met,
                  ct.talent_types, ct.languages_spoken AS languages, ct.years_of_experience::int AS years,
                  ct.other_talents,
                  {doc} AS doc
             FROM candidates ct
             LEFT JOIN countries co ON co.id = ct.country_of_residence_id
             LEFT JOIN cities ci ON ci.id = ct.city_of_residence_id
         ),
         scored AS (
           SELECT h.*,
                  ARRAY(SELECT x.word FROM unnest(${words_n}::text[], ${prefixes_n}::text[]) AS x(word, term)
                         WHERE h.doc @@ to_tsquery('simple', x.term)) AS matched,
                  {rank} AS rank
             FROM hits h
         )
         SELECT s.*,
                3 * least(cardinality(s.types_met), 1)
                + 2 * cardinality(s.matched)::real / greatest(cardinality(${words_n}::text[]), 1)
                + 1.5 * cardinality(ARRAY(SELECT unnest(s.languages) INTERSECT SELECT unnest(${languages}::text[])))
                      / greatest(cardinality(${languages}::text[]), 1)
                + (s.city_id IS NOT DISTINCT FROM ${city}::int4 AND ${city}::int4 IS NOT NULL)::int
                + s.rank AS coarse
           FROM scored s
          ORDER BY coarse DESC, s.id
          LIMIT ${limit}"
    );
    Ok((sql, params))
}

/// The best `pool` screen talents for the criteria, by a coarse score the caller refines.
pub(crate) async fn candidates(
    db: &tokio_postgres::Client,
    criteria: &BriefCriteria,
    terms: &[(String, String)],
    reference: &Reference,
    today: Date,
    pool: i64,
) -> Result<Vec<Candidate>, Error> {
    let sought = sought_types(criteria, reference);
    let codes: Vec<&str> = sought.iter().map(|(c, _)| *c).collect();
    let (sql, params) = statement(criteria, terms, &codes, today, pool)?;
    let rows = db.query(&sql, &sql::refs(&params)).await?;
    Ok(rows
        .iter()
        .map(|row| {
            let met: Vec<String> = row.get("types_met");
            let mut talents_profile: Vec<i32> = sought
                .iter()
                .filter(|(code, _)| met.iter().any(|m| m == code))
                .map(|(_, id)| *id)
                .collect();
            talents_profile.dedup();
            let languages: Vec<String> = row.get("languages");
            let years: Option<i32> = row.get("years");
            let types: Vec<String> = row.get("talent_types");
            let city_name: Option<String> = row.get("city_name");
            let country_name: Option<String> = row.get("country_name");
            let other: Option<String> = row.get("other_talents");
            let mut summary = vec![format!("Talent types: {}.", types.join(", "))];
            if let Some(other) = other.filter(|o| !o.trim().is_empty()) {
                summary.push(format!("Other talents: {}.", other.trim()));
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
                height: row.get("height"),
                country: row.get("country_code"),
                city_id: row.get("city_id"),
                city_name,
                talents_profile,
                talents_cv: Vec::new(),
                languages,
                languages_from_cv: false,
                years,
                years_from_cv: false,
                matched_words: row.get("matched"),
                rank: row.get("rank"),
                summary: summary.join(" "),
            }
        })
        .collect())
}
