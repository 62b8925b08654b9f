//! Production companies (every seed column) and their projects, whose status moves only along
//! the allowed transitions.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::{IntoParams, ToSchema};

use crate::{
    AppState, Error,
    error::{FieldError, FieldFormat, FieldIssue, ProblemCode},
    pagination::{Page, PageRequest},
    profiles::{Place, update::nullable},
    sql::{self, Conditions},
};

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Production {
    pub id: i64,
    pub name: String,
    pub logo_url: Option<String>,
    pub description: Option<String>,
    pub specialization: Option<String>,
    pub address: Option<String>,
    pub city: Option<String>,
    pub country: Option<Place>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    #[schema(value_type = Object)]
    pub social_links: serde_json::Value,
    pub founded_year: Option<i16>,
    pub ceo: Option<String>,
    pub employees_count: Option<i32>,
    pub certifications: Vec<String>,
    pub awards: Vec<String>,
    pub is_active: bool,
    /// Set by an admin once the company is checked.
    pub is_verified: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// A new production or a change to one: absent fields stay, `null` clears.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductionInput {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub logo_url: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub specialization: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub address: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub city: Option<Option<String>>,
    /// ISO code.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub country: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub website: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub contact_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub contact_email: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub contact_phone: Option<Option<String>>,
    #[schema(schema_with = crate::http::schemas::social_links_or_null)]
    pub social_links: Option<std::collections::BTreeMap<String, String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i16>, minimum = -32768, maximum = 32767)]
    pub founded_year: Option<Option<i16>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub ceo: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i32>)]
    pub employees_count: Option<Option<i32>>,
    pub certifications: Option<Vec<String>>,
    pub awards: Option<Vec<String>>,
    pub is_active: Option<bool>,
    /// Admins only.
    pub is_verified: Option<bool>,
}

const PRODUCTION_SELECT: &str = "
    SELECT p.*, co.code::text AS country_code, co.name_fr AS country_name_fr, co.name_en AS country_name_en
      FROM productions p LEFT JOIN countries co ON co.id = p.country_id";

fn production_from_row(row: &tokio_postgres::Row) -> Production {
    Production {
        id: row.get("id"),
        name: row.get("name"),
        logo_url: row.get("logo_url"),
        description: row.get("description"),
        specialization: row.get("specialization"),
        address: row.get("address"),
        city: row.get("city"),
        country: crate::profiles::country_of(row),
        phone: row.get("phone"),
        email: row.get("email"),
        website: row.get("website"),
        contact_name: row.get("contact_name"),
        contact_email: row.get("contact_email"),
        contact_phone: row.get("contact_phone"),
        social_links: row.get("social_links"),
        founded_year: row.get("founded_year"),
        ceo: row.get("ceo"),
        employees_count: row.get("employees_count"),
        certifications: row.get("certifications"),
        awards: row.get("awards"),
        is_active: row.get("is_active"),
        is_verified: row.get("is_verified"),
        created_at: row.get("created_at"),
    }
}

pub async fn production(state: &AppState, id: i64) -> Result<Production, Error> {
    let row = state
        .db
        .get()
        .await?
        .query_opt(&format!("{PRODUCTION_SELECT} WHERE p.id = $1"), &[&id])
        .await?
        .ok_or(Error::NotFound)?;
    Ok(production_from_row(&row))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ProductionQuery {
    #[param(minimum = 1, maximum = 2147483647, default = 1)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub per_page: Option<u32>,
    /// Name, accents and case aside.
    pub q: Option<String>,
    pub country: Option<String>,
    pub verified: Option<bool>,
}

pub async fn productions(
    state: &AppState,
    query: &ProductionQuery,
    page: PageRequest,
) -> Result<Page<Production>, Error> {
    let mut c = Conditions::new(&["p.is_active"]);
    if let Some(q) = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        c.push(
            |n| format!("search_text(p.name) LIKE '%' || search_text(${n}) || '%'"),
            Box::new(sql::like_literal(q)),
        );
    }
    if let Some(country) = &query.country {
        c.push(
            |n| format!("p.country_id = (SELECT id FROM countries WHERE code = upper(${n}))"),
            Box::new(country.clone()),
        );
    }
    if let Some(verified) = query.verified {
        c.push(|n| format!("p.is_verified = ${n}"), Box::new(verified));
    }
    let (conditions, params) = c.into_parts();
    let db = state.db.get().await?;
    let (total, rows) = sql::count_and_page(
        &db,
        &format!("SELECT count(*) FROM productions p WHERE {conditions}"),
        |limit, offset| {
            format!(
                "{PRODUCTION_SELECT} WHERE {conditions} ORDER BY search_text(p.name), p.id LIMIT ${limit} OFFSET ${offset}"
            )
        },
        params,
        page,
    )
    .await?;
    Ok(Page::new(
        rows.iter().map(production_from_row).collect(),
        page,
        total,
    ))
}

