//! The projects a scanner can open: those still to shoot or shooting, the one on set first.

use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::ToSchema;

use crate::{AppState, Error, cinema::productions::ProjectStatus};

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OpenProject {
    pub id: i64,
    pub name: String,
    pub status: ProjectStatus,
    #[schema(value_type = Option<String>, format = Date, required = true)]
    pub start_date: Option<Date>,
    #[schema(value_type = Option<String>, format = Date, required = true)]
    pub end_date: Option<Date>,
    pub production_name: String,
    /// Talents assigned to the project (the roster's length).
    pub talent_count: i64,
}

/// Active projects that are neither completed nor cancelled: shooting first, then by start
/// date (undated last), then by name.
pub async fn open_projects(state: &AppState) -> Result<Vec<OpenProject>, Error> {
    let rows = state
        .db
        .get()
        .await?
        .query(
            "SELECT pr.id, pr.name, pr.status, pr.start_date, pr.end_date, p.name,
                    (SELECT count(*) FROM project_talents pt WHERE pt.project_id = pr.id)
               FROM projects pr JOIN productions p ON p.id = pr.production_company_id
              WHERE pr.is_active AND pr.status NOT IN ('completed', 'cancelled')
              ORDER BY pr.status <> 'shooting', pr.start_date NULLS LAST, pr.name, pr.id",
            &[],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| OpenProject {
            id: r.get(0),
            name: r.get(1),
            status: ProjectStatus::stored(r.get(2)),
            start_date: r.get(3),
            end_date: r.get(4),
            production_name: r.get(5),
            talent_count: r.get(6),
        })
        .collect())
}
