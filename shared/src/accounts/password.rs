//! Passwords: Argon2id at the OWASP minimum (19 MiB, 2 passes, 1 lane), a strength policy,
//! and the original product's bcrypt hashes, still verified so imported people can log in and
//! rehashed to Argon2id when they do.

use argon2::{
    Algorithm, Argon2, Params, Version,
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng},
};

use crate::{
    Error,
    error::{FieldError, FieldIssue},
};

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("constant Argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes off the async threads: a hash takes tens of milliseconds by design.
pub async fn hash(password: &str) -> Result<String, Error> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(|e| Error::Internal(e.into()))?
    .map_err(|e| Error::Internal(anyhow::anyhow!("hashing a password: {e}")))
}

/// True when `password` matches the stored hash: an Argon2id PHC string, or a bcrypt hash
/// imported from the original product.
pub async fn verify(password: &str, stored: &str) -> Result<bool, Error> {
    let (password, stored) = (password.to_owned(), stored.to_owned());
    tokio::task::spawn_blocking(move || {
        if is_legacy(&stored) {
            return bcrypt::verify(password.as_bytes(), &stored).unwrap_or(false);
        }
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return false;
        };
        argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
    .await
    .map_err(|e| Error::Internal(e.into()))
}

/// A bcrypt hash from the original product: verified, then replaced at the next login.
pub fn is_legacy(stored: &str) -> bool {
    stored.starts_with("$2a$") || stored.starts_with("$2b$") || stored.starts_with("$2y$")
}

/// True when the stored hash was made with other parameters than today's, so a successful
/// login should store a fresh one.
pub fn needs_rehash(stored: &str) -> bool {
    is_legacy(stored) || !stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$")
}

/// Spends the same time as a real verification, so an unknown email cannot be told from a
/// wrong password by the response time.
pub async fn verify_against_nothing(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let dummy = match DUMMY.get() {
        Some(d) => d.clone(),
        None => {
            let Ok(h) = hash("taalentio timing equaliser").await else {
                return;
            };
            DUMMY.get_or_init(|| h).clone()
        }
    };
    let _ = verify(password, &dummy).await;
}

pub const MIN_LENGTH: usize = 10;
pub const MAX_LENGTH: usize = 256;
/// The lowest zxcvbn score (0–4) a password may have.
pub const MIN_SCORE: u8 = 3;

/// How a password fares against the policy: its zxcvbn score and the first rule it breaks.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Assessment {
    /// zxcvbn's score, 0 (guessed at once) to 4; 0 when a length rule is broken.
    pub score: u8,
    /// The lowest score accepted.
    pub min_score: u8,
    pub accepted: bool,
    /// The rule broken, as registration would answer it (`field` is `password`).
    pub problem: Option<FieldError>,
}

/// The password policy: 10 to 256 characters, and not guessable (zxcvbn score 3 or more,
/// counting the person's own name and email as known words).
pub fn check_strength(password: &str, personal: &[&str]) -> Result<(), Error> {
    match assess(password, personal).problem {
        Some(problem) => Err(Error::Validation(vec![problem])),
        None => Ok(()),
    }
}

/// [`check_strength`]'s verdict with the score, for the strength meter of the web app (the
/// same rules, so what the meter accepts, registration accepts).
pub fn assess(password: &str, personal: &[&str]) -> Assessment {
    let verdict = |score: u8, issue: Option<FieldIssue>| Assessment {
        score,
        min_score: MIN_SCORE,
        accepted: issue.is_none(),
        problem: issue.map(|issue| FieldError::new("password", issue)),
    };
    if let Some(issue) = FieldIssue::length(password, MIN_LENGTH as u64, MAX_LENGTH as u64) {
        return verdict(0, Some(issue));
    }
    // Each part of a name or email is a word an attacker would try ("zanele" from
    // "zanele@example.za").
    let mut known: Vec<&str> = personal
        .iter()
        .flat_map(|value| value.split(|c: char| !c.is_alphanumeric()))
        .filter(|part| part.chars().count() >= 3)
        .chain(personal.iter().copied())
        .collect();
    let lowered = password.to_lowercase();
    if known
        .iter()
        .any(|word| word.chars().count() >= 4 && lowered.contains(&word.to_lowercase()))
    {
        return verdict(0, Some(FieldIssue::PasswordContainsPersonal));
    }
    known.extend(["taalentio", "casting", "motdepasse", "azerty"]);
    let score = u8::from(zxcvbn::zxcvbn(password, &known).score());
    let issue = (score < MIN_SCORE).then_some(FieldIssue::WeakPassword {
        min_score: MIN_SCORE,
    });
    verdict(score, issue)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_salted_argon2id_and_verify() {
        let first = hash("Tam-tam sous la pluie").await.unwrap();
        let second = hash("Tam-tam sous la pluie").await.unwrap();
        assert!(
            first.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{first}"
        );
        assert_ne!(first, second);
        assert!(verify("Tam-tam sous la pluie", &first).await.unwrap());
        assert!(!verify("tam-tam sous la pluie", &first).await.unwrap());
        assert!(!verify("anything", "not a hash").await.unwrap());
    }

    #[tokio::test]
    async fn the_original_products_bcrypt_hashes_still_verify() {
        // bcrypt, 12 rounds, as Flask's bcrypt wrote them.
        let legacy = bcrypt::hash("Ancien mot de passe 2019", 12).unwrap();
        assert!(is_legacy(&legacy));
        assert!(verify("Ancien mot de passe 2019", &legacy).await.unwrap());
        assert!(!verify("ancien mot de passe 2019", &legacy).await.unwrap());
        assert!(!is_legacy(&hash("x").await.unwrap()));
    }

    #[test]
    fn weak_passwords_are_refused_with_a_reason() {
        for weak in [
            "password123",
            "azertyuiop",
            "1234567890",
            "motdepasse1",
            "Aminata1996!",
        ] {
            assert!(
                check_strength(weak, &["aminata", "diallo", "aminata.diallo@example.sn"]).is_err(),
                "{weak} accepted"
            );
        }
        assert!(check_strength("short", &[]).is_err());
        assert!(check_strength(&"x".repeat(300), &[]).is_err());
        assert!(check_strength("baobab lanterne kora pluie", &[]).is_ok());
    }
}
