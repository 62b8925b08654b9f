//! Uploads (profile photos and CVs): the browser sends the bytes straight to the blob store
//! through a presigned PUT; the check of the real bytes ([`inspect`]) then accepts or rejects
//! the file. Nothing unverified is ever served.

pub mod inspect;

use std::time::Duration;

use bytes::Bytes;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    AppState, Error,
    error::{FieldError, FieldIssue, ProblemCode},
    ports::blob::{BlobKey, PresignedRequest},
};

use inspect::{Inspected, UploadKind};

/// How long the browser has to send the bytes.
pub const UPLOAD_URL_TTL: Duration = Duration::from_secs(10 * 60);

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UploadRequest {
    /// One's own: `photo` (JPEG, PNG or WebP, at most 5 MB) or `cv` (PDF or DOCX, at most
    /// 10 MB); a casting profile's: `photo` or `gallery` (pictures, at most 12).
    pub kind: String,
    pub content_type: String,
    /// The file's size in bytes; the upload URL accepts exactly this length.
    pub size: u64,
}

/// Where and how to send the file.
#[derive(Debug, Serialize, ToSchema)]
pub struct UploadTicket {
    pub id: Uuid,
    /// Send the bytes with this method, URL and exactly these headers.
    pub upload: PresignedRequest,
    /// Then (locally, where no S3 event fires) `POST` here; in AWS the check starts by itself.
    pub complete_url: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UploadStatus {
    pub id: Uuid,
    pub kind: String,
    /// `pending`, `accepted` or `rejected`.
    pub status: String,
    /// Why a file was rejected, in English words.
    pub rejection_reason: Option<String>,
    /// The same as a code, for the app to say it in the person's language (absent for files
    /// rejected before codes were kept).
    pub rejection_code: Option<inspect::RejectionCode>,
    pub content_type: String,
    pub declared_size: i64,
    pub actual_size: Option<i64>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub processed_at: Option<OffsetDateTime>,
}

fn status_from_row(row: &tokio_postgres::Row) -> UploadStatus {
    UploadStatus {
        id: row.get("id"),
        kind: row.get("kind"),
        status: row.get("status"),
        rejection_reason: row.get("rejection_reason"),
        rejection_code: row
            .get::<_, Option<&str>>("rejection_code")
            .and_then(inspect::RejectionCode::parse),
        content_type: row.get("content_type"),
        declared_size: row.get("declared_size"),
        actual_size: row.get("actual_size"),
        created_at: row.get("created_at"),
        processed_at: row.get("processed_at"),
    }
}

const STATUS_COLUMNS: &str = "id, kind, status, rejection_reason, rejection_code, content_type, declared_size, \
     actual_size, created_at, processed_at";

/// Checks what the person declares against the limits and answers a presigned PUT that signs
/// the content type and length, so the store refuses any other file.
pub async fn request(
    state: &AppState,
    user_id: i64,
    form: &UploadRequest,
) -> Result<UploadTicket, Error> {
    let kind = UploadKind::parse(&form.kind)
        .ok_or_else(|| Error::validation("kind", FieldIssue::not_allowed(&["photo", "cv"])))?;
    let content_type = check_request(kind, form)?;
    let id = Uuid::new_v4();
    let key = BlobKey::parse(&format!("incoming/{user_id}/{id}"))?;
    insert_pending(
        state,
        id,
        Some(user_id),
        None,
        kind.as_str(),
        &key,
        &content_type,
        form.size,
    )
    .await?;
    let upload = state
        .blobs
        .presign_put(&key, &content_type, form.size, UPLOAD_URL_TTL)
        .await?;
    Ok(UploadTicket {
        id,
        upload,
        complete_url: format!("/api/v1/me/uploads/{id}/complete"),
    })
}

/// The declared type and size against the limits of `kind`; answers the normalised type.
fn check_request(kind: UploadKind, form: &UploadRequest) -> Result<String, Error> {
    let content_type = inspect::normalise_content_type(&form.content_type);
    let mut problems = Vec::new();
    if !kind.allows(&content_type) {
        problems.push(FieldError::new(
            "content_type",
            FieldIssue::not_allowed(kind.allowed_content_types()),
        ));
    }
    if form.size == 0 || form.size > kind.max_bytes() as u64 {
        let issue = FieldIssue::range(
            i64::try_from(form.size).unwrap_or(i64::MAX),
            1,
            kind.max_bytes() as i64,
        );
        problems.extend(issue.map(|issue| FieldError::new("size", issue)));
    }
    if problems.is_empty() {
        Ok(content_type)
    } else {
        Err(Error::Validation(problems))
    }
}

#[allow(clippy::too_many_arguments)]
async fn insert_pending(
    state: &AppState,
    id: Uuid,
    user_id: Option<i64>,
    cinema_talent_id: Option<i64>,
    kind: &str,
    key: &BlobKey,
    content_type: &str,
    size: u64,
) -> Result<(), Error> {
    let size = i64::try_from(size).map_err(|e| Error::Internal(e.into()))?;
    state
        .db
        .get()
        .await?
        .execute(
            "INSERT INTO uploads (id, user_id, cinema_talent_id, kind, object_key, content_type, declared_size)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[&id, &user_id, &cinema_talent_id, &kind, &key.as_str(), &content_type, &size],
        )
        .await?;
    Ok(())
}

/// One of the person's uploads; someone else's is 404.
pub async fn status(state: &AppState, user_id: i64, id: Uuid) -> Result<UploadStatus, Error> {
    let row = state
        .db
        .get()
        .await?
        .query_opt(
            &format!("SELECT {STATUS_COLUMNS} FROM uploads WHERE id = $1 AND user_id = $2"),
            &[&id, &user_id],
        )
        .await?
        .ok_or(Error::NotFound)?;
    Ok(status_from_row(&row))
}

/// `POST /me/uploads/{id}/complete`: checks the caller's own upload now. Where no S3 event
/// fires (the local blob store), this call stands in for the upload processor, the CV
/// analysis included; in AWS the processor analyses the CV, off the request path.
pub async fn complete(state: &AppState, user_id: i64, id: Uuid) -> Result<UploadStatus, Error> {
    status(state, user_id, id).await?;
    let status = process(state, id).await?;
    if matches!(state.config.blobs, crate::config::BlobConfig::Local { .. }) {
        analyse(state, &status).await;
    }
    Ok(status)
}

/// After the check: an accepted CV is analysed when its owner allows it ([`crate::ai::cv`]).
/// Nothing here fails the upload: a failed analysis is logged (and the remote provider's call
/// recorded), and the file stays accepted.
async fn analyse(state: &AppState, status: &UploadStatus) {
    if status.kind != "cv" || status.status != "accepted" {
        return;
    }
    match crate::ai::cv::analyse_upload(state, status.id).await {
        Ok(outcome) => tracing::info!(id = %status.id, ?outcome, "CV analysis"),
        Err(error) => tracing::error!(id = %status.id, %error, "CV analysis could not run"),
    }
}

/// The S3 `ObjectCreated` entry: checks the upload whose object this is. Objects no upload
/// points to are left for the maintenance sweep.
pub async fn process_object(state: &AppState, key: &str) -> Result<Option<UploadStatus>, Error> {
    let row = state
        .db
        .get()
        .await?
        .query_opt("SELECT id FROM uploads WHERE object_key = $1", &[&key])
        .await?;
    match row {
        Some(row) => {
            let status = process(state, row.get(0)).await?;
            analyse(state, &status).await;
            Ok(Some(status))
        }
        None => {
            tracing::warn!(key, "object created without an upload");
            Ok(None)
        }
    }
}

/// Verifies the bytes of a pending upload and accepts or rejects it. Safe to repeat and to run
/// twice at once (S3 may deliver an event twice, and the complete call may race it): the row
/// is locked while it is checked, and a decided upload is answered as it stands.
pub async fn process(state: &AppState, id: Uuid) -> Result<UploadStatus, Error> {
    let mut db = state.db.get().await?;
    let tx = db.transaction().await?;
    let row = tx
        .query_opt(
            &format!(
                "SELECT {STATUS_COLUMNS}, user_id, cinema_talent_id, object_key FROM uploads WHERE id = $1 FOR UPDATE"
            ),
            &[&id],
        )
        .await?
        .ok_or(Error::NotFound)?;
    let current = status_from_row(&row);
    if current.status != "pending" {
        return Ok(current);
    }
    let target = Target::of(
        &current.kind,
        row.get("user_id"),
        row.get("cinema_talent_id"),
    )?;
    let kind = target.inspect_kind();
    let incoming = BlobKey::parse(row.get("object_key"))?;
    let Some(blob) = state.blobs.get(&incoming).await? else {
        return Err(Error::Conflict(
            ProblemCode::UploadNotArrived,
            "the file has not arrived yet: send it to the upload URL first".into(),
        ));
    };
    let actual_size = blob.bytes.len() as i64;
    // The declared length was signed into the URL; a store that did not enforce it (or a
    // replaced object) is caught here.
    let verdict = if actual_size != current.declared_size {
        Err((
            inspect::RejectionCode::SizeMismatch,
            format!(
                "the file has {actual_size} bytes but {} were declared",
                current.declared_size
            ),
        ))
    } else {
        let (content_type, bytes) = (current.content_type.clone(), blob.bytes.clone());
        tokio::task::spawn_blocking(move || inspect::inspect(kind, &content_type, &bytes))
            .await
            .map_err(|e| Error::Internal(e.into()))?
            .map_err(|rejection| (rejection.code(), rejection.to_string()))
    };
    let inspected = match verdict {
        Ok(inspected) => inspected,
        Err((code, reason)) => {
            tx.execute(
                "UPDATE uploads SET status = 'rejected', rejection_reason = $2, rejection_code = $3,
                        actual_size = $4, processed_at = now() WHERE id = $1",
                &[&id, &reason, &code.as_str(), &actual_size],
            )
            .await?;
            tx.commit().await?;
            drop(db);
            // Nothing unverified is kept, let alone served.
            state.blobs.delete(&incoming).await?;
            tracing::info!(%id, reason, "upload rejected");
            return status_after(state, id).await;
        }
    };
    let (key, thumb, extracted_text, stored_type) = match inspected {
        Inspected::Photo {
            content_type,
            cleaned,
            thumbnail,
            ..
        } => {
            let extension = if content_type == inspect::PNG {
                "png"
            } else {
                "jpg"
            };
            let folder = target.folder();
            let key = BlobKey::parse(&format!("{folder}/{id}.{extension}"))?;
            let thumb = BlobKey::parse(&format!("{folder}/{id}-thumb.jpg"))?;
            state
                .blobs
                .put(&key, Bytes::from(cleaned), content_type)
                .await?;
            state
                .blobs
                .put(
                    &thumb,
                    Bytes::from(thumbnail),
                    inspect::THUMBNAIL_CONTENT_TYPE,
                )
                .await?;
            (key, Some(thumb), None, content_type)
        }
        Inspected::Cv { content_type, text } => {
            let extension = if content_type == inspect::PDF {
                "pdf"
            } else {
                "docx"
            };
            let key = BlobKey::parse(&format!("{}/{id}.{extension}", target.folder()))?;
            state
                .blobs
                .put(&key, blob.bytes.clone(), content_type)
                .await?;
            (key, None, Some(text), content_type)
        }
    };
    tx.execute(
        "UPDATE uploads SET status = 'accepted', actual_size = $2, processed_at = now(),
                object_key = $3, thumbnail_key = $4, extracted_text = $5, content_type = $6
          WHERE id = $1",
        &[
            &id,
            &actual_size,
            &key.as_str(),
            &thumb.as_ref().map(BlobKey::as_str),
            &extracted_text,
            &stored_type,
        ],
    )
    .await?;
    let stale = target.attach(&tx, key.as_str()).await?;
    if let Target::UserCv(user) = &target {
        // The analysis of the CV this one replaces read another file: it goes with it, and
        // its decisions too (`ai::cv::analyse_upload` makes the new one, when it may).
        crate::ai::cv::delete_in(&tx, *user).await?;
    }
    tx.commit().await?;
    drop(db);
    state.blobs.delete(&incoming).await?;
    // The file this one replaces, with its thumbnail, goes.
    if let Some(old) = stale {
        let rows = state
            .db
            .get()
            .await?
            .query(
                "DELETE FROM uploads WHERE object_key = $1 RETURNING object_key, thumbnail_key",
                &[&old],
            )
            .await?;
        state.blobs.delete(&BlobKey::parse(&old)?).await?;
        for row in rows {
            if let Some(thumb) = row.get::<_, Option<String>>(1) {
                state.blobs.delete(&BlobKey::parse(&thumb)?).await?;
            }
        }
    }
    status_after(state, id).await
}

/// Whose file an upload is, and where an accepted one goes.
enum Target {
    UserPhoto(i64),
    UserCv(i64),
    CinemaPhoto(i64),
    CinemaGallery(i64),
}

impl Target {
    fn of(kind: &str, user_id: Option<i64>, cinema_talent_id: Option<i64>) -> Result<Self, Error> {
        match (kind, user_id, cinema_talent_id) {
            ("photo", Some(user), _) => Ok(Target::UserPhoto(user)),
            ("cv", Some(user), _) => Ok(Target::UserCv(user)),
            ("cinema_photo", _, Some(talent)) => Ok(Target::CinemaPhoto(talent)),
            ("cinema_gallery", _, Some(talent)) => Ok(Target::CinemaGallery(talent)),
            _ => Err(Error::Internal(anyhow::anyhow!(
                "upload of kind {kind} without its owner"
            ))),
        }
    }

