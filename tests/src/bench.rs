//! The bench harness: samples of durations, printed beside the baseline measured in the same
//! run, because these machines are shared and noisy and only ratios travel.

use std::{
    path::PathBuf,
    process::Command,
    time::{Duration, Instant},
};

pub struct Sample {
    name: String,
    durations: Vec<Duration>,
}

impl Sample {
    pub fn new(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            durations: Vec::new(),
        }
    }

    pub fn named(mut self, name: &str) -> Self {
        self.name = name.to_owned();
        self
    }

    pub fn push(&mut self, duration: Duration) {
        self.durations.push(duration);
    }

    fn quantile(&self, q: f64) -> Duration {
        assert!(!self.durations.is_empty(), "{}: no measurements", self.name);
        let mut sorted = self.durations.clone();
        sorted.sort();
        let index = ((sorted.len() - 1) as f64 * q).round() as usize;
        sorted[index]
    }

    pub fn median(&self) -> Duration {
        self.quantile(0.5)
    }

    pub fn p95(&self) -> Duration {
        self.quantile(0.95)
    }

    /// One line per figure: this sample, its baseline, and the ratio of their medians.
    pub fn print_beside(&self, baseline: &Sample) {
        println!(
            "  {:<48} p50 {:>9} p95 {:>9}  (n={})",
            self.name,
            format_duration(self.median()),
            format_duration(self.p95()),
            self.durations.len()
        );
        println!(
            "    baseline: {:<38} p50 {:>9} p95 {:>9}  (n={})  ratio {:.2}x",
            baseline.name,
            format_duration(baseline.median()),
            format_duration(baseline.p95()),
            baseline.durations.len(),
            self.median().as_secs_f64() / baseline.median().as_secs_f64()
        );
    }
}

pub fn format_duration(duration: Duration) -> String {
    let micros = duration.as_secs_f64() * 1e6;
    if micros < 1000.0 {
        format!("{micros:.0} µs")
    } else {
        format!("{:.2} ms", micros / 1000.0)
    }
}

pub fn report_header(area: &str) {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    println!("== taalentio bench: {area} ({cores} cores) ==");
}

/// Runs a Python snippet with the project's venv; each line it prints is one measurement in
/// milliseconds. `None` when the venv or the library is missing.
pub fn python_baseline(script: &str, args: &[&str]) -> Option<Sample> {
    let python = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.local/venv/bin/python");
    let output = Command::new(python)
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .ok()?;
    if !output.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
        return None;
    }
    let mut sample = Sample::new("python");
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let millis: f64 = line.trim().parse().ok()?;
        sample.push(Duration::from_secs_f64(millis / 1000.0));
    }
    Some(sample)
}

/// `$1` confirmed people with names drawn from common West, East and Southern African first
/// and last names (accents included), a country and one of its cities, a birth date, and one
/// to three talents.
const PEOPLE_SEED: &str = "
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

/// Seeds [`PEOPLE_SEED`] with `count` people (on top of whoever exists) and prints how long
/// it took.
pub async fn seed_people(db: &tokio_postgres::Client, count: i64) {
    let start = Instant::now();
    // The seed takes its count as a parameter in the first statement only.
    let (insert_users, rest) = PEOPLE_SEED.split_once("ON CONFLICT DO NOTHING;").unwrap();
    db.execute(&format!("{insert_users} ON CONFLICT DO NOTHING"), &[&count])
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
        start.elapsed().as_secs_f64()
    );
}

/// `$1` screen talents with names, a gender, birth date, height, looks, languages, one or two
/// talent types, experience and a place.
const CASTING_SEED: &str = "
INSERT INTO cinema_talents (unique_code, first_name, last_name, gender, date_of_birth, height,
                            eye_color, hair_color, hair_type, build, languages_spoken, talent_types,
                            years_of_experience, country_of_residence_id, city_of_residence_id, created_at)
SELECT substr(translate(upper(encode(sha256(('cinema' || g)::bytea), 'base64')), '+/=01IO', 'ABCDEFG'), 1, 8),
       (ARRAY['Aminata','Aïssatou','Fatou','Ngozi','Chinedu','Kwame','Ama','Kofi','Thandiwe','Sipho',
              'Zanele','Wanjiru','Amani','Yaw','Adébayo','Moussa','Ibrahima','Mariam','Chiamaka','Nia'])[1 + abs(hashint4(g::int)) % 20],
       (ARRAY['Diallo','Sène','Ndiaye','Okafor','Eze','Mensah','Owusu','Boateng','Dlamini','Nkosi',
              'Kamau','Otieno','Traoré','Koné','Cissé','Bâ','Adeyemi','Moyo','Banda','Keïta'])[1 + abs(hashint4(g::int + 7)) % 20],
       (ARRAY['female','male'])[1 + g % 2],
       DATE '1960-01-01' + (abs(hashint4(g::int + 1)) % 18000),
       150 + abs(hashint4(g::int + 2)) % 50,
       (ARRAY['brown','dark_brown','black','hazel','amber'])[1 + abs(hashint4(g::int + 3)) % 5],
       (ARRAY['black','dark_brown','brown','grey'])[1 + abs(hashint4(g::int + 4)) % 4],
       (ARRAY['coily','afro','locs','braids','twists','shaved'])[1 + abs(hashint4(g::int + 5)) % 6],
       (ARRAY['slim','athletic','average','muscular','curvy'])[1 + abs(hashint4(g::int + 6)) % 5],
       string_to_array((ARRAY['fr,wo', 'en,yo', 'fr,en', 'sw,en', 'ha,en', 'fr,bm'])[1 + g % 6], ','),
       string_to_array((ARRAY['lead_actor', 'extra', 'dancer,extra', 'supporting_actor', 'model'])[1 + abs(hashint4(g::int + 8)) % 5], ','),
       abs(hashint4(g::int + 9)) % 30,
       c.country_id, c.id, now() - make_interval(mins => g::int)
  FROM generate_series(1, $1::bigint) g
  JOIN LATERAL (SELECT id, country_id FROM cities ORDER BY id OFFSET abs(hashint4(g::int + 10)) % 468 LIMIT 1) c ON true
ON CONFLICT DO NOTHING";

/// Seeds [`CASTING_SEED`] with `count` screen talents and prints how long it took.
pub async fn seed_casting(db: &tokio_postgres::Client, count: i64) {
    let start = Instant::now();
    db.execute(CASTING_SEED, &[&count]).await.unwrap();
    db.batch_execute("ANALYZE cinema_talents").await.unwrap();
    println!(
        "  seeded {count} screen talents in {:.1} s",
        start.elapsed().as_secs_f64()
    );
}
