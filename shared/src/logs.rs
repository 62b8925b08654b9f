//! Reading the activity, security and mail logs (admins): filtered, newest first, paginated.
//! What writes them is [`crate::audit`] and the mail module.

use serde::{Deserialize, Serialize};
use time::{Date, Duration, OffsetDateTime, Time};
use utoipa::{IntoParams, ToSchema, openapi::schema::Object};

use crate::{
    Error,
    db::Pool,
    error::{FieldError, FieldIssue},
    http::schemas,
    pagination::{Page, PageQuery, PageRequest},
    sql::{self, Conditions},
};

const MAX_TEXT_FILTER: usize = 200;
const SEVERITIES: &[&str] = &["info", "warning", "critical"];
const MAIL_STATUSES: &[&str] = &["pending", "sent", "failed", "suppressed"];

fn severity_schema() -> Object {
    schemas::one_of(SEVERITIES)
}

fn mail_status_schema() -> Object {
    schemas::one_of(MAIL_STATUSES)
}

/// Filters every log takes.
#[derive(Debug, Default, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ActivityQuery {
    #[param(minimum = 1, maximum = 2147483647, default = 1)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub per_page: Option<u32>,
    /// Lines of this person.
    #[param(minimum = 1)]
    pub user_id: Option<i64>,
    /// The method and route, e.g. `PUT /api/v1/me`.
    #[param(min_length = 1, max_length = 200, pattern = r"\S")]
    pub action: Option<String>,
    /// The HTTP status answered.
    #[param(minimum = 100, maximum = 599)]
    pub status: Option<u16>,
    /// From this day (UTC), inclusive.
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<Date>,
    /// Up to this day (UTC), inclusive.
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<Date>,
}

#[derive(Debug, Default, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SecurityQuery {
    #[param(minimum = 1, maximum = 2147483647, default = 1)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub per_page: Option<u32>,
    #[param(minimum = 1)]
    pub user_id: Option<i64>,
    /// e.g. `login_failed`, `role_changed`, `setting_changed`.
    #[param(min_length = 1, max_length = 200, pattern = r"\S")]
    pub event_type: Option<String>,
    #[param(schema_with = severity_schema)]
    pub severity: Option<String>,
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<Date>,
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<Date>,
}

