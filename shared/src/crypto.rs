//! Field encryption and blind indexes for personal data (phones, addresses, ID numbers,
//! social links).
//!
//! A sealed field is `key id length (1 byte) || key id || 96-bit random nonce || AES-256-GCM
//! ciphertext and tag`, with the field's context (`users.phone`) as associated data so a value
//! cannot be moved to another column. Several keys are loaded so old data stays readable while
//! [`rotate`] re-encrypts it under the current key. Exact lookups use a keyed HMAC of the
//! normalised value (a blind index), never the plaintext.

use std::collections::HashMap;

use aes_gcm::{
    Aes256Gcm, KeyInit, Nonce,
    aead::{Aead, AeadCore, OsRng, Payload},
};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::config::Redacted;

const NONCE_LEN: usize = 12;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CryptoError {
    #[error("sealed data is malformed")]
    Malformed,
    #[error("sealed under key `{0}`, which is not loaded")]
    UnknownKey(String),
    #[error("sealed data failed authentication")]
    Tampered,
}

/// The encryption keys: every loaded key decrypts, the current one encrypts.
#[derive(Clone)]
pub struct FieldCipher {
    keys: HashMap<String, Aes256Gcm>,
    current: String,
    blind_index_key: Redacted<Vec<u8>>,
}

impl std::fmt::Debug for FieldCipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FieldCipher")
            .field("key_ids", &self.keys.keys().collect::<Vec<_>>())
            .field("current", &self.current)
            .finish()
    }
}

impl FieldCipher {
    /// `keys` are (id, 32-byte key) pairs; `current` must be one of them.
    pub fn new(
        keys: &[(String, [u8; 32])],
        current: &str,
        blind_index_key: Vec<u8>,
    ) -> Result<Self, String> {
        if keys.iter().any(|(id, _)| id.is_empty() || id.len() > 32) {
            return Err("key ids are 1 to 32 characters".into());
        }
        let keys: HashMap<String, Aes256Gcm> = keys
            .iter()
            .map(|(id, key)| {
                (
                    id.clone(),
                    Aes256Gcm::new_from_slice(key).expect("32-byte key"),
                )
            })
            .collect();
        if !keys.contains_key(current) {
            return Err(format!(
                "the current key `{current}` is not among the loaded keys"
            ));
        }
        if blind_index_key.len() < 32 {
            return Err("the blind index key needs at least 32 bytes".into());
        }
        Ok(Self {
            keys,
            current: current.to_owned(),
            blind_index_key: Redacted::new(blind_index_key),
        })
    }

    pub fn current_key_id(&self) -> &str {
        &self.current
    }

    /// Encrypts `plaintext` for the field named by `context` under the current key.
    pub fn seal(&self, context: &str, plaintext: &str) -> Vec<u8> {
        let cipher = &self.keys[&self.current];
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let ciphertext = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            .expect("AES-GCM encryption of an in-memory buffer cannot fail");
        let id = self.current.as_bytes();
        let mut sealed = Vec::with_capacity(1 + id.len() + NONCE_LEN + ciphertext.len());
        sealed.push(id.len() as u8);
        sealed.extend_from_slice(id);
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(&ciphertext);
        sealed
    }

    pub fn open(&self, context: &str, sealed: &[u8]) -> Result<String, CryptoError> {
        let (key_id, nonce, ciphertext) = split(sealed)?;
        let cipher = self
            .keys
            .get(key_id)
            .ok_or_else(|| CryptoError::UnknownKey(key_id.to_owned()))?;
        let plaintext = cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| CryptoError::Tampered)?;
        String::from_utf8(plaintext).map_err(|_| CryptoError::Malformed)
    }

    /// Opens a nullable column.
    pub fn open_optional(
        &self,
        context: &str,
        sealed: Option<&[u8]>,
    ) -> Result<Option<String>, CryptoError> {
        sealed.map(|s| self.open(context, s)).transpose()
    }

    /// The id of the key `sealed` was encrypted under.
    pub fn key_id_of<'a>(&self, sealed: &'a [u8]) -> Result<&'a str, CryptoError> {
        split(sealed).map(|(id, _, _)| id)
    }

    /// Keyed HMAC of an already normalised value, for exact lookups on an encrypted field.
    pub fn blind_index(&self, context: &str, normalized: &str) -> Vec<u8> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.blind_index_key.expose())
            .expect("HMAC takes any key length");
        mac.update(context.as_bytes());
        mac.update(&[0]);
        mac.update(normalized.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }
}

fn split(sealed: &[u8]) -> Result<(&str, &[u8], &[u8]), CryptoError> {
    let (&id_len, rest) = sealed.split_first().ok_or(CryptoError::Malformed)?;
    let id_len = usize::from(id_len);
    if rest.len() < id_len + NONCE_LEN + 16 {
        return Err(CryptoError::Malformed);
    }
    let (id, rest) = rest.split_at(id_len);
    let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
    Ok((
        std::str::from_utf8(id).map_err(|_| CryptoError::Malformed)?,
        nonce,
        ciphertext,
    ))
}

