//! Attendance on set: check-in and check-out by the code scanned from a badge, the day's sheet
//! of a project, corrections with who changed what, and a talent's history.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;

use crate::{
    AppState, Error,
    cinema::productions,
    codes,
    error::{FieldError, FieldFormat, FieldIssue, ProblemCode},
};

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Attendance {
    pub id: i64,
    pub project_id: i64,
    pub cinema_talent_code: String,
    pub first_name: String,
    pub last_name: String,
    #[schema(value_type = String, format = Date)]
    pub date: Date,
    #[serde(with = "time::serde::rfc3339")]
    pub check_in_time: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub check_out_time: Option<OffsetDateTime>,
}

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

const SELECT: &str = "
    SELECT a.id, a.project_id, a.cinema_talent_code, ct.first_name, ct.last_name, a.date,
           a.check_in_time, a.check_out_time
      FROM attendances a JOIN cinema_talents ct ON ct.unique_code = a.cinema_talent_code";

fn from_row(row: &tokio_postgres::Row) -> Attendance {
    Attendance {
        id: row.get("id"),
        project_id: row.get("project_id"),
        cinema_talent_code: row.get("cinema_talent_code"),
        first_name: row.get("first_name"),
        last_name: row.get("last_name"),
        date: row.get("date"),
        check_in_time: row.get("check_in_time"),
        check_out_time: row.get("check_out_time"),
    }
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

async fn attendance(
    state: &AppState,
    project_id: i64,
    talent_code: &str,
    date: Date,
) -> Result<Option<Attendance>, Error> {
    let row = state
        .db
        .get()
        .await?
        .query_opt(
            &format!(
                "{SELECT} WHERE a.project_id = $1 AND a.cinema_talent_code = $2 AND a.date = $3"
            ),
            &[&project_id, &talent_code, &date],
        )
        .await?;
    Ok(row.as_ref().map(from_row))
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

fn clock(at: OffsetDateTime) -> String {
    format!("{:02}:{:02} UTC", at.hour(), at.minute())
}

/// One line of a day's sheet: every talent of the project, present or not.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SheetLine {
    pub cinema_talent_code: String,
    pub first_name: String,
    pub last_name: String,
    pub talent_type: String,
    pub attendance_id: Option<i64>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub check_in_time: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub check_out_time: Option<OffsetDateTime>,
}

pub async fn day_sheet(
    state: &AppState,
    project_id: i64,
    date: Date,
) -> Result<Vec<SheetLine>, Error> {
    productions::project(state, project_id).await?;
    let rows = state
        .db
        .get()
        .await?
        .query(
            "SELECT ct.unique_code, ct.first_name, ct.last_name, pt.talent_type, a.id, a.check_in_time, a.check_out_time
               FROM project_talents pt JOIN cinema_talents ct ON ct.id = pt.cinema_talent_id
               LEFT JOIN attendances a ON a.project_id = pt.project_id AND a.cinema_talent_code = ct.unique_code
                                      AND a.date = $2
              WHERE pt.project_id = $1
              ORDER BY ct.last_name, ct.first_name",
            &[&project_id, &date],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| SheetLine {
            cinema_talent_code: r.get(0),
            first_name: r.get(1),
            last_name: r.get(2),
            talent_type: r.get(3),
            attendance_id: r.get(4),
            check_in_time: r.get(5),
            check_out_time: r.get(6),
        })
        .collect())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub check_in_time: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub check_out_time: Option<OffsetDateTime>,
    /// Why: kept with the correction.
    pub reason: String,
}

/// Corrects recorded times; each changed field is logged with its old and new value.
pub async fn correct(
    state: &AppState,
    id: i64,
    correction: &Correction,
    by: i64,
) -> Result<Attendance, Error> {
    let reason = correction.reason.trim();
    let mut problems = Vec::new();
    if let Some(issue) = FieldIssue::text(reason, 500) {
        problems.push(FieldError::new("reason", issue));
    }
    if correction.check_in_time.is_none() && correction.check_out_time.is_none() {
        problems.push(FieldError::new("check_in_time", FieldIssue::Required));
    }
    if !problems.is_empty() {
        return Err(Error::Validation(problems));
    }
    let mut db = state.db.get().await?;
    let tx = db.transaction().await?;
    let row = tx
        .query_opt(
            "SELECT check_in_time, check_out_time FROM attendances WHERE id = $1 FOR UPDATE",
            &[&id],
        )
        .await?
        .ok_or(Error::NotFound)?;
    let (old_in, old_out): (OffsetDateTime, Option<OffsetDateTime>) = (row.get(0), row.get(1));
    let new_in = correction.check_in_time.unwrap_or(old_in);
    let new_out = correction.check_out_time.or(old_out);
    if new_out.is_some_and(|out| out < new_in) {
        return Err(Error::validation(
            "check_out_time",
            FieldIssue::mismatch("check_in_time"),
        ));
    }
    for (field, old, new) in [
        ("check_in_time", Some(old_in), correction.check_in_time),
        ("check_out_time", old_out, correction.check_out_time),
    ] {
        if new.is_some() && new != old {
            tx.execute(
                "INSERT INTO attendance_corrections (attendance_id, field, old_value, new_value, reason, changed_by)
                 VALUES ($1, $2, $3, $4, $5, $6)",
                &[&id, &field, &old, &new, &reason, &by],
            )
            .await?;
        }
    }
    tx.execute(
        "UPDATE attendances SET check_in_time = $2, check_out_time = $3, updated_at = now() WHERE id = $1",
        &[&id, &new_in, &new_out],
    )
    .await?;
    tx.commit().await?;
    drop(db);
    let row = state
        .db
        .get()
        .await?
        .query_one(&format!("{SELECT} WHERE a.id = $1"), &[&id])
        .await?;
    Ok(from_row(&row))
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CorrectionRecord {
    pub field: String,
    #[serde(with = "time::serde::rfc3339::option")]
    pub old_value: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub new_value: Option<OffsetDateTime>,
    pub reason: String,
    pub changed_by: Option<i64>,
    #[serde(with = "time::serde::rfc3339")]
    pub changed_at: OffsetDateTime,
}

pub async fn corrections(state: &AppState, id: i64) -> Result<Vec<CorrectionRecord>, Error> {
    let rows = state
        .db
        .get()
        .await?
        .query(
            "SELECT field, old_value, new_value, reason, changed_by, changed_at FROM attendance_corrections
              WHERE attendance_id = $1 ORDER BY changed_at, id",
            &[&id],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| CorrectionRecord {
            field: r.get(0),
            old_value: r.get(1),
            new_value: r.get(2),
            reason: r.get(3),
            changed_by: r.get(4),
            changed_at: r.get(5),
        })
        .collect())
}

/// Every attendance of a talent (by cinema code), latest first.
pub async fn history(state: &AppState, talent_code: &str) -> Result<Vec<Attendance>, Error> {
    let code = codes::normalize(talent_code).ok_or(Error::NotFound)?;
    let rows = state
        .db
        .get()
        .await?
        .query(
            &format!("{SELECT} WHERE a.cinema_talent_code = $1 ORDER BY a.date DESC, a.project_id"),
            &[&code],
        )
        .await?;
    Ok(rows.iter().map(from_row).collect())
}
