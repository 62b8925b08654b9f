//! Login throttling per account and per client address, kept in Postgres so every Lambda
//! instance sees the same counts. Past a few free failures, each failure locks for twice as long
//! as the last (30 s, 1 min, 2 min … capped at 15 min); the lock holds even for the right
//! password, and answers 429 with Retry-After.

use std::net::IpAddr;

use crate::{Error, db::Pool};

/// Failures before the account is locked (a person mistyping).
pub const ACCOUNT_FREE_FAILURES: i32 = 5;
/// Failures before an address is locked (many accounts behind one NAT, as in cybercafés).
pub const ADDRESS_FREE_FAILURES: i32 = 20;
/// Failures older than this, with no lock running, are forgotten.
const WINDOW_SECS: f64 = 15.0 * 60.0;
const FIRST_LOCK_SECS: i64 = 30;
const MAX_LOCK_SECS: i64 = 15 * 60;

fn keys(email: &str, ip: Option<IpAddr>) -> Vec<(&'static str, String, i32)> {
    let mut keys = vec![("account", email.to_owned(), ACCOUNT_FREE_FAILURES)];
    if let Some(ip) = ip {
        keys.push(("address", ip.to_string(), ADDRESS_FREE_FAILURES));
    }
    keys
}

/// 429 while the account or the address is locked.
pub async fn check(pool: &Pool, email: &str, ip: Option<IpAddr>) -> Result<(), Error> {
    let address = ip.map(|ip| ip.to_string());
    let remaining: Option<f64> = pool
        .get()
        .await?
        .query_one(
            "SELECT max(extract(epoch FROM locked_until - now()))::float8 FROM login_throttles
              WHERE locked_until > now()
                AND ((scope = 'account' AND key = $1) OR (scope = 'address' AND key = $2))",
            &[&email, &address],
        )
        .await?
        .get(0);
    match remaining {
        Some(seconds) => Err(Error::TooManyRequests {
            retry_after_secs: seconds.ceil().max(1.0) as u64,
        }),
        None => Ok(()),
    }
}

/// Counts a failure; answers the lock it started, in seconds, if any.
pub async fn record_failure(
    pool: &Pool,
    email: &str,
    ip: Option<IpAddr>,
) -> Result<Option<i64>, Error> {
    let client = pool.get().await?;
    let mut longest = None;
    for (scope, key, free) in keys(email, ip) {
        let failures: i32 = client
            .query_one(
                "INSERT INTO login_throttles AS t (scope, key, failures) VALUES ($1, $2, 1)
                 ON CONFLICT (scope, key) DO UPDATE SET
                     failures = CASE WHEN t.first_failure_at < now() - make_interval(secs => $3)
                                          AND (t.locked_until IS NULL OR t.locked_until < now())
                                     THEN 1 ELSE t.failures + 1 END,
                     first_failure_at = CASE WHEN t.first_failure_at < now() - make_interval(secs => $3)
                                          AND (t.locked_until IS NULL OR t.locked_until < now())
                                     THEN now() ELSE t.first_failure_at END
                 RETURNING failures",
                &[&scope, &key, &WINDOW_SECS],
            )
            .await?
            .get(0);
        if failures >= free {
            let doublings = (failures - free).min(10) as u32;
            let lock = (FIRST_LOCK_SECS << doublings).min(MAX_LOCK_SECS);
            client
                .execute(
                    "UPDATE login_throttles SET locked_until = now() + make_interval(secs => $3)
                      WHERE scope = $1 AND key = $2",
                    &[&scope, &key, &(lock as f64)],
                )
                .await?;
            longest = longest.max(Some(lock));
        }
    }
    Ok(longest)
}

/// A successful login forgets the account's failures (not the address's: one good password
/// must not reset a spray across many accounts).
pub async fn clear_account(pool: &Pool, email: &str) -> Result<(), Error> {
    pool.get()
        .await?
        .execute(
            "DELETE FROM login_throttles WHERE scope = 'account' AND key = $1",
            &[&email],
        )
        .await?;
    Ok(())
}

/// Forgets rows whose failures are out of the window with no lock running (what the next
/// failure would reset anyway); for the maintenance job.
pub async fn purge_stale(
    db: &impl deadpool_postgres::GenericClient,
    now: time::OffsetDateTime,
) -> Result<u64, Error> {
    Ok(db
        .execute(
            "DELETE FROM login_throttles
              WHERE first_failure_at < $1::timestamptz - make_interval(secs => $2)
                AND (locked_until IS NULL OR locked_until < $1)",
            &[&now, &WINDOW_SECS],
        )
        .await?)
}
