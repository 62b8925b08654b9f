//! The AI evaluation set (tests/fixtures/ai): its people loaded as profiles (the fields and
//! talents they declared), their consents, and — for those who granted `ai_cv_processing` —
//! their CV analysed by the local rules and stored; its briefs with the people that should
//! come first. The API tests and the bench share it.

use std::{collections::HashMap, path::PathBuf};

use serde::Deserialize;
use taalentio::ai::{
    AiProvider, CvInput, LocalRules,
    matching::{ProviderRef, store_cv_analysis},
    reference,
};
use time::macros::date;

/// The day the set's dates are counted from.
pub const EVAL_TODAY: time::Date = date!(2026 - 12 - 03);

#[derive(Debug, Clone, Deserialize)]
pub struct Profile {
    pub gender: Option<String>,
    pub date_of_birth: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub talents: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Labels {
    pub talents: Vec<String>,
    pub languages: Vec<String>,
    pub years_experience: i32,
    pub education: Vec<String>,
    pub gender: String,
    pub age: i32,
    pub city: String,
    pub country: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Person {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub cv_language: String,
    pub style: String,
    pub ai_cv_processing: bool,
    pub profile: Profile,
    pub labels: Labels,
    #[serde(skip)]
    pub cv: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Brief {
    pub id: String,
    pub lang: String,
    pub brief: String,
    pub relevant: Vec<String>,
    pub partial: Vec<String>,
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/ai")
}

/// The set's people, each with their CV's text.
pub fn people() -> Vec<Person> {
    let raw = std::fs::read_to_string(fixtures().join("people.json")).unwrap();
    let mut people: Vec<Person> = serde_json::from_str(&raw).unwrap();
    for person in &mut people {
        person.cv =
            std::fs::read_to_string(fixtures().join(format!("cvs/{}.txt", person.id))).unwrap();
    }
    people
}

pub fn briefs() -> Vec<Brief> {
    let raw = std::fs::read_to_string(fixtures().join("briefs.json")).unwrap();
    serde_json::from_str(&raw).unwrap()
}

/// A valid unique code from a number: 8 of the code alphabet's letters and digits.
fn code_of(n: usize) -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let mut n = n + 7_777_777;
    (0..8)
        .map(|_| {
            let c = ALPHABET[n % ALPHABET.len()] as char;
            n /= ALPHABET.len();
            c
        })
        .collect()
}

/// Loads the set's people into the database; answers each set id's user id. People who
/// consented have their CV analysed by the local rules (as of [`EVAL_TODAY`]) and stored.
pub async fn load(db: &tokio_postgres::Client) -> HashMap<String, i64> {
    let reference = reference::load_with(db).await.unwrap();
    let rules = LocalRules::at(EVAL_TODAY);
    let provider = ProviderRef {
        name: rules.name().to_string(),
        version: rules.version(),
    };
    let mut ids = HashMap::new();
    for (i, person) in people().iter().enumerate() {
        let birth = person.profile.date_of_birth.as_deref().map(|d| {
            time::Date::parse(d, time::macros::format_description!("[year]-[month]-[day]")).unwrap()
        });
        let id: i64 = db
            .query_one(
                "INSERT INTO users (unique_code, first_name, last_name, email, gender, date_of_birth,
                                    country_id, city_id, email_confirmed_at, created_at)
                 SELECT $1, $2, $3, $4, $5, $6, co.id, ci.id, now(), now() - make_interval(mins => $8)
                   FROM (SELECT 1) one
                   LEFT JOIN countries co ON co.code = $7
                   LEFT JOIN cities ci ON ci.country_id = co.id AND ci.name = $9
                 RETURNING id",
                &[
                    &code_of(i),
                    &person.first_name,
                    &person.last_name,
                    &format!("{}@eval.example", person.id),
                    &person.profile.gender,
                    &birth,
                    &person.profile.country,
                    &(i as i32),
                    &person.profile.city,
                ],
            )
            .await
            .unwrap()
            .get(0);
        for tag in &person.profile.talents {
            db.execute(
                "INSERT INTO user_talents (user_id, talent_id) SELECT $1, id FROM talents WHERE tag = $2",
                &[&id, tag],
            )
            .await
            .unwrap();
        }
        if person.ai_cv_processing {
            db.execute(
                "INSERT INTO consents (user_id, kind, version) VALUES ($1, 'ai_cv_processing', '1')",
                &[&id],
            )
            .await
            .unwrap();
            let analysis = rules
                .analyse_cv(
                    &CvInput {
                        text: person.cv.clone(),
                    },
                    &reference,
                )
                .await
                .unwrap();
            store_cv_analysis(db, id, &provider, &analysis, &person.cv)
                .await
                .unwrap();
        }
        ids.insert(person.id.clone(), id);
    }
    db.batch_execute("ANALYZE users; ANALYZE user_talents; ANALYZE cv_analyses")
        .await
        .unwrap();
    ids
}

/// Precision at `k`: the share of the first `k` that are relevant.
pub fn precision_at(ranked: &[String], relevant: &[String], k: usize) -> f64 {
    let hits = ranked
        .iter()
        .take(k)
        .filter(|id| relevant.contains(id))
        .count();
    hits as f64 / k as f64
}

/// nDCG at `k`: relevant people gain 2, partial ones 1, against the ideal order.
pub fn ndcg_at(ranked: &[String], brief: &Brief, k: usize) -> f64 {
    let gain = |id: &String| {
        if brief.relevant.contains(id) {
            2.0
        } else if brief.partial.contains(id) {
            1.0
        } else {
            0.0
        }
    };
    let dcg = |gains: &[f64]| -> f64 {
        gains
            .iter()
            .take(k)
            .enumerate()
            .map(|(i, g)| (2f64.powf(*g) - 1.0) / (i as f64 + 2.0).log2())
            .sum()
    };
    let actual: Vec<f64> = ranked.iter().map(gain).collect();
    let mut ideal: Vec<f64> = brief
        .relevant
        .iter()
        .map(|_| 2.0)
        .chain(brief.partial.iter().map(|_| 1.0))
        .collect();
    ideal.sort_by(|a, b| b.total_cmp(a));
    let best = dcg(&ideal);
    if best == 0.0 {
        0.0
    } else {
        dcg(&actual) / best
    }
}
