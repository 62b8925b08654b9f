//! Attendance on set: check-in and check-out by the code scanned from a badge, the day's sheet
//! of a project, corrections with who changed what, and a talent's history.

mod corrections;
mod history;
mod scans;
mod sheet;

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;

use crate::{AppState, Error};

pub use corrections::{Correction, CorrectionRecord, correct, corrections};
pub use history::history;
pub use scans::{Scan, ScanResult, check_in, check_out};
pub use sheet::{SheetLine, day_sheet};

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

pub(crate) const SELECT: &str = "
    SELECT a.id, a.project_id, a.cinema_talent_code, ct.first_name, ct.last_name, a.date,
           a.check_in_time, a.check_out_time
      FROM attendances a JOIN cinema_talents ct ON ct.unique_code = a.cinema_talent_code";

pub(crate) fn from_row(row: &tokio_postgres::Row) -> Attendance {
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

pub(crate) async fn attendance(
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

pub(crate) fn clock(at: OffsetDateTime) -> String {
    format!("{:02}:{:02} UTC", at.hour(), at.minute())
}
