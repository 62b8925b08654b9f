//! Which scheduled mail a person gets, and the signed unsubscribe links in each message.
//!
//! A kind's default holds until the person chooses (a `mail_preferences` row): the weekly
//! recap is opt-in, watchlist alerts go to the watcher unless they unsubscribed. An
//! unsubscribe token is `<user id>.<kind>.<HMAC-SHA256 over both>`, keyed with a key derived
//! from `BLIND_INDEX_KEY` under a fixed label (so no new secret, and no other use of that key
//! can produce one). It never expires: it can only turn one kind of mail off.

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::{AppState, Error, error::ProblemCode};

/// The kinds of mail a person may turn off: the scheduled ones, and recruiters' "AI match"
/// messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MailKind {
    WeeklyRecap,
    WatchlistAlert,
    /// A recruiter's message that a brief fits one's profile.
    AiMatch,
}

impl MailKind {
    pub const ALL: [MailKind; 3] = [
        MailKind::WeeklyRecap,
        MailKind::WatchlistAlert,
        MailKind::AiMatch,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::WeeklyRecap => "weekly_recap",
            MailKind::WatchlistAlert => "watchlist_alert",
            MailKind::AiMatch => "ai_match",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }

    /// Whether someone who never chose gets this kind.
    pub fn subscribed_by_default(self) -> bool {
        match self {
            MailKind::WeeklyRecap => false,
            MailKind::WatchlistAlert | MailKind::AiMatch => true,
        }
    }

    /// SQL over `users u`: true when `u` gets this kind (their choice, else the default).
    /// Built from constants only.
    pub fn subscribed_sql(self) -> String {
        format!(
            "coalesce((SELECT mp.subscribed FROM mail_preferences mp
                        WHERE mp.user_id = u.id AND mp.kind = '{}'), {})",
            self.as_str(),
            self.subscribed_by_default()
        )
    }
}

const TOKEN_KEY_LABEL: &[u8] = b"taalentio mail unsubscribe token v1";

fn token_mac(state: &AppState, user_id: i64, kind: MailKind) -> Hmac<Sha256> {
    let mut derive =
        <Hmac<Sha256> as Mac>::new_from_slice(state.config.encryption.blind_index_key.expose())
            .expect("HMAC takes keys of any length");
    derive.update(TOKEN_KEY_LABEL);
    let key = derive.finalize().into_bytes();
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key).expect("a 32-byte key");
    mac.update(format!("{user_id}.{}", kind.as_str()).as_bytes());
    mac
}

/// The token of `user_id`'s link to stop `kind`.
pub fn unsubscribe_token(state: &AppState, user_id: i64, kind: MailKind) -> String {
    let tag = token_mac(state, user_id, kind).finalize().into_bytes();
    format!(
        "{user_id}.{}.{}",
        kind.as_str(),
        URL_SAFE_NO_PAD.encode(tag)
    )
}

/// The page a person opens from the mail's footer (the token in the fragment, which browsers
/// never send to a server; the page posts it).
pub fn unsubscribe_page_url(state: &AppState, user_id: i64, kind: MailKind) -> String {
    crate::links::with_token(
        &state.config.public_base_url,
        crate::links::UNSUBSCRIBE,
        &unsubscribe_token(state, user_id, kind),
    )
}

/// RFC 8058 one-click link for the `List-Unsubscribe` header: mail clients POST to it, so the
/// token is in the query string.
pub fn one_click_url(state: &AppState, user_id: i64, kind: MailKind) -> String {
    format!(
        "{}/api/v1/auth/unsubscribe/one-click?token={}",
        state.config.public_base_url,
        unsubscribe_token(state, user_id, kind)
    )
}

/// The (user, kind) a token was made for; anything forged or malformed is refused.
pub fn verify_token(state: &AppState, token: &str) -> Result<(i64, MailKind), Error> {
    let invalid = || {
        Error::BadRequest(
            ProblemCode::UnsubscribeLinkInvalid,
            "this unsubscribe link is not valid".into(),
        )
    };
    let mut parts = token.trim().splitn(3, '.');
    let (Some(user), Some(kind), Some(tag)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(invalid());
    };
    let user_id: i64 = user.parse().map_err(|_| invalid())?;
    let kind = MailKind::parse(kind).ok_or_else(invalid)?;
    let tag = URL_SAFE_NO_PAD.decode(tag).map_err(|_| invalid())?;
    token_mac(state, user_id, kind)
        .verify_slice(&tag)
        .map_err(|_| invalid())?;
    Ok((user_id, kind))
}

/// What an unsubscribe link did.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Unsubscribed {
    pub kind: MailKind,
    pub subscribed: bool,
}

/// Turns off the kind a valid token names, for the person it names.
pub async fn unsubscribe(state: &AppState, token: &str) -> Result<Unsubscribed, Error> {
    let (user_id, kind) = verify_token(state, token)?;
    let changed = set(state, user_id, kind, false).await?;
    if !changed {
        // The account is gone: nothing will be sent to it anyway.
        tracing::info!(user_id, "unsubscribe link of a deleted account");
    }
    Ok(Unsubscribed {
        kind,
        subscribed: false,
    })
}

/// Answers whether the account exists (and so the choice was stored).
async fn set(
    state: &AppState,
    user_id: i64,
    kind: MailKind,
    subscribed: bool,
) -> Result<bool, Error> {
    let stored = state
        .db
        .get()
        .await?
        .execute(
            "INSERT INTO mail_preferences (user_id, kind, subscribed)
             SELECT id, $2, $3 FROM users WHERE id = $1
             ON CONFLICT (user_id, kind) DO UPDATE SET subscribed = excluded.subscribed, updated_at = now()",
            &[&user_id, &kind.as_str(), &subscribed],
        )
        .await?;
    Ok(stored == 1)
}

/// One kind of scheduled mail and whether the person gets it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MailPreference {
    pub kind: MailKind,
    pub subscribed: bool,
    /// False while the kind's default applies (the person never chose).
    pub chosen: bool,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub updated_at: Option<OffsetDateTime>,
}

pub async fn list(state: &AppState, user_id: i64) -> Result<Vec<MailPreference>, Error> {
    let rows = state
        .db
        .get()
        .await?
        .query(
            "SELECT kind, subscribed, updated_at FROM mail_preferences WHERE user_id = $1",
            &[&user_id],
        )
        .await?;
    Ok(MailKind::ALL
        .into_iter()
        .map(|kind| {
            let row = rows
                .iter()
                .find(|r| r.get::<_, &str>("kind") == kind.as_str());
            MailPreference {
                kind,
                subscribed: row.map_or(kind.subscribed_by_default(), |r| r.get("subscribed")),
                chosen: row.is_some(),
                updated_at: row.map(|r| r.get("updated_at")),
            }
        })
        .collect())
}

/// A person's choices: `{"weekly_recap": true, …}`; kinds not named stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreferencesChange {
    pub weekly_recap: Option<bool>,
    pub watchlist_alert: Option<bool>,
    pub ai_match: Option<bool>,
}

pub async fn change(
    state: &AppState,
    user_id: i64,
    change: &PreferencesChange,
) -> Result<Vec<MailPreference>, Error> {
    for (kind, value) in [
        (MailKind::WeeklyRecap, change.weekly_recap),
        (MailKind::WatchlistAlert, change.watchlist_alert),
        (MailKind::AiMatch, change.ai_match),
    ] {
        if let Some(subscribed) = value {
            set(state, user_id, kind, subscribed).await?;
        }
    }
    list(state, user_id).await
}
