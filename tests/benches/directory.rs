//! `make bench` — the recruiters' directory at 100k people: a filtered, name-searched,
//! paginated `GET /api/v1/users` through the HTTP layer, beside the bare SQL of the same
//! search on the same connection pool.

use std::time::Instant;

use axum::http::{Method, StatusCode};
use taalentio::{
    pagination::PageQuery,
    profiles::search::{self, SearchQuery},
};
use taalentio_tests::{
    bench::{Sample, report_header},
    spawn_app,
};

const PEOPLE: i64 = 100_000;
const RUNS: usize = 200;

/// 100k confirmed people with names drawn from common West, East and Southern African first
/// and last names (accents included), a country and one of its cities, a birth date, and one
/// to three talents.
const SEED: &str = "
WITH first_names AS (SELECT ARRAY['Aminata','Aïssatou','Fatou','Ngozi','Chinedu','Kwame','Ama','Kofi',
        'Thandiwe','Sipho','Zanele','Wanjiru','Amani','Yaw','Adébayo','Moussa','Ibrahima','Mariam',
        'Chiamaka','Oluwaseun','Nia','Tendai','Lindiwe','Abebe','Hana','Mamadou','Awa','Ousmane',
        'Khadija','Youssef','Salma','Léa','Émile','Joséphine','Désiré'] AS a),
     last_names AS (SELECT ARRAY['Diallo','Sène','Ndiaye','Okafor','Eze','Mensah','Owusu','Boateng',
        'Dlamini','Nkosi','Mokoena','Kamau','Otieno','Mwangi','Traoré','Koné','Cissé','Bâ','Adeyemi',
        'Okonkwo','Moyo','Banda','Tesfaye','Haile','El Amrani','Benali','Touré','Sow','Keïta',
        'N''Diaye','Mbeki','Achebe','Adichie','Sissoko','Kaboré'] AS a),
     places AS (SELECT array_agg(ci.country_id) AS countries, array_agg(ci.id) AS cities FROM cities ci)
INSERT INTO users (unique_code, first_name, last_name, email, gender, date_of_birth, country_id,
                   city_id, email_confirmed_at, created_at)
SELECT substr(translate(upper(encode(sha256(('bench' || g)::bytea), 'base64')), '+/=01IO', 'ABCDEFG'), 1, 8),
       f.a[1 + g % array_length(f.a, 1)],
       l.a[1 + (g / 7) % array_length(l.a, 1)],
       'bench' || g || '@example.africa',
       (ARRAY['female','male','female','male','non_binary'])[1 + (g / 3) % 5],
       DATE '1960-01-01' + (g * 37 % 16000)::int,
       p.countries[1 + abs(hashint4(g::int)) % array_length(p.cities, 1)],
       p.cities[1 + abs(hashint4(g::int)) % array_length(p.cities, 1)],
       now(), now() - make_interval(mins => g::int)
  FROM generate_series(1, $1::bigint) g, first_names f, last_names l, places p
ON CONFLICT DO NOTHING;
INSERT INTO user_talents (user_id, talent_id)
SELECT u.id, t.a[1 + (u.id * k) % array_length(t.a, 1)]
  FROM users u, (SELECT array_agg(id) AS a FROM talents) t, generate_series(1, 3) k
 WHERE k <= 1 + u.id % 3
ON CONFLICT DO NOTHING;
ANALYZE users; ANALYZE user_talents;";

#[tokio::main]
async fn main() {
    report_header("directory at 100k people");
    let app = spawn_app().await;
    let db = app.db().await;
    let seed_start = Instant::now();
    // The seed takes its count as a parameter in the first statement only.
    let (insert_users, rest) = SEED.split_once("ON CONFLICT DO NOTHING;").unwrap();
    db.execute(
        &format!("{insert_users} ON CONFLICT DO NOTHING"),
        &[&PEOPLE],
    )
    .await
    .unwrap();
    db.batch_execute(rest).await.unwrap();
    let people: i64 = db
        .query_one("SELECT count(*) FROM users", &[])
        .await
        .unwrap()
        .get(0);
    println!(
        "  seeded {people} people in {:.1} s",
        seed_start.elapsed().as_secs_f64()
    );

    let (_, recruiter) = app
        .user_with_role("bench-recruiter@example.sn", "recruiter")
        .await;
    let actor: i32 = db
        .query_one("SELECT id FROM talents WHERE tag = 'actor'", &[])
        .await
        .unwrap()
        .get(0);
    let queries = [
        ("name only (q=diallo)", "q=diallo".to_owned()),
        (
            "category + country + gender + age + name",
            "category=music&country=NG&gender=female&age_min=20&age_max=60&q=ngozi".to_owned(),
        ),
        ("talent, page 3", format!("talent_id={actor}&page=3")),
        (
            "category + age, page 50",
            "category=music&age_min=25&page=50".to_owned(),
        ),
    ];
    for (label, query) in &queries {
        let path = format!("/api/v1/users?{query}");
        let response = app.call(Method::GET, &path, None, Some(&recruiter)).await;
        assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
        let total = response.json()["total"].as_i64().unwrap();
        let mut http = Sample::new(&format!("GET /api/v1/users, {label}"));
        for _ in 0..RUNS {
            let start = Instant::now();
            let response = app.call(Method::GET, &path, None, Some(&recruiter)).await;
            assert_eq!(response.status, StatusCode::OK);
            http.push(start.elapsed());
        }
        // The same search as the handler runs it (count + page), on the bare pool.
        let mut bare = Sample::new("bare SQL: the same count + page");
        let search: SearchQuery = serde_urlencoded::from_str(query).unwrap();
        let page = PageQuery {
            page: search.page,
            per_page: search.per_page,
        }
        .validate()
        .unwrap();
        let sql = search::SearchSql::build(&search, time::OffsetDateTime::now_utc().date(), page)
            .unwrap();
        for _ in 0..RUNS {
            let start = Instant::now();
            db.query_one(&sql.count_sql, &sql.count_params())
                .await
                .unwrap();
            db.query(&sql.page_sql, &sql.page_params()).await.unwrap();
            bare.push(start.elapsed());
        }
        println!("  [{total} matches]");
        http.print_beside(&bare);
    }
}
