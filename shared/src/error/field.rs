//! Field-level validation issues: a code with typed parameters, and the English message
//! each renders. Call sites name the field and the issue, never the text.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The kind of text a field must hold, when an `invalid_format` is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldFormat {
    Email,
    /// An RFC 3339 date and time.
    DateTime,
    /// A phone number in international form.
    Phone,
    /// An `https://` URL.
    Url,
    /// A mail sender, `Name <address>` or an address.
    Mailbox,
    /// A taalentio code (8 letters and digits).
    Code,
    /// A query string.
    Query,
    /// A UUID in its hyphenated form.
    Uuid,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A device id: 1 to 64 letters, digits, `-` or `_`.
    DeviceId,
    /// An IMDb id: `tt` and 7 to 10 digits.
    ImdbId,
}

impl FieldFormat {
    fn noun(self) -> &'static str {
        match self {
            FieldFormat::Email => "an email address",
            FieldFormat::DateTime => "an RFC 3339 date and time",
            FieldFormat::Phone => "a phone number in international form (+…)",
            FieldFormat::Url => "an https:// URL",
            FieldFormat::Mailbox => "a mailbox (`Name <address>` or an address)",
            FieldFormat::Code => "a taalentio code (8 letters and digits)",
            FieldFormat::Query => "a valid query string",
            FieldFormat::Uuid => "a UUID (8-4-4-4-12 hexadecimal digits)",
            FieldFormat::Date => "a date (YYYY-MM-DD)",
            FieldFormat::DeviceId => "1 to 64 letters, digits, `-` or `_`",
            FieldFormat::ImdbId => "an IMDb id (`tt` and 7 to 10 digits)",
        }
    }
}

