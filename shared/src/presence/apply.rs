//! Applying one scan, whoever sends it: the desk's own scans ([`super::scans`]) and offline
//! scanners' batches ([`super::batch`]) both come through [`apply`].
//!
//! Each scan is its own transaction, so a refused scan never holds up the others and no lock
//! outlives one scan. It first claims its `scan_id` in `attendance_scans` (`INSERT … ON
//! CONFLICT DO NOTHING` on the partial unique index): whoever comes second, in this batch, a
//! retried one or another device's, waits for the first to commit, finds it and is a
//! duplicate. Then it moves the day's times only one way — the check-in earlier (an upsert),
//! the check-out later (under the row's lock) — so scans from several devices land the same
//! whatever order they arrive in, and the audit row keeps what the scan did.

use std::collections::HashMap;

use deadpool_postgres::GenericClient;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::{ScanDirection, ScanRefusal, ScanStatus, rules};
use crate::{Error, cinema::productions::Project, codes, db::Client};

/// A scan ready to apply: a batch's once its envelope is checked, or the desk's own.
#[derive(Debug, Clone)]
pub(crate) struct ScanInput {
    pub scan_id: Uuid,
    /// As received.
    pub code: String,
    pub direction: ScanDirection,
    /// Whole microseconds, as Postgres keeps it.
    pub scanned_at: OffsetDateTime,
    pub date: Date,
    pub offline: bool,
}

/// Who sends scans: the signed-in caller, and the scanner (none for the desk's own scans).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sender<'a> {
    pub by: i64,
    pub device_id: Option<&'a str>,
}

/// A talent of the project, as a scanned code names them.
#[derive(Debug, Clone)]
pub(crate) struct Named {
    pub cinema_talent_code: String,
    pub first_name: String,
    pub last_name: String,
}

impl Named {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// The talents of a project some codes name, by normalized code (badge or cinema code).
#[derive(Debug, Default)]
pub(crate) struct CodeBook(HashMap<String, Named>);

impl CodeBook {
    /// Looks up every code at once.
    pub async fn load<'a>(
        db: &Client,
        project_id: i64,
        scanned: impl IntoIterator<Item = &'a str>,
    ) -> Result<Self, Error> {
        let mut wanted: Vec<String> = scanned.into_iter().filter_map(codes::normalize).collect();
        wanted.sort_unstable();
        wanted.dedup();
        if wanted.is_empty() {
            return Ok(Self::default());
        }
        let rows = db
            .query(
                "SELECT pt.project_code, ct.unique_code, ct.first_name, ct.last_name
                   FROM project_talents pt JOIN cinema_talents ct ON ct.id = pt.cinema_talent_id
                  WHERE pt.project_id = $1 AND (pt.project_code = ANY($2) OR ct.unique_code = ANY($2))",
                &[&project_id, &wanted],
            )
            .await?;
        let mut book = HashMap::new();
        for row in rows {
            let named = Named {
                cinema_talent_code: row.get(1),
                first_name: row.get(2),
                last_name: row.get(3),
            };
            book.insert(row.get(0), named.clone());
            book.insert(named.cinema_talent_code.clone(), named);
        }
        Ok(Self(book))
    }

    /// The talent a code as scanned or typed names, if any.
    pub fn get(&self, scanned: &str) -> Option<&Named> {
        codes::normalize(scanned).and_then(|code| self.0.get(&code))
    }
}

/// Whether a scan may be applied on `project`, and to whom: its code first (a code at all,
/// then its clock and day), then whether the code names someone on the project. What the
/// day's times allow is judged when applying.
pub(crate) fn judge<'b>(
    scan: &ScanInput,
    project: &Project,
    book: &'b CodeBook,
    now: OffsetDateTime,
) -> Result<&'b Named, ScanRefusal> {
    if codes::normalize(&scan.code).is_none() {
        return Err(ScanRefusal::InvalidCode);
    }
    if let Some(refusal) = rules::clock_refusal(scan.scanned_at, now)
        .or_else(|| rules::dates_refusal(scan.date, project.start_date, project.end_date))
    {
        return Err(refusal);
    }
    book.get(&scan.code).ok_or(ScanRefusal::NotOnProject)
}

/// What applying a scan did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Applied {
    pub status: ScanStatus,
    pub reason: Option<ScanRefusal>,
    /// For a duplicate: what the scan did when it first came, when known.
    pub first: Option<(ScanStatus, Option<ScanRefusal>)>,
}

impl Applied {
    fn new(status: ScanStatus, reason: Option<ScanRefusal>) -> Self {
        Self {
            status,
            reason,
            first: None,
        }
    }
}

/// The code as the audit keeps it: no control characters, at most 64 characters.
pub(crate) fn stored_code(scanned: &str) -> String {
    scanned
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(64)
        .collect()
}

