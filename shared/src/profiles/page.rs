//! The public profile's HTML page (`/p/{code}`, where a QR code leads): the web app's SPA
//! shell with the person's Open Graph tags in its head, so a link shared in WhatsApp or on a
//! social network previews the person, not a blank app. Only what [`public_profile`] shows.
//!
//! The shell is `200.html` of the web build: a file locally (`WEB_DIR`), the web bucket's
//! object in AWS (`WEB_BUCKET`), kept for a few minutes so a release shows soon after.

use std::{
    path::PathBuf,
    sync::Arc,
    time::{Duration, Instant},
};

use axum::http::StatusCode;
use tokio::sync::RwLock;

use super::public::{PublicProfile, public_profile};
use crate::{
    AppState, Error,
    mail::templates::escape_html,
    ports::blob::{BlobKey, BlobStore},
};

/// The SPA shell's name in the web build (adapter-static's fallback page).
pub const SHELL_FILE: &str = "200.html";
const SHELL_TTL: Duration = Duration::from_secs(300);

pub enum ShellSource {
    Dir(PathBuf),
    Bucket(Arc<dyn BlobStore>),
}

/// The shell, read once and kept [`SHELL_TTL`].
pub struct WebShell {
    source: ShellSource,
    cached: RwLock<Option<(Instant, Arc<str>)>>,
}

impl WebShell {
    pub fn new(source: ShellSource) -> Self {
        Self {
            source,
            cached: RwLock::new(None),
        }
    }

    pub async fn html(&self) -> Result<Arc<str>, Error> {
        if let Some((at, html)) = self.cached.read().await.as_ref()
            && at.elapsed() < SHELL_TTL
        {
            return Ok(html.clone());
        }
        let bytes = match &self.source {
            ShellSource::Dir(dir) => tokio::fs::read(dir.join(SHELL_FILE)).await.map_err(|e| {
                Error::Unavailable(format!("the web app is not built ({SHELL_FILE}: {e})"))
            })?,
            ShellSource::Bucket(store) => {
                let key = BlobKey::parse(SHELL_FILE)?;
                store
                    .get(&key)
                    .await?
                    .ok_or_else(|| Error::Unavailable("the web app is not published".into()))?
                    .bytes
                    .to_vec()
            }
        };
        let html: Arc<str> = String::from_utf8_lossy(&bytes).into();
        *self.cached.write().await = Some((Instant::now(), html.clone()));
        Ok(html)
    }
}

/// The page of `code`: the shell with the person's tags (200), or the bare shell, whose app
/// says the profile is not public (404). Never an error page of another kind for a bad code.
pub async fn render(
    state: &AppState,
    shell: &WebShell,
    code: &str,
) -> Result<(StatusCode, String), Error> {
    let html = shell.html().await?;
    match public_profile(state, code).await {
        Ok(profile) => Ok((
            StatusCode::OK,
            with_head(&html, &open_graph(&profile, &state.config.public_base_url)),
        )),
        Err(Error::NotFound) => Ok((
            StatusCode::NOT_FOUND,
            with_head(&html, "<meta name=\"robots\" content=\"noindex\">"),
        )),
        Err(other) => Err(other),
    }
}

/// The tags of a profile: title, description (talents and place), page and photo URLs.
pub fn open_graph(profile: &PublicProfile, base_url: &str) -> String {
    let name = format!("{} {}", profile.first_name, profile.last_initial);
    let title = format!("{} — taalentio", name.trim());
    let talents: Vec<String> = profile
        .talents
        .iter()
        .map(|t| format!("{} {}", t.emoji, t.name).trim().to_owned())
        .collect();
    let place: Vec<&str> = [
        profile.city.as_ref().map(|c| c.name.as_str()),
        profile.country.as_ref().map(|c| c.name_fr.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let description = [talents.join(", "), place.join(", ")]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let url = format!("{base_url}/p/{}", profile.unique_code);
    // No <title>: the app sets it, in the reader's language.
    let mut tags = vec![
        meta("og:type", "profile"),
        meta("og:site_name", "taalentio"),
        meta("og:title", &title),
        meta("og:url", &url),
        meta("profile:first_name", &profile.first_name),
        format!("<link rel=\"canonical\" href=\"{}\">", escape_html(&url)),
    ];
    if !description.is_empty() {
        tags.push(meta("og:description", &description));
        tags.push(format!(
            "<meta name=\"description\" content=\"{}\">",
            escape_html(&description)
        ));
    }
    if profile.photo_url.is_some() {
        // A stable address (the photo's own links last 15 minutes): it redirects to a fresh one.
        tags.push(meta(
            "og:image",
            &format!("{base_url}/api/v1/profiles/{}/photo", profile.unique_code),
        ));
        tags.push("<meta name=\"twitter:card\" content=\"summary\">".into());
    }
    tags.join("")
}

fn meta(property: &str, content: &str) -> String {
    format!(
        "<meta property=\"{property}\" content=\"{}\">",
        escape_html(content)
    )
}

/// `tags` placed at the end of the shell's head.
pub fn with_head(shell: &str, tags: &str) -> String {
    match shell.find("</head>") {
        Some(at) => format!("{}{tags}{}", &shell[..at], &shell[at..]),
        None => format!("{tags}{shell}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profiles::{CityRef, Place, TalentRef};

    fn profile() -> PublicProfile {
        PublicProfile {
            unique_code: "AB12CD".into(),
            first_name: "Aïcha \"<script>\"".into(),
            last_initial: "D.".into(),
            country: Some(Place {
                code: "SN".into(),
                name_fr: "Sénégal".into(),
                name_en: "Senegal".into(),
            }),
            city: Some(CityRef {
                id: 1,
                name: "Dakar".into(),
            }),
            talents: vec![TalentRef {
                id: 1,
                name: "Comédienne".into(),
                name_en: "Actress".into(),
                emoji: "🎭".into(),
                category: "arts".into(),
            }],
            photo_url: Some("https://signed.example/x?sig=1".into()),
        }
    }

    #[test]
    fn tags_say_who_and_where_escaped_with_a_stable_photo_url() {
        let tags = open_graph(&profile(), "https://taalentio.com");
        assert!(tags.contains(
            "<meta property=\"og:title\" content=\"Aïcha &quot;&lt;script&gt;&quot; D. — taalentio\">"
        ));
        assert!(tags.contains("content=\"🎭 Comédienne · Dakar, Sénégal\""));
        assert!(tags.contains("content=\"https://taalentio.com/p/AB12CD\""));
        assert!(tags.contains("content=\"https://taalentio.com/api/v1/profiles/AB12CD/photo\""));
        assert!(!tags.contains("signed.example"), "never the 15-minute link");
        assert!(!tags.contains("<script>"));
    }

    #[test]
    fn no_photo_no_image_tag() {
        let mut p = profile();
        p.photo_url = None;
        assert!(!open_graph(&p, "https://t.example").contains("og:image"));
    }

    #[test]
    fn tags_go_at_the_end_of_the_head() {
        let page = with_head(
            "<html><head><meta charset=\"utf-8\"></head><body></body></html>",
            "<x>",
        );
        assert_eq!(
            page,
            "<html><head><meta charset=\"utf-8\"><x></head><body></body></html>"
        );
    }
}
