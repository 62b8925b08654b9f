//! `/api/v1/cinema/*`: the HTTP shell over [`taalentio::cinema`]. Recruiters and admins only;
//! anyone else is refused the list and finds no single profile (404). One exception: presence
//! staff may fetch the photo of a talent on an active project, which their scanner's roster
//! shows.

mod films;

use std::collections::BTreeMap;

use axum::{Router, extract::State, http::StatusCode};
use taalentio::{
    AppState, Error,
    accounts::{Principal, Role},
    cinema::{
        assignments::{self, Assignment, AssignmentInput},
        photos,
        productions::{
            self, Production, ProductionInput, ProductionQuery, Project, ProjectInput, ProjectQuery,
        },
        searches::{self, NewSavedSearch, SavedSearch},
        talents::{
            self, CastingQuery, CastingResult, CinemaTalent, CinemaTalentInput, SensitiveKind,
            VocabularyEntry,
        },
    },
    downloads::{Download, FileRedirect},
    error::Problem,
    http::{ApiRouter, CurrentUser, Json, Path, Query},
    pagination::{Page, PageQuery},
    uploads::{self, UploadRequest, UploadStatus, UploadTicket},
};
use utoipa_axum::{router::OpenApiRouter, routes};

pub(crate) const TAG: &str = "cinema";

pub fn api() -> ApiRouter {
    OpenApiRouter::new()
        .routes(routes!(vocabulary))
        .routes(routes!(search, create))
        .routes(routes!(get_talent, change, deactivate))
        .routes(routes!(withdraw_consent))
        .routes(routes!(talent_photo))
        .routes(routes!(list_productions, create_production))
        .routes(routes!(get_production, change_production))
        .routes(routes!(list_projects, create_project))
        .routes(routes!(get_project, change_project))
        .routes(routes!(list_assignments, assign))
        .routes(routes!(
            get_assignment,
            change_assignment,
            remove_assignment
        ))
        .routes(routes!(assignment_badge))
        .routes(routes!(project_badges))
        .routes(routes!(list_searches, save_search))
        .routes(routes!(delete_search))
        .routes(routes!(run_search))
        .routes(routes!(request_upload))
        .routes(routes!(complete_upload))
        .merge(films::api())
}

pub fn router(state: AppState) -> Router {
    taalentio::http::app(api(), state)
}

/// Casting staff: recruiters and admins. For a single record, anyone else gets 404.
fn casting_staff(principal: &Principal) -> Result<(), Error> {
    principal.require(&[Role::Recruiter])
}

pub(crate) fn hidden_from_others(principal: &Principal) -> Result<(), Error> {
    casting_staff(principal).map_err(|_| Error::NotFound)
}

/// The controlled vocabularies (eye and hair colours, hair types, skin tones, builds, talent
/// types, languages, ID document types) with French and English labels.
#[utoipa::path(get, path = "/api/v1/cinema/vocabulary", tag = TAG,
    responses((status = 200, body = BTreeMap<String, Vec<VocabularyEntry>>)))]
async fn vocabulary(
    State(state): State<AppState>,
    _caller: CurrentUser,
) -> Result<Json<BTreeMap<String, Vec<VocabularyEntry>>>, Error> {
    Ok(Json(talents::vocabulary(&state).await?))
}

