//! Matching a brief (the core the `POST /api/v1/ai/match` shell calls), on a real database:
//! the evaluation set's people ranked for its briefs, CV text used only under a live consent,
//! unknown data passing the filters as "lacking", edited criteria, refusals, the cinema scope,
//! and a remote provider's rerank and fallback.

use async_trait::async_trait;
use taalentio::{
    Error,
    ai::{
        AiError, AiProvider, BriefCriteria, CvAnalysis, CvInput, LocalRules, Reference,
        ShortlistEntry, ShortlistVerdict,
        matching::{
            self, Criterion, FitSource, MatchAnswer, MatchRequest, MatchScope, ProviderRef,
        },
    },
    profiles::Gender,
};
use taalentio_tests::{ai_eval, spawn_app};

fn request(brief: &str, scope: MatchScope) -> MatchRequest {
    MatchRequest {
        brief: brief.into(),
        scope,
        criteria: None,
        limit: 10,
    }
}

async fn talent_id(app: &taalentio_tests::TestApp, tag: &str) -> i32 {
    app.db()
        .await
        .query_one("SELECT id FROM talents WHERE tag = $1", &[&tag])
        .await
        .unwrap()
        .get(0)
}

async fn city_id(app: &taalentio_tests::TestApp, name: &str) -> i32 {
    app.db()
        .await
        .query_one("SELECT id FROM cities WHERE name = $1", &[&name])
        .await
        .unwrap()
        .get(0)
}

/// A confirmed person with a place, gender, birth year and talents; answers their id.
pub(crate) async fn person(
    app: &taalentio_tests::TestApp,
    code: &str,
    gender: Option<&str>,
    birth_year: Option<i32>,
    city: Option<&str>,
    talents: &[&str],
) -> i64 {
    let db = app.db().await;
    let birth =
        birth_year.map(|y| time::Date::from_calendar_date(y, time::Month::June, 1).unwrap());
    let id: i64 = db
        .query_one(
            "INSERT INTO users (unique_code, first_name, last_name, email, gender, date_of_birth,
                                country_id, city_id, email_confirmed_at)
             SELECT $1, 'Test', $1, lower($1) || '@match.example', $2, $3, ci.country_id, ci.id, now()
               FROM (SELECT 1) one LEFT JOIN cities ci ON ci.name = $4
             RETURNING id",
            &[&code, &gender, &birth, &city],
        )
        .await
        .unwrap()
        .get(0);
    for tag in talents {
        db.execute(
            "INSERT INTO user_talents (user_id, talent_id) SELECT $1, id FROM talents WHERE tag = $2",
            &[&id, tag],
        )
        .await
        .unwrap();
    }
    id
}

async fn analyse_and_store(app: &taalentio_tests::TestApp, id: i64, cv: &str) {
    let db = app.db().await;
    let reference = taalentio::ai::reference::load_with(&db).await.unwrap();
    let rules = LocalRules::at(ai_eval::EVAL_TODAY);
    let analysis = rules
        .analyse_cv(&CvInput { text: cv.into() }, &reference)
        .await
        .unwrap();
    let provider = ProviderRef {
        name: "local".into(),
        version: rules.version(),
    };
    matching::store_cv_analysis(&db, id, &provider, &analysis, cv)
        .await
        .unwrap();
}

async fn consent(app: &taalentio_tests::TestApp, id: i64) {
    app.db()
        .await
        .execute(
            "INSERT INTO consents (user_id, kind, version) VALUES ($1, 'ai_cv_processing', '1')",
            &[&id],
        )
        .await
        .unwrap();
}

fn ids(answer: &MatchAnswer) -> Vec<i64> {
    answer.results.iter().map(|r| r.id).collect()
}

