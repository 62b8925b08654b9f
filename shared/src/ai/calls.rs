//! The record of every call to a remote AI provider (`ai_calls`, migration V16), and the daily
//! spending cap an admin sets (`ai.daily_cap_usd`) that those records are summed against.
//!
//! A call is written once, when it is over (its retries included), in one statement: a failed
//! call leaves one complete row, never half of one. Two calls that start together may both pass
//! the cap check, so a day may overshoot the cap by at most the calls in flight.

use std::time::Duration;

use crate::{Error, db::Pool, settings};

/// What a call was for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    AnalyseCv,
    ParseBrief,
    Rerank,
}

impl Task {
    pub fn as_str(self) -> &'static str {
        match self {
            Task::AnalyseCv => "analyse_cv",
            Task::ParseBrief => "parse_brief",
            Task::Rerank => "rerank",
        }
    }
}

/// How a call ended, as stored in `ai_calls.outcome`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    Unavailable,
    Timeout,
    BudgetSpent,
    InvalidAnswer,
    Refused,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Unavailable => "unavailable",
            Outcome::Timeout => "timeout",
            Outcome::BudgetSpent => "budget_spent",
            Outcome::InvalidAnswer => "invalid_answer",
            Outcome::Refused => "refused",
        }
    }
}

/// One finished call.
#[derive(Debug, Clone)]
pub struct CallRecord {
    pub provider: &'static str,
    pub model: String,
    pub task: Task,
    pub outcome: Outcome,
    pub error_code: Option<String>,
    pub http_status: Option<u16>,
    /// HTTP requests made (0 when the cap stopped the call before any).
    pub attempts: u16,
    pub prompt_tokens: Option<u32>,
    pub completion_tokens: Option<u32>,
    pub cost_usd: f64,
    pub latency: Duration,
    pub generation_id: Option<String>,
}

fn clip(value: Option<String>, max: usize) -> Option<String> {
    value.map(|v| v.chars().take(max).collect())
}

/// Writes `call` (one INSERT).
pub async fn record(db: &Pool, call: CallRecord) -> Result<(), Error> {
    let cost = if call.cost_usd.is_finite() && call.cost_usd > 0.0 {
        call.cost_usd
    } else {
        0.0
    };
    db.get()
        .await?
        .execute(
            "INSERT INTO ai_calls (provider, model, task, outcome, error_code, http_status,
                                   attempts, prompt_tokens, completion_tokens, cost_usd,
                                   latency_ms, generation_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::float8::numeric(12, 6), $11, $12)",
            &[
                &call.provider,
                &call.model.chars().take(200).collect::<String>(),
                &call.task.as_str(),
                &call.outcome.as_str(),
                &clip(call.error_code, 100),
                &call.http_status.map(|s| s as i16),
                &(call.attempts.min(10) as i16),
                &call.prompt_tokens.map(|t| t.min(i32::MAX as u32) as i32),
                &call
                    .completion_tokens
                    .map(|t| t.min(i32::MAX as u32) as i32),
                &cost,
                &(call.latency.as_millis().min(i32::MAX as u128) as i32),
                &clip(call.generation_id, 200),
            ],
        )
        .await?;
    Ok(())
}

/// What remote AI calls have cost since midnight UTC, in US dollars.
pub async fn spent_today(db: &Pool) -> Result<f64, Error> {
    let row = db
        .get()
        .await?
        .query_one(
            "SELECT coalesce(sum(cost_usd), 0)::float8 FROM ai_calls
              WHERE created_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'",
            &[],
        )
        .await?;
    Ok(row.get(0))
}

/// The day's budget: `Ok(())` while today's spending is under the cap, else the reason.
pub async fn check_budget(db: &Pool) -> Result<Result<(), String>, Error> {
    let cap = settings::load(db).await?.ai_daily_cap_usd;
    let spent = spent_today(db).await?;
    if spent < cap {
        Ok(Ok(()))
    } else {
        Ok(Err(format!(
            "the daily AI spending cap (${cap:.2}) is reached (${spent:.2} spent today); it resets at midnight UTC"
        )))
    }
}
