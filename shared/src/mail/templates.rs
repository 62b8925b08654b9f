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

/// A line of a digest: text, and a link to open it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestLine {
    pub text: String,
    pub link: Option<String>,
}

/// A titled list of lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestSection {
    pub title: String,
    pub lines: Vec<DigestLine>,
}

/// The shape of scheduled mail: a greeting, an introduction, titled lists, one call to action,
/// and a footer with the link that stops this kind of mail.
fn digest(
    language: Language,
    subject: String,
    first_name: &str,
    intro: &str,
    sections: &[DigestSection],
    action: (&str, &str),
    unsubscribe_url: &str,
) -> Rendered {
    let (greeting, footer, stop) = match language {
        Language::Fr => (
            format!("Bonjour {first_name},"),
            "L'équipe taalentio",
            "Ne plus recevoir ces messages",
        ),
        Language::En => (
            format!("Hello {first_name},"),
            "The taalentio team",
            "Stop receiving these messages",
        ),
    };
    let colon = if language == Language::Fr { " :" } else { ":" };
    let (label, link) = action;
    let mut text = format!("{greeting}\n\n{intro}\n");
    let mut html_sections = String::new();
    for section in sections {
        text.push_str(&format!("\n{}{colon}\n", section.title));
        html_sections.push_str(&format!("<h3>{}</h3><ul>", escape_html(&section.title)));
        for line in &section.lines {
            match &line.link {
                Some(href) => {
                    text.push_str(&format!("- {} — {href}\n", line.text));
                    html_sections.push_str(&format!(
                        "<li><a href=\"{}\">{}</a></li>",
                        escape_html(href),
                        escape_html(&line.text)
                    ));
                }
                None => {
                    text.push_str(&format!("- {}\n", line.text));
                    html_sections.push_str(&format!("<li>{}</li>", escape_html(&line.text)));
                }
            }
        }
        html_sections.push_str("</ul>");
    }
    text.push_str(&format!(
        "\n{label}{colon} {link}\n\n— {footer}\n\n{stop}{colon} {unsubscribe_url}\n"
    ));
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><body style=\"font-family:sans-serif;color:#1d1d1f\">\
         <p>{greeting}</p><p>{intro}</p>{html_sections}\
         <p><a href=\"{href}\" style=\"display:inline-block;padding:10px 16px;background:#b5451b;color:#fff;\
         text-decoration:none;border-radius:6px\">{label}</a></p><p>— {footer}</p>\
         <p style=\"font-size:12px;color:#666\"><a href=\"{unsubscribe}\">{stop}</a></p></body></html>",
        lang = language.code(),
        greeting = escape_html(&greeting),
        intro = escape_html(intro),
        href = escape_html(link),
        label = escape_html(label),
        unsubscribe = escape_html(unsubscribe_url),
    );
    Rendered {
        subject,
        text,
        html,
    }
}

/// What a watch found: a watched name or a watched saved search, and the profiles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WatchLabel {
    Name(String),
    Search(String),
}

/// A profile a watch found; `casting` for a casting profile, else a person's profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchHit {
    pub name: String,
    pub code: String,
    pub casting: bool,
    pub link: String,
}

