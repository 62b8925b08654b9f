//! Job runs: at most one worker per run, a repeat of a finished run does nothing, and a run
//! cut off half-way resumes where it stopped.
//!
//! EventBridge delivers at least once and Lambda retries, so every scheduled job works like
//! this:
//!
//! ```ignore
//! let run = match JobRun::claim(&state, "weekly-recap", "2026-W49").await? {
//!     Claim::Started(run) => *run,
//!     other => return Ok(other.report("weekly-recap", "2026-W49")), // already done, or busy
//! };
//! let mut cursor: MyCursor = run.cursor().unwrap_or_default();  // set when resuming
//! for item in items_after(cursor.last_id) {
//!     work(item).await?;
//!     cursor.last_id = item.id;
//!     run.save_cursor(&cursor).await?;                          // after each item
//! }
//! run.succeed(json!({"sent": 12})).await                        // or run.fail("why")
//! ```
//!
//! - A run is a `job_runs` row, unique per (job, `run_key`). The key is the period the run
//!   covers (`2026-W49`, an alert window's end), derived from the event's scheduled time, so a
//!   retried or doubled event names the same run.
//! - [`JobRun::claim`] takes a dedicated connection out of the pool and holds a session
//!   advisory lock keyed on (job, key) on it for the whole run: a second invocation of the
//!   same run meanwhile gets [`Claim::Busy`]. If the process dies, its connection closes and
//!   the lock goes with it; the row, still `running`, is resumed by the next claim with its
//!   last saved cursor. A `failed` run is tried again the same way; a `succeeded` one answers
//!   [`Claim::AlreadyDone`].
//! - [`JobRun::finish`] turns a job body's result into `succeed` or `fail`.

use serde::{Serialize, de::DeserializeOwned};
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::{AppState, Error};

/// What [`JobRun::claim`] found.
pub enum Claim {
    /// This invocation owns the run (new, or resumed after a cut-off or a failure).
    Started(Box<JobRun>),
    /// The run succeeded before: nothing to do. Its stats.
    AlreadyDone(Value),
    /// Another invocation is working on it right now.
    Busy,
}

impl Claim {
    /// The answer of an invocation that did no work.
    pub fn report(&self, job: &str, run_key: &str) -> Value {
        match self {
            Claim::Started(_) => json!({"job": job, "run_key": run_key, "status": "started"}),
            Claim::AlreadyDone(stats) => {
                json!({"job": job, "run_key": run_key, "status": "already_done", "stats": stats})
            }
            Claim::Busy => json!({"job": job, "run_key": run_key, "status": "busy"}),
        }
    }
}

/// A run this invocation owns, holding its lock until it succeeds or fails (or the process
/// dies).
pub struct JobRun {
    id: i64,
    job: String,
    run_key: String,
    cursor: Option<Value>,
    resumed: bool,
    lock: deadpool_postgres::ClientWrapper,
    lock_key: String,
}

impl JobRun {
    pub async fn claim(state: &AppState, job: &str, run_key: &str) -> Result<Claim, Error> {
        // Out of the pool for good: the lock lives as long as this connection.
        let lock = deadpool_postgres::Object::take(state.db.get().await?);
        let lock_key = format!("job_runs:{job}:{run_key}");
        let locked: bool = lock
            .query_one(
                "SELECT pg_try_advisory_lock(hashtextextended($1, 0))",
                &[&lock_key],
            )
            .await?
            .get(0);
        if !locked {
            return Ok(Claim::Busy);
        }
        let mut run = JobRun {
            id: 0,
            job: job.to_owned(),
            run_key: run_key.to_owned(),
            cursor: None,
            resumed: false,
            lock,
            lock_key,
        };
        let inserted = run
            .lock
            .query_opt(
                "INSERT INTO job_runs (job_name, run_key) VALUES ($1, $2)
                 ON CONFLICT (job_name, run_key) DO NOTHING RETURNING id",
                &[&job, &run_key],
            )
            .await?;
        if let Some(row) = inserted {
            run.id = row.get(0);
            tracing::info!(job, run_key, "job run started");
            return Ok(Claim::Started(Box::new(run)));
        }
        let row = run
            .lock
            .query_one(
                "SELECT id, status, cursor, stats FROM job_runs WHERE job_name = $1 AND run_key = $2",
                &[&job, &run_key],
            )
            .await?;
        run.id = row.get("id");
        match row.get::<_, &str>("status") {
            "succeeded" => {
                let stats: Value = row.get("stats");
                run.unlock().await;
                Ok(Claim::AlreadyDone(stats))
            }
            status => {
                // `running` with the lock free: its worker was cut off. `failed`: a retry.
                run.cursor = row.get("cursor");
                run.resumed = true;
                run.lock
                    .execute(
                        "UPDATE job_runs SET status = 'running', finished_at = NULL, error = NULL
                          WHERE id = $1",
                        &[&run.id],
                    )
                    .await?;
                tracing::info!(job, run_key, from = status, cursor = ?run.cursor, "job run resumed");
                Ok(Claim::Started(Box::new(run)))
            }
        }
    }

