//! A talent's attendance across projects.

use super::{Attendance, SELECT, from_row};
use crate::{AppState, Error, codes};

/// Every attendance of a talent (by cinema code), latest first.
pub async fn history(state: &AppState, talent_code: &str) -> Result<Vec<Attendance>, Error> {
    let code = codes::normalize(talent_code).ok_or(Error::NotFound)?;
    let rows = state
        .db
        .get()
        .await?
        .query(
            &format!("{SELECT} WHERE a.cinema_talent_code = $1 ORDER BY a.date DESC, a.project_id"),
            &[&code],
        )
        .await?;
    Ok(rows.iter().map(from_row).collect())
}
