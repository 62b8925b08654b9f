//! OpenRouter's chat completions over HTTP: one logical call, retried on 429, 502 and 503 as
//! long as the time budget allows (honouring `Retry-After`), with its error body read whether
//! `error.code` is a number or a string and whether it comes with a 200.

use std::time::{Duration, Instant};

use reqwest::{StatusCode, header};
use serde_json::Value;

use crate::ai::AiError;

/// At most this many HTTP requests per call.
pub const MAX_ATTEMPTS: u16 = 3;
/// A retry is only worth making with at least this much of the budget left after its wait.
const MIN_ATTEMPT_TIME: Duration = Duration::from_millis(1500);
/// First wait when the provider says nothing (doubled each time).
const BACKOFF: Duration = Duration::from_millis(500);

/// What one logical call gave: the answer's text or the error, and what it cost.
#[derive(Debug)]
pub struct Exchange {
    pub result: Result<String, AiError>,
    pub attempts: u16,
    pub http_status: Option<u16>,
    pub error_code: Option<String>,
    pub timed_out: bool,
    pub prompt_tokens: Option<u32>,
    pub completion_tokens: Option<u32>,
    pub cost_usd: f64,
    pub generation_id: Option<String>,
    /// The model that answered, when the provider says.
    pub model: Option<String>,
}

impl Exchange {
    fn new() -> Self {
        Exchange {
            result: Err(AiError::Unavailable { retry_after: None }),
            attempts: 0,
            http_status: None,
            error_code: None,
            timed_out: false,
            prompt_tokens: None,
            completion_tokens: None,
            cost_usd: 0.0,
            generation_id: None,
            model: None,
        }
    }

    fn add_usage(&mut self, body: &Value) {
        let usage = &body["usage"];
        let add = |total: &mut Option<u32>, value: &Value| {
            if let Some(n) = value.as_u64() {
                *total = Some(
                    total
                        .unwrap_or(0)
                        .saturating_add(n.min(u32::MAX as u64) as u32),
                );
            }
        };
        add(&mut self.prompt_tokens, &usage["prompt_tokens"]);
        add(&mut self.completion_tokens, &usage["completion_tokens"]);
        if let Some(cost) = usage["cost"].as_f64().filter(|c| c.is_finite() && *c > 0.0) {
            self.cost_usd += cost;
        }
        if let Some(id) = body["id"].as_str() {
            self.generation_id = Some(id.to_owned());
        }
        if let Some(model) = body["model"].as_str().filter(|m| !m.is_empty()) {
            self.model = Some(model.to_owned());
        }
    }
}

/// How an error answer is handled.
#[derive(Debug, PartialEq, Eq)]
enum Kind {
    /// 429, 502, 503: worth another attempt.
    Retry,
    /// 408, 504 and other 5xx: the provider is unavailable, not worth retrying now.
    Unavailable,
    /// 402: out of credit.
    Budget,
    /// Anything else: the request was refused.
    Refused,
}

fn kind_of(code: u16) -> Kind {
    match code {
        429 | 502 | 503 => Kind::Retry,
        402 => Kind::Budget,
        408 | 500..=599 => Kind::Unavailable,
        _ => Kind::Refused,
    }
}

/// An error body's code as text, and as a number when it is one (`429`, `"429"`).
fn code_of(error: &Value) -> (Option<String>, Option<u16>) {
    match &error["code"] {
        Value::Number(n) => (Some(n.to_string()), n.as_u64().map(|n| n as u16)),
        Value::String(s) => (Some(s.clone()), s.trim().parse().ok()),
        _ => (None, None),
    }
}

/// Named string codes some providers send instead of a status.
fn kind_of_name(name: &str) -> Kind {
    let name = name.to_ascii_lowercase();
    if name.contains("rate_limit") || name.contains("overloaded") || name.contains("unavailable") {
        Kind::Retry
    } else if name.contains("credit") || name.contains("quota") || name.contains("payment") {
        Kind::Budget
    } else if name.contains("timeout") || name.contains("server_error") {
        Kind::Unavailable
    } else {
        Kind::Refused
    }
}

/// `Retry-After` as seconds or an HTTP date.
pub fn retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs));
    }
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    let at = time::PrimitiveDateTime::parse(value, &format)
        .ok()?
        .assume_utc();
    let wait = at - time::OffsetDateTime::now_utc();
    Some(Duration::try_from(wait).unwrap_or(Duration::ZERO))
}

/// The first choice's message text, or why there is none.
fn content_of(body: &Value) -> Result<String, AiError> {
    let choice = &body["choices"][0];
    if choice.is_null() {
        return Err(AiError::InvalidAnswer("the answer has no choices".into()));
    }
    if choice["finish_reason"] == "length" {
        return Err(AiError::InvalidAnswer(
            "the answer was cut short (max tokens)".into(),
        ));
    }
    let message = &choice["message"];
    match &message["content"] {
        Value::String(text) if !text.trim().is_empty() => Ok(text.clone()),
        _ => match message["refusal"].as_str() {
            Some(refusal) => Err(AiError::Refused {
                code: "refusal".into(),
                message: refusal.chars().take(300).collect(),
            }),
            None => Err(AiError::InvalidAnswer("the answer has no content".into())),
        },
    }
}

/// The error an answer carries: top-level `error`, or the first choice's.
fn error_in(body: &Value) -> Option<&Value> {
    [&body["error"], &body["choices"][0]["error"]]
        .into_iter()
        .find(|e| e.is_object())
}

pub struct Request<'a> {
    pub http: &'a reqwest::Client,
    pub url: &'a str,
    pub api_key: &'a str,
    pub referer: &'a str,
    pub budget: Duration,
    pub body: &'a Value,
}