#[tokio::test]
async fn the_evaluation_briefs_bring_their_people_first() {
    let app = spawn_app().await;
    let db = app.db().await;
    let loaded = ai_eval::load(&db).await;
    let by_user: std::collections::HashMap<i64, String> =
        loaded.iter().map(|(k, v)| (*v, k.clone())).collect();
    let briefs = ai_eval::briefs();
    let mut precision = 0.0;
    for brief in &briefs {
        let answer = matching::shortlist(
            &app.state,
            &request(&brief.brief, MatchScope::People),
            &LocalRules::new(),
        )
        .await
        .unwrap();
        assert_eq!(answer.provider.name, "local");
        assert_eq!(answer.reranked_by, None);
        let ranked: Vec<String> = answer
            .results
            .iter()
            .map(|r| by_user[&r.id].clone())
            .collect();
        precision += ai_eval::precision_at(&ranked, &brief.relevant, 5);
        // Scores are in order and every result says why.
        assert!(
            answer.results.windows(2).all(|w| w[0].score >= w[1].score),
            "{}",
            brief.id
        );
        for result in &answer.results {
            assert!(
                !result.met.is_empty() || !result.matched_words.is_empty(),
                "{}: {result:?}",
                brief.id
            );
            assert!((0.0..=1.0).contains(&result.score));
        }
    }
    let precision = precision / briefs.len() as f64;
    assert!(precision >= 0.7, "precision@5 {precision:.2}");
}

#[tokio::test]
async fn a_brief_becomes_criteria_and_each_result_says_what_it_meets_and_lacks() {
    let app = spawn_app().await;
    let actor = talent_id(&app, "actor").await;
    let dakar = city_id(&app, "Dakar").await;
    let fits = person(
        &app,
        "AAAAAAA2",
        Some("female"),
        Some(1996),
        Some("Dakar"),
        &["actor"],
    )
    .await;
    analyse_and_store(
        &app,
        fits,
        "Comédienne\nLangues : français, wolof\nExpérience\n2016 - 2024 Théâtre Sorano",
    )
    .await;
    consent(&app, fits).await;
    // Said nothing of her gender, birth date or city: kept, and shown as lacking them.
    let unknown = person(&app, "AAAAAAA3", None, None, None, &["actor"]).await;
    // A man, or a woman of 50: the brief's filters leave them out.
    person(
        &app,
        "AAAAAAA4",
        Some("male"),
        Some(1996),
        Some("Dakar"),
        &["actor"],
    )
    .await;
    person(
        &app,
        "AAAAAAA5",
        Some("female"),
        Some(1976),
        Some("Dakar"),
        &["actor"],
    )
    .await;
    // Not an actor: nothing of the brief.
    person(
        &app,
        "AAAAAAA6",
        Some("female"),
        Some(1996),
        Some("Dakar"),
        &["photographer"],
    )
    .await;

    let answer = matching::shortlist(
        &app.state,
        &request(
            "Une comédienne de 25 à 35 ans à Dakar qui parle wolof",
            MatchScope::People,
        ),
        &LocalRules::new(),
    )
    .await
    .unwrap();
    let c = &answer.criteria;
    assert_eq!((c.age_min, c.age_max), (Some(25), Some(35)));
    assert_eq!(c.gender, Some(Gender::Female));
    assert_eq!(c.city_id, Some(dakar));
    assert_eq!(c.country.as_deref(), Some("SN"));
    assert_eq!(c.languages, ["wo"]);
    assert_eq!(c.talent_ids, [actor]);
    assert_eq!(ids(&answer), [fits, unknown]);
    let best = &answer.results[0];
    assert_eq!(best.kind, MatchScope::People);
    assert_eq!(best.unique_code, "AAAAAAA2");
    let met: Vec<(Criterion, Option<FitSource>)> =
        best.met.iter().map(|f| (f.criterion, f.source)).collect();
    assert!(
        met.contains(&(Criterion::Talent, Some(FitSource::Profile))),
        "{met:?}"
    );
    assert!(
        met.contains(&(Criterion::Language, Some(FitSource::Cv))),
        "{met:?}"
    );
    assert!(
        met.contains(&(Criterion::City, Some(FitSource::Profile))),
        "{met:?}"
    );
    assert!(best.lacks.is_empty(), "{:?}", best.lacks);
    let lacking: Vec<Criterion> = answer.results[1]
        .lacks
        .iter()
        .map(|f| f.criterion)
        .collect();
    for criterion in [
        Criterion::Gender,
        Criterion::Age,
        Criterion::City,
        Criterion::Language,
    ] {
        assert!(lacking.contains(&criterion), "{criterion:?} in {lacking:?}");
    }
    assert!(best.score > answer.results[1].score);
}

