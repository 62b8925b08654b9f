//! `BlobStore`: photos, CVs, badges and exports.
//!
//! Files never pass through a Lambda body: the browser gets a presigned PUT (content type and
//! length signed) or GET. S3 in AWS; a local directory with self-signed URLs, honoured by the
//! dev server, so the browser flow is the same everywhere.

use std::{
    path::{Path, PathBuf},
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use async_trait::async_trait;
use aws_sdk_s3::{Client, presigning::PresigningConfig, primitives::ByteStream};
use bytes::Bytes;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// An object key: slash-separated segments of `[A-Za-z0-9._-]`, none of them `.` or `..`,
/// so a key is always a safe relative path under the local store's directory.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BlobKey(String);

impl BlobKey {
    pub fn parse(key: &str) -> Result<Self, BlobError> {
        let valid_segment = |s: &str| {
            !s.is_empty()
                && s != "."
                && s != ".."
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
        };
        if key.len() <= 512 && key.split('/').all(valid_segment) {
            Ok(Self(key.to_owned()))
        } else {
            Err(BlobError::InvalidKey(key.chars().take(80).collect()))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for BlobKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An object as a listing shows it: when it was last written tells the maintenance sweep
/// whether a row may still be on its way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedBlob {
    pub key: BlobKey,
    pub last_modified: time::OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blob {
    pub bytes: Bytes,
    pub content_type: String,
}

/// A URL the browser calls directly, with the headers it must send as signed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct PresignedRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub expires_at: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("invalid object key `{0}`")]
    InvalidKey(String),
    #[error("blob store unavailable: {0}")]
    Unavailable(String),
}

#[async_trait]
pub trait BlobStore: Send + Sync {
    async fn put(&self, key: &BlobKey, bytes: Bytes, content_type: &str) -> Result<(), BlobError>;
    /// Stores a file read from disk as it is sent (a large export never sits in memory).
    async fn put_file(
        &self,
        key: &BlobKey,
        path: &Path,
        content_type: &str,
    ) -> Result<(), BlobError>;
    async fn get(&self, key: &BlobKey) -> Result<Option<Blob>, BlobError>;
    /// Deleting what is not there succeeds: callers retry.
    async fn delete(&self, key: &BlobKey) -> Result<(), BlobError>;
    /// Objects under a prefix, with their last write (for the maintenance sweep of orphans).
    async fn list(&self, prefix: &str) -> Result<Vec<ListedBlob>, BlobError>;
    async fn presign_put(
        &self,
        key: &BlobKey,
        content_type: &str,
        content_length: u64,
        ttl: Duration,
    ) -> Result<PresignedRequest, BlobError>;
    async fn presign_get(
        &self,
        key: &BlobKey,
        ttl: Duration,
    ) -> Result<PresignedRequest, BlobError>;
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Local directory

/// Files under a directory; the content type is kept in a `.content-type` sidecar.
pub struct LocalBlobStore {
    dir: PathBuf,
    signing_key: Vec<u8>,
    /// Base of the URLs handed out, e.g. `http://127.0.0.1:3000`.
    public_base_url: String,
}

/// Path under which the dev server serves the local store's signed URLs.
pub const LOCAL_BLOB_ROUTE: &str = "/_blobs";

/// What a valid local signed URL allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalGrant {
    Put {
        key: BlobKey,
        content_type: String,
        content_length: u64,
    },
    Get {
        key: BlobKey,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct LocalSignature {
    pub exp: i64,
    pub sig: String,
    #[serde(default)]
    pub ct: Option<String>,
    #[serde(default)]
    pub len: Option<u64>,
}

impl LocalBlobStore {
    pub fn new(
        dir: impl Into<PathBuf>,
        signing_key: Vec<u8>,
        public_base_url: impl Into<String>,
    ) -> Self {
        Self {
            dir: dir.into(),
            signing_key,
            public_base_url: public_base_url.into(),
        }
    }

    fn path(&self, key: &BlobKey) -> PathBuf {
        self.dir.join(key.as_str())
    }

    fn sidecar(path: &Path) -> PathBuf {
        let mut name = path.as_os_str().to_owned();
        name.push(".content-type");
        PathBuf::from(name)
    }

    fn signature(
        &self,
        method: &str,
        key: &BlobKey,
        exp: i64,
        ct: Option<&str>,
        len: Option<u64>,
    ) -> String {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.signing_key).expect("HMAC takes any key length");
        let message = format!(
            "{method}\n{key}\n{exp}\n{}\n{}",
            ct.unwrap_or(""),
            len.map(|l| l.to_string()).unwrap_or_default()
        );
        mac.update(message.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// Checks a signed URL against the request the browser actually made.
    pub fn verify(&self, method: &str, key: &str, query: &LocalSignature) -> Option<LocalGrant> {
        let key = BlobKey::parse(key).ok()?;
        if query.exp < unix_now() {
            return None;
        }
        let expected = self.signature(method, &key, query.exp, query.ct.as_deref(), query.len);
        let matches: bool =
            subtle::ConstantTimeEq::ct_eq(expected.as_bytes(), query.sig.as_bytes()).into();
        if !matches {
            return None;
        }
        match (method, &query.ct, query.len) {
            ("PUT", Some(ct), Some(len)) => Some(LocalGrant::Put {
                key,
                content_type: ct.clone(),
                content_length: len,
            }),
            ("GET", None, None) => Some(LocalGrant::Get { key }),
            _ => None,
        }
    }

    fn signed_url(
        &self,
        method: &str,
        key: &BlobKey,
        ttl: Duration,
        ct: Option<&str>,
        len: Option<u64>,
    ) -> (String, i64) {
        let exp = unix_now() + ttl.as_secs() as i64;
        let sig = self.signature(method, key, exp, ct, len);
        let mut url = format!(
            "{}{LOCAL_BLOB_ROUTE}/{key}?exp={exp}&sig={sig}",
            self.public_base_url
        );
        if let (Some(ct), Some(len)) = (ct, len) {
            url.push_str(&format!("&ct={}&len={len}", urlencoding::encode(ct)));
        }
        (url, exp)
    }
}

fn io_error(e: std::io::Error) -> BlobError {
    BlobError::Unavailable(e.to_string())
}

#[async_trait]
impl BlobStore for LocalBlobStore {
    async fn put(&self, key: &BlobKey, bytes: Bytes, content_type: &str) -> Result<(), BlobError> {
        let path = self.path(key);
        if let Some(parent) = path.parent() {
            tokio::fs::create_dir_all(parent).await.map_err(io_error)?;
        }
        // Write then rename, so a reader never sees half a file.
        let partial = path.with_extension(format!("partial-{}", uuid::Uuid::new_v4()));
        tokio::fs::write(&partial, &bytes).await.map_err(io_error)?;
        tokio::fs::write(Self::sidecar(&path), content_type)
            .await
            .map_err(io_error)?;
        tokio::fs::rename(&partial, &path).await.map_err(io_error)
    }

    async fn put_file(
        &self,
        key: &BlobKey,
        source: &Path,
        content_type: &str,
    ) -> Result<(), BlobError> {
        let path = self.path(key);
        if let Some(parent) = path.parent() {
            tokio::fs::create_dir_all(parent).await.map_err(io_error)?;
        }
        let partial = path.with_extension(format!("partial-{}", uuid::Uuid::new_v4()));
        tokio::fs::copy(source, &partial).await.map_err(io_error)?;
        tokio::fs::write(Self::sidecar(&path), content_type)
            .await
            .map_err(io_error)?;
        tokio::fs::rename(&partial, &path).await.map_err(io_error)
    }

    async fn get(&self, key: &BlobKey) -> Result<Option<Blob>, BlobError> {
        let path = self.path(key);
        match tokio::fs::read(&path).await {
            Ok(bytes) => {
                let content_type = tokio::fs::read_to_string(Self::sidecar(&path))
                    .await
                    .unwrap_or_else(|_| "application/octet-stream".into());
                Ok(Some(Blob {
                    bytes: bytes.into(),
                    content_type,
                }))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_error(e)),
        }
    }

    async fn delete(&self, key: &BlobKey) -> Result<(), BlobError> {
        let path = self.path(key);
        for file in [Self::sidecar(&path), path] {
            match tokio::fs::remove_file(&file).await {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io_error(e)),
            }
        }
        Ok(())
    }

    async fn list(&self, prefix: &str) -> Result<Vec<ListedBlob>, BlobError> {
        let mut keys = Vec::new();
        let mut pending = vec![self.dir.clone()];
        while let Some(dir) = pending.pop() {
            let mut entries = match tokio::fs::read_dir(&dir).await {
                Ok(entries) => entries,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(io_error(e)),
            };
            while let Some(entry) = entries.next_entry().await.map_err(io_error)? {
                let path = entry.path();
                if entry.file_type().await.map_err(io_error)?.is_dir() {
                    pending.push(path);
                    continue;
                }
                let Ok(relative) = path.strip_prefix(&self.dir) else {
                    continue;
                };
                let relative = relative.to_string_lossy();
                if relative.ends_with(".content-type") || relative.contains(".partial-") {
                    continue;
                }
                if let Ok(key) = BlobKey::parse(&relative)
                    && key.as_str().starts_with(prefix)
                {
                    let modified = entry
                        .metadata()
                        .await
                        .and_then(|m| m.modified())
                        .map_err(io_error)?;
                    keys.push(ListedBlob {
                        key,
                        last_modified: modified.into(),
                    });
                }
            }
        }
        keys.sort_by(|a, b| a.key.0.cmp(&b.key.0));
        Ok(keys)
    }

    async fn presign_put(
        &self,
        key: &BlobKey,
        content_type: &str,
        content_length: u64,
        ttl: Duration,
    ) -> Result<PresignedRequest, BlobError> {
        let (url, expires_at) =
            self.signed_url("PUT", key, ttl, Some(content_type), Some(content_length));
        Ok(PresignedRequest {
            method: "PUT".into(),
            url,
            headers: vec![
                ("content-type".into(), content_type.into()),
                ("content-length".into(), content_length.to_string()),
            ],
            expires_at,
        })
    }

    async fn presign_get(
        &self,
        key: &BlobKey,
        ttl: Duration,
    ) -> Result<PresignedRequest, BlobError> {
        let (url, expires_at) = self.signed_url("GET", key, ttl, None, None);
        Ok(PresignedRequest {
            method: "GET".into(),
            url,
            headers: vec![],
            expires_at,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// S3

pub struct S3BlobStore {
    client: Client,
    bucket: String,
}

impl S3BlobStore {
    pub fn new(client: Client, bucket: impl Into<String>) -> Self {
        Self {
            client,
            bucket: bucket.into(),
        }
    }
}

fn s3_error<E: std::error::Error + Send + Sync + 'static>(
    e: aws_sdk_s3::error::SdkError<E>,
) -> BlobError {
    BlobError::Unavailable(aws_sdk_s3::error::DisplayErrorContext(e).to_string())
}

fn presigning(ttl: Duration) -> Result<PresigningConfig, BlobError> {
    PresigningConfig::expires_in(ttl).map_err(|e| BlobError::Unavailable(e.to_string()))
}

fn presigned(request: aws_sdk_s3::presigning::PresignedRequest, ttl: Duration) -> PresignedRequest {
    PresignedRequest {
        method: request.method().to_owned(),
        url: request.uri().to_owned(),
        headers: request
            .headers()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
        expires_at: unix_now() + ttl.as_secs() as i64,
    }
}

#[async_trait]
impl BlobStore for S3BlobStore {
    async fn put(&self, key: &BlobKey, bytes: Bytes, content_type: &str) -> Result<(), BlobError> {
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .content_type(content_type)
            .body(ByteStream::from(bytes))
            .send()
            .await
            .map_err(s3_error)?;
        Ok(())
    }

    async fn put_file(
        &self,
        key: &BlobKey,
        path: &Path,
        content_type: &str,
    ) -> Result<(), BlobError> {
        // Read in chunks as the request is sent (one PUT: up to 5 GB).
        let body = ByteStream::from_path(path)
            .await
            .map_err(|e| BlobError::Unavailable(format!("reading {}: {e}", path.display())))?;
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .content_type(content_type)
            .body(body)
            .send()
            .await
            .map_err(s3_error)?;
        Ok(())
    }

    async fn get(&self, key: &BlobKey) -> Result<Option<Blob>, BlobError> {
        let output = match self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .send()
            .await
        {
            Ok(output) => output,
            Err(e) if e.as_service_error().is_some_and(|e| e.is_no_such_key()) => return Ok(None),
            Err(e) => return Err(s3_error(e)),
        };
        let content_type = output
            .content_type()
            .unwrap_or("application/octet-stream")
            .to_owned();
        let bytes = output
            .body
            .collect()
            .await
            .map_err(|e| BlobError::Unavailable(e.to_string()))?
            .into_bytes();
        Ok(Some(Blob {
            bytes,
            content_type,
        }))
    }

    async fn delete(&self, key: &BlobKey) -> Result<(), BlobError> {
        self.client
            .delete_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .send()
            .await
            .map_err(s3_error)?;
        Ok(())
    }

    async fn list(&self, prefix: &str) -> Result<Vec<ListedBlob>, BlobError> {
        let mut keys = Vec::new();
        let mut pages = self
            .client
            .list_objects_v2()
            .bucket(&self.bucket)
            .prefix(prefix)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(s3_error)?;
            for object in page.contents() {
                let Some(key) = object.key().and_then(|k| BlobKey::parse(k).ok()) else {
                    continue;
                };
                // S3 always reports it; an object without one is taken as just written.
                let last_modified = object
                    .last_modified()
                    .and_then(|t| time::OffsetDateTime::from_unix_timestamp(t.secs()).ok())
                    .unwrap_or_else(time::OffsetDateTime::now_utc);
                keys.push(ListedBlob { key, last_modified });
            }
        }
        Ok(keys)
    }

    async fn presign_put(
        &self,
        key: &BlobKey,
        content_type: &str,
        content_length: u64,
        ttl: Duration,
    ) -> Result<PresignedRequest, BlobError> {
        let request = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .content_type(content_type)
            .content_length(content_length as i64)
            .presigned(presigning(ttl)?)
            .await
            .map_err(s3_error)?;
        Ok(presigned(request, ttl))
    }

    async fn presign_get(
        &self,
        key: &BlobKey,
        ttl: Duration,
    ) -> Result<PresignedRequest, BlobError> {
        let request = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .presigned(presigning(ttl)?)
            .await
            .map_err(s3_error)?;
        Ok(presigned(request, ttl))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(dir: &Path) -> LocalBlobStore {
        LocalBlobStore::new(dir, vec![7; 32], "http://127.0.0.1:3000")
    }

    fn query_of(url: &str) -> LocalSignature {
        serde_urlencoded::from_str(url.split_once('?').unwrap().1).unwrap()
    }

    #[test]
    fn keys_cannot_escape_the_store() {
        for bad in [
            "",
            "/etc/passwd",
            "a/../b",
            "..",
            "a//b",
            "a/./b",
            "photo\u{0}.jpg",
            "a b",
            "a\\b",
        ] {
            assert!(BlobKey::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(
            BlobKey::parse("photos/42/abc-1.webp").unwrap().as_str(),
            "photos/42/abc-1.webp"
        );
    }

    #[tokio::test]
    async fn put_get_list_delete_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path());
        let key = BlobKey::parse("cvs/1/cv.pdf").unwrap();
        store
            .put(&key, Bytes::from_static(b"%PDF-1.7"), "application/pdf")
            .await
            .unwrap();
        let blob = store.get(&key).await.unwrap().unwrap();
        assert_eq!(
            (blob.bytes.as_ref(), blob.content_type.as_str()),
            (&b"%PDF-1.7"[..], "application/pdf")
        );
        let listed = store.list("cvs/").await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].key, key);
        let age = time::OffsetDateTime::now_utc() - listed[0].last_modified;
        assert!(age.whole_seconds().abs() < 60, "{age}");
        assert!(store.list("photos/").await.unwrap().is_empty());
        store.delete(&key).await.unwrap();
        store.delete(&key).await.unwrap();
        assert_eq!(store.get(&key).await.unwrap(), None);
    }

    #[tokio::test]
    async fn signed_urls_allow_exactly_what_was_signed() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path());
        let key = BlobKey::parse("photos/1/a.png").unwrap();
        let put = store
            .presign_put(&key, "image/png", 1234, Duration::from_secs(60))
            .await
            .unwrap();
        let query = query_of(&put.url);
        assert!(
            put.url
                .starts_with("http://127.0.0.1:3000/_blobs/photos/1/a.png?")
        );
        assert_eq!(
            store.verify("PUT", "photos/1/a.png", &query),
            Some(LocalGrant::Put {
                key: key.clone(),
                content_type: "image/png".into(),
                content_length: 1234
            })
        );
        // Another key, another method, a changed length or a forged signature are refused.
        assert_eq!(store.verify("PUT", "photos/1/b.png", &query), None);
        assert_eq!(store.verify("GET", "photos/1/a.png", &query), None);
        assert_eq!(
            store.verify(
                "PUT",
                "photos/1/a.png",
                &LocalSignature {
                    len: Some(99_999_999),
                    ..query.clone()
                }
            ),
            None
        );
        assert_eq!(
            store.verify(
                "PUT",
                "photos/1/a.png",
                &LocalSignature {
                    sig: "00".repeat(32),
                    ..query.clone()
                }
            ),
            None
        );

        let get = store
            .presign_get(&key, Duration::from_secs(60))
            .await
            .unwrap();
        assert_eq!(
            store.verify("GET", "photos/1/a.png", &query_of(&get.url)),
            Some(LocalGrant::Get { key: key.clone() })
        );

        // An expired URL is refused even with a good signature.
        let expired = store.signed_url("GET", &key, Duration::ZERO, None, None).0;
        let mut expired_query = query_of(&expired);
        expired_query.exp -= 10;
        expired_query.sig = store.signature("GET", &key, expired_query.exp, None, None);
        assert_eq!(store.verify("GET", "photos/1/a.png", &expired_query), None);
    }
}
