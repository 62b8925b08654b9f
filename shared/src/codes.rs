//! Short, human-readable, unambiguous codes (users, cinema talents, project assignments).
//!
//! 32 symbols without 0/O and 1/I: 8 of them give 32^8 ≈ 10^12 codes. Uniqueness is the
//! database's job (a UNIQUE constraint); callers retry on the rare collision.

use rand::Rng;

pub const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
pub const CODE_LENGTH: usize = 8;
/// How often a caller tries a fresh code after a collision before giving up.
pub const MAX_ATTEMPTS: usize = 5;

pub fn generate() -> String {
    let mut rng = rand::thread_rng();
    (0..CODE_LENGTH)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}

/// Reads a code as a person may type it: any case, with spaces or dashes.
pub fn normalize(input: &str) -> Option<String> {
    let code: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.len() == CODE_LENGTH && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_avoid_ambiguous_symbols() {
        for _ in 0..1000 {
            let code = generate();
            assert_eq!(code.len(), CODE_LENGTH);
            assert!(!code.contains(['0', 'O', '1', 'I']), "{code}");
            assert_eq!(normalize(&code).as_deref(), Some(code.as_str()));
        }
    }

    #[test]
    fn typed_codes_are_normalized_and_bad_ones_refused() {
        assert_eq!(normalize("k7m2-qxp9").as_deref(), Some("K7M2QXP9"));
        assert_eq!(normalize("K7M2 QXP0"), None);
        assert_eq!(normalize("K7M2QXP"), None);
    }
}
