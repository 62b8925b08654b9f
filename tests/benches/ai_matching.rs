//! `make bench` — the AI services' quality and speed.
//!
//! 1. The local rules' CV analysis on the evaluation set (tests/fixtures/ai): field-level
//!    precision and recall against the labels (talents, languages, years of experience within
//!    a year, education lines).
//! 2. The local matcher on the set's 15 briefs: precision@5 and nDCG@10, beside the plain
//!    directory search of the same brief (its parsed filters: first talent, country, city,
//!    gender, age; newest first), the baseline.
//! 3. Match latency at 100k people (a third with an analysed CV), p50/p95 of
//!    `POST /api/v1/ai/match` through the HTTP stack (a recruiter's token, the router's
//!    extractors, authorization and JSON) and of the core `shortlist`, each beside the bare
//!    SQL of the same search.

use std::{collections::HashMap, time::Instant};

use taalentio::{
    ai::{
        AiProvider, CvInput, LocalRules,
        local::text::normalize,
        matching::{self, MatchRequest, MatchScope},
        reference,
    },
    pagination::PageQuery,
    profiles::search::{self, SearchQuery},
    sql,
};
use taalentio_tests::{
    ai_eval::{self, EVAL_TODAY},
    bench::{Sample, report_header, seed_people},
    spawn_app,
};

const PEOPLE: i64 = 100_000;
const RUNS: usize = 30;

#[derive(Default)]
struct Counts {
    right: usize,
    predicted: usize,
    expected: usize,
}

impl Counts {
    fn add(
        &mut self,
        predicted: &[String],
        expected: &[String],
        same: impl Fn(&String, &String) -> bool,
    ) {
        self.predicted += predicted.len();
        self.expected += expected.len();
        self.right += predicted
            .iter()
            .filter(|p| expected.iter().any(|e| same(p, e)))
            .count();
    }

    fn print(&self, field: &str) {
        let precision = self.right as f64 / self.predicted.max(1) as f64;
        let recall = self.right as f64 / self.expected.max(1) as f64;
        println!(
            "  {field:<34} precision {precision:.2}  recall {recall:.2}  ({} right, {} read, {} labelled)",
            self.right, self.predicted, self.expected
        );
    }
}