    fn inspect_kind(&self) -> UploadKind {
        match self {
            Target::UserCv(_) => UploadKind::Cv,
            _ => UploadKind::Photo,
        }
    }

    fn folder(&self) -> String {
        match self {
            Target::UserPhoto(user) => format!("photos/{user}"),
            Target::UserCv(user) => format!("cvs/{user}"),
            Target::CinemaPhoto(talent) | Target::CinemaGallery(talent) => {
                format!("cinema/{talent}")
            }
        }
    }

    /// Points the owner's record at the accepted file; answers the file it replaces, if any.
    async fn attach(
        &self,
        tx: &deadpool_postgres::Transaction<'_>,
        key: &str,
    ) -> Result<Option<String>, Error> {
        let (sql, id) = match self {
            Target::UserPhoto(id) => (
                "UPDATE users u SET photo_filename = $2, updated_at = now()
                   FROM (SELECT photo_filename AS old FROM users WHERE id = $1) p
                  WHERE u.id = $1 RETURNING p.old",
                id,
            ),
            Target::UserCv(id) => (
                "UPDATE users u SET cv_filename = $2, updated_at = now()
                   FROM (SELECT cv_filename AS old FROM users WHERE id = $1) p
                  WHERE u.id = $1 RETURNING p.old",
                id,
            ),
            Target::CinemaPhoto(id) => (
                "UPDATE cinema_talents c SET profile_photo_filename = $2, updated_at = now()
                   FROM (SELECT profile_photo_filename AS old FROM cinema_talents WHERE id = $1) p
                  WHERE c.id = $1 RETURNING p.old",
                id,
            ),
            Target::CinemaGallery(id) => (
                "UPDATE cinema_talents SET gallery_photos = array_append(gallery_photos, $2),
                        updated_at = now()
                  WHERE id = $1 RETURNING NULL::text",
                id,
            ),
        };
        Ok(tx.query_one(sql, &[id, &key]).await?.get(0))
    }
}

/// Asks for a casting profile's photo (`photo`, replacing the current one) or a gallery
/// picture (`gallery`, at most 12), uploaded by casting staff.
pub async fn request_for_cinema(
    state: &AppState,
    cinema_talent_id: i64,
    form: &UploadRequest,
) -> Result<UploadTicket, Error> {
    let kind = match form.kind.as_str() {
        "photo" => "cinema_photo",
        "gallery" => "cinema_gallery",
        _ => {
            return Err(Error::validation(
                "kind",
                FieldIssue::not_allowed(&["photo", "gallery"]),
            ));
        }
    };
    let gallery: Option<i32> = state
        .db
        .get()
        .await?
        .query_opt(
            "SELECT coalesce(array_length(gallery_photos, 1), 0) FROM cinema_talents WHERE id = $1",
            &[&cinema_talent_id],
        )
        .await?
        .map(|r| r.get(0));
    let Some(gallery) = gallery else {
        return Err(Error::NotFound);
    };
    if kind == "cinema_gallery" && gallery >= MAX_GALLERY_PHOTOS {
        return Err(Error::Conflict(
            ProblemCode::LimitReached,
            format!("the gallery holds at most {MAX_GALLERY_PHOTOS} pictures"),
        ));
    }
    let content_type = check_request(UploadKind::Photo, form)?;
    let id = Uuid::new_v4();
    let key = BlobKey::parse(&format!("incoming/cinema-{cinema_talent_id}/{id}"))?;
    insert_pending(
        state,
        id,
        None,
        Some(cinema_talent_id),
        kind,
        &key,
        &content_type,
        form.size,
    )
    .await?;
    let upload = state
        .blobs
        .presign_put(&key, &content_type, form.size, UPLOAD_URL_TTL)
        .await?;
    Ok(UploadTicket {
        id,
        upload,
        complete_url: format!("/api/v1/cinema/talents/{cinema_talent_id}/uploads/{id}/complete"),
    })
}

/// Checks the casting profile's upload now; an upload of another profile is 404.
pub async fn complete_for_cinema(
    state: &AppState,
    cinema_talent_id: i64,
    id: Uuid,
) -> Result<UploadStatus, Error> {
    let owned = state
        .db
        .get()
        .await?
        .query_opt(
            "SELECT 1 FROM uploads WHERE id = $1 AND cinema_talent_id = $2",
            &[&id, &cinema_talent_id],
        )
        .await?;
    if owned.is_none() {
        return Err(Error::NotFound);
    }
    process(state, id).await
}

pub const MAX_GALLERY_PHOTOS: i32 = 12;

async fn status_after(state: &AppState, id: Uuid) -> Result<UploadStatus, Error> {
    let row = state
        .db
        .get()
        .await?
        .query_one(
            &format!("SELECT {STATUS_COLUMNS} FROM uploads WHERE id = $1"),
            &[&id],
        )
        .await?;
    Ok(status_from_row(&row))
}
