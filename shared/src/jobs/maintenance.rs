//! The daily maintenance job: purges what has expired or was abandoned (sessions, API tokens,
//! confirmation and reset links, login throttles, rejected and abandoned uploads) and deletes
//! blob-store objects no row points to; then checks the dashboard's running totals of people
//! against the tables and compacts them ([`stats::refresh_running_totals`]). Recorded in `job_runs` once per UTC day; running it
//! again the same day does nothing and says so, and every step is safe to repeat.
//!
//! What writes to the blob store, and so what the sweep must not take for an orphan:
//! - `incoming/<user>/<upload>`, `incoming/cinema-<talent>/<upload>`: `uploads.object_key`
//!   of pending uploads (the row is written before the upload URL is handed out);
//! - `photos/`, `cvs/`, `cinema/`: accepted files and thumbnails, pointed to by
//!   `uploads.object_key`/`thumbnail_key`, `users.photo_filename`/`cv_filename`,
//!   `cinema_talents.profile_photo_filename`/`gallery_photos`;
//! - `exports/`: stored badge PDFs and exports, served by a link of [`FILE_LINK_TTL`] and
//!   pointed to by no row: deleted once that link has expired (plus the grace period).
//!
//! Between writing an object and committing its row (an accepted photo) there is a moment with
//! no row: objects younger than [`ORPHAN_GRACE`] are never deleted. Prefixes not listed in
//! [`SWEPT_PREFIXES`] are left alone.

use std::{collections::HashSet, time::Duration};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::{
    AppState, Error,
    accounts::throttle,
    jobs::runs::{Claim, JobRun},
    ports::blob::{BlobKey, ListedBlob},
    profiles::FILE_LINK_TTL,
    stats::{self, CountsRefresh},
};

pub const JOB_NAME: &str = "maintenance";
/// Revoked sessions are kept this long (who was signed in, for an investigation).
pub const REVOKED_SESSION_RETENTION: Duration = days(30);
/// Expired or revoked API tokens stay listed in the logs' terms this long.
pub const API_TOKEN_GRACE: Duration = days(30);
/// A rejected upload's reason stays readable (`GET /me/uploads/{id}`) this long.
pub const REJECTED_UPLOAD_RETENTION: Duration = days(7);
/// An upload still pending after this was abandoned (the URL lived 10 minutes).
pub const ABANDONED_UPLOAD_AGE: Duration = Duration::from_secs(24 * 3600);
/// Objects younger than this are never taken for orphans.
pub const ORPHAN_GRACE: Duration = Duration::from_secs(6 * 3600);
/// Where the sweep looks for orphans: the prefixes the core writes (see the module doc).
pub const SWEPT_PREFIXES: [&str; 4] = ["incoming/", "photos/", "cvs/", "cinema/"];
/// Stored files served by a short-lived link only.
pub const STORED_FILES_PREFIX: &str = "exports/";

const fn days(n: u64) -> Duration {
    Duration::from_secs(n * 24 * 3600)
}

/// What one run purged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Purged {
    pub sessions: u64,
    pub api_tokens: u64,
    pub email_confirmations: u64,
    pub password_resets: u64,
    pub login_throttles: u64,
    pub rejected_uploads: u64,
    pub abandoned_uploads: u64,
    /// Objects of the swept prefixes no row points to.
    pub orphan_blobs: u64,
    /// Stored exports and badge PDFs whose link has expired.
    pub expired_stored_files: u64,
}

