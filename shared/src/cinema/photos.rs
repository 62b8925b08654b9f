//! A casting profile's photo at a stable address on our own origin
//! (`GET /api/v1/cinema/talents/{id}/photo`), which redirects to a fresh short-lived link of
//! its thumbnail: what the on-set scanner shows beside a name, and can fetch and keep offline.

use crate::{AppState, Error, profiles};

/// The stable address of a casting profile's photo.
pub fn path(cinema_talent_id: i64) -> String {
    format!("/api/v1/cinema/talents/{cinema_talent_id}/photo")
}

/// Who asks for a photo, which decides whose they may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// Casting staff: any active profile; inactive ones too when `include_inactive` (admins).
    Casting { include_inactive: bool },
    /// Presence staff: the talents of active projects, as the rosters they scan with list them.
    OnSet,
}

/// A short-lived link to the thumbnail of a profile's verified photo (the photo itself when it
/// has none); `NotFound` without a photo or for a profile the viewer may not see.
pub async fn thumbnail_link(state: &AppState, id: i64, viewer: Viewer) -> Result<String, Error> {
    let (include_inactive, on_set) = match viewer {
        Viewer::Casting { include_inactive } => (include_inactive, false),
        Viewer::OnSet => (true, true),
    };
    let key: Option<String> = state
        .db
        .get()
        .await?
        .query_opt(
            "SELECT coalesce(up.thumbnail_key, ct.profile_photo_filename)
               FROM cinema_talents ct
               LEFT JOIN uploads up ON up.object_key = ct.profile_photo_filename
              WHERE ct.id = $1 AND ct.profile_photo_filename IS NOT NULL
                AND (ct.is_active OR $2)
                AND (NOT $3 OR EXISTS (SELECT 1 FROM project_talents pt
                                         JOIN projects pr ON pr.id = pt.project_id
                                        WHERE pt.cinema_talent_id = ct.id AND pr.is_active))",
            &[&id, &include_inactive, &on_set],
        )
        .await?
        .map(|row| row.get(0));
    profiles::file_link(state, key)
        .await?
        .ok_or(Error::NotFound)
}
