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
    error::FieldError,
    ports::blob::{BlobKey, PresignedRequest},
};

use inspect::{Inspected, UploadKind};

/// How long the browser has to send the bytes.
pub const UPLOAD_URL_TTL: Duration = Duration::from_secs(10 * 60);

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UploadRequest {
    /// `photo` (JPEG, PNG or WebP, at most 5 MB) or `cv` (PDF or DOCX, at most 10 MB).
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
    /// Why a file was rejected, in words for the person.
    pub rejection_reason: Option<String>,
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
        content_type: row.get("content_type"),
        declared_size: row.get("declared_size"),
        actual_size: row.get("actual_size"),
        created_at: row.get("created_at"),
        processed_at: row.get("processed_at"),
    }
}

const STATUS_COLUMNS: &str = "id, kind, status, rejection_reason, content_type, declared_size, \
     actual_size, created_at, processed_at";

/// Checks what the person declares against the limits and answers a presigned PUT that signs
/// the content type and length, so the store refuses any other file.
pub async fn request(
    state: &AppState,
    user_id: i64,
    form: &UploadRequest,
) -> Result<UploadTicket, Error> {
    let kind = UploadKind::parse(&form.kind)
        .ok_or_else(|| Error::validation("kind", "must be `photo` or `cv`"))?;
    let content_type = inspect::normalise_content_type(&form.content_type);
    let mut problems = Vec::new();
    if !kind.allows(&content_type) {
        problems.push(FieldError::new(
            "content_type",
            format!(
                "a {} must be one of: {}",
                kind.as_str(),
                kind.allowed_content_types().join(", ")
            ),
        ));
    }
    if form.size == 0 || form.size > kind.max_bytes() as u64 {
        problems.push(FieldError::new(
            "size",
            format!(
                "must be between 1 byte and {} MB",
                kind.max_bytes() / (1024 * 1024)
            ),
        ));
    }
    if !problems.is_empty() {
        return Err(Error::Validation(problems));
    }
    let id = Uuid::new_v4();
    let key = BlobKey::parse(&format!("incoming/{user_id}/{id}"))?;
    let size = i64::try_from(form.size).map_err(|e| Error::Internal(e.into()))?;
    state
        .db
        .get()
        .await?
        .execute(
            "INSERT INTO uploads (id, user_id, kind, object_key, content_type, declared_size)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &id,
                &user_id,
                &kind.as_str(),
                &key.as_str(),
                &content_type,
                &size,
            ],
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

/// `POST /me/uploads/{id}/complete`: checks the caller's own upload now.
pub async fn complete(state: &AppState, user_id: i64, id: Uuid) -> Result<UploadStatus, Error> {
    status(state, user_id, id).await?;
    process(state, id).await
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
        Some(row) => process(state, row.get(0)).await.map(Some),
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
                "SELECT {STATUS_COLUMNS}, user_id, object_key FROM uploads WHERE id = $1 FOR UPDATE"
            ),
            &[&id],
        )
        .await?
        .ok_or(Error::NotFound)?;
    let current = status_from_row(&row);
    if current.status != "pending" {
        return Ok(current);
    }
    let user_id: i64 = row.get("user_id");
    let incoming = BlobKey::parse(row.get("object_key"))?;
    let kind = UploadKind::parse(&current.kind)
        .ok_or_else(|| Error::Internal(anyhow::anyhow!("upload kind {}", current.kind)))?;
    let Some(blob) = state.blobs.get(&incoming).await? else {
        return Err(Error::Conflict(
            "the file has not arrived yet: send it to the upload URL first".into(),
        ));
    };
    let actual_size = blob.bytes.len() as i64;
    // The declared length was signed into the URL; a store that did not enforce it (or a
    // replaced object) is caught here.
    let verdict = if actual_size != current.declared_size {
        Err(format!(
            "the file has {actual_size} bytes but {} were declared",
            current.declared_size
        ))
    } else {
        let (content_type, bytes) = (current.content_type.clone(), blob.bytes.clone());
        tokio::task::spawn_blocking(move || inspect::inspect(kind, &content_type, &bytes))
            .await
            .map_err(|e| Error::Internal(e.into()))?
            .map_err(|rejection| rejection.to_string())
    };
    let inspected = match verdict {
        Ok(inspected) => inspected,
        Err(reason) => {
            tx.execute(
                "UPDATE uploads SET status = 'rejected', rejection_reason = $2, actual_size = $3,
                        processed_at = now() WHERE id = $1",
                &[&id, &reason, &actual_size],
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
    let previous: (Option<String>, Option<String>) = {
        let row = tx
            .query_one(
                "SELECT u.photo_filename, u.cv_filename FROM users u WHERE u.id = $1",
                &[&user_id],
            )
            .await?;
        (row.get(0), row.get(1))
    };
    let stale =
        match inspected {
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
                let key = BlobKey::parse(&format!("photos/{user_id}/{id}.{extension}"))?;
                let thumb = BlobKey::parse(&format!("photos/{user_id}/{id}-thumb.jpg"))?;
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
                tx.execute(
                "UPDATE uploads SET status = 'accepted', actual_size = $2, processed_at = now(),
                        object_key = $3, thumbnail_key = $4, content_type = $5
                  WHERE id = $1",
                &[&id, &actual_size, &key.as_str(), &thumb.as_str(), &content_type],
            )
            .await?;
                tx.execute(
                    "UPDATE users SET photo_filename = $2, updated_at = now() WHERE id = $1",
                    &[&user_id, &key.as_str()],
                )
                .await?;
                previous.0
            }
            Inspected::Cv { content_type, text } => {
                let extension = if content_type == inspect::PDF {
                    "pdf"
                } else {
                    "docx"
                };
                let key = BlobKey::parse(&format!("cvs/{user_id}/{id}.{extension}"))?;
                state
                    .blobs
                    .put(&key, blob.bytes.clone(), content_type)
                    .await?;
                tx.execute(
                "UPDATE uploads SET status = 'accepted', actual_size = $2, processed_at = now(),
                        object_key = $3, extracted_text = $4 WHERE id = $1",
                &[&id, &actual_size, &key.as_str(), &text],
            )
            .await?;
                tx.execute(
                    "UPDATE users SET cv_filename = $2, updated_at = now() WHERE id = $1",
                    &[&user_id, &key.as_str()],
                )
                .await?;
                previous.1
            }
        };
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
