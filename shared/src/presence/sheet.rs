//! The day's sheet of a project: every talent on it, present or not.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;

use crate::{AppState, Error, cinema::productions};

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