    pub fn run_key(&self) -> &str {
        &self.run_key
    }

    /// True when an earlier invocation started this run.
    pub fn resumed(&self) -> bool {
        self.resumed
    }

    /// The cursor last saved (a resumed run), or `None` for a new run.
    pub fn cursor<T: DeserializeOwned>(&self) -> Option<T> {
        self.cursor
            .clone()
            .and_then(|c| serde_json::from_value(c).ok())
    }

    /// Records how far the run got; a resumed run starts from here.
    pub async fn save_cursor<T: Serialize>(&mut self, cursor: &T) -> Result<(), Error> {
        let value = serde_json::to_value(cursor).map_err(|e| Error::Internal(e.into()))?;
        self.lock
            .execute(
                "UPDATE job_runs SET cursor = $2 WHERE id = $1",
                &[&self.id, &value],
            )
            .await?;
        self.cursor = Some(value);
        Ok(())
    }

    /// Marks the run done with its stats and answers the invocation's report.
    pub async fn succeed(self, stats: Value) -> Result<Value, Error> {
        self.lock
            .execute(
                "UPDATE job_runs SET status = 'succeeded', stats = $2, finished_at = now() WHERE id = $1",
                &[&self.id, &stats],
            )
            .await?;
        tracing::info!(job = %self.job, run_key = %self.run_key, %stats, "job run succeeded");
        let report = json!({"job": self.job, "run_key": self.run_key, "status": "succeeded",
                            "resumed": self.resumed, "stats": stats});
        self.unlock().await;
        Ok(report)
    }

    /// Marks the run failed (kept with its cursor, so the next claim resumes it).
    pub async fn fail(self, error: &str, stats: Value) -> Result<(), Error> {
        self.lock
            .execute(
                "UPDATE job_runs SET status = 'failed', error = $2, stats = $3, finished_at = now()
                  WHERE id = $1",
                &[&self.id, &error, &stats],
            )
            .await?;
        tracing::warn!(job = %self.job, run_key = %self.run_key, error, "job run failed");
        self.unlock().await;
        Ok(())
    }

    /// Succeeds with the stats of `Ok`, fails with the error of `Err` (and answers it, so
    /// Lambda reports the invocation failed and the schedule's retry policy applies).
    pub async fn finish(self, result: Result<Value, Error>) -> Result<Value, Error> {
        match result {
            Ok(stats) => self.succeed(stats).await,
            Err(error) => {
                self.fail(&error.to_string(), json!({})).await?;
                Err(error)
            }
        }
    }

    async fn unlock(self) {
        // Closing the connection would release the lock too, but only once the server notices.
        let _ = self
            .lock
            .execute(
                "SELECT pg_advisory_unlock(hashtextextended($1, 0))",
                &[&self.lock_key],
            )
            .await;
    }
}

/// The time a scheduled event was due: `scheduled_time` (what the schedule's `Input` puts
/// from `<aws.scheduler.scheduled-time>`), else an EventBridge event's `time`. A retried
/// event carries the same time, so it names the same run.
pub fn scheduled_time(event: &Value) -> Result<OffsetDateTime, Error> {
    let raw = event
        .get("scheduled_time")
        .or_else(|| event.get("time"))
        .and_then(Value::as_str)
        .ok_or_else(|| Error::validation("scheduled_time", crate::error::FieldIssue::Required))?;
    OffsetDateTime::parse(raw, &time::format_description::well_known::Rfc3339).map_err(|e| {
        Error::Validation(vec![crate::error::FieldError::described(
            "scheduled_time",
            crate::error::FieldIssue::format(crate::error::FieldFormat::DateTime),
            format!("is not RFC 3339: {e}"),
        )])
    })
}