#[tokio::test]
async fn cv_text_is_used_only_while_the_consent_is_live() {
    let app = spawn_app().await;
    let id = person(
        &app,
        "BBBBBBB2",
        Some("male"),
        Some(1990),
        Some("Lagos"),
        &[],
    )
    .await;
    analyse_and_store(
        &app,
        id,
        "Talking drum and dundun player for Yoruba weddings, owambe parties",
    )
    .await;
    let brief = request("someone for owambe parties", MatchScope::People);
    let rules = LocalRules::new();
    let run = || matching::shortlist(&app.state, &brief, &rules);

    // An analysis without a consent (never granted) is not read.
    assert!(run().await.unwrap().results.is_empty());
    consent(&app, id).await;
    let answer = run().await.unwrap();
    assert_eq!(ids(&answer), [id]);
    assert_eq!(answer.results[0].matched_words, ["owambe", "parties"]);
    // Withdrawn: not read any more, even if the row is still there.
    app.db()
        .await
        .execute(
            "UPDATE consents SET withdrawn_at = now() WHERE user_id = $1 AND kind = 'ai_cv_processing'",
            &[&id],
        )
        .await
        .unwrap();
    assert!(run().await.unwrap().results.is_empty());
}

#[tokio::test]
async fn keywords_are_ranked_over_talent_names_accents_and_case_aside() {
    let app = spawn_app().await;
    let griot = person(&app, "CCCCCCC2", None, None, Some("Bamako"), &["griot"]).await;
    let dancer = person(&app, "CCCCCCC3", None, None, Some("Bamako"), &["dancer"]).await;
    let criteria = BriefCriteria {
        keywords: vec!["GRIOTTE".into()],
        ..Default::default()
    };
    let answer = matching::shortlist(
        &app.state,
        &MatchRequest {
            criteria: Some(criteria.clone()),
            ..request("whatever the brief says", MatchScope::People)
        },
        &LocalRules::new(),
    )
    .await
    .unwrap();
    // Edited criteria are taken as they are.
    assert_eq!(answer.criteria, criteria);
    assert_eq!(ids(&answer), [griot]);
    assert_eq!(answer.results[0].matched_words, ["griotte"]);
    assert!(!ids(&answer).contains(&dancer));
}

#[tokio::test]
async fn bad_requests_are_refused_field_by_field() {
    let app = spawn_app().await;
    let fields = |result: Result<MatchAnswer, Error>| -> Vec<String> {
        match result {
            Err(Error::Validation(problems)) => problems.iter().map(|p| p.field.clone()).collect(),
            other => panic!("not a validation error: {other:?}"),
        }
    };
    let rules = LocalRules::new();
    let mut bad = request("  ", MatchScope::People);
    bad.limit = 0;
    assert_eq!(
        fields(matching::shortlist(&app.state, &bad, &rules).await),
        ["body.brief", "body.limit"]
    );
    let mut long = request(&"a".repeat(2001), MatchScope::Cinema);
    long.limit = 51;
    assert_eq!(
        fields(matching::shortlist(&app.state, &long, &rules).await),
        ["body.brief", "body.limit"]
    );
    let mut edited = request("ok", MatchScope::People);
    edited.criteria = Some(BriefCriteria {
        age_min: Some(40),
        age_max: Some(30),
        talent_ids: vec![999_999],
        country: Some("XX".into()),
        languages: vec!["Wolof!".into()],
        ..Default::default()
    });
    assert_eq!(
        fields(matching::shortlist(&app.state, &edited, &rules).await),
        [
            "body.criteria.age_min",
            "body.criteria.languages[0]",
            "body.criteria.country",
            "body.criteria.talent_ids[0]"
        ]
    );
}