fn text(
    field: &str,
    value: &Option<Option<String>>,
    max: usize,
    problems: &mut Vec<FieldError>,
) -> Option<Option<String>> {
    match value {
        None => None,
        Some(None) => Some(None),
        Some(Some(v)) => match FieldIssue::text(v, max as u64) {
            Some(issue) => {
                problems.push(FieldError::new(field, issue));
                None
            }
            None => Some(Some(v.trim().to_owned())),
        },
    }
}

/// Creates (`id` None) or changes a production. Only admins set `is_verified`.
pub async fn save_production(
    state: &AppState,
    id: Option<i64>,
    input: ProductionInput,
    by: i64,
    is_admin: bool,
) -> Result<Production, Error> {
    let mut problems = Vec::new();
    let mut columns: Vec<(&'static str, sql::Param)> = Vec::new();
    name_field(&input.name, id.is_none(), &mut columns, &mut problems);
    for (field, value, max) in [
        ("logo_url", &input.logo_url, 500),
        ("description", &input.description, 5000),
        ("specialization", &input.specialization, 200),
        ("address", &input.address, 300),
        ("city", &input.city, 100),
        ("phone", &input.phone, 40),
        ("website", &input.website, 300),
        ("contact_name", &input.contact_name, 200),
        ("contact_phone", &input.contact_phone, 40),
        ("ceo", &input.ceo, 200),
    ] {
        if let Some(value) = text(field, value, max, &mut problems) {
            columns.push((field, Box::new(value)));
        }
    }
    for (field, value) in [
        ("email", &input.email),
        ("contact_email", &input.contact_email),
    ] {
        if let Some(value) = value {
            match value
                .as_deref()
                .map(crate::email_address::normalize_email)
                .transpose()
            {
                Ok(email) => columns.push((field, Box::new(email))),
                Err(_) => problems.push(FieldError::new(
                    field,
                    FieldIssue::format(FieldFormat::Email),
                )),
            }
        }
    }
    if let Some(year) = input.founded_year {
        if let Some(issue) = year.and_then(|y| FieldIssue::range(y.into(), 1850, 2100)) {
            problems.push(FieldError::new("founded_year", issue));
        } else {
            columns.push(("founded_year", Box::new(year)));
        }
    }
    if let Some(count) = input.employees_count {
        if count.is_some_and(|c| c < 0) {
            problems.push(FieldError::new(
                "employees_count",
                FieldIssue::TooSmall { min: 0 },
            ));
        } else {
            columns.push(("employees_count", Box::new(count)));
        }
    }
    for (field, value) in [
        ("certifications", &input.certifications),
        ("awards", &input.awards),
    ] {
        if let Some(list) = value {
            if let Some(issue) = FieldIssue::list(list, 50, 200) {
                problems.push(FieldError::new(field, issue));
            } else {
                columns.push((field, Box::new(list.clone())));
            }
        }
    }
    if let Some(links) = &input.social_links {
        if let Some(problem) = crate::error::social_links_problem("social_links", links.iter()) {
            problems.push(problem);
        } else {
            columns.push((
                "social_links",
                Box::new(serde_json::to_value(links).unwrap_or_default()),
            ));
        }
    }
    if let Some(active) = input.is_active {
        columns.push(("is_active", Box::new(active)));
    }
    if let Some(verified) = input.is_verified {
        if is_admin {
            columns.push(("is_verified", Box::new(verified)));
        } else {
            problems.push(FieldError::new("is_verified", FieldIssue::ReadOnly));
        }
    }
    let db = state.db.get().await?;
    if let Some(country) = &input.country {
        let country_id =
            crate::catalogue::country_field(&db, "country", country, &mut problems).await?;
        columns.push(("country_id", Box::new(country_id)));
    }
    if !problems.is_empty() {
        return Err(Error::Validation(problems));
    }
    let (statement, params) = upsert_statement("productions", columns, id, by);
    let row = db
        .query_opt(&statement, &sql::refs(&params))
        .await
        .map_err(|e| {
            if e.as_db_error().and_then(|d| d.constraint()) == Some("productions_name") {
                Error::conflict(ProblemCode::Duplicate, "a production with this name exists")
            } else {
                e.into()
            }
        })?
        .ok_or(Error::NotFound)?;
    drop(db);
    production(state, row.get(0)).await
}

/// The INSERT (with `created_by`) or UPDATE of `columns` in `table`, and its parameters.
fn upsert_statement(
    table: &str,
    mut columns: Vec<(&'static str, sql::Param)>,
    id: Option<i64>,
    by: i64,
) -> (String, Vec<sql::Param>) {
    match id {
        None => {
            columns.push(("created_by", Box::new(by)));
            let names: Vec<&str> = columns.iter().map(|(c, _)| *c).collect();
            let statement = sql::insert_returning_id(table, &names);
            (statement, columns.into_iter().map(|(_, v)| v).collect())
        }
        Some(id) => {
            let names: Vec<&str> = columns.iter().map(|(c, _)| *c).collect();
            let statement = sql::update_returning_id(table, &names);
            let mut params: Vec<sql::Param> = columns.into_iter().map(|(_, v)| v).collect();
            params.push(Box::new(id));
            (statement, params)
        }
    }
}

/// A production's or project's name: 1 to 200 characters, required when `required`.
fn name_field(
    name: &Option<String>,
    required: bool,
    columns: &mut Vec<(&'static str, sql::Param)>,
    problems: &mut Vec<FieldError>,
) {
    match name.as_deref().map(|n| (n, FieldIssue::text(n, 200))) {
        Some((name, None)) => columns.push(("name", Box::new(name.trim().to_owned()))),
        Some((_, Some(issue))) => problems.push(FieldError::new("name", issue)),
        None if required => problems.push(FieldError::new("name", FieldIssue::Required)),
        None => {}
    }
}

/// Where a project stands. A project moves only to the statuses of its `allowed_transitions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProjectStatus {
    Planned,
    PreProduction,
    Shooting,
    PostProduction,
    Completed,
    Cancelled,
}

impl ProjectStatus {
    pub const ALL: [ProjectStatus; 6] = [
        ProjectStatus::Planned,
        ProjectStatus::PreProduction,
        ProjectStatus::Shooting,
        ProjectStatus::PostProduction,
        ProjectStatus::Completed,
        ProjectStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProjectStatus::Planned => "planned",
            ProjectStatus::PreProduction => "pre_production",
            ProjectStatus::Shooting => "shooting",
            ProjectStatus::PostProduction => "post_production",
            ProjectStatus::Completed => "completed",
            ProjectStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// A status read from `projects.status`, whose CHECK constraint allows only these.
    pub(crate) fn stored(value: &str) -> Self {
        Self::parse(value).unwrap_or(ProjectStatus::Planned)
    }

    /// The statuses a project may move to from this one: forward one step (or from planned
    /// straight to shooting), back from shooting to pre-production (a delayed shoot), and to
    /// cancelled from anything not finished; completed and cancelled are final. The one table
    /// of the moves: a change is checked against it, and every project answers it as its
    /// `allowed_transitions`, so clients never copy the rule.
    pub fn next(self) -> &'static [ProjectStatus] {
        use ProjectStatus::*;
        match self {
            Planned => &[PreProduction, Shooting, Cancelled],
            PreProduction => &[Shooting, Cancelled],
            Shooting => &[PreProduction, PostProduction, Cancelled],
            PostProduction => &[Completed, Cancelled],
            Completed | Cancelled => &[],
        }
    }

    pub fn may_move_to(self, to: ProjectStatus) -> bool {
        self.next().contains(&to)
    }
}

fn status_names(statuses: &[ProjectStatus]) -> Vec<&'static str> {
    statuses.iter().map(|s| s.as_str()).collect()
}

/// What kind of production a project is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProductionType {
    FeatureFilm,
    ShortFilm,
    Series,
    Documentary,
    Commercial,
    MusicVideo,
    Theatre,
    TvShow,
    Other,
}

