//! Talents assigned to a project: each assignment gets its own project code (what the badge's
//! QR code holds and what is scanned on set), and the talent is told by mail when they have an
//! address.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;

use crate::{
    AppState, Error, codes,
    downloads::{Download, FileBody, GeneratedFile},
    error::{FieldError, FieldIssue, ProblemCode},
    links,
    mail::{self, Language, templates},
};

use super::{
    productions::{self, ProductionType, ProjectStatus},
    talents::VocabularyEntry,
};

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Assignment {
    pub id: i64,
    pub project_id: i64,
    pub cinema_talent_id: i64,
    pub cinema_talent_code: String,
    pub first_name: String,
    pub last_name: String,
    pub talent_type: String,
    pub role_description: Option<String>,
    /// Printed on the badge as a QR code; scanned at check-in.
    pub project_code: String,
    #[serde(with = "time::serde::rfc3339")]
    pub assigned_at: OffsetDateTime,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignmentInput {
    pub cinema_talent_id: Option<i64>,
    /// A `talent_type` of the vocabulary.
    pub talent_type: Option<String>,
    /// The role played; an empty text clears it (the badge then shows the talent type).
    pub role_description: Option<String>,
}

/// A role as stored: trimmed, and none when blank.
fn role_text(role: &Option<String>) -> Option<String> {
    role.as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
}

const SELECT: &str = "
    SELECT pt.id, pt.project_id, pt.cinema_talent_id, ct.unique_code AS cinema_talent_code,
           ct.first_name, ct.last_name, pt.talent_type, pt.role_description, pt.project_code,
           pt.assigned_at, ct.email
      FROM project_talents pt JOIN cinema_talents ct ON ct.id = pt.cinema_talent_id";

fn from_row(row: &tokio_postgres::Row) -> Assignment {
    Assignment {
        id: row.get("id"),
        project_id: row.get("project_id"),
        cinema_talent_id: row.get("cinema_talent_id"),
        cinema_talent_code: row.get("cinema_talent_code"),
        first_name: row.get("first_name"),
        last_name: row.get("last_name"),
        talent_type: row.get("talent_type"),
        role_description: row.get("role_description"),
        project_code: row.get("project_code"),
        assigned_at: row.get("assigned_at"),
    }
}

pub async fn list(state: &AppState, project_id: i64) -> Result<Vec<Assignment>, Error> {
    productions::project(state, project_id).await?;
    let rows = state
        .db
        .get()
        .await?
        .query(
            &format!(
                "{SELECT} WHERE pt.project_id = $1 ORDER BY ct.last_name, ct.first_name, pt.id"
            ),
            &[&project_id],
        )
        .await?;
    Ok(rows.iter().map(from_row).collect())
}

/// One assignment of a project; an id of another project is 404.
pub async fn get(state: &AppState, project_id: i64, id: i64) -> Result<Assignment, Error> {
    let row = state
        .db
        .get()
        .await?
        .query_opt(
            &format!("{SELECT} WHERE pt.project_id = $1 AND pt.id = $2"),
            &[&project_id, &id],
        )
        .await?
        .ok_or(Error::NotFound)?;
    Ok(from_row(&row))
}

fn check_role(role: &Option<String>, problems: &mut Vec<FieldError>) {
    if role.as_ref().is_some_and(|r| r.chars().count() > 500) {
        problems.push(FieldError::new(
            "role_description",
            FieldIssue::TooLong { max: 500 },
        ));
    }
}

async fn check_talent_type(
    state: &AppState,
    talent_type: &str,
    problems: &mut Vec<FieldError>,
) -> Result<(), Error> {
    let known = state
        .db
        .get()
        .await?
        .query_opt(
            "SELECT 1 FROM cinema_vocabulary WHERE kind = 'talent_type' AND code = $1",
            &[&talent_type],
        )
        .await?;
    if known.is_none() {
        problems.push(FieldError::new("talent_type", FieldIssue::Unknown));
    }
    Ok(())
}

/// Assigns an active casting profile to a project with a fresh project code; 409 when the
/// talent is already on it. Mails the talent when they have an address: in their account's
/// language when the address is an account's, French otherwise.
pub async fn assign(
    state: &AppState,
    project_id: i64,
    input: AssignmentInput,
    by: i64,
) -> Result<Assignment, Error> {
    let project = productions::project(state, project_id).await?;
    let mut problems = Vec::new();
    let talent_type = input.talent_type.clone().unwrap_or_default();
    if input.cinema_talent_id.is_none() {
        problems.push(FieldError::new("cinema_talent_id", FieldIssue::Required));
    }
    if talent_type.is_empty() {
        problems.push(FieldError::new("talent_type", FieldIssue::Required));
    } else {
        check_talent_type(state, &talent_type, &mut problems).await?;
    }
    check_role(&input.role_description, &mut problems);
    let talent_id = input.cinema_talent_id.unwrap_or_default();
    let role = role_text(&input.role_description);
    let talent = state
        .db
        .get()
        .await?
        .query_opt(
            // The person's own account (same address), when they have one: its language,
            // and their projects page as the link.
            "SELECT ct.first_name, ct.email, u.preferred_language
               FROM cinema_talents ct
               LEFT JOIN users u ON u.email = ct.email AND u.account_active
              WHERE ct.id = $1 AND ct.is_active",
            &[&talent_id],
        )
        .await?;
    if input.cinema_talent_id.is_some() && talent.is_none() {
        problems.push(FieldError::new("cinema_talent_id", FieldIssue::Unknown));
    }
    if !problems.is_empty() {
        return Err(Error::Validation(problems));
    }
    let db = state.db.get().await?;
    let mut id = None;
    for _ in 0..codes::MAX_ATTEMPTS {
        // A conflict on the (project, talent) pair answers 409; on the code, another try.
        let inserted = db
            .query_opt(
                "INSERT INTO project_talents (project_id, cinema_talent_id, talent_type, role_description,
                                              project_code, assigned_by)
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (project_code) DO NOTHING RETURNING id",
                &[&project_id, &talent_id, &talent_type, &role, &codes::generate(), &by],
            )
            .await
            .map_err(|e| {
                if e.as_db_error().and_then(|d| d.constraint())
                    == Some("project_talents_project_id_cinema_talent_id_key")
                {
                    Error::conflict(ProblemCode::Duplicate, "this talent is already on the project")
                } else {
                    e.into()
                }
            })?;
        if let Some(row) = inserted {
            id = Some(row.get::<_, i64>(0));
            break;
        }
    }
    drop(db);
    let id = id.ok_or_else(|| Error::Internal(anyhow::anyhow!("no free project code")))?;
    let assignment = get(state, project_id, id).await?;
    if let Some(talent) = talent
        && let Some(email) = talent.get::<_, Option<String>>(1)
    {
        let account_language: Option<String> = talent.get(2);
        let link = links::url(
            &state.config.public_base_url,
            if account_language.is_some() {
                links::MY_PROJECTS
            } else {
                links::HOME
            },
        );
        let rendered = templates::selected_for_project(
            account_language
                .as_deref()
                .map_or(Language::Fr, Language::from_code),
            talent.get(0),
            &project.name,
            &project.production_company_name,
            assignment
                .role_description
                .as_deref()
                .unwrap_or(&assignment.talent_type),
            &link,
        );
        // The assignment stands even when the mail cannot go: it is in email_logs as failed.
        if let Err(error) =
            mail::deliver(state, None, &email, "selected_for_project", rendered).await
        {
            tracing::warn!(%error, "selection mail not sent");
        }
    }
    Ok(assignment)
}

