//! Helpers for tests that need people: register, confirm, log in, and read the mail the
//! platform sent from the outbox folder.

use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
};
use serde_json::{Value, json};

use crate::{TestApp, TestResponse};

/// A password zxcvbn rates strong, for people who are not testing the policy.
pub const GOOD_PASSWORD: &str = "Baobab lanterne kora 2026";

/// How a test authenticates a request.
#[derive(Debug, Clone)]
pub enum Auth {
    /// A browser session: the cookie, and the CSRF token echoed on unsafe methods.
    Session {
        cookie: String,
        csrf: String,
    },
    Bearer(String),
}

impl Auth {
    /// The same session without its CSRF token, as a cross-site form would send it.
    pub fn without_csrf(&self) -> Auth {
        match self {
            Auth::Session { cookie, .. } => Auth::Session {
                cookie: cookie.clone(),
                csrf: String::new(),
            },
            other => other.clone(),
        }
    }
}

/// One mail from the outbox, decoded.
#[derive(Debug)]
pub struct SentMail {
    pub from: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl SentMail {
    /// The token of the link in the mail (`…#token=tlk_…`).
    pub fn link_token(&self) -> String {
        let start = self.text.find("#token=").expect("a link with a token") + "#token=".len();
        self.text[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect()
    }
}

impl TestApp {
    /// Sends JSON with an optional identity; `X-Forwarded-For` is not set.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        auth: Option<&Auth>,
    ) -> TestResponse {
        self.call_from(method, path, body, auth, None).await
    }

    /// POSTs `body` to `path` as `who`, which must create it (201): answers what was created.
    pub async fn created(&self, who: &Auth, path: &str, body: Value) -> Value {
        let response = self.call(Method::POST, path, Some(body), Some(who)).await;
        assert_eq!(
            response.status,
            StatusCode::CREATED,
            "{path}: {:?}",
            response.body
        );
        response.json()
    }

    /// How many exports the activity log traces.
    pub async fn traced_exports(&self) -> i64 {
        self.db()
            .await
            .query_one(
                "SELECT count(*) FROM activity_logs WHERE resource_type = 'export'",
                &[],
            )
            .await
            .unwrap()
            .get(0)
    }

    /// As [`TestApp::call`], from a given client address (apps made with
    /// `TRUSTED_PROXY_HOPS=1` read it from `X-Forwarded-For`).
    pub async fn call_from(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        auth: Option<&Auth>,
        address: Option<&str>,
    ) -> TestResponse {
        let mut request = Request::builder().method(method).uri(path);
        if body.is_some() {
            request = request.header(header::CONTENT_TYPE, "application/json");
        }
        if let Some(address) = address {
            request = request.header("x-forwarded-for", address);
        }
        match auth {
            Some(Auth::Session { cookie, csrf }) => {
                request = request.header(header::COOKIE, cookie);
                if !csrf.is_empty() {
                    request = request.header("x-csrf-token", csrf);
                }
            }
            Some(Auth::Bearer(token)) => {
                request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
            }
            None => {}
        }
        let body = body.map(|b| Body::from(b.to_string())).unwrap_or_default();
        self.request(request.body(body).unwrap()).await
    }

    /// Every mail sent so far, oldest first.
    pub fn outbox(&self) -> Vec<SentMail> {
        let dir = self.files.path().join("outbox");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Vec::new();
        };
        let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        paths.sort();
        paths
            .iter()
            .map(|path| {
                let raw = std::fs::read(path).unwrap();
                let message = mailparse::parse_mail(&raw).unwrap();
                let header = |name: &str| {
                    mailparse::MailHeaderMap::get_first_value(message.headers.as_slice(), name)
                        .unwrap_or_default()
                };
                let part = |mime: &str| {
                    message
                        .subparts
                        .iter()
                        .flat_map(|p| std::iter::once(p).chain(p.subparts.iter()))
                        .find(|p| p.ctype.mimetype == mime)
                        .map(|p| p.get_body().unwrap())
                        .unwrap_or_default()
                };
                SentMail {
                    from: header("From"),
                    to: header("To"),
                    subject: header("Subject"),
                    text: part("text/plain"),
                    html: part("text/html"),
                }
            })
            .collect()
    }

    /// The last mail sent to `email`.
    pub fn last_mail_to(&self, email: &str) -> SentMail {
        self.outbox()
            .into_iter()
            .rev()
            .find(|m| m.to.contains(email))
            .unwrap_or_else(|| panic!("no mail to {email}"))
    }

    pub async fn register(&self, email: &str, password: &str) -> TestResponse {
        self.call(
            Method::POST,
            "/api/v1/auth/register",
            Some(registration(email, password)),
            None,
        )
        .await
    }

    /// Registers and confirms `email` with [`GOOD_PASSWORD`]; answers the user's id.
    pub async fn confirmed_user(&self, email: &str) -> i64 {
        let response = self.register(email, GOOD_PASSWORD).await;
        assert_eq!(response.status, StatusCode::ACCEPTED, "{:?}", response.body);
        let token = self.last_mail_to(email).link_token();
        let confirmed = self
            .call(
                Method::POST,
                "/api/v1/auth/confirm",
                Some(json!({"token": token})),
                None,
            )
            .await;
        assert_eq!(confirmed.status, StatusCode::OK, "{:?}", confirmed.body);
        confirmed.json()["user"]["id"].as_i64().unwrap()
    }

    pub async fn login(&self, email: &str, password: &str) -> Auth {
        let response = self
            .call(
                Method::POST,
                "/api/v1/auth/login",
                Some(json!({"email": email, "password": password})),
                None,
            )
            .await;
        assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
        session_from(&response)
    }

    /// A confirmed, logged-in person with `role`.
    pub async fn user_with_role(&self, email: &str, role: &str) -> (i64, Auth) {
        let id = self.confirmed_user(email).await;
        self.db()
            .await
            .execute("UPDATE users SET role = $2 WHERE id = $1", &[&id, &role])
            .await
            .unwrap();
        (id, self.login(email, GOOD_PASSWORD).await)
    }
}

/// The session a login answer opened.
pub fn session_from(response: &TestResponse) -> Auth {
    let set_cookie = response
        .headers
        .get(header::SET_COOKIE)
        .expect("a session cookie")
        .to_str()
        .unwrap();
    let cookie = set_cookie.split(';').next().unwrap().to_owned();
    let csrf = response.json()["csrf_token"].as_str().unwrap().to_owned();
    Auth::Session { cookie, csrf }
}

/// A valid registration body; tests change one field to test it.
pub fn registration(email: &str, password: &str) -> Value {
    json!({
        "email": email,
        "password": password,
        "first_name": "Aminata",
        "last_name": "Diallo",
        "date_of_birth": "1996-03-14",
        "accepted_terms_version": taalentio::accounts::consent::TERMS_VERSION,
    })
}
