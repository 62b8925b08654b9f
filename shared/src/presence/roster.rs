//! What an offline scanner keeps to judge scans by itself: the project, the codes of its
//! talents with a photo to recognise them, the clock window scans must fall in, and the
//! day's sheet so far.

use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::ToSchema;

use super::{SheetLine, rules, sheet};
use crate::{
    AppState, Error,
    cinema::photos,
    cinema::productions::{self, ProjectStatus},
};

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Roster {
    pub project: RosterProject,
    #[schema(value_type = String, format = Date)]
    pub date: Date,
    pub window: ScanWindow,
    /// Every talent of the project, by last name.
    pub talents: Vec<RosterTalent>,
    /// The day's attendances so far.
    pub sheet: Vec<SheetLine>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RosterProject {
    pub id: i64,
    pub name: String,
    pub status: ProjectStatus,
    #[schema(value_type = Option<String>, format = Date, required = true)]
    pub start_date: Option<Date>,
    #[schema(value_type = Option<String>, format = Date, required = true)]
    pub end_date: Option<Date>,
}

/// How far from the server's clock a scan may be: older is refused `too_old`, further ahead
/// `in_future`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ScanWindow {
    pub max_age_hours: i64,
    pub max_future_skew_seconds: i64,
}

impl ScanWindow {
    pub fn current() -> Self {
        Self {
            max_age_hours: rules::MAX_AGE.whole_hours(),
            max_future_skew_seconds: rules::MAX_FUTURE_SKEW.whole_seconds(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RosterTalent {
    pub cinema_talent_code: String,
    /// What the talent's badge QR code holds.
    pub project_code: String,
    pub first_name: String,
    pub last_name: String,
    pub talent_type: String,
    /// The role played, when the assignment names one.
    #[schema(required = true)]
    pub role_name: Option<String>,
    /// The photo's thumbnail at a stable address on this origin (answering a redirect to the
    /// file), for the scanner to fetch and keep; null without a verified photo.
    #[schema(required = true)]
    pub thumbnail_url: Option<String>,
}

/// The roster of an active project on `date`.
pub async fn roster(state: &AppState, project_id: i64, date: Date) -> Result<Roster, Error> {
    let project = productions::project(state, project_id).await?;
    let db = state.db.get().await?;
    let rows = db
        .query(
            "SELECT ct.id, ct.unique_code, pt.project_code, ct.first_name, ct.last_name,
                    pt.talent_type, pt.role_description, ct.profile_photo_filename IS NOT NULL
               FROM project_talents pt JOIN cinema_talents ct ON ct.id = pt.cinema_talent_id
              WHERE pt.project_id = $1
              ORDER BY ct.last_name, ct.first_name, ct.id",
            &[&project_id],
        )
        .await?;
    let talents = rows
        .iter()
        .map(|r| RosterTalent {
            cinema_talent_code: r.get(1),
            project_code: r.get(2),
            first_name: r.get(3),
            last_name: r.get(4),
            talent_type: r.get(5),
            role_name: r.get(6),
            thumbnail_url: r.get::<_, bool>(7).then(|| photos::path(r.get(0))),
        })
        .collect();
    Ok(Roster {
        project: RosterProject {
            id: project.id,
            name: project.name,
            status: project.status,
            start_date: project.start_date,
            end_date: project.end_date,
        },
        date,
        window: ScanWindow::current(),
        talents,
        sheet: sheet::lines(&db, project_id, date).await?,
    })
}