/// Defines [`FieldIssue`] (data-carrying) and [`FieldCode`] (its names only) from one list, so
/// the two cannot drift apart.
macro_rules! field_issues {
    ($($(#[$doc:meta])* $variant:ident $({ $($param:ident : $ty:ty),+ })?),+ $(,)?) => {
        /// What is wrong with one field, with the parameters a translation needs.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum FieldIssue {
            $($(#[$doc])* $variant $({ $($param: $ty),+ })?),+
        }

        /// The code of a [`FieldIssue`], as sent in `FieldError.code`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum FieldCode {
            $($(#[$doc])* $variant),+
        }

        impl FieldCode {
            /// Every code, in declaration order.
            pub const ALL: &[FieldCode] = &[$(FieldCode::$variant),+];
        }

        impl FieldIssue {
            pub fn code(&self) -> FieldCode {
                match self {
                    $(FieldIssue::$variant { .. } => FieldCode::$variant),+
                }
            }
        }
    };
}

field_issues! {
    /// Missing or empty.
    Required,
    /// Fewer than `min` characters.
    TooShort { min: u64 },
    /// More than `max` characters.
    TooLong { max: u64 },
    /// A list of more than `max` entries.
    TooMany { max: u64 },
    /// A number (or byte size) below `min`.
    TooSmall { min: i64 },
    /// A number (or byte size) above `max`.
    TooLarge { max: i64 },
    /// Not text of the expected `format`.
    InvalidFormat { format: FieldFormat },
    /// Not one of the allowed values (`allowed` lists them when the list is short).
    NotAllowed { allowed: Vec<String> },
    /// Refers to a record that does not exist (an unknown id, country or vocabulary code).
    Unknown,
    /// Inconsistent with the field named by `with` (a city of another country, from > to…).
    Mismatch { with: String },
    /// A password too easy to guess: its zxcvbn score (0–4) is under `min_score`.
    WeakPassword { min_score: u8 },
    /// A password containing the person's name or email.
    PasswordContainsPersonal,
    /// A date of birth of someone under `min_age`.
    TooYoung { min_age: u8 },
    /// A date in the future.
    InFuture,
    /// Needs a consent that was not given.
    ConsentRequired,
    /// Not the current version of the terms (or consent text), which is `current`.
    OutdatedVersion { current: String },
    /// Not the account's current password.
    WrongPassword,
    /// Given twice, or already used.
    Duplicate,
    /// Cannot be changed once set.
    ReadOnly,
    /// Invalid in another way (the message says how).
    Invalid,
}

impl FieldIssue {
    /// The issue of a free-text value, trimmed: `required` when empty, `too_long` past `max`
    /// characters, `invalid` with control characters.
    pub fn text(value: &str, max: u64) -> Option<FieldIssue> {
        let value = value.trim();
        if value.is_empty() {
            Some(FieldIssue::Required)
        } else if value.chars().count() as u64 > max {
            Some(FieldIssue::TooLong { max })
        } else if value.chars().any(char::is_control) {
            Some(FieldIssue::Invalid)
        } else {
            None
        }
    }

    /// The issue of a list of free-text entries: `too_many` past `max_items`, else the first
    /// entry's [`FieldIssue::text`] issue.
    pub fn list<S: AsRef<str>>(items: &[S], max_items: u64, max_chars: u64) -> Option<FieldIssue> {
        if items.len() as u64 > max_items {
            return Some(FieldIssue::TooMany { max: max_items });
        }
        items
            .iter()
            .find_map(|item| FieldIssue::text(item.as_ref(), max_chars))
    }

    /// `too_short` or `too_long` when the character count of `value` is outside `min..=max`.
    pub fn length(value: &str, min: u64, max: u64) -> Option<FieldIssue> {
        Self::count(value.chars().count(), min, max)
    }

    /// `too_short` or `too_long` when `count` (characters, items) is outside `min..=max`.
    pub fn count(count: usize, min: u64, max: u64) -> Option<FieldIssue> {
        let count = count as u64;
        if count < min {
            Some(FieldIssue::TooShort { min })
        } else if count > max {
            Some(FieldIssue::TooLong { max })
        } else {
            None
        }
    }

    /// `too_small` or `too_large` when `value` is outside `min..=max`.
    pub fn range(value: i64, min: i64, max: i64) -> Option<FieldIssue> {
        if value < min {
            Some(FieldIssue::TooSmall { min })
        } else if value > max {
            Some(FieldIssue::TooLarge { max })
        } else {
            None
        }
    }

    /// `not_allowed`, listing `allowed`.
    pub fn not_allowed(allowed: &[&str]) -> FieldIssue {
        FieldIssue::NotAllowed {
            allowed: allowed.iter().map(|a| (*a).to_owned()).collect(),
        }
    }

    pub fn format(format: FieldFormat) -> FieldIssue {
        FieldIssue::InvalidFormat { format }
    }

    pub fn mismatch(with: &str) -> FieldIssue {
        FieldIssue::Mismatch { with: with.into() }
    }

    /// The English message.
    pub fn message(&self) -> String {
        match self {
            FieldIssue::Required => "is required".into(),
            FieldIssue::TooShort { min } => format!("must be at least {min} characters"),
            FieldIssue::TooLong { max } => format!("must be at most {max} characters"),
            FieldIssue::TooMany { max } => format!("must have at most {max} entries"),
            FieldIssue::TooSmall { min } => format!("must be at least {min}"),
            FieldIssue::TooLarge { max } => format!("must be at most {max}"),
            FieldIssue::InvalidFormat { format } => format!("must be {}", format.noun()),
            FieldIssue::NotAllowed { allowed } if allowed.is_empty() => {
                "is not an allowed value".into()
            }
            FieldIssue::NotAllowed { allowed } => format!(
                "must be one of: {}",
                allowed
                    .iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            FieldIssue::Unknown => "refers to something that does not exist".into(),
            FieldIssue::Mismatch { with } => format!("does not match `{with}`"),
            FieldIssue::WeakPassword { min_score } => format!(
                "is too easy to guess (strength under {min_score} of 4); a few unrelated words make a strong one"
            ),
            FieldIssue::PasswordContainsPersonal => {
                "must not contain your name or email address".into()
            }
            FieldIssue::TooYoung { min_age } => {
                format!("must make the person at least {min_age} years old")
            }
            FieldIssue::InFuture => "is in the future".into(),
            FieldIssue::ConsentRequired => "needs the matching consent".into(),
            FieldIssue::OutdatedVersion { current } => {
                format!("must be the current version ({current})")
            }
            FieldIssue::WrongPassword => "is not the account's password".into(),
            FieldIssue::Duplicate => "is given more than once or already used".into(),
            FieldIssue::ReadOnly => "cannot be changed".into(),
            FieldIssue::Invalid => "is not valid".into(),
        }
    }
}

/// One invalid field of a request, named by its JSON path (`query.` for query parameters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub issue: FieldIssue,
    /// English, for API clients; programs read `code` and its parameters.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, issue: FieldIssue) -> Self {
        let message = issue.message();
        Self {
            field: field.into(),
            issue,
            message,
        }
    }

    /// An issue whose English message says more than the code's own (a parser's words).
    pub fn described(
        field: impl Into<String>,
        issue: FieldIssue,
        message: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            issue,
            message: message.into(),
        }
    }

    pub fn code(&self) -> FieldCode {
        self.issue.code()
    }
}

/// A field error as sent: `{"field":"password","code":"too_short","min":10,"message":"…"}`.
/// Each parameter is present only for the codes that carry it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = FieldError)]
pub struct WireFieldError {
    /// The JSON path of the field (`query.` prefixes query parameters).
    field: String,
    code: FieldCode,
    /// English, for API clients; programs read `code` and its parameters.
    message: String,
    /// `too_short` (characters), `too_small`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    min: Option<i64>,
    /// `too_long` (characters), `too_many` (entries), `too_large`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    max: Option<i64>,
    /// `invalid_format`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    format: Option<FieldFormat>,
    /// `not_allowed`: the allowed values (empty when the list is long).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    allowed: Option<Vec<String>>,
    /// `mismatch`: the other field.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    with: Option<String>,
    /// `weak_password`: the lowest accepted zxcvbn score (0–4).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    min_score: Option<u8>,
    /// `too_young`: the minimum age in years.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    min_age: Option<u8>,
    /// `outdated_version`: the current version.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    current: Option<String>,
}

impl FieldError {
    fn to_wire(&self) -> WireFieldError {
        let mut w = WireFieldError {
            field: self.field.clone(),
            code: self.code(),
            message: self.message.clone(),
            min: None,
            max: None,
            format: None,
            allowed: None,
            with: None,
            min_score: None,
            min_age: None,
            current: None,
        };
        match self.issue.clone() {
            FieldIssue::TooShort { min } => w.min = Some(min as i64),
            FieldIssue::TooLong { max } | FieldIssue::TooMany { max } => w.max = Some(max as i64),
            FieldIssue::TooSmall { min } => w.min = Some(min),
            FieldIssue::TooLarge { max } => w.max = Some(max),
            FieldIssue::InvalidFormat { format } => w.format = Some(format),
            FieldIssue::NotAllowed { allowed } => w.allowed = Some(allowed),
            FieldIssue::Mismatch { with } => w.with = Some(with),
            FieldIssue::WeakPassword { min_score } => w.min_score = Some(min_score),
            FieldIssue::TooYoung { min_age } => w.min_age = Some(min_age),
            FieldIssue::OutdatedVersion { current } => w.current = Some(current),
            FieldIssue::Required
            | FieldIssue::Unknown
            | FieldIssue::PasswordContainsPersonal
            | FieldIssue::InFuture
            | FieldIssue::ConsentRequired
            | FieldIssue::WrongPassword
            | FieldIssue::Duplicate
            | FieldIssue::ReadOnly
            | FieldIssue::Invalid => {}
        }
        w
    }
}

impl Serialize for FieldError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_wire().serialize(serializer)
    }
}

