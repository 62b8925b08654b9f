//! Schemas for the OpenAPI document where a field's Rust type says less than the code checks
//! (`#[schema(schema_with = …)]`): free text as [`FieldIssue::text`] checks it, addresses as
//! [`normalize_email`] does, text that takes one of a few values (kept as text so a wrong value
//! gets the `not_allowed` problem naming the allowed ones, rather than serde's message).
//!
//! [`FieldIssue::text`]: crate::error::FieldIssue::text
//! [`normalize_email`]: crate::email_address::normalize_email

use utoipa::openapi::{
    Type,
    schema::{Object, ObjectBuilder, SchemaType},
};

/// Free text: a character that is not a space, and none of `char::is_control`'s (C0, DEL, C1).
const TEXT_PATTERN: &str = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$";

/// One `@`, something before it, a domain with a dot neither first nor last; spaces around
/// are trimmed, none inside, and no control character.
const EMAIL_PATTERN: &str = r"^\s*[^@\s\x00-\x1f\x7f-\x9f]+@[^@\s.\x00-\x1f\x7f-\x9f][^@\s\x00-\x1f\x7f-\x9f]*\.[^@\s\x00-\x1f\x7f-\x9f]*[^@\s.\x00-\x1f\x7f-\x9f]\s*$";

const PHONE_PATTERN: &str = r"^\s*\+[ +\-.()]*(?:[0-9][ +\-.()]*){8,15}\s*$";

fn string(nullable: bool) -> ObjectBuilder {
    let kind = if nullable {
        SchemaType::from_iter([Type::String, Type::Null])
    } else {
        SchemaType::Type(Type::String)
    };
    ObjectBuilder::new().schema_type(kind)
}

fn text(max: usize, nullable: bool) -> Object {
    string(nullable)
        .max_length(Some(max))
        .pattern(Some(TEXT_PATTERN))
        .build()
}

/// Free text of at most 16 characters (an emoji).
pub fn text_16() -> Object {
    text(16, false)
}

/// Free text of at most 80 characters.
pub fn text_80() -> Object {
    text(80, false)
}

/// Free text of at most 100 characters (a name).
pub fn text_100() -> Object {
    text(100, false)
}

/// [`text_16`], or `null` for "no change".
pub fn text_16_or_null() -> Object {
    text(16, true)
}

/// [`text_80`], or `null` for "no change".
pub fn text_80_or_null() -> Object {
    text(80, true)
}

/// An email address as the platform accepts it (at most 254 characters). Not `format: email`:
/// the check is the pattern's, looser than RFC 5322 (an address the mail provider refuses is
/// reported by the mail log).
pub fn email() -> Object {
    string(false)
        .max_length(Some(254))
        .pattern(Some(EMAIL_PATTERN))
        .build()
}

/// Social links as `social_links_problem` checks them: at most 10, each network's name 1 to 30
/// characters, each link an `https://` URL of at most 300; `null` for "no change".
pub fn social_links_or_null() -> Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::Object, Type::Null]))
        .max_properties(Some(10))
        .property_names(Some(string(false).min_length(Some(1)).max_length(Some(30))))
        .additional_properties(Some(
            string(false)
                .max_length(Some(300))
                .pattern(Some("^https://")),
        ))
        .build()
}

/// A phone number as `normalize_phone` reads it: `+`, then 8 to 15 digits, spaces, dashes, dots
/// and brackets allowed between them; `null` clears it.
pub fn phone_or_null() -> Object {
    string(true).pattern(Some(PHONE_PATTERN)).build()
}

/// `fr` or `en`; `null` (or absent) for French.
pub fn language_or_null() -> Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .enum_values(Some(["fr", "en"].into_iter().map(Some).chain([None])))
        .build()
}

/// A string that is one of `values`.
pub fn one_of(values: &[&str]) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values.iter().copied()))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{email_address::normalize_email, error::FieldIssue};

    fn matches(pattern: &str, value: &str) -> bool {
        regex::Regex::new(pattern).unwrap().is_match(value)
    }

    /// The patterns the document states say what the code checks, on the cases that matter.
    #[test]
    fn the_patterns_agree_with_the_checks() {
        for value in [
            "Awa",
            " Awa ",
            "N'Dri Kouassi",
            "Ỳ 𝐓",
            "",
            "  ",
            "A\u{7}b",
            "\u{85}",
        ] {
            assert_eq!(
                matches(TEXT_PATTERN, value),
                FieldIssue::text(value, 100).is_none(),
                "{value:?}"
            );
        }
        for value in [
            "+221 77 123 45 67",
            " +234 (803) 555-0101 ",
            "+12345678",
            "+1234567",
            "+1234567890123456",
            "221771234567",
            "+221 77 12x 45 67",
            "",
        ] {
            assert_eq!(
                matches(PHONE_PATTERN, value),
                crate::profiles::update::normalize_phone("phone", value).is_ok(),
                "{value:?}"
            );
        }
        for value in [
            "awa@example.sn",
            " Awa@Example.SN ",
            "a@b.c",
            "",
            "awa",
            "awa@",
            "@example.sn",
            "awa@example",
            "awa@.example.sn",
            "awa@example.sn.",
            "a b@example.sn",
            "a\u{1b}b@example.sn",
            "ab@exa\u{87}mple.sn",
            "a@b@example.sn",
        ] {
            assert_eq!(
                matches(EMAIL_PATTERN, value),
                normalize_email(value).is_ok(),
                "{value:?}"
            );
        }
    }
}