/// The daily digest of a watcher's watches that found new or changed profiles.
pub fn watchlist_alert(
    language: Language,
    first_name: &str,
    found: &[(WatchLabel, Vec<WatchHit>)],
    link: &str,
    unsubscribe_url: &str,
) -> Rendered {
    let total: usize = found.iter().map(|(_, hits)| hits.len()).sum();
    let sections: Vec<DigestSection> = found
        .iter()
        .map(|(label, hits)| DigestSection {
            title: match (language, label) {
                (Language::Fr, WatchLabel::Name(n)) => format!("Nom suivi « {n} »"),
                (Language::Fr, WatchLabel::Search(n)) => format!("Recherche suivie « {n} »"),
                (Language::En, WatchLabel::Name(n)) => format!("Watched name “{n}”"),
                (Language::En, WatchLabel::Search(n)) => format!("Watched search “{n}”"),
            },
            lines: hits
                .iter()
                .map(|hit| DigestLine {
                    text: format!(
                        "{} ({}, {})",
                        hit.name,
                        hit.code,
                        match (language, hit.casting) {
                            (Language::Fr, true) => "profil casting",
                            (Language::Fr, false) => "profil",
                            (Language::En, true) => "casting profile",
                            (Language::En, false) => "profile",
                        }
                    ),
                    link: Some(hit.link.clone()),
                })
                .collect(),
        })
        .collect();
    match language {
        Language::Fr => digest(
            language,
            format!(
                "Votre liste de suivi : {total} profil(s) nouveau(x) ou modifié(s) — taalentio"
            ),
            first_name,
            "Des profils nouveaux ou modifiés correspondent à ce que vous suivez.",
            &sections,
            ("Ouvrir taalentio", link),
            unsubscribe_url,
        ),
        Language::En => digest(
            language,
            format!("Your watchlist: {total} new or changed profile(s) — taalentio"),
            first_name,
            "New or changed profiles match what you watch.",
            &sections,
            ("Open taalentio", link),
            unsubscribe_url,
        ),
    }
}

/// A recruiter's "AI match" message: a brief fits the person's profile. `brief` is what the
/// recruiter looks for, `fits` what of the profile meets it (talents, languages, place…).
pub fn ai_match(
    language: Language,
    first_name: &str,
    brief: &str,
    fits: &[String],
    link: &str,
    unsubscribe_url: &str,
) -> Rendered {
    let brief: String = brief.trim().chars().take(500).collect();
    let line = |text: &str| DigestLine {
        text: text.to_owned(),
        link: None,
    };
    let (brief_title, fits_title) = match language {
        Language::Fr => (
            "Ce qui est recherché",
            "Ce qui, dans votre profil, y répond",
        ),
        Language::En => ("What is sought", "What in your profile fits"),
    };
    let mut sections = vec![DigestSection {
        title: brief_title.into(),
        lines: vec![line(&brief)],
    }];
    if !fits.is_empty() {
        sections.push(DigestSection {
            title: fits_title.into(),
            lines: fits.iter().map(|f| line(f)).collect(),
        });
    }
    match language {
        Language::Fr => digest(
            language,
            "Un recruteur pense à vous pour un rôle — taalentio".into(),
            first_name,
            "Un recruteur de taalentio a trouvé votre profil pour ce qu'il recherche. \
             Gardez votre profil à jour : c'est par lui qu'il vous contactera.",
            &sections,
            ("Voir mon profil", link),
            unsubscribe_url,
        ),
        Language::En => digest(
            language,
            "A recruiter has you in mind for a role — taalentio".into(),
            first_name,
            "A recruiter on taalentio found your profile for what they are looking for. \
             Keep your profile up to date: that is how they will reach you.",
            &sections,
            ("See my profile", link),
            unsubscribe_url,
        ),
    }
}

/// What a week brought one person; an empty recap is not sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recap {
    /// New people sharing one of the recipient's talents: how many, and a few names.
    pub talent_peers: Option<(i64, Vec<String>)>,
    /// Recruiters: new matches of each saved search (name, count, a few names).
    pub searches: Vec<(String, i64, Vec<String>)>,
    /// Recruiters: casting profiles created this week.
    pub new_cinema_profiles: i64,
    /// The recipient as a screen talent: projects they were assigned to (project, role).
    pub assignments: Vec<(String, String)>,
    /// Days on set recorded for them (project, date).
    pub attendance: Vec<(String, String)>,
}

impl Recap {
    pub fn is_empty(&self) -> bool {
        self.talent_peers.is_none()
            && self.searches.is_empty()
            && self.new_cinema_profiles == 0
            && self.assignments.is_empty()
            && self.attendance.is_empty()
    }
}

fn with_names(count: i64, names: &[String]) -> String {
    if names.is_empty() {
        count.to_string()
    } else {
        format!(
            "{count} ({}{})",
            names.join(", "),
            if count as usize > names.len() {
                ", …"
            } else {
                ""
            }
        )
    }
}

