//! The "AI match" mail: a recruiter tells a person a brief fits their profile. At most once
//! per person and brief (the brief's words, accents, case and spacing aside), only to an
//! active, confirmed account that has not turned this kind of mail off, in the person's
//! language. The mail says what is sought and which of the person's talents the brief asks
//! for; it names neither the recruiter's contact nor anyone else.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use super::{AiProvider, BriefCriteria, LocalRules, matching};
use crate::{
    AppState, Error, links,
    mail::{
        self, KeyedMail, KeyedOutcome, Language,
        preferences::{self, MailKind},
        templates,
    },
};

/// A matched person to tell about a brief.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MatchMailRequest {
    /// The brief as matched.
    #[schema(min_length = 1, max_length = 2000)]
    pub brief: String,
    /// The person's id (a result of `POST /api/v1/ai/match` with `scope: people`).
    pub user_id: i64,
    /// The criteria the match used, if the recruiter edited them; else the brief's reading.
    pub criteria: Option<BriefCriteria>,
}

/// What became of the mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MatchMailOutcome {
    Sent,
    /// This person was already told about this brief: nothing was sent now.
    AlreadySent,
    /// The person turned this kind of mail off: nothing was sent.
    Unsubscribed,
    /// The mail service refused or could not take the message (kept in the email log).
    NotDelivered,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MatchMailAnswer {
    pub outcome: MatchMailOutcome,
}

/// The once-per-person-and-brief key: the brief's words without accents, case or spacing.
pub fn idempotency_key(user_id: i64, brief: &str) -> String {
    let words: Vec<String> = super::local::text::normalize(brief)
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let digest = Sha256::digest(words.join(" ").as_bytes());
    format!("ai_match:{user_id}:{}", hex::encode(&digest[..16]))
}

pub async fn send(state: &AppState, request: &MatchMailRequest) -> Result<MatchMailAnswer, Error> {
    let reference = super::reference::load(state).await?;
    // The brief and any edited criteria are checked as a match request checks them.
    matching::validate(
        &matching::MatchRequest {
            brief: request.brief.clone(),
            scope: matching::MatchScope::People,
            criteria: request.criteria.clone(),
            limit: 1,
        },
        &reference,
    )?;
    let db = state.db.get().await?;
    let person = db
        .query_opt(
            &format!(
                "SELECT u.email, u.first_name, u.preferred_language, {} AS subscribed
                   FROM users u
                  WHERE u.id = $1 AND u.account_active AND u.email_confirmed_at IS NOT NULL",
                MailKind::AiMatch.subscribed_sql()
            ),
            &[&request.user_id],
        )
        .await?
        .ok_or(Error::NotFound)?;
    if !person.get::<_, bool>("subscribed") {
        return Ok(MatchMailAnswer {
            outcome: MatchMailOutcome::Unsubscribed,
        });
    }
    let key = idempotency_key(request.user_id, &request.brief);
    if mail::already_sent(state, &key).await? {
        return Ok(MatchMailAnswer {
            outcome: MatchMailOutcome::AlreadySent,
        });
    }
    // The local rules read the brief: no remote call (nor its cost) for a mail.
    let criteria = match &request.criteria {
        Some(criteria) => criteria.clone(),
        None => LocalRules::new()
            .parse_brief(request.brief.trim(), &reference)
            .await
            .unwrap_or_default(),
    };
    let language = person
        .get::<_, Option<String>>("preferred_language")
        .as_deref()
        .map_or(Language::Fr, Language::from_code);
    let fits: Vec<String> = db
        .query(
            "SELECT CASE WHEN $3 = 'en' THEN t.name_en ELSE t.name END
               FROM user_talents ut JOIN talents t ON t.id = ut.talent_id
              WHERE ut.user_id = $1 AND t.id = ANY($2) ORDER BY 1",
            &[&request.user_id, &criteria.talent_ids, &language.code()],
        )
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    drop(db);
    let rendered = templates::ai_match(
        language,
        person.get("first_name"),
        &request.brief,
        &fits,
        &links::url(&state.config.public_base_url, links::ME),
        &preferences::unsubscribe_page_url(state, request.user_id, MailKind::AiMatch),
    );
    let outcome = mail::send_keyed(
        state,
        KeyedMail {
            from: mail::sender(state).await?,
            user_id: request.user_id,
            to: person.get("email"),
            kind: MailKind::AiMatch.as_str().into(),
            key,
            rendered,
            unsubscribe_url: Some(preferences::one_click_url(
                state,
                request.user_id,
                MailKind::AiMatch,
            )),
        },
    )
    .await?;
    Ok(MatchMailAnswer {
        outcome: match outcome {
            KeyedOutcome::Sent => MatchMailOutcome::Sent,
            KeyedOutcome::AlreadySent => MatchMailOutcome::AlreadySent,
            KeyedOutcome::Rejected | KeyedOutcome::Failed => MatchMailOutcome::NotDelivered,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_brief_written_differently_is_one_key() {
        let a = idempotency_key(7, "Comédienne  bilingue, Dakar");
        assert_eq!(a, idempotency_key(7, "comedienne bilingue, DAKAR "));
        assert_ne!(a, idempotency_key(8, "comedienne bilingue, dakar"));
        assert_ne!(a, idempotency_key(7, "comedienne, dakar"));
        assert!(a.starts_with("ai_match:7:") && a.len() == "ai_match:7:".len() + 32);
    }
}
