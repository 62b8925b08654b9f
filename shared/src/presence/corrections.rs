//! Corrections of recorded times: each changed field is kept with its old and new value, the
//! reason and who changed it.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::{Attendance, SELECT, from_row};
use crate::{
    AppState, Error,
    error::{FieldError, FieldIssue},
};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub check_in_time: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub check_out_time: Option<OffsetDateTime>,
    /// Why: kept with the correction.
    pub reason: String,
}

/// Corrects recorded times; each changed field is logged with its old and new value.
pub async fn correct(
    state: &AppState,
    id: i64,
    correction: &Correction,
    by: i64,
) -> Result<Attendance, Error> {
    let reason = correction.reason.trim();
    let mut problems = Vec::new();
    if let Some(issue) = FieldIssue::text(reason, 500) {
        problems.push(FieldError::new("reason", issue));
    }
    if correction.check_in_time.is_none() && correction.check_out_time.is_none() {
        problems.push(FieldError::new("check_in_time", FieldIssue::Required));
    }
    if !problems.is_empty() {
        return Err(Error::Validation(problems));
    }
    let mut db = state.db.get().await?;
    let tx = db.transaction().await?;
    let row = tx
        .query_opt(
            "SELECT check_in_time, check_out_time FROM attendances WHERE id = $1 FOR UPDATE",
            &[&id],
        )
        .await?
        .ok_or(Error::NotFound)?;
    let (old_in, old_out): (OffsetDateTime, Option<OffsetDateTime>) = (row.get(0), row.get(1));
    let new_in = correction.check_in_time.unwrap_or(old_in);
    let new_out = correction.check_out_time.or(old_out);
    if new_out.is_some_and(|out| out < new_in) {
        return Err(Error::validation(
            "check_out_time",
            FieldIssue::mismatch("check_in_time"),
        ));
    }
    for (field, old, new) in [
        ("check_in_time", Some(old_in), correction.check_in_time),
        ("check_out_time", old_out, correction.check_out_time),
    ] {
        if new.is_some() && new != old {
            tx.execute(
                "INSERT INTO attendance_corrections (attendance_id, field, old_value, new_value, reason, changed_by)
                 VALUES ($1, $2, $3, $4, $5, $6)",
                &[&id, &field, &old, &new, &reason, &by],
            )
            .await?;
        }
    }
    tx.execute(
        // A corrected time no longer comes from a scan.
        "UPDATE attendances SET check_in_time = $2, check_out_time = $3, updated_at = now(),
                check_in_scan = CASE WHEN check_in_time = $2 THEN check_in_scan END,
                check_out_scan = CASE WHEN check_out_time IS NOT DISTINCT FROM $3 THEN check_out_scan END
          WHERE id = $1",
        &[&id, &new_in, &new_out],
    )
    .await?;
    tx.commit().await?;
    drop(db);
    let row = state
        .db
        .get()
        .await?
        .query_one(&format!("{SELECT} WHERE a.id = $1"), &[&id])
        .await?;
    Ok(from_row(&row))
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CorrectionRecord {
    pub field: String,
    #[serde(with = "time::serde::rfc3339::option")]
    pub old_value: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub new_value: Option<OffsetDateTime>,
    pub reason: String,
    pub changed_by: Option<i64>,
    #[serde(with = "time::serde::rfc3339")]
    pub changed_at: OffsetDateTime,
}

pub async fn corrections(state: &AppState, id: i64) -> Result<Vec<CorrectionRecord>, Error> {
    let rows = state
        .db
        .get()
        .await?
        .query(
            "SELECT field, old_value, new_value, reason, changed_by, changed_at FROM attendance_corrections
              WHERE attendance_id = $1 ORDER BY changed_at, id",
            &[&id],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| CorrectionRecord {
            field: r.get(0),
            old_value: r.get(1),
            new_value: r.get(2),
            reason: r.get(3),
            changed_by: r.get(4),
            changed_at: r.get(5),
        })
        .collect())
}
