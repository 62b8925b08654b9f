//! Attendance on set: check-in and check-out by the code scanned from a badge (one at a time
//! at the desk, or in batches from offline scanners), the roster a scanner keeps offline, the
//! day's sheet of a project, corrections with who changed what, and a talent's history.
//!
//! Every scan received is kept in `attendance_scans` with what it did; an attendance points to
//! the scans that set its times.

mod apply;
mod batch;
mod corrections;
#[cfg(test)]
mod fixtures;
mod history;
mod messages;
mod projects;
mod roster;
pub mod rules;
mod scans;
mod sheet;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{Error, db::Client};

pub use batch::{BatchScan, ScanBatch, ScanBatchResult, ScanOutcome, record_batch};
pub use corrections::{Correction, CorrectionRecord, correct, corrections};
pub use history::history;
pub use projects::{OpenProject, open_projects};
pub use roster::{Roster, RosterProject, RosterTalent, ScanWindow, roster};
pub use scans::{Scan, ScanResult, check_in, check_out};
pub use sheet::{SheetLine, day_sheet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScanDirection {
    CheckIn,
    CheckOut,
}

impl ScanDirection {
    pub fn as_str(self) -> &'static str {
        match self {
            ScanDirection::CheckIn => "check_in",
            ScanDirection::CheckOut => "check_out",
        }
    }
}

/// What a scan did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScanStatus {
    /// It created the day's attendance or moved one of its times.
    Recorded,
    /// It changed nothing: the time it carries is already covered (a double scan).
    AlreadyRecorded,
    /// Its `scan_id` was received before (this batch, an earlier one, another device).
    Duplicate,
    /// It was not applied: `reason` says why.
    Refused,
}

impl ScanStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ScanStatus::Recorded => "recorded",
            ScanStatus::AlreadyRecorded => "already_recorded",
            ScanStatus::Duplicate => "duplicate",
            ScanStatus::Refused => "refused",
        }
    }

    fn parse(value: &str) -> Option<Self> {
        [
            Self::Recorded,
            Self::AlreadyRecorded,
            Self::Duplicate,
            Self::Refused,
        ]
        .into_iter()
        .find(|s| s.as_str() == value)
    }
}

/// Why a scan was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScanRefusal {
    /// Not a badge's code nor a cinema code (8 letters and digits).
    InvalidCode,
    /// A code, but of no talent of this project.
    NotOnProject,
    /// A check-out with no check-in that day, or earlier than the check-in.
    NotCheckedIn,
    /// Scanned more than [`rules::MAX_AGE`] ago.
    TooOld,
    /// Scanned more than [`rules::MAX_FUTURE_SKEW`] ahead of the server's clock.
    InFuture,
    /// A day before the project's start date or after its end date.
    OutsideProjectDates,
}

impl ScanRefusal {
    pub fn as_str(self) -> &'static str {
        match self {
            ScanRefusal::InvalidCode => "invalid_code",
            ScanRefusal::NotOnProject => "not_on_project",
            ScanRefusal::NotCheckedIn => "not_checked_in",
            ScanRefusal::TooOld => "too_old",
            ScanRefusal::InFuture => "in_future",
            ScanRefusal::OutsideProjectDates => "outside_project_dates",
        }
    }

    fn parse(value: &str) -> Option<Self> {
        [
            Self::InvalidCode,
            Self::NotOnProject,
            Self::NotCheckedIn,
            Self::TooOld,
            Self::InFuture,
            Self::OutsideProjectDates,
        ]
        .into_iter()
        .find(|r| r.as_str() == value)
    }
}

/// The scan that set a time: offline or not, and from which device (none for the desk's own
/// scans).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ScanSource {
    pub scan_id: Uuid,
    #[schema(required = true)]
    pub device_id: Option<String>,
    pub offline: bool,
}

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
    /// The scan that set `check_in_time`; null for a corrected time.
    #[schema(required = true)]
    pub check_in_scan: Option<ScanSource>,
    /// The scan that set `check_out_time`; null for a corrected time or none.
    #[schema(required = true)]
    pub check_out_scan: Option<ScanSource>,
}