impl ProductionType {
    pub const ALL: [ProductionType; 9] = [
        ProductionType::FeatureFilm,
        ProductionType::ShortFilm,
        ProductionType::Series,
        ProductionType::Documentary,
        ProductionType::Commercial,
        ProductionType::MusicVideo,
        ProductionType::Theatre,
        ProductionType::TvShow,
        ProductionType::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProductionType::FeatureFilm => "feature_film",
            ProductionType::ShortFilm => "short_film",
            ProductionType::Series => "series",
            ProductionType::Documentary => "documentary",
            ProductionType::Commercial => "commercial",
            ProductionType::MusicVideo => "music_video",
            ProductionType::Theatre => "theatre",
            ProductionType::TvShow => "tv_show",
            ProductionType::Other => "other",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == value)
    }

    /// A type read from `projects.production_type`, whose CHECK constraint allows only these.
    pub(crate) fn stored(value: &str) -> Self {
        Self::parse(value).unwrap_or(ProductionType::Other)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Project {
    pub id: i64,
    pub name: String,
    pub production_type: ProductionType,
    pub production_company_id: i64,
    pub production_company_name: String,
    pub origin_country: Option<String>,
    pub shooting_locations: Vec<String>,
    #[schema(value_type = Option<String>, format = Date)]
    pub start_date: Option<Date>,
    #[schema(value_type = Option<String>, format = Date)]
    pub end_date: Option<Date>,
    pub status: ProjectStatus,
    /// The statuses this project may move to now; empty once completed or cancelled.
    pub allowed_transitions: Vec<ProjectStatus>,
    pub description: Option<String>,
    pub talent_count: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectInput {
    pub name: Option<String>,
    pub production_type: Option<ProductionType>,
    pub production_company_id: Option<i64>,
    /// ISO code.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub origin_country: Option<Option<String>>,
    pub shooting_locations: Option<Vec<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, format = Date)]
    pub start_date: Option<Option<Date>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, format = Date)]
    pub end_date: Option<Option<Date>>,
    /// Moves only along the allowed transitions (the project's `allowed_transitions`).
    pub status: Option<ProjectStatus>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
}

