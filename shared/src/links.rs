//! Links into the browser front end (the SvelteKit app in `web/`): the one list of the page
//! paths mail opens. Mail never links to an API URL, except the RFC 8058 one-click
//! unsubscribe URL of the `List-Unsubscribe` header, which mail clients POST to.

/// `/confirm#token=…`: confirms an email address.
pub const CONFIRM: &str = "/confirm";
/// `/reset-password#token=…`: chooses a new password after a reset request.
pub const RESET_PASSWORD: &str = "/reset-password";
/// `/set-password#token=…`: an invited person chooses their first password.
pub const SET_PASSWORD: &str = "/set-password";
/// Asks for a password-reset mail.
pub const FORGOT_PASSWORD: &str = "/forgot-password";
/// `/unsubscribe#token=…`: stops one kind of mail.
pub const UNSUBSCRIBE: &str = "/unsubscribe";
/// One's own space.
pub const ME: &str = "/me";
/// The projects a talent is on.
pub const MY_PROJECTS: &str = "/me/projects";
/// The home page.
pub const HOME: &str = "/";

/// A person's profile page (`users.id`).
pub fn person(id: i64) -> String {
    format!("/people/{id}")
}

/// A casting profile's page (`cinema_talents.id`).
pub fn casting_profile(id: i64) -> String {
    format!("/casting/{id}")
}

/// The absolute URL of a front-end `path` under `base` (`PUBLIC_BASE_URL`).
pub fn url(base: &str, path: &str) -> String {
    format!("{}{path}", base.trim_end_matches('/'))
}

/// A page that reads a token from its fragment, which browsers never send to a server, so it
/// stays out of access logs.
pub fn with_token(base: &str, path: &str, token: &str) -> String {
    format!("{}#token={token}", url(base, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_join_the_base_and_the_path() {
        assert_eq!(url("https://t.example/", ME), "https://t.example/me");
        assert_eq!(
            with_token("https://t.example", CONFIRM, "abc"),
            "https://t.example/confirm#token=abc"
        );
        assert_eq!(
            url("https://t.example", &person(7)),
            "https://t.example/people/7"
        );
    }
}