impl Purged {
    pub fn total(&self) -> u64 {
        self.sessions
            + self.api_tokens
            + self.email_confirmations
            + self.password_resets
            + self.login_throttles
            + self.rejected_uploads
            + self.abandoned_uploads
            + self.orphan_blobs
            + self.expired_stored_files
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub job_name: String,
    /// The UTC day this run is for.
    pub run_key: String,
    /// False when the day's run had already been done: nothing was purged this time.
    pub ran: bool,
    pub purged: Purged,
    /// The dashboard's running totals: drift corrected, deltas folded.
    pub people_counts: CountsRefresh,
    pub message: String,
}

/// The day's run: purges unless it already ran today (or is running elsewhere right now).
/// The run is a [`JobRun`]: a day whose run failed or was cut off runs again.
pub async fn run(state: &AppState, now: OffsetDateTime) -> Result<Report, Error> {
    let run_key = now.date().to_string();
    let report = |ran, purged, people_counts, message| Report {
        job_name: JOB_NAME.into(),
        run_key: run_key.clone(),
        ran,
        purged,
        people_counts,
        message,
    };
    let run = match JobRun::claim(state, JOB_NAME, &run_key).await? {
        Claim::Started(run) => *run,
        Claim::AlreadyDone(_) => {
            return Ok(report(
                false,
                Purged::default(),
                CountsRefresh::default(),
                format!("maintenance for {run_key} had already run: nothing purged this time"),
            ));
        }
        Claim::Busy => {
            return Ok(report(
                false,
                Purged::default(),
                CountsRefresh::default(),
                format!("maintenance for {run_key} is running in another invocation"),
            ));
        }
    };
    let outcome = match purge(state, now).await {
        Ok(purged) => stats::refresh_running_totals(&state.db)
            .await
            .map(|counts| (purged, counts)),
        Err(error) => Err(error),
    };
    let (purged, people_counts) = match outcome {
        Ok(done) => done,
        Err(error) => {
            run.fail(&error.to_string(), serde_json::json!({})).await?;
            return Err(error);
        }
    };
    let recorded = serde_json::json!({ "purged": purged, "people_counts": people_counts });
    run.succeed(recorded).await?;
    let message = if purged.total() == 0 {
        format!("maintenance for {run_key}: nothing to purge")
    } else {
        format!("maintenance for {run_key}: {} items purged", purged.total())
    };
    tracing::info!(%message, ?purged, ?people_counts, "maintenance");
    Ok(report(true, purged, people_counts, message))
}

/// Every purge, as of `now`. Each step is one statement (or one delete per object) and safe to
/// repeat: a second call purges nothing new.
pub async fn purge(state: &AppState, now: OffsetDateTime) -> Result<Purged, Error> {
    let mut purged = Purged::default();
    {
        let db = state.db.get().await?;
        purged.sessions = db
            .execute(
                "DELETE FROM sessions
                  WHERE idle_expires_at < $1 OR absolute_expires_at < $1 OR revoked_at < $2",
                &[&now, &(now - REVOKED_SESSION_RETENTION)],
            )
            .await?;
        purged.api_tokens = db
            .execute(
                "DELETE FROM api_tokens WHERE expires_at < $1 OR revoked_at < $1",
                &[&(now - API_TOKEN_GRACE)],
            )
            .await?;
        // A used or expired link can never be used again.
        purged.email_confirmations = db
            .execute(
                "DELETE FROM email_confirmations WHERE used_at IS NOT NULL OR expires_at < $1",
                &[&now],
            )
            .await?;
        purged.password_resets = db
            .execute(
                "DELETE FROM password_resets WHERE used_at IS NOT NULL OR expires_at < $1",
                &[&now],
            )
            .await?;
        purged.login_throttles = throttle::purge_stale(&db, now).await?;
    }
    // Rows first, then their objects: an object left by a failed delete is an orphan the
    // sweep below (or tomorrow's) removes.
    let rejected = delete_uploads(
        state,
        "status = 'rejected' AND processed_at < $1",
        now - REJECTED_UPLOAD_RETENTION,
    )
    .await?;
    purged.rejected_uploads = rejected.len() as u64;
    let abandoned = delete_uploads(
        state,
        "status = 'pending' AND created_at < $1",
        now - ABANDONED_UPLOAD_AGE,
    )
    .await?;
    purged.abandoned_uploads = abandoned.len() as u64;
    for key in rejected.iter().chain(&abandoned) {
        state.blobs.delete(key).await?;
    }
    purged.orphan_blobs = sweep(state, &SWEPT_PREFIXES, now - ORPHAN_GRACE).await?;
    // A stored file is served by its link only: once the link expired, it is an orphan too.
    purged.expired_stored_files = sweep(
        state,
        &[STORED_FILES_PREFIX],
        now - FILE_LINK_TTL - ORPHAN_GRACE,
    )
    .await?;
    Ok(purged)
}

/// Deletes the uploads matching `condition` (on `$1`); answers their objects.
async fn delete_uploads(
    state: &AppState,
    condition: &str,
    bound: OffsetDateTime,
) -> Result<Vec<BlobKey>, Error> {
    let rows = state
        .db
        .get()
        .await?
        .query(
            &format!("DELETE FROM uploads WHERE {condition} RETURNING object_key, thumbnail_key"),
            &[&bound],
        )
        .await?;
    let mut keys = Vec::new();
    for row in rows {
        for key in [row.get::<_, Option<String>>(0), row.get(1)]
            .into_iter()
            .flatten()
        {
            keys.push(BlobKey::parse(&key)?);
        }
    }
    Ok(keys)
}

/// Objects under `prefixes` last written before `written_before` that no row points to.
async fn sweep(
    state: &AppState,
    prefixes: &[&str],
    written_before: OffsetDateTime,
) -> Result<u64, Error> {
    let mut candidates: Vec<ListedBlob> = Vec::new();
    for prefix in prefixes {
        candidates.extend(
            state
                .blobs
                .list(prefix)
                .await?
                .into_iter()
                .filter(|b| b.last_modified < written_before),
        );
    }
    let mut deleted = 0;
    // Listed before the rows are read: a row committed meanwhile is seen.
    for chunk in candidates.chunks(1000) {
        let keys: Vec<&str> = chunk.iter().map(|b| b.key.as_str()).collect();
        let live = referenced(state, &keys).await?;
        for blob in chunk {
            if !live.contains(blob.key.as_str()) {
                state.blobs.delete(&blob.key).await?;
                deleted += 1;
            }
        }
    }
    Ok(deleted)
}

/// Which of `keys` a row points to.
async fn referenced(state: &AppState, keys: &[&str]) -> Result<HashSet<String>, Error> {
    let rows = state
        .db
        .get()
        .await?
        .query(
            "SELECT object_key FROM uploads WHERE object_key = ANY($1)
             UNION SELECT thumbnail_key FROM uploads WHERE thumbnail_key = ANY($1)
             UNION SELECT k FROM users, unnest(ARRAY[photo_filename, cv_filename, qr_code_filename]) k
                    WHERE k = ANY($1)
             UNION SELECT k FROM cinema_talents, unnest(array_append(gallery_photos, profile_photo_filename)) k
                    WHERE k = ANY($1)
             UNION SELECT badge_filename FROM project_talents WHERE badge_filename = ANY($1)",
            &[&keys],
        )
        .await?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}
