//! A project's attendance: one line per talent and shooting day, with arrival, departure and
//! hours on set.

use serde::Deserialize;
use time::{Date, OffsetDateTime};
use utoipa::IntoParams;

use crate::{
    AppState, Error,
    cinema::productions,
    downloads::Download,
    error::{FieldError, FieldIssue},
    sql::Conditions,
};

use super::{Cell, Column, Format, Job, Requester, column};

#[derive(Debug, Default, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AttendanceQuery {
    /// First shooting day included.
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<Date>,
    /// Last shooting day included.
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<Date>,
}

pub const COLUMNS: &[Column] = &[
    column("date", 12.0),
    column("cinema_talent_code", 12.0),
    column("first_name", 18.0),
    column("last_name", 18.0),
    column("talent_type", 16.0),
    column("role_description", 24.0),
    column("check_in_utc", 17.0),
    column("check_out_utc", 17.0),
    column("hours", 8.0),
];

/// The attendance of a project the caller may see (404 otherwise), by day then name.
pub async fn export(
    state: &AppState,
    project_id: i64,
    query: &AttendanceQuery,
    format: Format,
    requester: &Requester,
) -> Result<Download, Error> {
    if let (Some(from), Some(to)) = (query.from, query.to)
        && from > to
    {
        return Err(Error::Validation(vec![FieldError::new(
            "query.from",
            FieldIssue::mismatch("query.to"),
        )]));
    }
    productions::project(state, project_id).await?;
    let mut conditions = Conditions::default();
    conditions.push(|n| format!("a.project_id = ${n}"), Box::new(project_id));
    if let Some(from) = query.from {
        conditions.push(|n| format!("a.date >= ${n}"), Box::new(from));
    }
    if let Some(to) = query.to {
        conditions.push(|n| format!("a.date <= ${n}"), Box::new(to));
    }
    let (conditions, params) = conditions.into_parts();
    let sql = format!(
        "SELECT a.date, a.cinema_talent_code, ct.first_name, ct.last_name, pt.talent_type,
                pt.role_description, a.check_in_time, a.check_out_time
           FROM attendances a
           JOIN cinema_talents ct ON ct.unique_code = a.cinema_talent_code
           LEFT JOIN project_talents pt ON pt.project_id = a.project_id AND pt.cinema_talent_id = ct.id
          WHERE {conditions}
          ORDER BY a.date, ct.last_name, ct.first_name, a.id"
    );
    let cells = |row: &tokio_postgres::Row| {
        let check_in: OffsetDateTime = row.get(6);
        let check_out: Option<OffsetDateTime> = row.get(7);
        // Hours on set to the hundredth, once the talent has left.
        let hours = check_out.map(|out| {
            let hours = (out - check_in).as_seconds_f64() / 3600.0;
            Cell::Number((hours * 100.0).round() / 100.0)
        });
        vec![
            Cell::Date(row.get(0)),
            Cell::Text(row.get(1)),
            Cell::Text(row.get(2)),
            Cell::Text(row.get(3)),
            row.get::<_, Option<String>>(4).into(),
            row.get::<_, Option<String>>(5).into(),
            Cell::DateTime(check_in),
            check_out.into(),
            hours.unwrap_or(Cell::Empty),
        ]
    };
    let title = format!("attendance-project-{project_id}");
    let job = Job {
        kind: "attendance",
        title: &title,
        columns: COLUMNS,
        sql,
        params,
        cells,
        resource_id: Some(project_id.to_string()),
    };
    super::run(state, format, requester, job).await
}