pub async fn change(
    state: &AppState,
    project_id: i64,
    id: i64,
    input: AssignmentInput,
) -> Result<Assignment, Error> {
    let mut problems = Vec::new();
    if input.cinema_talent_id.is_some() {
        problems.push(FieldError::new("cinema_talent_id", FieldIssue::ReadOnly));
    }
    if let Some(talent_type) = &input.talent_type {
        check_talent_type(state, talent_type, &mut problems).await?;
    }
    check_role(&input.role_description, &mut problems);
    if !problems.is_empty() {
        return Err(Error::Validation(problems));
    }
    let updated = state
        .db
        .get()
        .await?
        .execute(
            "UPDATE project_talents SET talent_type = coalesce($3, talent_type),
                    role_description = CASE WHEN $5 THEN $4 ELSE role_description END
              WHERE project_id = $1 AND id = $2",
            &[
                &project_id,
                &id,
                &input.talent_type,
                &role_text(&input.role_description),
                &input.role_description.is_some(),
            ],
        )
        .await?;
    if updated == 0 {
        return Err(Error::NotFound);
    }
    get(state, project_id, id).await
}

pub async fn remove(state: &AppState, project_id: i64, id: i64) -> Result<(), Error> {
    let removed = state
        .db
        .get()
        .await?
        .execute(
            "DELETE FROM project_talents WHERE project_id = $1 AND id = $2",
            &[&project_id, &id],
        )
        .await?;
    if removed == 0 {
        return Err(Error::NotFound);
    }
    Ok(())
}

/// A project a person is on, as their own projects page shows it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MyProject {
    pub assignment_id: i64,
    pub project_id: i64,
    pub project_name: String,
    pub production_type: ProductionType,
    pub production_company_name: String,
    pub status: ProjectStatus,
    #[schema(value_type = Option<String>, format = Date)]
    pub start_date: Option<Date>,
    #[schema(value_type = Option<String>, format = Date)]
    pub end_date: Option<Date>,
    pub shooting_locations: Vec<String>,
    /// The talent type they were cast as, with its labels.
    pub talent_type: VocabularyEntry,
    pub role_description: Option<String>,
    /// What their badge's QR code holds.
    pub project_code: String,
    #[serde(with = "time::serde::rfc3339")]
    pub assigned_at: OffsetDateTime,
}

