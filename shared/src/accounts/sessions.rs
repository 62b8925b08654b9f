//! Server-side sessions behind an HttpOnly cookie: only the token's hash is stored; a session
//! ends after 2 idle hours or 7 days, whichever comes first, or when revoked.

use std::{net::IpAddr, time::Duration};

use crate::{Error, audit::ClientInfo, db::Pool};

use super::{Principal, Role, Via, tokens};

pub const COOKIE_NAME: &str = "taalentio_session";
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(2 * 3600);
pub const ABSOLUTE_TIMEOUT: Duration = Duration::from_secs(7 * 24 * 3600);
const SESSION_PREFIX: &str = "tls_";

pub struct NewSession {
    pub id: i64,
    /// Goes into the cookie, once.
    pub token: String,
    pub csrf_token: String,
}

pub async fn start(pool: &Pool, user_id: i64, client: &ClientInfo) -> Result<NewSession, Error> {
    let (token, hash) = tokens::generate(SESSION_PREFIX);
    let ip: Option<IpAddr> = client.ip;
    let id: i64 = pool
        .get()
        .await?
        .query_one(
            "INSERT INTO sessions (user_id, token_hash, ip_address, user_agent, idle_expires_at, absolute_expires_at)
             VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5), now() + make_interval(secs => $6))
             RETURNING id",
            &[&user_id, &hash, &ip, &client.user_agent, &(IDLE_TIMEOUT.as_secs() as f64), &(ABSOLUTE_TIMEOUT.as_secs() as f64)],
        )
        .await?
        .get(0);
    let csrf_token = tokens::csrf_for(&token);
    Ok(NewSession {
        id,
        token,
        csrf_token,
    })
}

/// The principal of a live session, sliding its idle expiry.
pub async fn authenticate(pool: &Pool, token: &str) -> Result<Option<Principal>, Error> {
    let row = pool
        .get()
        .await?
        .query_opt(
            "UPDATE sessions s
                SET last_seen_at = now(),
                    idle_expires_at = least(now() + make_interval(secs => $2), s.absolute_expires_at)
               FROM users u
              WHERE s.token_hash = $1 AND s.revoked_at IS NULL
                AND s.idle_expires_at > now() AND s.absolute_expires_at > now()
                AND u.id = s.user_id AND u.account_active
          RETURNING s.id, u.id, u.role, u.email",
            &[&tokens::hash(token), &(IDLE_TIMEOUT.as_secs() as f64)],
        )
        .await?;
    Ok(row.map(|row| Principal {
        user_id: row.get(1),
        role: Role::parse(row.get(2)),
        email: row.get(3),
        via: Via::Session {
            session_id: row.get(0),
            csrf_token: tokens::csrf_for(token),
        },
    }))
}

pub async fn revoke(pool: &Pool, session_id: i64) -> Result<(), Error> {
    pool.get()
        .await?
        .execute(
            "UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL",
            &[&session_id],
        )
        .await?;
    Ok(())
}

/// Ends the session a token belongs to, if it is still live.
pub async fn revoke_by_token(pool: &Pool, token: &str) -> Result<(), Error> {
    pool.get()
        .await?
        .execute(
            "UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL",
            &[&tokens::hash(token)],
        )
        .await?;
    Ok(())
}

/// Ends every session of a person but `keep` (after a password change or reset).
pub async fn revoke_all_except(pool: &Pool, user_id: i64, keep: Option<i64>) -> Result<u64, Error> {
    Ok(pool
        .get()
        .await?
        .execute(
            "UPDATE sessions SET revoked_at = now()
              WHERE user_id = $1 AND revoked_at IS NULL AND ($2::bigint IS NULL OR id <> $2)",
            &[&user_id, &keep],
        )
        .await?)
}

/// The `Set-Cookie` value carrying a new session.
pub fn cookie(token: &str) -> String {
    cookie::Cookie::build((COOKIE_NAME, token))
        .http_only(true)
        .secure(true)
        .same_site(cookie::SameSite::Lax)
        .path("/")
        .max_age(cookie::time::Duration::seconds(
            ABSOLUTE_TIMEOUT.as_secs() as i64
        ))
        .build()
        .to_string()
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn expired_cookie() -> String {
    cookie::Cookie::build((COOKIE_NAME, ""))
        .http_only(true)
        .secure(true)
        .same_site(cookie::SameSite::Lax)
        .path("/")
        .max_age(cookie::time::Duration::ZERO)
        .build()
        .to_string()
}

/// The session token from a `Cookie` header, if any.
pub fn token_from_cookie_header(header: &str) -> Option<String> {
    cookie::Cookie::split_parse(header)
        .filter_map(Result::ok)
        .find(|c| c.name() == COOKIE_NAME && !c.value().is_empty())
        .map(|c| c.value().to_owned())
}