/// Casting search: every filter combines with the others; names match whatever the accents,
/// case or small typos.
#[utoipa::path(get, path = "/api/v1/cinema/talents", tag = TAG, params(CastingQuery),
    responses(
        (status = 200, body = Page<CastingResult>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
async fn search(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Query(query): Query<CastingQuery>,
) -> Result<Json<Page<CastingResult>>, Error> {
    casting_staff(&principal)?;
    if query.include_inactive {
        principal.require(&[Role::Admin])?;
    }
    let page = PageQuery {
        page: query.page,
        per_page: query.per_page,
    }
    .validate()?;
    Ok(Json(
        talents::search(&state, &query, page, query.include_inactive).await?,
    ))
}

/// Add a screen talent to the casting base (a unique cinema code is given).
#[utoipa::path(post, path = "/api/v1/cinema/talents", tag = TAG, request_body = CinemaTalentInput,
    responses((status = 201, body = CinemaTalent), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn create(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Json(input): Json<CinemaTalentInput>,
) -> Result<(StatusCode, Json<CinemaTalent>), Error> {
    casting_staff(&principal)?;
    Ok((
        StatusCode::CREATED,
        Json(talents::create(&state, input, principal.user_id).await?),
    ))
}

#[utoipa::path(get, path = "/api/v1/cinema/talents/{id}", tag = TAG, operation_id = "get_casting_talent", params(("id" = i64, Path)),
    responses((status = 200, body = CinemaTalent), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_talent(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<CinemaTalent>, Error> {
    hidden_from_others(&principal)?;
    let is_admin = principal.role == Role::Admin;
    Ok(Json(talents::get(&state, id, is_admin).await?))
}

/// Change a casting profile: absent fields stay, `null` clears.
#[utoipa::path(patch, path = "/api/v1/cinema/talents/{id}", tag = TAG, params(("id" = i64, Path)),
    request_body = CinemaTalentInput,
    responses((status = 200, body = CinemaTalent), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn change(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path(id): Path<i64>,
    Json(input): Json<CinemaTalentInput>,
) -> Result<Json<CinemaTalent>, Error> {
    hidden_from_others(&principal)?;
    Ok(Json(
        talents::change(&state, id, input, principal.user_id).await?,
    ))
}

/// Deactivate a casting profile (it leaves searches; admins still see it).
#[utoipa::path(delete, path = "/api/v1/cinema/talents/{id}", tag = TAG, params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn deactivate(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, Error> {
    hidden_from_others(&principal)?;
    let input = CinemaTalentInput {
        is_active: Some(false),
        ..Default::default()
    };
    talents::change(&state, id, input, principal.user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The talent withdrew a sensitive-category consent: it is recorded and the data it covered
/// is erased.
#[utoipa::path(delete, path = "/api/v1/cinema/talents/{id}/consents/{kind}", tag = TAG, operation_id = "withdraw_casting_consent",
    params(("id" = i64, Path), ("kind" = SensitiveKind, Path)),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn withdraw_consent(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path((id, kind)): Path<(i64, String)>,
) -> Result<StatusCode, Error> {
    hidden_from_others(&principal)?;
    let kind = SensitiveKind::parse(&kind).ok_or(Error::NotFound)?;
    talents::withdraw_consent(&state, id, kind).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A casting profile's photo at a stable address on this origin (what the scanner's roster
/// links to), redirecting to a fresh 15-minute link of its thumbnail. Casting staff see any
/// active profile's (admins: inactive ones too), presence staff those of talents on an active
/// project; anyone else, or a profile without a verified photo, gets 404.
#[utoipa::path(get, path = "/api/v1/cinema/talents/{id}/photo", tag = TAG, operation_id = "casting_talent_photo",
    params(("id" = i64, Path)),
    responses(
        (status = 302, description = "To a 15-minute link of the photo's JPEG thumbnail"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such profile, no photo, or not for this caller", body = Problem, content_type = "application/problem+json"),
    ))]
async fn talent_photo(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path(id): Path<i64>,
) -> Result<FileRedirect, Error> {
    let viewer = if casting_staff(&principal).is_ok() {
        photos::Viewer::Casting {
            include_inactive: principal.role == Role::Admin,
        }
    } else if principal.require(&[Role::Presence]).is_ok() {
        photos::Viewer::OnSet
    } else {
        return Err(Error::NotFound);
    };
    Ok(FileRedirect(
        photos::thumbnail_link(&state, id, viewer).await?,
    ))
}

fn page_of(
    page: Option<u32>,
    per_page: Option<u32>,
) -> Result<taalentio::pagination::PageRequest, Error> {
    PageQuery { page, per_page }.validate()
}

/// Production companies, by name.
#[utoipa::path(get, path = "/api/v1/cinema/productions", tag = TAG, params(ProductionQuery),
    responses((status = 200, body = Page<Production>)))]
async fn list_productions(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Query(query): Query<ProductionQuery>,
) -> Result<Json<Page<Production>>, Error> {
    casting_staff(&principal)?;
    let page = page_of(query.page, query.per_page)?;
    Ok(Json(productions::productions(&state, &query, page).await?))
}

#[utoipa::path(post, path = "/api/v1/cinema/productions", tag = TAG, request_body = ProductionInput,
    responses((status = 201, body = Production), (status = 409, body = Problem, content_type = "application/problem+json")))]
async fn create_production(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Json(input): Json<ProductionInput>,
) -> Result<(StatusCode, Json<Production>), Error> {
    casting_staff(&principal)?;
    let is_admin = principal.role == Role::Admin;
    let created =
        productions::save_production(&state, None, input, principal.user_id, is_admin).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

#[utoipa::path(get, path = "/api/v1/cinema/productions/{id}", tag = TAG, params(("id" = i64, Path)),
    responses((status = 200, body = Production), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_production(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Production>, Error> {
    hidden_from_others(&principal)?;
    Ok(Json(productions::production(&state, id).await?))
}

/// Change a production; only admins set `is_verified`.
#[utoipa::path(patch, path = "/api/v1/cinema/productions/{id}", tag = TAG, params(("id" = i64, Path)),
    request_body = ProductionInput, responses((status = 200, body = Production)))]
async fn change_production(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path(id): Path<i64>,
    Json(input): Json<ProductionInput>,
) -> Result<Json<Production>, Error> {
    hidden_from_others(&principal)?;
    let is_admin = principal.role == Role::Admin;
    Ok(Json(
        productions::save_production(&state, Some(id), input, principal.user_id, is_admin).await?,
    ))
}

/// Projects, latest shoot first.
#[utoipa::path(get, path = "/api/v1/cinema/projects", tag = TAG, params(ProjectQuery),
    responses((status = 200, body = Page<Project>)))]
async fn list_projects(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Query(query): Query<ProjectQuery>,
) -> Result<Json<Page<Project>>, Error> {
    casting_staff(&principal)?;
    let page = page_of(query.page, query.per_page)?;
    Ok(Json(productions::projects(&state, &query, page).await?))
}

#[utoipa::path(post, path = "/api/v1/cinema/projects", tag = TAG, request_body = ProjectInput,
    responses((status = 201, body = Project), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn create_project(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Json(input): Json<ProjectInput>,
) -> Result<(StatusCode, Json<Project>), Error> {
    casting_staff(&principal)?;
    Ok((
        StatusCode::CREATED,
        Json(productions::save_project(&state, None, input, principal.user_id).await?),
    ))
}

#[utoipa::path(get, path = "/api/v1/cinema/projects/{id}", tag = TAG, params(("id" = i64, Path)),
    responses((status = 200, body = Project), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_project(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Project>, Error> {
    hidden_from_others(&principal)?;
    Ok(Json(productions::project(&state, id).await?))
}

/// Change a project; its status moves only along the allowed transitions.
#[utoipa::path(patch, path = "/api/v1/cinema/projects/{id}", tag = TAG, params(("id" = i64, Path)),
    request_body = ProjectInput, responses((status = 200, body = Project), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn change_project(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path(id): Path<i64>,
    Json(input): Json<ProjectInput>,
) -> Result<Json<Project>, Error> {
    hidden_from_others(&principal)?;
    Ok(Json(
        productions::save_project(&state, Some(id), input, principal.user_id).await?,
    ))
}

/// The talents on a project, with their project codes.
#[utoipa::path(get, path = "/api/v1/cinema/projects/{id}/talents", tag = TAG, params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Assignment>)))]
async fn list_assignments(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Assignment>>, Error> {
    hidden_from_others(&principal)?;
    Ok(Json(assignments::list(&state, id).await?))
}

/// Assign a casting profile to the project (a project code is made; the talent is mailed).
#[utoipa::path(post, path = "/api/v1/cinema/projects/{id}/talents", tag = TAG, params(("id" = i64, Path)),
    request_body = AssignmentInput,
    responses((status = 201, body = Assignment), (status = 409, description = "Already on the project", body = Problem, content_type = "application/problem+json")))]
async fn assign(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path(id): Path<i64>,
    Json(input): Json<AssignmentInput>,
) -> Result<(StatusCode, Json<Assignment>), Error> {
    hidden_from_others(&principal)?;
    Ok((
        StatusCode::CREATED,
        Json(assignments::assign(&state, id, input, principal.user_id).await?),
    ))
}

#[utoipa::path(get, path = "/api/v1/cinema/projects/{id}/talents/{assignment}", tag = TAG,
    params(("id" = i64, Path), ("assignment" = i64, Path)),
    responses((status = 200, body = Assignment), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_assignment(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path((id, assignment)): Path<(i64, i64)>,
) -> Result<Json<Assignment>, Error> {
    hidden_from_others(&principal)?;
    Ok(Json(assignments::get(&state, id, assignment).await?))
}

#[utoipa::path(patch, path = "/api/v1/cinema/projects/{id}/talents/{assignment}", tag = TAG,
    params(("id" = i64, Path), ("assignment" = i64, Path)), request_body = AssignmentInput,
    responses((status = 200, body = Assignment)))]
async fn change_assignment(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path((id, assignment)): Path<(i64, i64)>,
    Json(input): Json<AssignmentInput>,
) -> Result<Json<Assignment>, Error> {
    hidden_from_others(&principal)?;
    Ok(Json(
        assignments::change(&state, id, assignment, input).await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/cinema/projects/{id}/talents/{assignment}", tag = TAG,
    params(("id" = i64, Path), ("assignment" = i64, Path)),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn remove_assignment(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path((id, assignment)): Path<(i64, i64)>,
) -> Result<StatusCode, Error> {
    hidden_from_others(&principal)?;
    assignments::remove(&state, id, assignment).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// One talent's badge, print-ready (A4, cut marks), with the QR code of their project code.
#[utoipa::path(get, path = "/api/v1/cinema/projects/{id}/talents/{assignment}/badge.pdf", tag = TAG,
    params(("id" = i64, Path), ("assignment" = i64, Path)),
    responses((status = 200, content_type = "application/pdf"), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn assignment_badge(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path((id, assignment)): Path<(i64, i64)>,
) -> Result<Download, Error> {
    hidden_from_others(&principal)?;
    assignments::badges(&state, id, Some(assignment)).await
}

/// Every badge of a project, ten per A4 page; a large file comes as a 303 to a short-lived link.
#[utoipa::path(get, path = "/api/v1/cinema/projects/{id}/badges.pdf", tag = TAG, params(("id" = i64, Path)),
    responses(
        (status = 200, content_type = "application/pdf"),
        (status = 303, description = "Large file: follow Location (valid 15 minutes)"),
        (status = 409, description = "No talent on the project", body = Problem, content_type = "application/problem+json"),
    ))]
async fn project_badges(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Download, Error> {
    hidden_from_others(&principal)?;
    assignments::badges(&state, id, None).await
}

/// The caller's saved casting searches.
#[utoipa::path(get, path = "/api/v1/cinema/searches", tag = TAG,
    responses((status = 200, body = Vec<SavedSearch>)))]
async fn list_searches(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
) -> Result<Json<Vec<SavedSearch>>, Error> {
    casting_staff(&principal)?;
    Ok(Json(searches::list(&state, principal.user_id).await?))
}

/// Save a casting search (its query string is checked as the search would check it).
#[utoipa::path(post, path = "/api/v1/cinema/searches", tag = TAG, request_body = NewSavedSearch,
    responses(
        (status = 201, body = SavedSearch),
        (status = 409, description = "A search with this name exists", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
async fn save_search(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Json(form): Json<NewSavedSearch>,
) -> Result<(StatusCode, Json<SavedSearch>), Error> {
    casting_staff(&principal)?;
    Ok((
        StatusCode::CREATED,
        Json(searches::save(&state, principal.user_id, &form).await?),
    ))
}

#[utoipa::path(delete, path = "/api/v1/cinema/searches/{id}", tag = TAG, params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn delete_search(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, Error> {
    hidden_from_others(&principal)?;
    searches::delete(&state, principal.user_id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Run a saved search again.
#[utoipa::path(get, path = "/api/v1/cinema/searches/{id}/results", tag = TAG, params(("id" = i64, Path)),
    responses((status = 200, body = Page<CastingResult>), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn run_search(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Page<CastingResult>>, Error> {
    hidden_from_others(&principal)?;
    Ok(Json(searches::run(&state, principal.user_id, id).await?))
}

/// Ask to upload a casting profile's photo (`photo`, replacing the current one) or a gallery
/// picture (`gallery`): a presigned PUT, checked like every upload.
#[utoipa::path(post, path = "/api/v1/cinema/talents/{id}/uploads", tag = TAG, operation_id = "request_casting_upload", params(("id" = i64, Path)),
    request_body = UploadRequest,
    responses((status = 201, body = UploadTicket), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn request_upload(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path(id): Path<i64>,
    Json(form): Json<UploadRequest>,
) -> Result<(StatusCode, Json<UploadTicket>), Error> {
    hidden_from_others(&principal)?;
    Ok((
        StatusCode::CREATED,
        Json(uploads::request_for_cinema(&state, id, &form).await?),
    ))
}

/// Check a sent casting photo now (local runs; in AWS the S3 event does it).
#[utoipa::path(post, path = "/api/v1/cinema/talents/{id}/uploads/{upload}/complete", tag = TAG, operation_id = "complete_casting_upload",
    params(("id" = i64, Path), ("upload" = uuid::Uuid, Path)),
    responses((status = 200, body = UploadStatus), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn complete_upload(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path((id, upload)): Path<(i64, uuid::Uuid)>,
) -> Result<Json<UploadStatus>, Error> {
    hidden_from_others(&principal)?;
    Ok(Json(
        uploads::complete_for_cinema(&state, id, upload).await?,
    ))
}
