//! A local server speaking OMDB's API (`GET /?apikey=&s=&page=` and `?i=`): a small catalogue,
//! `Response` "True"/"False" as OMDB sends it (a 200 for "not found", a 401 for a bad key), and
//! scripted failures.

use serde_json::{Value, json};

use crate::fake_http::{FakeServer, Received, Reply};

pub const KEY: &str = "omdb-test-key";

/// (imdb id, title, year, type, poster, director)
const FILMS: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "tt0062759",
        "La Noire de...",
        "1966",
        "movie",
        "https://m.media-amazon.com/images/noire.jpg",
        "Ousmane Sembène",
    ),
    (
        "tt0071361",
        "Touki Bouki",
        "1973",
        "movie",
        "N/A",
        "Djibril Diop Mambéty",
    ),
    (
        "tt0091848",
        "Yeelen",
        "1987",
        "movie",
        "https://m.media-amazon.com/images/yeelen.jpg",
        "Souleymane Cissé",
    ),
    ("tt3901826", "Timbuktu", "N/A", "movie", "N/A", "N/A"),
];

fn film(f: &(&str, &str, &str, &str, &str, &str)) -> Value {
    json!({"Title": f.1, "Year": f.2, "imdbID": f.0, "Type": f.3, "Poster": f.4})
}

fn default(request: &Received) -> Reply {
    if request.query("apikey").as_deref() != Some(KEY) {
        return Reply::json(
            401,
            json!({"Response": "False", "Error": "Invalid API key!"}),
        );
    }
    if let Some(id) = request.query("i") {
        return match FILMS.iter().find(|f| f.0 == id) {
            Some(f) => {
                let mut details = film(f);
                details["Director"] = json!(f.5);
                details["Genre"] = json!("Drama");
                details["Country"] = json!("Senegal");
                details["Plot"] = json!("N/A");
                details["Response"] = json!("True");
                Reply::json(200, details)
            }
            None => Reply::json(
                200,
                json!({"Response": "False", "Error": "Incorrect IMDb ID."}),
            ),
        };
    }
    let query = request.query("s").unwrap_or_default().to_lowercase();
    if query.chars().count() < 3 {
        return Reply::json(
            200,
            json!({"Response": "False", "Error": "Too many results."}),
        );
    }
    let found: Vec<Value> = FILMS
        .iter()
        .filter(|f| f.1.to_lowercase().contains(&query))
        .map(film)
        .collect();
    if found.is_empty() {
        return Reply::json(
            200,
            json!({"Response": "False", "Error": "Movie not found!"}),
        );
    }
    Reply::json(
        200,
        json!({"Search": found, "totalResults": found.len().to_string(), "Response": "True"}),
    )
}

pub async fn start() -> FakeServer {
    FakeServer::start(default).await
}

pub fn settings(server: &FakeServer) -> Vec<(&'static str, String)> {
    vec![
        ("OMDB_API_KEY", KEY.into()),
        ("OMDB_BASE_URL", server.base_url.clone()),
    ]
}
