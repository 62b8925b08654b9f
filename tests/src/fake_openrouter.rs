//! A local server speaking OpenRouter's chat completions (`POST /chat/completions` with a
//! bearer key), scripted with its answers and each of its failures.

use serde_json::{Value, json};

use crate::fake_http::{FakeServer, Received, Reply};

pub const KEY: &str = "sk-or-test-key";
pub const MODEL: &str = "vendor/test-model";

/// Without a script: 401 for a wrong key or path, else a 500 that names the missing script.
fn default(request: &Received) -> Reply {
    let bearer = request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok());
    if bearer != Some(&format!("Bearer {KEY}")) {
        return error(401, json!(401), "No auth credentials found");
    }
    if request.method != "POST" || request.uri.path() != "/chat/completions" {
        return error(404, json!(404), "Not Found");
    }
    error(500, json!(500), "the test scripted no answer")
}

pub async fn start() -> FakeServer {
    FakeServer::start(default).await
}

/// The settings of an app whose AI provider is this server.
pub fn settings(server: &FakeServer) -> Vec<(&'static str, String)> {
    vec![
        ("OPENROUTER_API_KEY", KEY.into()),
        ("OPENROUTER_MODEL", MODEL.into()),
        ("OPENROUTER_BASE_URL", server.base_url.clone()),
    ]
}

/// A completion whose message is `content` (an object is sent as its JSON text).
pub fn completion(content: Value, cost: f64) -> Reply {
    let text = match content {
        Value::String(s) => s,
        other => other.to_string(),
    };
    Reply::json(
        200,
        json!({
            "id": "gen-test-1",
            "model": MODEL,
            "object": "chat.completion",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": text}}],
            "usage": {"prompt_tokens": 812, "completion_tokens": 95, "total_tokens": 907, "cost": cost},
        }),
    )
}

/// OpenRouter's error shape, `{"error": {"code", "message"}}`, with `code` as given (a number
/// or a string) and any status (a 200 for errors raised once the model started).
pub fn error(status: u16, code: Value, message: &str) -> Reply {
    Reply::json(
        status,
        json!({"error": {"code": code, "message": message, "metadata": {"provider_name": "test"}}}),
    )
}
