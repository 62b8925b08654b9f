//! The day's sheet of a project: every talent on it, present or not.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;

use super::{ScanSource, source_columns, source_joins, sources_of};
use crate::{AppState, Error, cinema::productions, db::Client};

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
    /// The scan that set `check_in_time` (offline or not, which device); null for a
    /// corrected time or no attendance.
    #[schema(required = true)]
    pub check_in_scan: Option<ScanSource>,
    /// The scan that set `check_out_time`; null for a corrected time or none.
    #[schema(required = true)]
    pub check_out_scan: Option<ScanSource>,
}

pub async fn day_sheet(
    state: &AppState,
    project_id: i64,
    date: Date,
) -> Result<Vec<SheetLine>, Error> {
    productions::project(state, project_id).await?;
    lines(&state.db.get().await?, project_id, date).await
}

/// The sheet of a project known to exist.
pub(crate) async fn lines(
    db: &Client,
    project_id: i64,
    date: Date,
) -> Result<Vec<SheetLine>, Error> {
    let rows = db
        .query(
            concat!(
                "SELECT ct.unique_code, ct.first_name, ct.last_name, pt.talent_type, a.id,
                        a.check_in_time, a.check_out_time, ",
                source_columns!(),
                " FROM project_talents pt JOIN cinema_talents ct ON ct.id = pt.cinema_talent_id
                  LEFT JOIN attendances a ON a.project_id = pt.project_id
                                         AND a.cinema_talent_code = ct.unique_code AND a.date = $2 ",
                source_joins!(),
                " WHERE pt.project_id = $1
                  ORDER BY ct.last_name, ct.first_name"
            ),
            &[&project_id, &date],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| {
            let (check_in_scan, check_out_scan) = sources_of(r);
            SheetLine {
                cinema_talent_code: r.get(0),
                first_name: r.get(1),
                last_name: r.get(2),
                talent_type: r.get(3),
                attendance_id: r.get(4),
                check_in_time: r.get(5),
                check_out_time: r.get(6),
                check_in_scan,
                check_out_scan,
            }
        })
        .collect())
}