fn plain(line: &str) -> String {
    normalize(line)
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ')
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[tokio::main]
async fn main() {
    report_header("AI: CV analysis and brief matching");
    let app = spawn_app().await;
    let db = app.db().await;
    let reference = reference::load_with(&db).await.unwrap();
    let tag_of: HashMap<i32, String> = reference
        .talents
        .iter()
        .map(|t| (t.id, t.tag.clone()))
        .collect();

    // 1. CV analysis.
    let rules = LocalRules::at(EVAL_TODAY);
    let people = ai_eval::people();
    let (mut talents, mut languages, mut years, mut exact, mut education) = (
        Counts::default(),
        Counts::default(),
        Counts::default(),
        Counts::default(),
        Counts::default(),
    );
    let start = Instant::now();
    for person in &people {
        let analysis = rules
            .analyse_cv(
                &CvInput {
                    text: person.cv.clone(),
                },
                &reference,
            )
            .await
            .unwrap();
        let tags: Vec<String> = analysis
            .talents
            .iter()
            .map(|t| tag_of[&t.talent_id].clone())
            .collect();
        talents.add(&tags, &person.labels.talents, |a, b| a == b);
        languages.add(&analysis.languages, &person.labels.languages, |a, b| a == b);
        let predicted: Vec<String> = analysis
            .years_experience
            .iter()
            .map(|y| y.to_string())
            .collect();
        let expected = vec![person.labels.years_experience.to_string()];
        years.add(&predicted, &expected, |a, b| {
            (a.parse::<i32>().unwrap() - b.parse::<i32>().unwrap()).abs() <= 1
        });
        exact.add(&predicted, &expected, |a, b| a == b);
        education.add(&analysis.education, &person.labels.education, |a, b| {
            let (a, b) = (plain(a), plain(b));
            !a.is_empty() && (a.contains(&b) || b.contains(&a))
        });
    }
    println!(
        "  CV analysis, local rules, {} CVs in {:.1} ms",
        people.len(),
        start.elapsed().as_secs_f64() * 1000.0
    );
    talents.print("talents (catalogue tags)");
    languages.print("languages (ISO 639)");
    years.print("years of experience (±1)");
    exact.print("years of experience (exact)");
    education.print("education lines");

    // 2. Matching quality against the plain directory search.
    let ids = ai_eval::load(&db).await;
    let set_id: HashMap<i64, String> = ids.iter().map(|(k, v)| (*v, k.clone())).collect();
    let briefs = ai_eval::briefs();
    let (mut p5, mut ndcg, mut base_p5, mut base_ndcg) = (0.0, 0.0, 0.0, 0.0);
    println!("  brief  matcher p@5 nDCG@10 | directory p@5 nDCG@10");
    for brief in &briefs {
        let request = MatchRequest {
            brief: brief.brief.clone(),
            scope: MatchScope::People,
            criteria: None,
            limit: 10,
        };
        let answer = matching::shortlist(&app.state, &request, &rules)
            .await
            .unwrap();
        let ranked: Vec<String> = answer
            .results
            .iter()
            .filter_map(|r| set_id.get(&r.id).cloned())
            .collect();
        let c = &answer.criteria;
        let query = SearchQuery {
            talent_id: c.talent_ids.first().copied(),
            country: c.country.clone(),
            city_id: c.city_id,
            gender: c.gender,
            age_min: c.age_min,
            age_max: c.age_max,
            ..Default::default()
        };
        let page = PageQuery {
            page: Some(1),
            per_page: Some(10),
        }
        .validate()
        .unwrap();
        let listed = search::search(&app.state, &query, page).await.unwrap();
        let baseline: Vec<String> = listed
            .items
            .iter()
            .filter_map(|p| set_id.get(&p.id).cloned())
            .collect();
        let scores = (
            ai_eval::precision_at(&ranked, &brief.relevant, 5),
            ai_eval::ndcg_at(&ranked, brief, 10),
            ai_eval::precision_at(&baseline, &brief.relevant, 5),
            ai_eval::ndcg_at(&baseline, brief, 10),
        );
        println!(
            "  {}    {:.2}     {:.2}  |     {:.2}     {:.2}",
            brief.id, scores.0, scores.1, scores.2, scores.3
        );
        p5 += scores.0;
        ndcg += scores.1;
        base_p5 += scores.2;
        base_ndcg += scores.3;
    }
    let n = briefs.len() as f64;
    println!(
        "  matcher (local rules)       precision@5 {:.2}  nDCG@10 {:.2}",
        p5 / n,
        ndcg / n
    );
    println!(
        "    baseline: directory search precision@5 {:.2}  nDCG@10 {:.2}",
        base_p5 / n,
        base_ndcg / n
    );

    // 3. Latency at 100k people.
    seed_people(&db, PEOPLE).await;
    let start = Instant::now();
    db.batch_execute(
        "WITH src AS (SELECT row_number() OVER (ORDER BY user_id) - 1 AS n, provider, version, analysis, search_text
                        FROM cv_analyses),
              total AS (SELECT count(*) AS c FROM src)
         INSERT INTO cv_analyses (user_id, provider, version, analysis, search_text)
         SELECT u.id, s.provider, s.version, s.analysis, s.search_text
           FROM users u CROSS JOIN total JOIN src s ON s.n = u.id % total.c
          WHERE u.email LIKE 'bench%' AND u.id % 3 = 0;
         INSERT INTO consents (user_id, kind, version)
         SELECT ca.user_id, 'ai_cv_processing', '1' FROM cv_analyses ca
          WHERE NOT EXISTS (SELECT 1 FROM consents c WHERE c.user_id = ca.user_id AND c.kind = 'ai_cv_processing'
                              AND c.withdrawn_at IS NULL);
         ANALYZE cv_analyses; ANALYZE consents;",
    )
    .await
    .unwrap();
    let analysed: i64 = db
        .query_one("SELECT count(*) FROM cv_analyses", &[])
        .await
        .unwrap()
        .get(0);
    println!(
        "  {analysed} analysed CVs with consent in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    // Through HTTP as a recruiter would call it, the AI features on.
    db.execute(
        "UPDATE app_settings SET value = 'true' WHERE key = 'features.ai'",
        &[],
    )
    .await
    .unwrap();
    let (_, recruiter) = app
        .user_with_role("bench-recruiter@example.sn", "recruiter")
        .await;
    for brief in [&briefs[0], &briefs[2], &briefs[11]] {
        let body = serde_json::json!({"brief": brief.brief, "scope": "people", "limit": 20});
        let mut http = Sample::new(&format!(
            "POST /api/v1/ai/match {} (HTTP, local rules)",
            brief.id
        ));
        for _ in 0..RUNS {
            let start = Instant::now();
            let answer = app
                .call(
                    axum::http::Method::POST,
                    "/api/v1/ai/match",
                    Some(body.clone()),
                    Some(&recruiter),
                )
                .await;
            http.push(start.elapsed());
            assert_eq!(
                answer.status,
                axum::http::StatusCode::OK,
                "{:?}",
                answer.body
            );
        }
        let request = MatchRequest {
            brief: brief.brief.clone(),
            scope: MatchScope::People,
            criteria: None,
            limit: 20,
        };
        let mut core = Sample::new(&format!("shortlist {} (people, local rules)", brief.id));
        for _ in 0..RUNS {
            let start = Instant::now();
            matching::shortlist(&app.state, &request, &rules)
                .await
                .unwrap();
            core.push(start.elapsed());
        }
        let criteria = rules.parse_brief(&brief.brief, &reference).await.unwrap();
        let (statement, params) = matching::statement(
            MatchScope::People,
            &criteria,
            &reference,
            time::OffsetDateTime::now_utc().date(),
        )
        .unwrap();
        let mut bare = Sample::new("bare SQL: the same candidates statement");
        let mut rows = 0;
        for _ in 0..RUNS {
            let start = Instant::now();
            rows = db
                .query(&statement, &sql::refs(&params))
                .await
                .unwrap()
                .len();
            bare.push(start.elapsed());
        }
        println!("  [{rows} candidates scored]");
        http.print_beside(&bare);
        core.print_beside(&bare);
    }
}