const PROJECT_SELECT: &str = "
    SELECT pr.*, p.name AS production_company_name, co.code::text AS origin_code,
           (SELECT count(*) FROM project_talents pt WHERE pt.project_id = pr.id) AS talent_count
      FROM projects pr JOIN productions p ON p.id = pr.production_company_id
      LEFT JOIN countries co ON co.id = pr.origin_country_id";

fn project_from_row(row: &tokio_postgres::Row) -> Project {
    let status = ProjectStatus::stored(row.get("status"));
    Project {
        id: row.get("id"),
        name: row.get("name"),
        production_type: ProductionType::stored(row.get("production_type")),
        production_company_id: row.get("production_company_id"),
        production_company_name: row.get("production_company_name"),
        origin_country: row.get("origin_code"),
        shooting_locations: row.get("shooting_locations"),
        start_date: row.get("start_date"),
        end_date: row.get("end_date"),
        status,
        allowed_transitions: status.next().to_vec(),
        description: row.get("description"),
        talent_count: row.get("talent_count"),
        created_at: row.get("created_at"),
    }
}

pub async fn project(state: &AppState, id: i64) -> Result<Project, Error> {
    let row = state
        .db
        .get()
        .await?
        .query_opt(
            &format!("{PROJECT_SELECT} WHERE pr.id = $1 AND pr.is_active"),
            &[&id],
        )
        .await?
        .ok_or(Error::NotFound)?;
    Ok(project_from_row(&row))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ProjectQuery {
    #[param(minimum = 1, maximum = 2147483647, default = 1)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub per_page: Option<u32>,
    pub status: Option<ProjectStatus>,
    pub production_company_id: Option<i64>,
    pub q: Option<String>,
}

pub async fn projects(
    state: &AppState,
    query: &ProjectQuery,
    page: PageRequest,
) -> Result<Page<Project>, Error> {
    let mut c = Conditions::new(&["pr.is_active"]);
    if let Some(status) = query.status {
        c.push(|n| format!("pr.status = ${n}"), Box::new(status.as_str()));
    }
    if let Some(company) = query.production_company_id {
        c.push(
            |n| format!("pr.production_company_id = ${n}"),
            Box::new(company),
        );
    }
    if let Some(q) = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        c.push(
            |n| format!("search_text(pr.name) LIKE '%' || search_text(${n}) || '%'"),
            Box::new(sql::like_literal(q)),
        );
    }
    let (conditions, params) = c.into_parts();
    let db = state.db.get().await?;
    let (total, rows) = sql::count_and_page(
        &db,
        &format!("SELECT count(*) FROM projects pr WHERE {conditions}"),
        |limit, offset| {
            format!(
                "{PROJECT_SELECT} WHERE {conditions} ORDER BY pr.start_date DESC NULLS LAST, pr.id DESC LIMIT ${limit} OFFSET ${offset}"
            )
        },
        params,
        page,
    )
    .await?;
    Ok(Page::new(
        rows.iter().map(project_from_row).collect(),
        page,
        total,
    ))
}