const RECORD: &str = "
    INSERT INTO attendance_scans (scan_id, project_id, code, cinema_talent_code, direction, date,
                                  scanned_at, device_id, offline, recorded_by, status, reason)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
    ON CONFLICT (scan_id) WHERE status <> 'duplicate' DO NOTHING
    RETURNING id";

/// Keeps a received scan; `None` when another row holds its `scan_id` (never for a duplicate,
/// which the unique index leaves out).
async fn record(
    db: &impl GenericClient,
    project_id: i64,
    scan: &ScanInput,
    sender: Sender<'_>,
    talent: Option<&Named>,
    applied: Applied,
) -> Result<Option<i64>, Error> {
    let statement = db.prepare_cached(RECORD).await?;
    let row = db
        .query_opt(
            &statement,
            &[
                &scan.scan_id,
                &project_id,
                &stored_code(&scan.code),
                &talent.map(|t| t.cinema_talent_code.as_str()),
                &scan.direction.as_str(),
                &scan.date,
                &scan.scanned_at,
                &sender.device_id,
                &scan.offline,
                &sender.by,
                &applied.status.as_str(),
                &applied.reason.map(ScanRefusal::as_str),
            ],
        )
        .await?;
    Ok(row.map(|r| r.get(0)))
}

/// Keeps a scan whose `scan_id` was received before; it changes nothing else.
pub(crate) async fn record_duplicate(
    db: &impl GenericClient,
    project_id: i64,
    scan: &ScanInput,
    sender: Sender<'_>,
    talent: Option<&Named>,
    first: Option<(ScanStatus, Option<ScanRefusal>)>,
) -> Result<Applied, Error> {
    let applied = Applied {
        first,
        ..Applied::new(ScanStatus::Duplicate, None)
    };
    record(db, project_id, scan, sender, talent, applied).await?;
    Ok(applied)
}

/// Applies one scan `judge`d beforehand, in its own transaction, and keeps what it did.
pub(crate) async fn apply(
    db: &mut Client,
    project_id: i64,
    scan: &ScanInput,
    sender: Sender<'_>,
    judged: Result<&Named, ScanRefusal>,
) -> Result<Applied, Error> {
    let tx = db.transaction().await?;
    // The claim carries what the judgement expects; what the day's times allow may change it
    // below, in the same transaction, so no one ever reads the expectation.
    let claimed = match judged {
        Ok(_) => Applied::new(ScanStatus::Recorded, None),
        Err(reason) => Applied::new(ScanStatus::Refused, Some(reason)),
    };
    let talent = judged.ok();
    let Some(row_id) = record(&tx, project_id, scan, sender, talent, claimed).await? else {
        let applied = record_duplicate(&tx, project_id, scan, sender, talent, None).await?;
        tx.commit().await?;
        return Ok(applied);
    };
    let applied = match talent {
        None => claimed,
        Some(talent) => {
            let day = Day {
                project_id,
                talent: &talent.cinema_talent_code,
                date: scan.date,
            };
            match scan.direction {
                ScanDirection::CheckIn => check_in(&tx, day, scan, row_id, sender.by).await?,
                ScanDirection::CheckOut => check_out(&tx, day, scan, row_id, sender.by).await?,
            }
        }
    };
    if applied != claimed {
        let statement = tx
            .prepare_cached("UPDATE attendance_scans SET status = $2, reason = $3 WHERE id = $1")
            .await?;
        tx.execute(
            &statement,
            &[
                &row_id,
                &applied.status.as_str(),
                &applied.reason.map(ScanRefusal::as_str),
            ],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(applied)
}

/// Which attendance a scan is about.
#[derive(Debug, Clone, Copy)]
struct Day<'a> {
    project_id: i64,
    talent: &'a str,
    date: Date,
}

/// The earliest check-in counts: creates the day, or moves its check-in earlier.
async fn check_in(
    tx: &impl GenericClient,
    day: Day<'_>,
    scan: &ScanInput,
    scan_row: i64,
    by: i64,
) -> Result<Applied, Error> {
    let statement = tx
        .prepare_cached(
            "INSERT INTO attendances AS a (project_id, cinema_talent_code, date, check_in_time,
                                           check_in_scan, recorded_by)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (project_id, cinema_talent_code, date) DO UPDATE
                SET check_in_time = LEAST(a.check_in_time, EXCLUDED.check_in_time),
                    check_in_scan = EXCLUDED.check_in_scan,
                    recorded_by = EXCLUDED.recorded_by, updated_at = now()
              WHERE EXCLUDED.check_in_time < a.check_in_time
             RETURNING a.id",
        )
        .await?;
    let moved = tx
        .query_opt(
            &statement,
            &[
                &day.project_id,
                &day.talent,
                &day.date,
                &scan.scanned_at,
                &scan_row,
                &by,
            ],
        )
        .await?
        .is_some();
    Ok(Applied::new(
        if moved {
            ScanStatus::Recorded
        } else {
            ScanStatus::AlreadyRecorded
        },
        None,
    ))
}

