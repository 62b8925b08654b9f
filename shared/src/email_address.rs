//! Email addresses as the platform stores them: trimmed, lower-cased and checked, so that
//! uniqueness holds whatever the caller typed. A leaf module (it needs only the error type), so
//! accounts, settings, mail and the cinema records can all check an address without depending on
//! each other.

use crate::error::{Error, FieldFormat, FieldIssue};

/// Emails are stored lower-cased and trimmed, so uniqueness holds whatever the caller typed.
pub fn normalize_email(email: &str) -> Result<String, Error> {
    let email = email.trim().to_lowercase();
    let valid = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && !email.contains(char::is_whitespace)
        && !email.contains(char::is_control)
        && email.matches('@').count() == 1;
    if valid {
        Ok(email)
    } else {
        Err(Error::validation(
            "email",
            FieldIssue::format(FieldFormat::Email),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalized_and_checked() {
        assert_eq!(
            normalize_email("  Kofi.Mensah@Example.GH ").unwrap(),
            "kofi.mensah@example.gh"
        );
        for bad in [
            "",
            "kofi",
            "kofi@",
            "@example.gh",
            "kofi@example",
            "ko fi@example.gh",
            "a@b@c.d",
            "kofi@.gh",
        ] {
            assert!(normalize_email(bad).is_err(), "{bad:?} accepted");
        }
    }
}