/// Creates (`id` None) or changes a project; its status moves only along allowed transitions.
pub async fn save_project(
    state: &AppState,
    id: Option<i64>,
    input: ProjectInput,
    by: i64,
) -> Result<Project, Error> {
    let mut problems = Vec::new();
    let current = match id {
        Some(id) => Some(project(state, id).await?),
        None => None,
    };
    let mut columns: Vec<(&'static str, sql::Param)> = Vec::new();
    name_field(&input.name, current.is_none(), &mut columns, &mut problems);
    match input.production_type {
        Some(kind) => columns.push(("production_type", Box::new(kind.as_str()))),
        None if current.is_none() => {
            problems.push(FieldError::new("production_type", FieldIssue::Required))
        }
        None => {}
    }
    let db = state.db.get().await?;
    match input.production_company_id {
        Some(company) => {
            let known = db
                .query_opt(
                    "SELECT 1 FROM productions WHERE id = $1 AND is_active",
                    &[&company],
                )
                .await?;
            if known.is_none() {
                problems.push(FieldError::new(
                    "production_company_id",
                    FieldIssue::Unknown,
                ));
            } else {
                columns.push(("production_company_id", Box::new(company)));
            }
        }
        None if current.is_none() => problems.push(FieldError::new(
            "production_company_id",
            FieldIssue::Required,
        )),
        None => {}
    }
    if let Some(country) = &input.origin_country {
        let country_id =
            crate::catalogue::country_field(&db, "origin_country", country, &mut problems).await?;
        columns.push(("origin_country_id", Box::new(country_id)));
    }
    if let Some(locations) = &input.shooting_locations {
        if let Some(issue) = FieldIssue::list(locations, 30, 200) {
            problems.push(FieldError::new("shooting_locations", issue));
        } else {
            columns.push(("shooting_locations", Box::new(locations.clone())));
        }
    }
    let start = input
        .start_date
        .unwrap_or(current.as_ref().and_then(|p| p.start_date));
    let end = input
        .end_date
        .unwrap_or(current.as_ref().and_then(|p| p.end_date));
    if let (Some(start), Some(end)) = (start, end)
        && end < start
    {
        problems.push(FieldError::new(
            "end_date",
            FieldIssue::mismatch("start_date"),
        ));
    }
    if let Some(start) = input.start_date {
        columns.push(("start_date", Box::new(start)));
    }
    if let Some(end) = input.end_date {
        columns.push(("end_date", Box::new(end)));
    }
    if let Some(status) = input.status {
        let from = current
            .as_ref()
            .map_or(ProjectStatus::Planned, |p| p.status);
        if status != from && !from.may_move_to(status) {
            problems.push(FieldError::new(
                "status",
                FieldIssue::not_allowed(&status_names(from.next())),
            ));
        } else {
            columns.push(("status", Box::new(status.as_str())));
        }
    }
    if let Some(value) = text("description", &input.description, 5000, &mut problems) {
        columns.push(("description", Box::new(value)));
    }
    if !problems.is_empty() {
        return Err(Error::Validation(problems));
    }
    let (statement, params) = upsert_statement("projects", columns, id, by);
    let row = db.query_one(&statement, &sql::refs(&params)).await?;
    drop(db);
    project(state, row.get(0)).await
}
