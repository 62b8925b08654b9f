//! The OpenRouter adapter of [`AiProvider`]: chat completions over HTTP (reqwest, rustls) with
//! a strict JSON schema per task, `provider.require_parameters` (only providers that honour the
//! schema) and `provider.data_collection: deny`, the model id from `OPENROUTER_MODEL`.
//!
//! Each call: the daily spending cap is checked, the request is sent within the time budget
//! (`OPENROUTER_TIMEOUT_SECS`, retries included, see [`client`]), the answer is checked against
//! its schema and the Reference ([`answers`]), and the call is recorded in `ai_calls` with its
//! tokens, cost, latency and outcome ([`crate::ai::calls`]).

pub mod answers;
pub mod client;
pub mod prompts;

use std::time::Instant;

use async_trait::async_trait;
use serde_json::{Value, json};

use crate::{
    ai::{
        AiError, AiProvider, BriefCriteria, CvAnalysis, CvInput, Reference, ShortlistEntry,
        ShortlistVerdict,
        calls::{self, CallRecord, Outcome, Task},
    },
    config::OpenRouterConfig,
    db::Pool,
};

pub const NAME: &str = "openrouter";

/// Most tokens an answer may take, per task.
const MAX_TOKENS_CV: u32 = 2_000;
const MAX_TOKENS_BRIEF: u32 = 800;
const MAX_TOKENS_RERANK: u32 = 3_000;

pub struct OpenRouter {
    config: OpenRouterConfig,
    http: reqwest::Client,
    db: Pool,
    referer: String,
}

impl OpenRouter {
    pub fn new(config: OpenRouterConfig, db: Pool, public_base_url: &str) -> anyhow::Result<Self> {
        Ok(OpenRouter {
            http: crate::ai::http_client(config.timeout)?,
            config,
            db,
            referer: public_base_url.to_owned(),
        })
    }

    fn body(&self, system: &str, user: String, format: Value, max_tokens: u32) -> Value {
        json!({
            "model": self.config.model,
            "messages": [
                {"role": "system", "content": prompts::system(system)},
                {"role": "user", "content": user},
            ],
            "response_format": format,
            "provider": {"require_parameters": true, "data_collection": "deny"},
            "temperature": 0,
            "max_tokens": max_tokens,
        })
    }

    /// One task: cap, call, check, record. `check` turns the answer's text into `T`.
    async fn run<T>(
        &self,
        task: Task,
        body: Value,
        check: impl FnOnce(&str) -> Result<T, AiError>,
    ) -> Result<T, AiError> {
        let started = Instant::now();
        let mut record = CallRecord {
            provider: NAME,
            model: self.config.model.clone(),
            task,
            outcome: Outcome::BudgetSpent,
            error_code: None,
            http_status: None,
            attempts: 0,
            prompt_tokens: None,
            completion_tokens: None,
            cost_usd: 0.0,
            latency: started.elapsed(),
            generation_id: None,
        };
        match calls::check_budget(&self.db).await {
            Ok(Ok(())) => {}
            Ok(Err(reason)) => {
                record.error_code = Some("daily_cap".into());
                self.record(record).await;
                return Err(AiError::BudgetSpent(reason));
            }
            Err(e) => {
                tracing::warn!(error = %e, "AI budget unreadable: no remote call");
                return Err(AiError::Unavailable { retry_after: None });
            }
        }
        let url = format!("{}/chat/completions", self.config.base_url);
        let exchange = client::chat(client::Request {
            http: &self.http,
            url: &url,
            api_key: self.config.api_key.expose(),
            referer: &self.referer,
            budget: self.config.timeout,
            body: &body,
        })
        .await;
        let result = exchange.result.and_then(|content| check(&content));
        record.outcome = match &result {
            Ok(_) => Outcome::Ok,
            Err(AiError::Unavailable { .. }) if exchange.timed_out => Outcome::Timeout,
            Err(AiError::Unavailable { .. } | AiError::NotConfigured) => Outcome::Unavailable,
            Err(AiError::BudgetSpent(_)) => Outcome::BudgetSpent,
            Err(AiError::InvalidAnswer(_)) => Outcome::InvalidAnswer,
            Err(AiError::Refused { .. }) => Outcome::Refused,
        };
        if let Err(AiError::InvalidAnswer(reason)) = &result {
            tracing::warn!(%reason, task = task.as_str(), "AI answer refused");
        }
        record.error_code = exchange.error_code.or_else(|| match &result {
            Err(AiError::InvalidAnswer(_)) => Some("invalid_answer".into()),
            Err(_) if exchange.timed_out => Some("timeout".into()),
            _ => None,
        });
        record.http_status = exchange.http_status;
        record.attempts = exchange.attempts;
        record.prompt_tokens = exchange.prompt_tokens;
        record.completion_tokens = exchange.completion_tokens;
        record.cost_usd = exchange.cost_usd;
        record.generation_id = exchange.generation_id;
        if let Some(model) = exchange.model {
            record.model = model;
        }
        record.latency = started.elapsed();
        self.record(record).await;
        result
    }

    async fn record(&self, call: CallRecord) {
        if let Err(e) = calls::record(&self.db, call).await {
            tracing::error!(error = %e, "an AI call could not be recorded");
        }
    }
}

#[async_trait]
impl AiProvider for OpenRouter {
    fn name(&self) -> &'static str {
        NAME
    }

    fn version(&self) -> String {
        self.config.model.clone()
    }

    async fn analyse_cv(&self, cv: &CvInput, reference: &Reference) -> Result<CvAnalysis, AiError> {
        let body = self.body(
            prompts::CV_SYSTEM,
            prompts::cv_user(&cv.text, reference),
            answers::response_format("cv_analysis", answers::cv_schema(reference)),
            MAX_TOKENS_CV,
        );
        self.run(Task::AnalyseCv, body, |c| {
            answers::cv_analysis(c, reference)
        })
        .await
    }

    async fn parse_brief(
        &self,
        brief: &str,
        reference: &Reference,
    ) -> Result<BriefCriteria, AiError> {
        let body = self.body(
            prompts::BRIEF_SYSTEM,
            prompts::brief_user(brief, reference),
            answers::response_format("brief_criteria", answers::brief_schema(reference)),
            MAX_TOKENS_BRIEF,
        );
        self.run(Task::ParseBrief, body, |c| {
            answers::brief_criteria(c, reference)
        })
        .await
    }

    async fn rerank(
        &self,
        brief: &str,
        entries: &[ShortlistEntry],
    ) -> Result<Vec<ShortlistVerdict>, AiError> {
        if entries.is_empty() {
            return Ok(Vec::new());
        }
        let body = self.body(
            prompts::RERANK_SYSTEM,
            prompts::rerank_user(brief, entries),
            answers::response_format("shortlist", answers::rerank_schema(entries)),
            MAX_TOKENS_RERANK,
        );
        self.run(Task::Rerank, body, |c| answers::verdicts(c, entries))
            .await
    }
}