/// The weekly recap of ISO week `week` (e.g. `2026-W49`).
pub fn weekly_recap(
    language: Language,
    first_name: &str,
    week: &str,
    recap: &Recap,
    link: &str,
    unsubscribe_url: &str,
) -> Rendered {
    let fr = language == Language::Fr;
    let line = |text: String| DigestLine { text, link: None };
    let mut sections = Vec::new();
    if let Some((count, names)) = &recap.talent_peers {
        sections.push(DigestSection {
            title: if fr {
                "Nouveaux talents comme vous"
            } else {
                "New people with your talents"
            }
            .into(),
            lines: vec![line(with_names(*count, names))],
        });
    }
    if !recap.searches.is_empty() {
        sections.push(DigestSection {
            title: if fr {
                "Vos recherches enregistrées"
            } else {
                "Your saved searches"
            }
            .into(),
            lines: recap
                .searches
                .iter()
                .map(|(name, count, names)| {
                    line(if fr {
                        format!("« {name} » : {} nouveau(x)", with_names(*count, names))
                    } else {
                        format!("“{name}”: {} new", with_names(*count, names))
                    })
                })
                .collect(),
        });
    }
    if recap.new_cinema_profiles > 0 {
        sections.push(DigestSection {
            title: if fr { "Base casting" } else { "Casting base" }.into(),
            lines: vec![line(if fr {
                format!("{} nouveau(x) profil(s) casting", recap.new_cinema_profiles)
            } else {
                format!("{} new casting profile(s)", recap.new_cinema_profiles)
            })],
        });
    }
    if !recap.assignments.is_empty() {
        sections.push(DigestSection {
            title: if fr { "Vos projets" } else { "Your projects" }.into(),
            lines: recap
                .assignments
                .iter()
                .map(|(project, role)| line(format!("{project} — {role}")))
                .collect(),
        });
    }
    if !recap.attendance.is_empty() {
        sections.push(DigestSection {
            title: if fr {
                "Vos jours de tournage"
            } else {
                "Your days on set"
            }
            .into(),
            lines: recap
                .attendance
                .iter()
                .map(|(project, date)| line(format!("{date} — {project}")))
                .collect(),
        });
    }
    if fr {
        digest(
            language,
            format!("Votre semaine sur taalentio ({week})"),
            first_name,
            &format!("Voici ce qui s'est passé pour vous pendant la semaine {week}."),
            &sections,
            ("Ouvrir taalentio", link),
            unsubscribe_url,
        )
    } else {
        digest(
            language,
            format!("Your week on taalentio ({week})"),
            first_name,
            &format!("Here is what happened for you in week {week}."),
            &sections,
            ("Open taalentio", link),
            unsubscribe_url,
        )
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

    #[test]
    fn digests_escape_names_and_carry_the_unsubscribe_link() {
        let hit = WatchHit {
            name: "<b>Awa</b> Koné".into(),
            code: "ABCD2345".into(),
            casting: true,
            link: "https://x/c?a=1&b=2".into(),
        };
        for language in [Language::Fr, Language::En] {
            let mail = watchlist_alert(
                language,
                "Kofi",
                &[(WatchLabel::Name("Awa Koné".into()), vec![hit.clone()])],
                "https://x/",
                "https://x/unsubscribe#token=t",
            );
            assert!(!mail.html.contains("<b>Awa"));
            assert!(mail.html.contains("a=1&amp;b=2"));
            assert!(mail.text.contains("<b>Awa</b> Koné (ABCD2345"));
            assert!(mail.text.contains("https://x/unsubscribe#token=t"));
            assert!(mail.html.contains("https://x/unsubscribe#token=t"));
            assert_eq!(mail.text.contains("Bonjour"), language == Language::Fr);
        }
        let recap = Recap {
            talent_peers: Some((7, vec!["Awa K.".into(), "Yao K.".into()])),
            ..Recap::default()
        };
        assert!(!recap.is_empty() && Recap::default().is_empty());
        let mail = weekly_recap(
            Language::En,
            "Kofi",
            "2026-W49",
            &recap,
            "https://x/",
            "https://x/u",
        );
        assert!(mail.text.contains("7 (Awa K., Yao K., …)"), "{}", mail.text);
        assert!(mail.subject.contains("2026-W49"));
    }
}