/// The latest check-out counts, after the check-in: decided under the day's row lock.
async fn check_out(
    tx: &impl GenericClient,
    day: Day<'_>,
    scan: &ScanInput,
    scan_row: i64,
    by: i64,
) -> Result<Applied, Error> {
    let lock = tx
        .prepare_cached(
            "SELECT id, check_in_time, check_out_time FROM attendances
              WHERE project_id = $1 AND cinema_talent_code = $2 AND date = $3 FOR UPDATE",
        )
        .await?;
    let row = tx
        .query_opt(&lock, &[&day.project_id, &day.talent, &day.date])
        .await?;
    let times = row.as_ref().map(|row| (row.get(1), row.get(2)));
    match (rules::check_out(times, scan.scanned_at), row) {
        (Err(reason), _) => Ok(Applied::new(ScanStatus::Refused, Some(reason))),
        (Ok(false), _) => Ok(Applied::new(ScanStatus::AlreadyRecorded, None)),
        (Ok(true), Some(row)) => {
            let statement = tx
                .prepare_cached(
                    "UPDATE attendances SET check_out_time = $2, check_out_scan = $3,
                            recorded_by = $4, updated_at = now()
                      WHERE id = $1",
                )
                .await?;
            tx.execute(
                &statement,
                &[&row.get::<_, i64>(0), &scan.scanned_at, &scan_row, &by],
            )
            .await?;
            Ok(Applied::new(ScanStatus::Recorded, None))
        }
        (Ok(true), None) => Err(Error::Internal(anyhow::anyhow!(
            "rules::check_out accepted a check-out on a day without attendance"
        ))),
    }
}

/// What the scans with these ids did when they first came (duplicates left out).
pub(crate) async fn first_outcomes(
    db: &Client,
    scan_ids: &[Uuid],
) -> Result<HashMap<Uuid, (ScanStatus, Option<ScanRefusal>)>, Error> {
    let rows = db
        .query(
            "SELECT scan_id, status, reason FROM attendance_scans
              WHERE scan_id = ANY($1) AND status <> 'duplicate'",
            &[&scan_ids],
        )
        .await?;
    Ok(rows
        .iter()
        .filter_map(|row| {
            let status = ScanStatus::parse(row.get(1))?;
            let reason = row.get::<_, Option<&str>>(2).and_then(ScanRefusal::parse);
            Some((row.get(0), (status, reason)))
        })
        .collect())
}

/// Now, to the microsecond (what Postgres keeps), so a time read back compares equal.
pub(crate) fn now_micros() -> OffsetDateTime {
    truncate_to_micros(OffsetDateTime::now_utc())
}

pub(crate) fn truncate_to_micros(at: OffsetDateTime) -> OffsetDateTime {
    at.replace_nanosecond(at.nanosecond() / 1_000 * 1_000)
        .expect("a whole number of microseconds is a valid nanosecond")
}

#[cfg(test)]
mod tests {
    use time::{Duration, macros::datetime};

    use super::*;
    use crate::presence::fixtures::{awa, project, scan_at};

    #[test]
    fn a_scan_is_judged_by_its_code_then_its_clock_and_day_then_the_project() {
        let now = datetime!(2026-12-02 12:00 UTC);
        let book = CodeBook(HashMap::from([("K7M2QXP9".to_owned(), awa())]));
        let empty = CodeBook::default();
        let judged = |scan: &ScanInput, book: &CodeBook| {
            judge(scan, &project(), book, now).map(|t| t.cinema_talent_code.clone())
        };
        let fine = scan_at(ScanDirection::CheckIn, now - Duration::hours(3));
        assert_eq!(judged(&fine, &book), Ok("K7M2QXP9".to_owned()));
        assert_eq!(judged(&fine, &empty), Err(ScanRefusal::NotOnProject));
        let old = scan_at(ScanDirection::CheckIn, now - Duration::hours(73));
        assert_eq!(judged(&old, &empty), Err(ScanRefusal::TooOld));
        let ahead = scan_at(ScanDirection::CheckOut, now + Duration::minutes(6));
        assert_eq!(judged(&ahead, &book), Err(ScanRefusal::InFuture));
        let before_the_shoot = ScanInput {
            date: datetime!(2026-11-30 12:00 UTC).date(),
            ..fine.clone()
        };
        assert_eq!(
            judged(&before_the_shoot, &book),
            Err(ScanRefusal::OutsideProjectDates)
        );
        let garbage = ScanInput {
            code: "https://example.com/?q=1".into(),
            ..old
        };
        assert_eq!(judged(&garbage, &book), Err(ScanRefusal::InvalidCode));
    }
}