#[tokio::test]
async fn the_cinema_scope_searches_the_casting_base() {
    let app = spawn_app().await;
    let db = app.db().await;
    let insert = "INSERT INTO cinema_talents (unique_code, first_name, last_name, gender, date_of_birth, height,
                                              languages_spoken, talent_types, years_of_experience, other_talents,
                                              country_of_residence_id, city_of_residence_id)
                  SELECT $1, 'Cine', $1, $2, DATE '1998-05-01', $3, $4, $5, $6, $7, ci.country_id, ci.id
                    FROM cities ci WHERE ci.name = $8
                  RETURNING id";
    let add = async |code: &str,
                     gender: &str,
                     height: Option<i16>,
                     languages: &[&str],
                     types: &[&str],
                     years: i16,
                     other: &str,
                     city: &str|
           -> i64 {
        let languages: Vec<String> = languages.iter().map(|s| s.to_string()).collect();
        let types: Vec<String> = types.iter().map(|s| s.to_string()).collect();
        db.query_one(
            insert,
            &[
                &code, &gender, &height, &languages, &types, &years, &other, &city,
            ],
        )
        .await
        .unwrap()
        .get(0)
    };
    let best = add(
        "DDDDDDD2",
        "female",
        Some(170),
        &["fr", "wo"],
        &["dancer"],
        8,
        "sabar, chant",
        "Dakar",
    )
    .await;
    let no_height = add(
        "DDDDDDD3",
        "female",
        None,
        &["fr"],
        &["dancer"],
        2,
        "",
        "Dakar",
    )
    .await;
    let too_short = add(
        "DDDDDDD4",
        "female",
        Some(150),
        &["fr", "wo"],
        &["dancer"],
        8,
        "",
        "Dakar",
    )
    .await;
    let model = add(
        "DDDDDDD5",
        "female",
        Some(172),
        &["wo"],
        &["model"],
        1,
        "",
        "Thiès",
    )
    .await;
    let answer = matching::shortlist(
        &app.state,
        &request(
            "Danseuse à Dakar, au moins 1m65, parlant wolof, 5 ans d'expérience, qui fait du sabar",
            MatchScope::Cinema,
        ),
        &LocalRules::new(),
    )
    .await
    .unwrap();
    assert_eq!(answer.criteria.height_min_cm, Some(165));
    let found = ids(&answer);
    assert_eq!(found[..2], [best, no_height]);
    assert!(found.contains(&model), "{found:?}");
    assert!(!found.contains(&too_short), "{found:?}");
    let first = &answer.results[0];
    assert_eq!(first.kind, MatchScope::Cinema);
    assert!(
        first.met.iter().any(|f| f.criterion == Criterion::Talent),
        "{first:?}"
    );
    let lacking: Vec<Criterion> = answer.results[1]
        .lacks
        .iter()
        .map(|f| f.criterion)
        .collect();
    assert!(
        lacking.contains(&Criterion::Height) && lacking.contains(&Criterion::Language),
        "{lacking:?}"
    );
}

/// A remote provider that cannot read briefs and reranks by reversing the list.
struct Reverser;

#[async_trait]
impl AiProvider for Reverser {
    fn name(&self) -> &'static str {
        "reverser"
    }

    fn version(&self) -> String {
        "reverser/1".into()
    }

    async fn analyse_cv(&self, _: &CvInput, _: &Reference) -> Result<CvAnalysis, AiError> {
        Err(AiError::NotConfigured)
    }

    async fn parse_brief(&self, _: &str, _: &Reference) -> Result<BriefCriteria, AiError> {
        Err(AiError::Unavailable { retry_after: None })
    }

    async fn rerank(
        &self,
        _: &str,
        entries: &[ShortlistEntry],
    ) -> Result<Vec<ShortlistVerdict>, AiError> {
        // What a provider sees: opaque keys and no names or codes.
        assert!(
            entries
                .iter()
                .all(|e| e.key.starts_with('c') && !e.summary.contains("EEEEEE"))
        );
        Ok(entries
            .iter()
            .enumerate()
            .map(|(i, e)| ShortlistVerdict {
                key: e.key.clone(),
                score: i as f32 / entries.len() as f32,
                reason: format!("reason {}", e.key),
            })
            .collect())
    }
}

#[tokio::test]
async fn a_remote_provider_reranks_the_top_and_the_rules_read_the_brief_when_it_cannot() {
    let app = spawn_app().await;
    let first = person(
        &app,
        "EEEEEEE2",
        Some("female"),
        Some(1990),
        Some("Accra"),
        &["dancer", "choreographer"],
    )
    .await;
    let second = person(
        &app,
        "EEEEEEE3",
        Some("female"),
        Some(1990),
        Some("Kumasi"),
        &["dancer"],
    )
    .await;
    let brief = request("Dancer and choreographer in Accra", MatchScope::People);
    let local = matching::shortlist(&app.state, &brief, &LocalRules::new())
        .await
        .unwrap();
    assert_eq!(ids(&local), [first, second]);
    let remote = matching::shortlist(&app.state, &brief, &Reverser)
        .await
        .unwrap();
    assert_eq!(remote.provider.name, "local");
    assert_eq!(remote.criteria, local.criteria);
    assert_eq!(
        remote.reranked_by,
        Some(ProviderRef {
            name: "reverser".into(),
            version: "reverser/1".into()
        })
    );
    assert_eq!(ids(&remote), [second, first]);
    assert_eq!(remote.results[0].reason.as_deref(), Some("reason c1"));
}
