//! Secret tokens (sessions, API tokens, confirmation and reset links): 256 random bits, shown
//! to their owner once, stored only as a SHA-256 hash. A fast hash is right here: unlike
//! passwords, these have full entropy, so there is nothing to brute-force.

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A new token `<prefix><base64url(32 random bytes)>` and the hash to store.
pub fn generate(prefix: &str) -> (String, Vec<u8>) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes));
    let hash = hash(&token);
    (token, hash)
}

pub fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// The CSRF token of a session, derived from its secret cookie: a cross-site page cannot
/// read the cookie, so it cannot compute this; the session's own pages get it from
/// `login` and `me`.
pub fn csrf_for(session_token: &str) -> String {
    let digest = Sha256::new()
        .chain_update(b"taalentio-csrf\0")
        .chain_update(session_token.as_bytes())
        .finalize();
    URL_SAFE_NO_PAD.encode(digest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_prefixed_and_stored_hashed() {
        let (a, hash_a) = generate("tlt_");
        let (b, _) = generate("tlt_");
        assert!(a.starts_with("tlt_") && a.len() == 4 + 43, "{a}");
        assert_ne!(a, b);
        assert_eq!(hash(&a), hash_a);
        assert_ne!(csrf_for(&a), csrf_for(&b));
        assert_eq!(csrf_for(&a), csrf_for(&a));
    }
}
