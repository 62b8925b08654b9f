//! The desk's own scans, one at a time and online: check-in and check-out now. They take the
//! same path as an offline scanner's batch ([`super::apply`]) and are kept in the same audit,
//! without a device; a refusal is the request's error.

use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::ToSchema;

use super::{
    Attendance, ScanDirection, ScanRefusal, ScanStatus,
    apply::{self, CodeBook, ScanInput, Sender},
    attendance,
    messages::message,
};
use crate::{
    AppState, Error,
    cinema::productions,
    error::{FieldError, FieldFormat, FieldIssue, ProblemCode},
};

/// What a scan did.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ScanResult {
    pub attendance: Attendance,
    /// True when this scan changed nothing because it was already recorded (a double scan).
    pub already_recorded: bool,
    /// For the person holding the scanner.
    pub message: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Scan {
    /// What the badge's QR code holds (the assignment's project code) or the talent's cinema
    /// code typed by hand.
    pub code: String,
    /// The shooting day; today (UTC) when absent.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub date: Option<Date>,
}

/// Records arrival now: the earliest check-in of the day counts, so a second scan changes
/// nothing and says so.
pub async fn check_in(
    state: &AppState,
    project_id: i64,
    scan: &Scan,
    by: i64,
) -> Result<ScanResult, Error> {
    desk_scan(state, project_id, scan, ScanDirection::CheckIn, by).await
}

/// Records departure now; refused before a check-in. The latest check-out counts.
pub async fn check_out(
    state: &AppState,
    project_id: i64,
    scan: &Scan,
    by: i64,
) -> Result<ScanResult, Error> {
    desk_scan(state, project_id, scan, ScanDirection::CheckOut, by).await
}

async fn desk_scan(
    state: &AppState,
    project_id: i64,
    scan: &Scan,
    direction: ScanDirection,
    by: i64,
) -> Result<ScanResult, Error> {
    let project = productions::project(state, project_id).await?;
    let now = apply::now_micros();
    let input = ScanInput {
        scan_id: uuid::Uuid::new_v4(),
        code: scan.code.clone(),
        direction,
        scanned_at: now,
        date: scan.date.unwrap_or(now.date()),
        offline: false,
    };
    let mut db = state.db.get().await?;
    let book = CodeBook::load(&db, project_id, [scan.code.as_str()]).await?;
    let judged = apply::judge(&input, &project, &book, now);
    let sender = Sender {
        by,
        device_id: None,
    };
    let applied = apply::apply(&mut db, project_id, &input, sender, judged).await?;
    let talent = book.get(&input.code);
    let day = match talent {
        Some(talent) => attendance(&db, project_id, &talent.cinema_talent_code, input.date).await?,
        None => None,
    };
    let message = message(&input, &applied, talent, day.as_ref(), &project);
    match (applied.status, applied.reason, day) {
        (ScanStatus::Refused, Some(reason), _) => Err(refusal(reason, message)),
        (status @ (ScanStatus::Recorded | ScanStatus::AlreadyRecorded), _, Some(attendance)) => {
            Ok(ScanResult {
                attendance,
                already_recorded: status == ScanStatus::AlreadyRecorded,
                message,
            })
        }
        (status, ..) => Err(Error::Internal(anyhow::anyhow!(
            "a desk scan was {} without its attendance",
            status.as_str()
        ))),
    }
}

/// A refused desk scan as the request's error.
fn refusal(reason: ScanRefusal, message: String) -> Error {
    match reason {
        ScanRefusal::InvalidCode => {
            Error::validation("code", FieldIssue::format(FieldFormat::Code))
        }
        ScanRefusal::NotOnProject => Error::Validation(vec![FieldError::described(
            "code",
            FieldIssue::Unknown,
            message,
        )]),
        ScanRefusal::NotCheckedIn => Error::Conflict(ProblemCode::NotCheckedIn, message),
        ScanRefusal::OutsideProjectDates => {
            Error::Conflict(ProblemCode::OutsideProjectDates, message)
        }
        // The desk's scans carry the server's own clock.
        ScanRefusal::TooOld | ScanRefusal::InFuture => Error::Internal(anyhow::anyhow!(
            "a desk scan was refused {}: {message}",
            reason.as_str()
        )),
    }
}