impl utoipa::PartialSchema for FieldError {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        WireFieldError::schema()
    }
}

impl ToSchema for FieldError {
    fn name() -> std::borrow::Cow<'static, str> {
        WireFieldError::name()
    }

    fn schemas(
        schemas: &mut Vec<(
            String,
            utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
        )>,
    ) {
        WireFieldError::schemas(schemas);
    }
}

/// The problem of a `{network: https://…}` map of social links, if any: at most 10 links,
/// networks of 1 to 30 characters, `https://` URLs of at most 300.
pub fn social_links_problem<'a>(
    field: &str,
    links: impl ExactSizeIterator<Item = (&'a String, &'a String)>,
) -> Option<FieldError> {
    if links.len() > 10 {
        return Some(FieldError::new(field, FieldIssue::TooMany { max: 10 }));
    }
    for (network, url) in links {
        let issue = FieldIssue::length(network, 1, 30)
            .map(|issue| (field.to_owned(), issue))
            .or_else(|| {
                let at = format!("{field}.{network}");
                if !url.starts_with("https://") {
                    Some((at, FieldIssue::format(FieldFormat::Url)))
                } else {
                    FieldIssue::length(url, 1, 300).map(|issue| (at, issue))
                }
            });
        if let Some((at, issue)) = issue {
            return Some(FieldError::new(at, issue));
        }
    }
    None
}