#[derive(Debug, Default, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct EmailQuery {
    #[param(minimum = 1, maximum = 2147483647, default = 1)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub per_page: Option<u32>,
    #[param(minimum = 1)]
    pub user_id: Option<i64>,
    /// e.g. `confirm_email`, `password_reset`.
    #[param(min_length = 1, max_length = 200, pattern = r"\S")]
    pub email_type: Option<String>,
    #[param(schema_with = mail_status_schema)]
    pub status: Option<String>,
    /// Part of the recipient's address (case does not matter).
    #[param(min_length = 1, max_length = 200, pattern = r"\S")]
    pub recipient: Option<String>,
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<Date>,
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<Date>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ActivityLine {
    pub id: i64,
    pub user_id: Option<i64>,
    pub action: String,
    pub method: Option<String>,
    pub path: Option<String>,
    pub status: Option<i16>,
    pub resource_type: Option<String>,
    pub resource_id: Option<String>,
    pub ip_address: Option<String>,
    pub user_agent: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SecurityLine {
    pub id: i64,
    pub user_id: Option<i64>,
    pub event_type: String,
    pub severity: String,
    pub ip_address: Option<String>,
    pub user_agent: Option<String>,
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EmailLine {
    pub id: i64,
    pub user_id: Option<i64>,
    pub recipient: String,
    pub email_type: String,
    pub subject: String,
    pub status: String,
    pub provider_message_id: Option<String>,
    pub error: Option<String>,
    pub attempts: i16,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub sent_at: Option<OffsetDateTime>,
}

/// The filters all three logs share: person and dates.
struct Common {
    conditions: Conditions,
    problems: Vec<FieldError>,
}

impl Common {
    fn new(user_id: Option<i64>, from: Option<Date>, to: Option<Date>) -> Self {
        let mut conditions = Conditions::default();
        let mut problems = Vec::new();
        if let Some(user_id) = user_id {
            if user_id < 1 {
                problems.push(FieldError::new(
                    "query.user_id",
                    FieldIssue::TooSmall { min: 1 },
                ));
            }
            conditions.push(|n| format!("user_id = ${n}"), Box::new(user_id));
        }
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            problems.push(FieldError::new(
                "query.from",
                FieldIssue::mismatch("query.to"),
            ));
        }
        if let Some(from) = from {
            conditions.push(
                |n| format!("created_at >= ${n}"),
                Box::new(from.with_time(Time::MIDNIGHT).assume_utc()),
            );
        }
        if let Some(to) = to {
            // The whole of the `to` day.
            let end = to.with_time(Time::MIDNIGHT).assume_utc() + Duration::days(1);
            conditions.push(|n| format!("created_at < ${n}"), Box::new(end));
        }
        Self {
            conditions,
            problems,
        }
    }

    /// An exact text filter, bounded in length.
    fn text(&mut self, field: &str, column: &str, value: &Option<String>) {
        if let Some(value) = value {
            let value = value.trim();
            if let Some(issue) = FieldIssue::length(value, 1, MAX_TEXT_FILTER as u64) {
                self.problems
                    .push(FieldError::new(format!("query.{field}"), issue));
            }
            self.conditions
                .push(|n| format!("{column} = ${n}"), Box::new(value.to_owned()));
        }
    }

    /// A filter that takes one of a few values.
    fn one_of(&mut self, field: &str, column: &str, value: &Option<String>, allowed: &[&str]) {
        if let Some(value) = value {
            if !allowed.contains(&value.as_str()) {
                self.problems.push(FieldError::new(
                    format!("query.{field}"),
                    FieldIssue::not_allowed(allowed),
                ));
            }
            self.conditions
                .push(|n| format!("{column} = ${n}"), Box::new(value.clone()));
        }
    }

    /// Checks the page too, then answers the WHERE clause and its parameters.
    fn finish(
        mut self,
        page: Option<u32>,
        per_page: Option<u32>,
    ) -> Result<(Conditions, PageRequest), Error> {
        let page = PageQuery { page, per_page }.validate();
        if let Err(Error::Validation(errors)) = &page {
            self.problems.extend(errors.iter().cloned());
        }
        if !self.problems.is_empty() {
            return Err(Error::Validation(self.problems));
        }
        Ok((self.conditions, page?))
    }
}

async fn page_of<T>(
    db: &Pool,
    table: &str,
    columns: &str,
    conditions: Conditions,
    page: PageRequest,
    line: impl Fn(&tokio_postgres::Row) -> T,
) -> Result<Page<T>, Error> {
    let (filter, params) = conditions.into_parts();
    let client = db.get().await?;
    let (total, rows) = sql::count_and_page(
        &client,
        &format!("SELECT count(*) FROM {table} WHERE {filter}"),
        |limit, offset| {
            format!(
                "SELECT {columns} FROM {table} WHERE {filter}
                  ORDER BY created_at DESC, id DESC LIMIT ${limit} OFFSET ${offset}"
            )
        },
        params,
        page,
    )
    .await?;
    Ok(Page::new(rows.iter().map(line).collect(), page, total))
}

fn ip(row: &tokio_postgres::Row) -> Option<String> {
    row.get::<_, Option<std::net::IpAddr>>("ip_address")
        .map(|ip| ip.to_string())
}

pub async fn activity(db: &Pool, query: &ActivityQuery) -> Result<Page<ActivityLine>, Error> {
    let mut common = Common::new(query.user_id, query.from, query.to);
    common.text("action", "action", &query.action);
    if let Some(status) = query.status {
        if let Some(issue) = FieldIssue::range(status.into(), 100, 599) {
            common.problems.push(FieldError::new("query.status", issue));
        }
        common
            .conditions
            .push(|n| format!("status = ${n}"), Box::new(status as i16));
    }
    let (conditions, page) = common.finish(query.page, query.per_page)?;
    page_of(
        db,
        "activity_logs",
        "id, user_id, action, method, path, status, resource_type, resource_id, ip_address, user_agent, created_at",
        conditions,
        page,
        |row| ActivityLine {
            id: row.get("id"),
            user_id: row.get("user_id"),
            action: row.get("action"),
            method: row.get("method"),
            path: row.get("path"),
            status: row.get("status"),
            resource_type: row.get("resource_type"),
            resource_id: row.get("resource_id"),
            ip_address: ip(row),
            user_agent: row.get("user_agent"),
            created_at: row.get("created_at"),
        },
    )
    .await
}

pub async fn security(db: &Pool, query: &SecurityQuery) -> Result<Page<SecurityLine>, Error> {
    let mut common = Common::new(query.user_id, query.from, query.to);
    common.text("event_type", "event_type", &query.event_type);
    common.one_of("severity", "severity", &query.severity, SEVERITIES);
    let (conditions, page) = common.finish(query.page, query.per_page)?;
    page_of(
        db,
        "security_logs",
        "id, user_id, event_type, severity, ip_address, user_agent, details, created_at",
        conditions,
        page,
        |row| SecurityLine {
            id: row.get("id"),
            user_id: row.get("user_id"),
            event_type: row.get("event_type"),
            severity: row.get("severity"),
            ip_address: ip(row),
            user_agent: row.get("user_agent"),
            details: row.get("details"),
            created_at: row.get("created_at"),
        },
    )
    .await
}

pub async fn email(db: &Pool, query: &EmailQuery) -> Result<Page<EmailLine>, Error> {
    let mut common = Common::new(query.user_id, query.from, query.to);
    common.text("email_type", "email_type", &query.email_type);
    common.one_of("status", "status", &query.status, MAIL_STATUSES);
    if let Some(recipient) = &query.recipient {
        let recipient = recipient.trim();
        if let Some(issue) = FieldIssue::length(recipient, 1, MAX_TEXT_FILTER as u64) {
            common
                .problems
                .push(FieldError::new("query.recipient", issue));
        }
        common.conditions.push(
            |n| format!("lower(recipient) LIKE '%' || lower(${n}) || '%'"),
            Box::new(sql::like_literal(recipient)),
        );
    }
    let (conditions, page) = common.finish(query.page, query.per_page)?;
    page_of(
        db,
        "email_logs",
        "id, user_id, recipient, email_type, subject, status, provider_message_id, error, attempts, created_at, sent_at",
        conditions,
        page,
        |row| EmailLine {
            id: row.get("id"),
            user_id: row.get("user_id"),
            recipient: row.get("recipient"),
            email_type: row.get("email_type"),
            subject: row.get("subject"),
            status: row.get("status"),
            provider_message_id: row.get("provider_message_id"),
            error: row.get("error"),
            attempts: row.get("attempts"),
            created_at: row.get("created_at"),
            sent_at: row.get("sent_at"),
        },
    )
    .await
}
