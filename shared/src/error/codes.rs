//! The problem-level codes: one stable snake_case name per case a client must tell apart.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Defines [`ProblemCode`] with its `ALL` list, so the list cannot miss a variant.
macro_rules! problem_codes {
    ($($(#[$doc:meta])* $variant:ident),+ $(,)?) => {
        /// What went wrong, for programs: stable, snake_case. The generic code of each status
        /// (`bad_request`, `not_found`, …) unless a more specific case applies.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum ProblemCode {
            $($(#[$doc])* $variant),+
        }

        impl ProblemCode {
            /// Every code, in declaration order.
            pub const ALL: &[ProblemCode] = &[$(ProblemCode::$variant),+];
        }
    };
}

problem_codes! {
    // The generic code of each kind of error.
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    Conflict,
    /// 422: the fields are listed in `errors`.
    ValidationFailed,
    PayloadTooLarge,
    UnsupportedMediaType,
    TooManyRequests,
    Unavailable,
    Internal,
    // 401
    /// Login: wrong email or password.
    InvalidCredentials,
    // 403
    /// Login before confirming the email address.
    EmailUnconfirmed,
    AccountDeactivated,
    /// A cookie-authenticated unsafe request without the session's `X-CSRF-Token`.
    CsrfFailed,
    /// The caller's role does not allow this.
    RoleRequired,
    /// An admin has closed registration.
    RegistrationClosed,
    /// This needs a signed-in browser session, not an API token.
    SessionRequired,
    /// A signed file URL that is invalid, expired or for another request.
    SignedUrlInvalid,
    // 400
    /// A confirmation, reset or invitation link that expired, was used, or is unknown.
    LinkInvalid,
    UnsubscribeLinkInvalid,
    /// A badge sheet that cannot be printed (no badge, or a badge without a usable code).
    BadgeUnprintable,
    // 409
    /// An account with this email already exists.
    EmailTaken,
    /// The last active admin cannot lose the role or be deactivated.
    LastAdmin,
    /// An admin removing their own admin role.
    SelfDemotion,
    /// An admin deactivating their own account.
    SelfDeactivation,
    /// An admin erasing their own account through the directory.
    SelfErasure,
    /// The same name (search, watched name, production, talent tag…) or pair exists already.
    Duplicate,
    /// The terms and privacy policy cannot be withdrawn on their own.
    ConsentNotWithdrawable,
    /// Confirming an upload whose file has not arrived in storage yet.
    UploadNotArrived,
    /// A gallery (or other bounded collection) that is full.
    LimitReached,
    /// Badges of a project that has no talent assigned yet.
    ProjectEmpty,
    /// Checking out someone who has not checked in that day.
    NotCheckedIn,
    /// A scan for a day outside the project's start and end dates.
    OutsideProjectDates,
    // AI and film search
    /// 403: the feature is switched off in the settings (`features.ai`).
    FeatureDisabled,
    /// 503: the service this needs (the film search, a remote AI provider) has no key here.
    NotConfigured,
    /// 503: the remote provider is busy or down; `Retry-After` says when to try again.
    ProviderUnavailable,
    /// 503: the AI budget is spent (the daily cap in settings, or the provider's credit).
    BudgetSpent,
    /// 502: the remote provider answered something that is not what was asked for.
    ProviderInvalidAnswer,
    /// 502: the remote provider refused the request.
    ProviderRefused,
}

impl ProblemCode {
    /// The generic code of an HTTP error status (for answers made outside our handlers).
    pub fn for_status(status: axum::http::StatusCode) -> ProblemCode {
        use axum::http::StatusCode as S;
        match status {
            S::UNAUTHORIZED => ProblemCode::Unauthorized,
            S::FORBIDDEN => ProblemCode::Forbidden,
            S::NOT_FOUND => ProblemCode::NotFound,
            S::METHOD_NOT_ALLOWED => ProblemCode::MethodNotAllowed,
            S::CONFLICT => ProblemCode::Conflict,
            S::UNPROCESSABLE_ENTITY => ProblemCode::ValidationFailed,
            S::PAYLOAD_TOO_LARGE => ProblemCode::PayloadTooLarge,
            S::UNSUPPORTED_MEDIA_TYPE => ProblemCode::UnsupportedMediaType,
            S::TOO_MANY_REQUESTS => ProblemCode::TooManyRequests,
            S::SERVICE_UNAVAILABLE | S::GATEWAY_TIMEOUT => ProblemCode::Unavailable,
            s if s.is_client_error() => ProblemCode::BadRequest,
            _ => ProblemCode::Internal,
        }
    }
}
