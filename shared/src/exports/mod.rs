//! Recruiter and admin exports: the directory of people, the casting base and a project's
//! attendance, as xlsx or CSV, with the same filters as the lists they come from.
//!
//! Rows are streamed from Postgres (`query_raw`) into the writer as they arrive, never loaded
//! whole. A file too large for a Lambda answer is stored and linked ([`crate::downloads`]).
//! Every export writes an activity line (who, what, which filters, how many rows): the activity
//! layer logs only state-changing requests, and an export is the read that matters most.
//!
//! Data minimisation: sealed contact fields (phone, WhatsApp, address, ID number, social
//! links) and the consent-bound categories (ethnicity, skin tone) are never exported, to
//! anyone; email is.

pub mod attendance;
pub mod cinema;
mod sheet;
pub mod users;

use futures_util::TryStreamExt;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

pub use sheet::{Cell, Column, Sheet, column, neutralise};

use crate::{
    AppState, Error,
    audit::{self, Activity, ClientInfo},
    downloads::{self, Download, GeneratedFile},
    sql,
};

/// The file format, the last segment of an export's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// `excel`: Office Open XML (xlsx).
    #[serde(rename = "excel")]
    Xlsx,
    Csv,
}

impl Format {
    /// The format named by an export path's last segment (`excel`, `csv`).
    pub fn from_path(segment: &str) -> Option<Self> {
        match segment {
            "excel" => Some(Format::Xlsx),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }
}

/// Who asks for an export, from where, through which route, with which query: what the
/// activity line records.
#[derive(Debug, Clone)]
pub struct Requester {
    pub user_id: i64,
    pub client: ClientInfo,
    /// The route template (`/api/v1/exports/users/excel`).
    pub route: String,
    /// The request's query string, as sent.
    pub query: Option<String>,
}

impl Requester {
    /// The query's parameters as a JSON object (a repeated name keeps its last value).
    fn filters(&self) -> Value {
        let pairs = form_urlencoded::parse(self.query.as_deref().unwrap_or("").as_bytes());
        Value::Object(
            pairs
                .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
                .collect(),
        )
    }
}

/// One export to run: its statement, a row's cells, and how it is named and logged.
struct Job<'a, F> {
    /// `users`, `cinema_talents`, `attendance`.
    kind: &'static str,
    /// The worksheet's name and the start of the file name.
    title: &'a str,
    columns: &'a [Column],
    sql: String,
    params: Vec<sql::Param>,
    cells: F,
    /// What the activity line names as the exported resource (a project's id).
    resource_id: Option<String>,
}

async fn run<F>(
    state: &AppState,
    format: Format,
    requester: &Requester,
    job: Job<'_, F>,
) -> Result<Download, Error>
where
    F: Fn(&tokio_postgres::Row) -> Vec<Cell>,
{
    let mut sheet = Sheet::new(format, job.title, job.columns)?;
    let mut rows: u64 = 0;
    {
        let mut db = state.db.get().await?;
        let tx = db.transaction().await?;
        // Postgres would JIT-compile an export's plan (its cost is far above
        // `jit_above_cost`): 0.4 s at 100k rows, for a plain scan that gains nothing from it.
        tx.batch_execute("SET LOCAL jit = off").await?;
        let stream = tx.query_raw(&job.sql, sql::refs(&job.params)).await?;
        let mut stream = std::pin::pin!(stream);
        while let Some(row) = stream.try_next().await? {
            sheet.row(&(job.cells)(&row))?;
            rows += 1;
        }
        tx.commit().await?;
    }
    // Writing is CPU work between awaits; a function instance serves one request at a time.
    let body = sheet.finish()?;
    let today = time::OffsetDateTime::now_utc().date();
    let file = GeneratedFile {
        body,
        content_type: format.content_type(),
        filename: format!("taalentio-{}-{today}.{}", job.title, format.as_str()),
        attachment: true,
    };
    let size = file.body.size()?;
    let download = downloads::deliver(state, job.kind, file).await?;
    // Written before the file is handed over: an export nobody can trace is not given.
    audit::activity_with_details(
        &state.db,
        &Activity {
            user_id: requester.user_id,
            method: "GET".into(),
            route: requester.route.clone(),
            resource_id: job.resource_id,
            status: if download.is_stored() { 303 } else { 200 },
            client: requester.client.clone(),
        },
        "export",
        json!({
            "kind": job.kind,
            "format": format.as_str(),
            "filters": requester.filters(),
            "rows": rows,
            "bytes": size,
            "stored": download.is_stored(),
        }),
    )
    .await?;
    Ok(download)
}
