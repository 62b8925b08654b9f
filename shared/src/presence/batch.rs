//! Offline scans uploaded in batches: the envelope is checked as a whole (a malformed one is
//! a 422 and nothing is written), then each scan is applied on its own ([`super::apply`]), in
//! the order they were scanned, and answered in the order they came.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use time::{
    Date, OffsetDateTime, format_description::well_known::Rfc3339, macros::format_description,
};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    Attendance, ScanDirection, ScanRefusal, ScanStatus,
    apply::{self, Applied, CodeBook, ScanInput, Sender},
    attendances,
    messages::message,
    rules,
};
use crate::{
    AppState, Error,
    cinema::productions,
    error::{FieldError, FieldFormat, FieldIssue},
};

/// The most scans one batch may carry.
pub const MAX_SCANS: usize = 500;
/// The longest device id.
pub const MAX_DEVICE_ID: usize = 64;

/// Scans a scanner kept while offline (or sends as they happen), with its own id.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScanBatch {
    /// The scanner's own id, kept with each of its scans.
    #[schema(min_length = 1, max_length = 64, pattern = "^[A-Za-z0-9_-]{1,64}$")]
    pub device_id: String,
    #[schema(min_items = 1, max_items = 500)]
    pub scans: Vec<BatchScan>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchScan {
    /// Made by the scanner once per scan: a scan sent again (a retried batch, another
    /// device) is recorded once.
    #[schema(format = Uuid)]
    pub scan_id: String,
    /// What the badge's QR code holds (the project code) or a cinema code typed by hand; any
    /// other text is refused `invalid_code`.
    pub code: String,
    pub direction: ScanDirection,
    /// When it was scanned, by the scanner's clock (RFC 3339).
    #[schema(format = DateTime)]
    pub scanned_at: String,
    /// The shooting day the scanner had open.
    #[schema(format = Date)]
    pub date: String,
    /// Whether it was scanned while the scanner was offline.
    pub offline: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ScanBatchResult {
    /// One per scan, in the order they were sent.
    pub results: Vec<ScanOutcome>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ScanOutcome {
    /// As sent.
    #[schema(format = Uuid)]
    pub scan_id: String,
    pub status: ScanStatus,
    /// Why it was refused; null unless `status` is `refused`.
    #[schema(required = true)]
    pub reason: Option<ScanRefusal>,
    /// The talent's attendance that day as it stands after this batch; null when the code
    /// names nobody on the project or the talent has no attendance that day.
    #[schema(required = true)]
    pub attendance: Option<Attendance>,
    /// English, for API clients; programs read `status` and `reason`.
    pub message: String,
}

impl ScanBatch {
    /// The scans, once the whole envelope is well formed; every problem found otherwise.
    pub(crate) fn validate(&self) -> Result<Vec<ScanInput>, Error> {
        let mut problems = Vec::new();
        if let Some(issue) = device_id_issue(&self.device_id) {
            problems.push(FieldError::new("device_id", issue));
        }
        let mut scans = Vec::with_capacity(self.scans.len());
        if self.scans.is_empty() {
            problems.push(FieldError::new("scans", FieldIssue::Required));
        } else if self.scans.len() > MAX_SCANS {
            problems.push(FieldError::new(
                "scans",
                FieldIssue::TooMany {
                    max: MAX_SCANS as u64,
                },
            ));
        } else {
            for (i, scan) in self.scans.iter().enumerate() {
                match scan.validate() {
                    Ok(input) => scans.push(input),
                    Err(issues) => problems.extend(issues.into_iter().map(|(field, issue)| {
                        FieldError::new(format!("scans[{i}].{field}"), issue)
                    })),
                }
            }
        }
        if problems.is_empty() {
            Ok(scans)
        } else {
            Err(Error::Validation(problems))
        }
    }
}

fn device_id_issue(device_id: &str) -> Option<FieldIssue> {
    if device_id.is_empty() {
        Some(FieldIssue::Required)
    } else if device_id.chars().count() > MAX_DEVICE_ID {
        Some(FieldIssue::TooLong {
            max: MAX_DEVICE_ID as u64,
        })
    } else if !device_id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        Some(FieldIssue::format(FieldFormat::DeviceId))
    } else {
        None
    }
}

impl BatchScan {
    fn validate(&self) -> Result<ScanInput, Vec<(&'static str, FieldIssue)>> {
        let mut issues = Vec::new();
        // The hyphenated form only, as `format: uuid` says.
        let scan_id = Uuid::try_parse(&self.scan_id)
            .ok()
            .filter(|_| self.scan_id.len() == 36);
        if scan_id.is_none() {
            issues.push(("scan_id", FieldIssue::format(FieldFormat::Uuid)));
        }
        let scanned_at = OffsetDateTime::parse(&self.scanned_at, &Rfc3339).ok();
        if scanned_at.is_none() {
            issues.push(("scanned_at", FieldIssue::format(FieldFormat::DateTime)));
        }
        let date = Date::parse(&self.date, format_description!("[year]-[month]-[day]")).ok();
        if date.is_none() {
            issues.push(("date", FieldIssue::format(FieldFormat::Date)));
        }
        match (scan_id, scanned_at, date) {
            (Some(scan_id), Some(scanned_at), Some(date)) => Ok(ScanInput {
                scan_id,
                code: self.code.clone(),
                direction: self.direction,
                scanned_at: apply::truncate_to_micros(scanned_at),
                date,
                offline: self.offline,
            }),
            _ => Err(issues),
        }
    }
}

/// Applies a batch of scans on a project for `by`: each is recorded, found already recorded,
/// a duplicate, or refused with its reason, and kept in the audit either way.
pub async fn record_batch(
    state: &AppState,
    project_id: i64,
    batch: &ScanBatch,
    by: i64,
) -> Result<ScanBatchResult, Error> {
    let scans = batch.validate()?;
    let project = productions::project(state, project_id).await?;
    let sender = Sender {
        by,
        device_id: Some(&batch.device_id),
    };
    let mut db = state.db.get().await?;
    let book = CodeBook::load(&db, project_id, scans.iter().map(|s| s.code.as_str())).await?;
    let ids: Vec<Uuid> = scans.iter().map(|s| s.scan_id).collect();
    let known = apply::first_outcomes(&db, &ids).await?;
    let now = apply::now_micros();

    // The first of a scan_id sent twice in this batch is the scan; the others are duplicates.
    let mut seen = HashSet::new();
    let firsts: Vec<bool> = ids.iter().map(|id| seen.insert(*id)).collect();
    let mut applied: Vec<Option<Applied>> = vec![None; scans.len()];
    let times: Vec<_> = scans.iter().map(|s| (s.scanned_at, s.direction)).collect();
    for i in rules::application_order(&times) {
        if !firsts[i] {
            continue;
        }
        let scan = &scans[i];
        let talent = book.get(&scan.code);
        applied[i] = Some(match known.get(&scan.scan_id) {
            Some(first) => {
                apply::record_duplicate(&db, project_id, scan, sender, talent, Some(*first)).await?
            }
            None => {
                let judged = apply::judge(scan, &project, &book, now);
                apply::apply(&mut db, project_id, scan, sender, judged).await?
            }
        });
    }
    let first_of: HashMap<Uuid, Applied> = (0..scans.len())
        .filter(|&i| firsts[i])
        .filter_map(|i| Some((ids[i], applied[i]?)))
        .collect();
    for (i, scan) in scans.iter().enumerate().filter(|(i, _)| !firsts[*i]) {
        let first = first_of.get(&scan.scan_id).and_then(|a| match a.status {
            ScanStatus::Duplicate => a.first,
            status => Some((status, a.reason)),
        });
        let talent = book.get(&scan.code);
        applied[i] =
            Some(apply::record_duplicate(&db, project_id, scan, sender, talent, first).await?);
    }

    // Each scan's day, as it stands after the whole batch.
    let days: Vec<(String, Date)> = scans
        .iter()
        .filter_map(|s| Some((book.get(&s.code)?.cinema_talent_code.clone(), s.date)))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let days = attendances(&db, project_id, &days).await?;
    let results = scans
        .iter()
        .zip(&batch.scans)
        .zip(applied)
        .map(|((scan, sent), applied)| {
            let applied = applied.ok_or_else(|| {
                Error::Internal(anyhow::anyhow!("scan {} was not applied", scan.scan_id))
            })?;
            let talent = book.get(&scan.code);
            let day = talent.and_then(|t| days.get(&(t.cinema_talent_code.clone(), scan.date)));
            Ok(ScanOutcome {
                scan_id: sent.scan_id.clone(),
                status: applied.status,
                reason: applied.reason,
                attendance: day.cloned(),
                message: message(scan, &applied, talent, day, &project),
            })
        })
        .collect::<Result<_, Error>>()?;
    Ok(ScanBatchResult { results })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(scan_id: &str, scanned_at: &str, date: &str) -> BatchScan {
        BatchScan {
            scan_id: scan_id.into(),
            code: "K7M2QXP9".into(),
            direction: ScanDirection::CheckIn,
            scanned_at: scanned_at.into(),
            date: date.into(),
            offline: true,
        }
    }

    fn problems(batch: &ScanBatch) -> Vec<(String, FieldIssue)> {
        match batch.validate() {
            Err(Error::Validation(problems)) => {
                problems.into_iter().map(|p| (p.field, p.issue)).collect()
            }
            other => panic!("not a validation error: {other:?}"),
        }
    }

    const ID: &str = "7d3c1a52-9a3e-4f43-8a4f-3f1f7e2b9c10";

    #[test]
    fn a_well_formed_batch_gives_its_scans_to_the_microsecond() {
        let batch = ScanBatch {
            device_id: "tablet-2_B".into(),
            scans: vec![scan(
                ID,
                "2026-12-02T09:15:00.123456789+01:00",
                "2026-12-02",
            )],
        };
        let scans = batch.validate().unwrap();
        assert_eq!(scans[0].scan_id.to_string(), ID);
        assert_eq!(scans[0].scanned_at.nanosecond(), 123_456_000);
        assert_eq!(scans[0].date.to_string(), "2026-12-02");
    }

    #[test]
    fn every_problem_of_the_envelope_is_named() {
        let batch = ScanBatch {
            device_id: "tablet 2".into(),
            scans: vec![
                scan(ID, "2026-12-02T09:15:00Z", "2026-12-02"),
                scan(
                    "7d3c1a529a3e4f438a4f3f1f7e2b9c10",
                    "yesterday",
                    "02/12/2026",
                ),
            ],
        };
        assert_eq!(
            problems(&batch),
            [
                (
                    "device_id".into(),
                    FieldIssue::format(FieldFormat::DeviceId)
                ),
                (
                    "scans[1].scan_id".into(),
                    FieldIssue::format(FieldFormat::Uuid)
                ),
                (
                    "scans[1].scanned_at".into(),
                    FieldIssue::format(FieldFormat::DateTime)
                ),
                (
                    "scans[1].date".into(),
                    FieldIssue::format(FieldFormat::Date)
                ),
            ]
        );
        let empty = ScanBatch {
            device_id: String::new(),
            scans: vec![],
        };
        assert_eq!(
            problems(&empty),
            [
                ("device_id".into(), FieldIssue::Required),
                ("scans".into(), FieldIssue::Required)
            ]
        );
        let long = ScanBatch {
            device_id: "d".repeat(65),
            scans: (0..=MAX_SCANS)
                .map(|_| scan(ID, "2026-12-02T09:15:00Z", "2026-12-02"))
                .collect(),
        };
        assert_eq!(
            problems(&long),
            [
                ("device_id".into(), FieldIssue::TooLong { max: 64 }),
                ("scans".into(), FieldIssue::TooMany { max: 500 })
            ]
        );
    }
}
