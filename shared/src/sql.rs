//! Building a search's WHERE clause from optional filters: conditions with numbered
//! parameters, never values spliced into SQL.

use time::Date;
use tokio_postgres::types::ToSql;

pub type Param = Box<dyn ToSql + Sync + Send>;

/// Conditions joined by AND, with their parameters numbered `$1…` in order.
#[derive(Default)]
pub struct Conditions {
    conditions: Vec<String>,
    params: Vec<Param>,
    /// Whether rows without the data a filter is on pass it (see [`Conditions::push_on`]).
    unknown_passes: bool,
}

impl Conditions {
    /// Conditions that need no parameter (`u.account_active`).
    pub fn new(fixed: &[&str]) -> Self {
        Self {
            conditions: fixed.iter().map(|c| (*c).to_owned()).collect(),
            params: Vec::new(),
            unknown_passes: false,
        }
    }

    /// Filters added with [`Conditions::push_on`] let rows whose column is NULL through: a
    /// brief's matching shows missing data as lacking rather than leaving the person out.
    pub fn unknown_passes(mut self) -> Self {
        self.unknown_passes = true;
        self
    }

    /// Adds `condition(n)`, a filter on `column`; with [`Conditions::unknown_passes`], rows
    /// where `column` is NULL pass it too.
    pub fn push_on(&mut self, column: &str, condition: impl FnOnce(usize) -> String, value: Param) {
        if self.unknown_passes {
            self.push(|n| format!("({column} IS NULL OR {})", condition(n)), value);
        } else {
            self.push(condition, value);
        }
    }

    /// Adds `condition(n)`, where `n` is the number of `value`'s parameter.
    pub fn push(&mut self, condition: impl FnOnce(usize) -> String, value: Param) {
        self.params.push(value);
        self.conditions.push(condition(self.params.len()));
    }

    pub fn sql(&self) -> String {
        if self.conditions.is_empty() {
            "true".into()
        } else {
            self.conditions.join(" AND ")
        }
    }

    pub fn into_parts(self) -> (String, Vec<Param>) {
        (self.sql(), self.params)
    }
}

/// `INSERT INTO table (columns…) VALUES ($1…) RETURNING id`, one parameter per column.
/// Table and column names come from the caller's constants, never from input.
pub fn insert_returning_id(table: &str, columns: &[&str]) -> String {
    let placeholders: Vec<String> = (1..=columns.len()).map(|i| format!("${i}")).collect();
    format!(
        "INSERT INTO {table} ({}) VALUES ({}) RETURNING id",
        columns.join(", "),
        placeholders.join(", ")
    )
}

/// `UPDATE table SET column = $1, …, updated_at = now() WHERE id = $n RETURNING id`, the id
/// being the last parameter.
pub fn update_returning_id(table: &str, columns: &[&str]) -> String {
    let sets: String = columns
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ${}, ", i + 1))
        .collect();
    format!(
        "UPDATE {table} SET {sets}updated_at = now() WHERE id = ${} RETURNING id",
        columns.len() + 1
    )
}

/// The `age_min`/`age_max` filters of a search on the birth-date `column`: each checked
/// (0 to `oldest`, min not above max, problems named `query.age_*`), then turned into birth-date
/// bounds so the column's index serves them.
pub fn push_age_range(
    conditions: &mut Conditions,
    column: &str,
    today: Date,
    (min, max): (Option<i32>, Option<i32>),
    oldest: i32,
    problems: &mut Vec<crate::error::FieldError>,
) {
    use crate::error::{FieldError, FieldIssue};
    for (field, age) in [("query.age_min", min), ("query.age_max", max)] {
        if let Some(issue) = age.and_then(|a| FieldIssue::range(a.into(), 0, oldest.into())) {
            problems.push(FieldError::new(field, issue));
        }
    }
    if let (Some(min), Some(max)) = (min, max)
        && min > max
    {
        problems.push(FieldError::new(
            "query.age_min",
            FieldIssue::mismatch("query.age_max"),
        ));
    }
    let in_range = |a: &i32| (0..=oldest).contains(a);
    let (born_by, born_after) =
        birth_date_bounds(today, min.filter(in_range), max.filter(in_range));
    if let Some(date) = born_by {
        conditions.push_on(column, |n| format!("{column} <= ${n}"), Box::new(date));
    }
    if let Some(date) = born_after {
        conditions.push_on(column, |n| format!("{column} >= ${n}"), Box::new(date));
    }
}

/// A search's total and one page of its rows: `count_sql` takes `params`; `page_sql` is
/// called with the numbers of the LIMIT and OFFSET parameters that follow them.
pub async fn count_and_page(
    db: &impl deadpool_postgres::GenericClient,
    count_sql: &str,
    page_sql: impl FnOnce(usize, usize) -> String,
    mut params: Vec<Param>,
    page: crate::pagination::PageRequest,
) -> Result<(i64, Vec<tokio_postgres::Row>), crate::Error> {
    let total: i64 = db.query_one(count_sql, &refs(&params)).await?.get(0);
    let n = params.len();
    params.push(Box::new(page.limit()));
    params.push(Box::new(page.offset()));
    let rows = db.query(&page_sql(n + 1, n + 2), &refs(&params)).await?;
    Ok((total, rows))
}

/// References to boxed parameters, as tokio-postgres takes them.
pub fn refs(params: &[Param]) -> Vec<&(dyn ToSql + Sync)> {
    params
        .iter()
        .map(|p| p.as_ref() as &(dyn ToSql + Sync))
        .collect()
}

/// Escapes `%`, `_` and `\` so text is matched literally inside `LIKE`.
pub fn like_literal(text: &str) -> String {
    text.chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect()
}

/// The same day `years` earlier; 29 February falls back to 1 March in common years.
pub fn years_before(today: Date, years: i32) -> Date {
    let year = today.year() - years;
    today.replace_year(year).unwrap_or_else(|_| {
        Date::from_calendar_date(year, time::Month::March, 1).expect("1 March exists")
    })
}

/// Birth-date bounds for an age range, so a date_of_birth index can serve it: born on or
/// before the first date (at least `min` years old), and after the second (at most `max`).
pub fn birth_date_bounds(
    today: Date,
    min: Option<i32>,
    max: Option<i32>,
) -> (Option<Date>, Option<Date>) {
    (
        min.map(|min| years_before(today, min)),
        max.map(|max| years_before(today, max + 1).next_day().unwrap_or(today)),
    )
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn like_wildcards_are_literal() {
        assert_eq!(like_literal("50%_a\\b"), "50\\%\\_a\\\\b");
    }

    #[test]
    fn ages_become_birth_date_bounds() {
        // 20 years old today: born on or before 2006-11-25; 30: born after 1995-11-25.
        assert_eq!(
            birth_date_bounds(date!(2026 - 11 - 25), Some(20), Some(30)),
            (Some(date!(2006 - 11 - 25)), Some(date!(1995 - 11 - 26)))
        );
        assert_eq!(
            years_before(date!(2028 - 02 - 29), 1),
            date!(2027 - 03 - 01)
        );
    }
}