/// The projects `user_id` is on: the assignments of the active casting profiles whose address
/// is their account's confirmed address — whom the "selected for a project" mail reaches and
/// links to this list. Only their own: the match starts from their account.
pub async fn of_person(state: &AppState, user_id: i64) -> Result<Vec<MyProject>, Error> {
    let rows = state
        .db
        .get()
        .await?
        .query(
            "SELECT pt.id, pr.id AS project_id, pr.name, pr.production_type, p.name AS company,
                    pr.status, pr.start_date, pr.end_date, pr.shooting_locations, pt.talent_type,
                    coalesce(v.label_fr, pt.talent_type) AS label_fr,
                    coalesce(v.label_en, pt.talent_type) AS label_en,
                    pt.role_description, pt.project_code, pt.assigned_at
               FROM users u
               JOIN cinema_talents ct ON ct.email = u.email AND ct.is_active
               JOIN project_talents pt ON pt.cinema_talent_id = ct.id
               JOIN projects pr ON pr.id = pt.project_id AND pr.is_active
               JOIN productions p ON p.id = pr.production_company_id
               LEFT JOIN cinema_vocabulary v ON v.kind = 'talent_type' AND v.code = pt.talent_type
              WHERE u.id = $1 AND u.account_active AND u.email_confirmed_at IS NOT NULL
              ORDER BY pr.start_date DESC NULLS LAST, pt.assigned_at DESC, pt.id DESC",
            &[&user_id],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|row| MyProject {
            assignment_id: row.get("id"),
            project_id: row.get("project_id"),
            project_name: row.get("name"),
            production_type: ProductionType::stored(row.get("production_type")),
            production_company_name: row.get("company"),
            status: ProjectStatus::stored(row.get("status")),
            start_date: row.get("start_date"),
            end_date: row.get("end_date"),
            shooting_locations: row.get("shooting_locations"),
            talent_type: VocabularyEntry {
                code: row.get("talent_type"),
                label_fr: row.get("label_fr"),
                label_en: row.get("label_en"),
            },
            role_description: row.get("role_description"),
            project_code: row.get("project_code"),
            assigned_at: row.get("assigned_at"),
        })
        .collect())
}

/// The badges of a project's talents (or of one assignment), print-ready: inline, or stored
/// and linked when large ([`crate::downloads`]).
pub async fn badges(
    state: &AppState,
    project_id: i64,
    only: Option<i64>,
) -> Result<Download, Error> {
    let project = productions::project(state, project_id).await?;
    let rows = state
        .db
        .get()
        .await?
        .query(
            "SELECT ct.first_name, ct.last_name, pt.talent_type, pt.role_description, pt.project_code,
                    -- The photo's JPEG thumbnail: what a badge prints.
                    (SELECT up.thumbnail_key FROM uploads up WHERE up.object_key = ct.profile_photo_filename)
               FROM project_talents pt JOIN cinema_talents ct ON ct.id = pt.cinema_talent_id
              WHERE pt.project_id = $1 AND ($2::bigint IS NULL OR pt.id = $2)
              ORDER BY ct.last_name, ct.first_name",
            &[&project_id, &only],
        )
        .await?;
    if rows.is_empty() {
        return Err(if only.is_some() {
            Error::NotFound
        } else {
            Error::conflict(
                ProblemCode::ProjectEmpty,
                "no talent is assigned to this project yet",
            )
        });
    }
    let dates = match (project.start_date, project.end_date) {
        (Some(start), Some(end)) => format!("{start} → {end}"),
        (Some(start), None) => format!("dès le {start}"),
        _ => String::new(),
    };
    let mut list = Vec::with_capacity(rows.len());
    for row in &rows {
        let photo = match row.get::<_, Option<String>>(5) {
            Some(key) => state
                .blobs
                .get(&crate::ports::blob::BlobKey::parse(&key)?)
                .await?
                .filter(|blob| blob.content_type == "image/jpeg")
                .map(|blob| blob.bytes.to_vec()),
            None => None,
        };
        let role: Option<String> = row.get(3);
        list.push(super::badges::Badge {
            full_name: format!("{} {}", row.get::<_, String>(0), row.get::<_, String>(1)),
            role: role.unwrap_or_else(|| row.get(2)),
            project_title: project.name.clone(),
            production_name: project.production_company_name.clone(),
            dates: dates.clone(),
            project_code: row.get(4),
            photo_jpeg: photo,
        });
    }
    let title = project.name.clone();
    let pdf = tokio::task::spawn_blocking(move || super::badges::render(&list, &title))
        .await
        .map_err(|e| Error::Internal(e.into()))??;
    let filename = match only {
        Some(assignment) => format!("badge-{project_id}-{assignment}.pdf"),
        None => format!("badges-{project_id}.pdf"),
    };
    let file = GeneratedFile {
        body: FileBody::Memory(pdf),
        content_type: "application/pdf",
        filename,
        attachment: false,
    };
    crate::downloads::deliver(state, &format!("badges/{project_id}"), file).await
}