/// The columns of the scans behind an attendance's times, read by [`sources_of`] (with the
/// joins of [`source_joins`]).
macro_rules! source_columns {
    () => {
        "si.scan_id AS in_scan_id, si.device_id AS in_device_id, si.offline AS in_offline,
         so.scan_id AS out_scan_id, so.device_id AS out_device_id, so.offline AS out_offline"
    };
}

/// The joins [`source_columns`] reads, for an attendance `a` (which may be absent).
macro_rules! source_joins {
    () => {
        "LEFT JOIN attendance_scans si ON si.id = a.check_in_scan
         LEFT JOIN attendance_scans so ON so.id = a.check_out_scan"
    };
}
pub(crate) use {source_columns, source_joins};

pub(crate) const SELECT: &str = concat!(
    "SELECT a.id, a.project_id, a.cinema_talent_code, ct.first_name, ct.last_name, a.date,
            a.check_in_time, a.check_out_time, ",
    source_columns!(),
    " FROM attendances a JOIN cinema_talents ct ON ct.unique_code = a.cinema_talent_code ",
    source_joins!()
);

/// The check-in and check-out scans of a row read with [`SOURCE_COLUMNS`].
pub(crate) fn sources_of(row: &tokio_postgres::Row) -> (Option<ScanSource>, Option<ScanSource>) {
    let source = |id: &str, device: &str, offline: &str| {
        row.get::<_, Option<Uuid>>(id).map(|scan_id| ScanSource {
            scan_id,
            device_id: row.get(device),
            offline: row.get(offline),
        })
    };
    (
        source("in_scan_id", "in_device_id", "in_offline"),
        source("out_scan_id", "out_device_id", "out_offline"),
    )
}

pub(crate) fn from_row(row: &tokio_postgres::Row) -> Attendance {
    let (check_in_scan, check_out_scan) = sources_of(row);
    Attendance {
        id: row.get("id"),
        project_id: row.get("project_id"),
        cinema_talent_code: row.get("cinema_talent_code"),
        first_name: row.get("first_name"),
        last_name: row.get("last_name"),
        date: row.get("date"),
        check_in_time: row.get("check_in_time"),
        check_out_time: row.get("check_out_time"),
        check_in_scan,
        check_out_scan,
    }
}

/// The day's attendance of a talent on a project, if any.
pub(crate) async fn attendance(
    db: &Client,
    project_id: i64,
    talent_code: &str,
    date: Date,
) -> Result<Option<Attendance>, Error> {
    let row = db
        .query_opt(
            &format!(
                "{SELECT} WHERE a.project_id = $1 AND a.cinema_talent_code = $2 AND a.date = $3"
            ),
            &[&project_id, &talent_code, &date],
        )
        .await?;
    Ok(row.as_ref().map(from_row))
}

/// The attendances of a project on several (talent, day) pairs, by pair.
pub(crate) async fn attendances(
    db: &Client,
    project_id: i64,
    days: &[(String, Date)],
) -> Result<HashMap<(String, Date), Attendance>, Error> {
    let (talents, dates): (Vec<&str>, Vec<Date>) =
        days.iter().map(|(t, d)| (t.as_str(), *d)).unzip();
    let rows = db
        .query(
            &format!(
                "{SELECT} WHERE a.project_id = $1
                   AND (a.cinema_talent_code, a.date) IN (SELECT * FROM unnest($2::text[], $3::date[]))"
            ),
            &[&project_id, &talents, &dates],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|row| {
            let attendance = from_row(row);
            (
                (attendance.cinema_talent_code.clone(), attendance.date),
                attendance,
            )
        })
        .collect())
}

pub(crate) fn clock(at: OffsetDateTime) -> String {
    format!("{:02}:{:02} UTC", at.hour(), at.minute())
}
