//! One scan at a time, as the desk scans badges online: check-in and check-out.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;

use super::{Attendance, attendance, clock};
use crate::{
    AppState, Error,
    cinema::productions,
    codes,
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

/// The cinema code of the talent a scanned code names on `project_id`; a clear 422 otherwise.
async fn talent_on_project(
    state: &AppState,
    project_id: i64,
    scanned: &str,
) -> Result<String, Error> {
    let code = codes::normalize(scanned)
        .ok_or_else(|| Error::validation("code", FieldIssue::format(FieldFormat::Code)))?;
    let row = state
        .db
        .get()
        .await?
        .query_opt(
            "SELECT ct.unique_code FROM project_talents pt JOIN cinema_talents ct ON ct.id = pt.cinema_talent_id
              WHERE pt.project_id = $1 AND (pt.project_code = $2 OR ct.unique_code = $2)",
            &[&project_id, &code],
        )
        .await?;
    row.map(|r| r.get(0)).ok_or_else(|| {
        Error::Validation(vec![FieldError::described(
            "code",
            FieldIssue::Unknown,
            format!("{code} is not a talent of this project: check the project or the badge"),
        )])
    })
}

/// Records arrival. A second scan the same day changes nothing and says so.
pub async fn check_in(
    state: &AppState,
    project_id: i64,
    scan: &Scan,
    by: i64,
) -> Result<ScanResult, Error> {
    productions::project(state, project_id).await?;
    let talent = talent_on_project(state, project_id, &scan.code).await?;
    let date = scan
        .date
        .unwrap_or_else(|| OffsetDateTime::now_utc().date());
    let inserted = state
        .db
        .get()
        .await?
        .execute(
            "INSERT INTO attendances (project_id, cinema_talent_code, date, check_in_time, recorded_by)
             VALUES ($1, $2, $3, now(), $4) ON CONFLICT (project_id, cinema_talent_code, date) DO NOTHING",
            &[&project_id, &talent, &date, &by],
        )
        .await?;
    let attendance = attendance(state, project_id, &talent, date)
        .await?
        .ok_or_else(|| Error::Internal(anyhow::anyhow!("attendance vanished")))?;
    let already_recorded = inserted == 0;
    let message = if already_recorded {
        format!(
            "{} {} was already checked in at {}",
            attendance.first_name,
            attendance.last_name,
            clock(attendance.check_in_time)
        )
    } else {
        format!(
            "{} {} checked in",
            attendance.first_name, attendance.last_name
        )
    };
    Ok(ScanResult {
        attendance,
        already_recorded,
        message,
    })
}

/// Records departure; refused before a check-in. A second scan changes nothing and says so.
pub async fn check_out(
    state: &AppState,
    project_id: i64,
    scan: &Scan,
    by: i64,
) -> Result<ScanResult, Error> {
    productions::project(state, project_id).await?;
    let talent = talent_on_project(state, project_id, &scan.code).await?;
    let date = scan
        .date
        .unwrap_or_else(|| OffsetDateTime::now_utc().date());
    let updated = state
        .db
        .get()
        .await?
        .execute(
            "UPDATE attendances SET check_out_time = now(), updated_at = now(), recorded_by = $4
              WHERE project_id = $1 AND cinema_talent_code = $2 AND date = $3 AND check_out_time IS NULL",
            &[&project_id, &talent, &date, &by],
        )
        .await?;
    let Some(attendance) = attendance(state, project_id, &talent, date).await? else {
        return Err(Error::Conflict(
            ProblemCode::NotCheckedIn,
            format!("{talent} has not checked in on {date}: check in first"),
        ));
    };
    let already_recorded = updated == 0;
    let message = match (already_recorded, attendance.check_out_time) {
        (true, Some(out)) => format!(
            "{} {} had already checked out at {}",
            attendance.first_name,
            attendance.last_name,
            clock(out)
        ),
        _ => format!(
            "{} {} checked out",
            attendance.first_name, attendance.last_name
        ),
    };
    Ok(ScanResult {
        attendance,
        already_recorded,
        message,
    })
}