/// The form an identifier (ID number, phone) takes before its blind index is computed, so
/// "a1234 5678" and "A1234-5678" find the same record: letters and digits only, upper case.
pub fn normalize_identifier(value: &str) -> String {
    value
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Every encrypted column: (table, column, context). The context is the associated data.
pub const ENCRYPTED_COLUMNS: &[(&str, &str, &str)] = &[
    ("users", "phone_encrypted", "users.phone"),
    ("users", "whatsapp_encrypted", "users.whatsapp"),
    ("users", "address_encrypted", "users.address"),
    (
        "cinema_talents",
        "id_document_number_encrypted",
        "cinema_talents.id_document_number",
    ),
    ("cinema_talents", "phone_encrypted", "cinema_talents.phone"),
    (
        "cinema_talents",
        "whatsapp_encrypted",
        "cinema_talents.whatsapp",
    ),
    (
        "cinema_talents",
        "social_links_encrypted",
        "cinema_talents.social_links",
    ),
];

/// Re-encrypts, under the current key, every sealed value held under another key.
/// Works in small batches, each its own transaction, so it can stop and resume anywhere.
pub async fn rotate(pool: &crate::db::Pool, cipher: &FieldCipher) -> Result<u64, crate::Error> {
    const BATCH: i64 = 500;
    let mut rewritten = 0;
    let current = cipher.current_key_id();
    // The key id is stored in clear at the start of each value: select what is not current.
    let current_prefix = [&[current.len() as u8][..], current.as_bytes()].concat();
    for (table, column, context) in ENCRYPTED_COLUMNS {
        // Table and column names come from the constant list above, never from input.
        let select = format!(
            "SELECT id, {column} FROM {table}
              WHERE {column} IS NOT NULL AND substring({column} FROM 1 FOR $1) <> $2
              ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED"
        );
        let update = format!("UPDATE {table} SET {column} = $2 WHERE id = $1");
        loop {
            let mut client = pool.get().await?;
            let tx = client.transaction().await?;
            let rows = tx
                .query(
                    &select,
                    &[&(current_prefix.len() as i32), &current_prefix, &BATCH],
                )
                .await?;
            if rows.is_empty() {
                break;
            }
            for row in &rows {
                let id: i64 = row.get(0);
                let sealed: Vec<u8> = row.get(1);
                let plaintext = cipher
                    .open(context, &sealed)
                    .map_err(|e| crate::Error::Internal(e.into()))?;
                tx.execute(&update, &[&id, &cipher.seal(context, &plaintext)])
                    .await?;
            }
            tx.commit().await?;
            rewritten += rows.len() as u64;
        }
    }
    Ok(rewritten)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cipher(keys: &[(&str, u8)], current: &str) -> FieldCipher {
        let keys: Vec<_> = keys
            .iter()
            .map(|(id, byte)| (id.to_string(), [*byte; 32]))
            .collect();
        FieldCipher::new(&keys, current, vec![9; 32]).unwrap()
    }

    #[test]
    fn sealed_values_open_only_in_their_own_field() {
        let c = cipher(&[("k1", 1)], "k1");
        let sealed = c.seal("users.phone", "+221 77 123 45 67");
        assert!(
            !sealed.windows(5).any(|w| w == b"77 12"),
            "plaintext visible"
        );
        assert_eq!(c.open("users.phone", &sealed).unwrap(), "+221 77 123 45 67");
        assert_eq!(c.open("users.address", &sealed), Err(CryptoError::Tampered));
        assert_ne!(
            sealed,
            c.seal("users.phone", "+221 77 123 45 67"),
            "nonces are random"
        );
    }

    #[test]
    fn tampering_and_unknown_keys_are_detected() {
        let c = cipher(&[("k1", 1)], "k1");
        let mut sealed = c.seal("users.phone", "0600000000");
        let last = sealed.len() - 1;
        sealed[last] ^= 1;
        assert_eq!(c.open("users.phone", &sealed), Err(CryptoError::Tampered));
        assert_eq!(
            c.open("users.phone", b"\x02k1"),
            Err(CryptoError::Malformed)
        );
        let other = cipher(&[("k2", 2)], "k2");
        assert_eq!(
            other.open("users.phone", &c.seal("users.phone", "x")),
            Err(CryptoError::UnknownKey("k1".into()))
        );
    }

    #[test]
    fn old_keys_still_open_after_a_new_key_becomes_current() {
        let old = cipher(&[("k1", 1)], "k1");
        let sealed = old.seal("users.address", "12 rue de Thiès, Dakar");
        let rotated = cipher(&[("k1", 1), ("k2", 2)], "k2");
        assert_eq!(
            rotated.open("users.address", &sealed).unwrap(),
            "12 rue de Thiès, Dakar"
        );
        assert_eq!(
            rotated
                .key_id_of(&rotated.seal("users.address", "x"))
                .unwrap(),
            "k2"
        );
    }

    #[test]
    fn blind_indexes_are_keyed_and_field_specific() {
        let c = cipher(&[("k1", 1)], "k1");
        assert_eq!(
            c.blind_index("users.phone", "+2250700000000"),
            c.blind_index("users.phone", "+2250700000000")
        );
        assert_ne!(
            c.blind_index("users.phone", "+2250700000000"),
            c.blind_index("users.whatsapp", "+2250700000000")
        );
        let other = FieldCipher::new(&[("k1".into(), [1; 32])], "k1", vec![8; 32]).unwrap();
        assert_ne!(
            c.blind_index("users.phone", "x"),
            other.blind_index("users.phone", "x")
        );
    }
}
