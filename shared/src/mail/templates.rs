//! The messages, in French and English. Every value put into HTML is escaped.

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Fr,
    En,
}

impl Language {
    pub fn from_code(code: &str) -> Self {
        if code == "en" {
            Language::En
        } else {
            Language::Fr
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Language::Fr => "fr",
            Language::En => "en",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

pub fn escape_html(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A greeting, paragraphs, one call to action, and a footer: every message has this shape.
fn layout(
    language: Language,
    subject: String,
    first_name: &str,
    paragraphs: &[String],
    action: (&str, &str),
) -> Rendered {
    let (greeting, footer) = match language {
        Language::Fr => (format!("Bonjour {first_name},"), "L'équipe taalentio"),
        Language::En => (format!("Hello {first_name},"), "The taalentio team"),
    };
    let (label, link) = action;
    // French typography puts a space before the colon.
    let colon = if language == Language::Fr { " :" } else { ":" };
    let text = format!(
        "{greeting}\n\n{}\n\n{label}{colon} {link}\n\n— {footer}\n",
        paragraphs.join("\n\n")
    );
    let html_paragraphs: String = paragraphs
        .iter()
        .map(|p| format!("<p>{}</p>", escape_html(p)))
        .collect();
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><body style=\"font-family:sans-serif;color:#1d1d1f\">\
         <p>{greeting}</p>{html_paragraphs}\
         <p><a href=\"{href}\" style=\"display:inline-block;padding:10px 16px;background:#b5451b;color:#fff;\
         text-decoration:none;border-radius:6px\">{label}</a></p>\
         <p style=\"font-size:12px;color:#666\">{href_text}</p><p>— {footer}</p></body></html>",
        lang = language.code(),
        greeting = escape_html(&greeting),
        href = escape_html(link),
        href_text = escape_html(link),
        label = escape_html(label),
    );
    Rendered {
        subject,
        text,
        html,
    }
}

pub fn confirm_email(
    language: Language,
    first_name: &str,
    link: &str,
    valid_hours: i64,
) -> Rendered {
    match language {
        Language::Fr => layout(
            language,
            "Confirmez votre adresse e-mail — taalentio".into(),
            first_name,
            &[
                "Bienvenue sur taalentio ! Confirmez votre adresse pour activer votre compte."
                    .into(),
                format!("Ce lien est valable {valid_hours} heures et ne sert qu'une fois."),
            ],
            ("Confirmer mon adresse", link),
        ),
        Language::En => layout(
            language,
            "Confirm your email address — taalentio".into(),
            first_name,
            &[
                "Welcome to taalentio! Confirm your address to activate your account.".into(),
                format!("This link is valid for {valid_hours} hours and works once."),
            ],
            ("Confirm my address", link),
        ),
    }
}

pub fn password_reset(
    language: Language,
    first_name: &str,
    link: &str,
    valid_minutes: i64,
) -> Rendered {
    match language {
        Language::Fr => layout(
            language,
            "Réinitialisation de votre mot de passe — taalentio".into(),
            first_name,
            &[
                "Quelqu'un (vous, espérons-le) a demandé à réinitialiser votre mot de passe."
                    .into(),
                format!(
                    "Ce lien est valable {valid_minutes} minutes. Si vous n'avez rien demandé, ignorez ce message."
                ),
            ],
            ("Choisir un nouveau mot de passe", link),
        ),
        Language::En => layout(
            language,
            "Reset your password — taalentio".into(),
            first_name,
            &[
                "Someone (hopefully you) asked to reset your password.".into(),
                format!(
                    "This link is valid for {valid_minutes} minutes. If you did not ask, ignore this message."
                ),
            ],
            ("Choose a new password", link),
        ),
    }
}

/// "Your credentials": an admin created the account; the person sets their own password.
pub fn invitation(language: Language, first_name: &str, link: &str, valid_hours: i64) -> Rendered {
    match language {
        Language::Fr => layout(
            language,
            "Votre compte taalentio est prêt".into(),
            first_name,
            &[
                "Un administrateur vous a créé un compte sur taalentio. Votre identifiant est cette adresse e-mail.".into(),
                format!("Choisissez votre mot de passe avec ce lien, valable {valid_hours} heures."),
            ],
            ("Choisir mon mot de passe", link),
        ),
        Language::En => layout(
            language,
            "Your taalentio account is ready".into(),
            first_name,
            &[
                "An administrator created a taalentio account for you. Your login is this email address.".into(),
                format!("Choose your password with this link, valid for {valid_hours} hours."),
            ],
            ("Choose my password", link),
        ),
    }
}

/// Sent instead of a confirmation when someone registers with an address that has an account,
/// so the answer to `register` never tells whether an address is known.
pub fn account_exists(language: Language, first_name: &str, reset_link: &str) -> Rendered {
    match language {
        Language::Fr => layout(
            language,
            "Vous avez déjà un compte taalentio".into(),
            first_name,
            &[
                "Quelqu'un a tenté de créer un compte avec votre adresse, qui en a déjà un.".into(),
                "Si c'était vous et que vous avez oublié votre mot de passe, réinitialisez-le."
                    .into(),
            ],
            ("Réinitialiser mon mot de passe", reset_link),
        ),
        Language::En => layout(
            language,
            "You already have a taalentio account".into(),
            first_name,
            &[
                "Someone tried to create an account with your address, which already has one."
                    .into(),
                "If it was you and you forgot your password, reset it.".into(),
            ],
            ("Reset my password", reset_link),
        ),
    }
}

/// A production chose the person for a project.
pub fn selected_for_project(
    language: Language,
    first_name: &str,
    project: &str,
    production: &str,
    role: &str,
    link: &str,
) -> Rendered {
    match language {
        Language::Fr => layout(
            language,
            format!("Vous êtes retenu·e pour « {project} » — taalentio"),
            first_name,
            &[
                format!("{production} vous a retenu·e pour le projet « {project} »."),
                format!("Rôle : {role}. La production vous contactera pour la suite."),
            ],
            ("Ouvrir taalentio", link),
        ),
        Language::En => layout(
            language,
            format!("You were selected for “{project}” — taalentio"),
            first_name,
            &[
                format!("{production} selected you for the project “{project}”."),
                format!("Role: {role}. The production will contact you with the next steps."),
            ],
            ("Open taalentio", link),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_escaped_in_html_and_kept_in_text() {
        let mail = confirm_email(
            Language::Fr,
            "<script>Awa</script>",
            "https://t.example/c?token=a&b",
            48,
        );
        assert!(!mail.html.contains("<script>"));
        assert!(mail.html.contains("&lt;script&gt;Awa"));
        assert!(mail.html.contains("token=a&amp;b"));
        assert!(mail.text.contains("Bonjour <script>Awa</script>,"));
        assert!(mail.text.contains("https://t.example/c?token=a&b"));
    }

    #[test]
    fn each_message_exists_in_both_languages() {
        for language in [Language::Fr, Language::En] {
            for mail in [
                confirm_email(language, "Kofi", "https://x/1", 48),
                password_reset(language, "Kofi", "https://x/2", 60),
                invitation(language, "Kofi", "https://x/3", 72),
                account_exists(language, "Kofi", "https://x/4"),
            ] {
                assert!(mail.text.contains("Kofi") && mail.html.contains("https://x/"));
                let french = mail.text.contains("Bonjour");
                assert_eq!(french, language == Language::Fr, "{}", mail.subject);
            }
        }
    }
}
