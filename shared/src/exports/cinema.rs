//! The casting base (`GET /api/v1/cinema/talents`'s filters and sort), one talent a row.

use time::{Date, OffsetDateTime};

use crate::{
    AppState, Error,
    age::age_on,
    cinema::talents::{self, CastingQuery},
    downloads::Download,
};

use super::{Cell, Column, Format, Job, Requester, column};

pub const COLUMNS: &[Column] = &[
    column("unique_code", 12.0),
    column("first_name", 18.0),
    column("last_name", 18.0),
    column("email", 30.0),
    column("gender", 12.0),
    column("date_of_birth", 13.0),
    column("age", 6.0),
    column("height_cm", 10.0),
    column("nationality", 11.0),
    column("country_code", 12.0),
    column("country", 20.0),
    column("city", 18.0),
    column("talent_types", 30.0),
    column("languages_spoken", 20.0),
    column("years_of_experience", 10.0),
    column("eye_color", 12.0),
    column("hair_color", 12.0),
    column("hair_type", 12.0),
    column("build", 12.0),
    column("other_talents", 30.0),
];

/// Every casting profile the search finds with `query` (its `page` and `per_page` are
/// ignored), in the search's order. `include_inactive` is for admins; the caller checks.
pub async fn export(
    state: &AppState,
    query: &CastingQuery,
    format: Format,
    requester: &Requester,
) -> Result<Download, Error> {
    let today = OffsetDateTime::now_utc().date();
    let order = talents::order_by(query.sort.as_deref())?;
    let (conditions, params) =
        talents::casting_conditions(query, today, query.include_inactive)?.into_parts();
    let sql = format!(
        "SELECT ct.unique_code, ct.first_name, ct.last_name, ct.email, ct.gender, ct.date_of_birth,
                ct.height, ct.nationality::text, co.code::text, co.name_fr, ci.name,
                array_to_string(ct.talent_types, ', '), array_to_string(ct.languages_spoken, ', '),
                ct.years_of_experience, ct.eye_color, ct.hair_color, ct.hair_type, ct.build,
                ct.other_talents
           FROM cinema_talents ct
           LEFT JOIN countries co ON co.id = ct.country_of_residence_id
           LEFT JOIN cities ci ON ci.id = ct.city_of_residence_id
          WHERE {conditions}
          ORDER BY {order}"
    );
    let cells = move |row: &tokio_postgres::Row| {
        let born: Option<Date> = row.get(5);
        let text = |i: usize| Cell::from(row.get::<_, Option<String>>(i));
        vec![
            Cell::Text(row.get(0)),
            Cell::Text(row.get(1)),
            Cell::Text(row.get(2)),
            text(3),
            text(4),
            born.into(),
            born.map(|d| age_on(d, today)).into(),
            row.get::<_, Option<i16>>(6).into(),
            text(7),
            text(8),
            text(9),
            text(10),
            text(11),
            text(12),
            row.get::<_, Option<i16>>(13).into(),
            text(14),
            text(15),
            text(16),
            text(17),
            text(18),
        ]
    };
    let job = Job {
        kind: "cinema_talents",
        title: "cinema-talents",
        columns: COLUMNS,
        sql,
        params,
        cells,
        resource_id: None,
    };
    super::run(state, format, requester, job).await
}