/// Sends `request.body` until an answer, a final error or the end of the budget.
pub async fn chat(request: Request<'_>) -> Exchange {
    let started = Instant::now();
    let deadline = started + request.budget;
    let mut exchange = Exchange::new();
    let mut backoff = BACKOFF;
    loop {
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            exchange.timed_out = true;
            exchange.result = Err(AiError::Unavailable { retry_after: None });
            return exchange;
        }
        exchange.attempts += 1;
        let sent = request
            .http
            .post(request.url)
            .bearer_auth(request.api_key)
            .header("HTTP-Referer", request.referer)
            .header("X-Title", "taalentio")
            .json(request.body)
            .timeout(remaining)
            .send()
            .await;
        let (status, wait, bytes) = match sent {
            Ok(response) => {
                let status = response.status();
                let wait = response
                    .headers()
                    .get(header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(retry_after);
                match response.bytes().await {
                    Ok(bytes) => (status, wait, bytes),
                    Err(e) => {
                        exchange.http_status = Some(status.as_u16());
                        return fail_transport(exchange, e);
                    }
                }
            }
            Err(e) => return fail_transport(exchange, e),
        };
        exchange.http_status = Some(status.as_u16());
        let body: Option<Value> = serde_json::from_slice(&bytes).ok();
        if let Some(body) = &body {
            exchange.add_usage(body);
        }
        let error = body.as_ref().and_then(error_in);
        if status.is_success() && error.is_none() {
            exchange.result = match &body {
                Some(body) => content_of(body),
                None => Err(AiError::InvalidAnswer("the answer is not JSON".into())),
            };
            return exchange;
        }
        // An error: by its status, or by its body's code when it came with a 200.
        let (name, number) = error.map(code_of).unwrap_or((None, None));
        let message = error
            .and_then(|e| e["message"].as_str())
            .unwrap_or_else(|| status.canonical_reason().unwrap_or("error"))
            .chars()
            .take(300)
            .collect::<String>();
        let kind = if status != StatusCode::OK {
            kind_of(status.as_u16())
        } else if let Some(number) = number {
            kind_of(number)
        } else {
            name.as_deref().map(kind_of_name).unwrap_or(Kind::Refused)
        };
        exchange.error_code = name.clone().or_else(|| Some(status.as_u16().to_string()));
        match kind {
            Kind::Retry => {
                let pause = wait.unwrap_or(backoff);
                backoff *= 2;
                let fits = Instant::now() + pause + MIN_ATTEMPT_TIME <= deadline;
                if exchange.attempts < MAX_ATTEMPTS && fits {
                    tracing::info!(
                        status = status.as_u16(),
                        ?pause,
                        "AI provider busy: retrying"
                    );
                    tokio::time::sleep(pause).await;
                    continue;
                }
                exchange.result = Err(AiError::Unavailable { retry_after: wait });
            }
            Kind::Unavailable => exchange.result = Err(AiError::Unavailable { retry_after: wait }),
            Kind::Budget => {
                exchange.result = Err(AiError::BudgetSpent(format!(
                    "the AI provider's credit is spent: {message}"
                )))
            }
            Kind::Refused => {
                exchange.result = Err(AiError::Refused {
                    code: name.unwrap_or_else(|| status.as_u16().to_string()),
                    message,
                })
            }
        }
        return exchange;
    }
}

fn fail_transport(mut exchange: Exchange, e: reqwest::Error) -> Exchange {
    exchange.timed_out = e.is_timeout();
    tracing::warn!(
        timeout = e.is_timeout(),
        connect = e.is_connect(),
        "AI provider unreachable"
    );
    exchange.result = Err(AiError::Unavailable { retry_after: None });
    exchange
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn error_codes_are_read_as_numbers_or_strings() {
        assert_eq!(
            code_of(&json!({"code": 429})),
            (Some("429".into()), Some(429))
        );
        assert_eq!(
            code_of(&json!({"code": "502"})),
            (Some("502".into()), Some(502))
        );
        assert_eq!(
            code_of(&json!({"code": "rate_limit_exceeded"})),
            (Some("rate_limit_exceeded".into()), None)
        );
        assert_eq!(kind_of_name("rate_limit_exceeded"), Kind::Retry);
        assert_eq!(kind_of_name("insufficient_credits"), Kind::Budget);
        assert_eq!(kind_of_name("invalid_prompt"), Kind::Refused);
        assert_eq!(kind_of(402), Kind::Budget);
        assert_eq!(kind_of(401), Kind::Refused);
        assert_eq!(kind_of(504), Kind::Unavailable);
    }

    #[test]
    fn retry_after_takes_seconds_and_dates() {
        assert_eq!(retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(retry_after("0.5"), Some(Duration::from_millis(500)));
        assert_eq!(retry_after("-1"), None);
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        let later = time::OffsetDateTime::now_utc() + time::Duration::seconds(90);
        let format = time::macros::format_description!(
            "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
        );
        let wait = retry_after(&later.format(&format).unwrap()).unwrap();
        assert!(
            wait > Duration::from_secs(85) && wait <= Duration::from_secs(90),
            "{wait:?}"
        );
        assert_eq!(retry_after("soon"), None);
    }

    #[test]
    fn answers_without_content_say_why() {
        assert!(matches!(
            content_of(
                &json!({"choices": [{"finish_reason": "length", "message": {"content": "{"}}]})
            ),
            Err(AiError::InvalidAnswer(_))
        ));
        assert!(matches!(
            content_of(&json!({"choices": [{"message": {"content": null, "refusal": "no"}}]})),
            Err(AiError::Refused { .. })
        ));
        assert_eq!(
            content_of(&json!({"choices": [{"message": {"content": "{}"}}]})).unwrap(),
            "{}"
        );
    }
}
