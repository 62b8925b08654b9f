//! Profiles: one's own (me), the recruiters' directory (users), the catalogue and public pages.

mod catalogue;
mod directory;
mod me;
mod privacy;
mod public_page;

use taalentio_tests::TestApp;

/// The id of a talent by tag, from the reference data.
pub async fn talent_id(app: &TestApp, tag: &str) -> i32 {
    app.db()
        .await
        .query_one("SELECT id FROM talents WHERE tag = $1", &[&tag])
        .await
        .unwrap()
        .get(0)
}

pub async fn city_id(app: &TestApp, country: &str, name: &str) -> i32 {
    app.db()
        .await
        .query_one(
            "SELECT ci.id FROM cities ci JOIN countries co ON co.id = ci.country_id
              WHERE co.code = $1 AND ci.name = $2",
            &[&country, &name],
        )
        .await
        .unwrap()
        .get(0)
}
