//! Scheduled jobs: the watchlist alerts and the weekly recap send each keyed message once
//! however often their event comes, resume a cut-off run where it stopped, back off when the
//! provider throttles, and honour signed unsubscribe links and mail preferences.

use std::{
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use async_trait::async_trait;
use axum::http::{Method, StatusCode};
use lambda_runtime::{Context, LambdaEvent};
use serde_json::{Value, json};
use taalentio::{
    AppState,
    jobs::runs::{Claim, JobRun},
    ports::mail::{Email, MailError, Mailer, OutboxMailer, SentEmail},
};
use taalentio_tests::{TestApp, accounts::Auth, spawn_app};
use time::{OffsetDateTime, format_description::well_known::Rfc3339};

/// A scheduled event as EventBridge Scheduler sends it (whole seconds).
fn at(time: OffsetDateTime) -> Value {
    let time = time.replace_nanosecond(0).unwrap();
    json!({"scheduled_time": time.format(&Rfc3339).unwrap()})
}

async fn alerts(state: &AppState, event: &Value) -> Result<Value, taalentio::Error> {
    watchlist_alerts::handle(
        state.clone(),
        LambdaEvent::new(event.clone(), Context::default()),
    )
    .await
}

async fn recap(state: &AppState, event: &Value) -> Result<Value, taalentio::Error> {
    weekly_recap::handle(
        state.clone(),
        LambdaEvent::new(event.clone(), Context::default()),
    )
    .await
}

/// The scheduled messages in the outbox (those with a `List-Unsubscribe` header; sign-up
/// confirmations are there too), parsed by an independent reader: (To, List-Unsubscribe,
/// text part).
fn eml(app: &TestApp) -> Vec<(String, String, String)> {
    let dir = app.files.path().join("outbox");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let raw = std::fs::read(path).unwrap();
            let mail = mailparse::parse_mail(&raw).unwrap();
            use mailparse::MailHeaderMap;
            let header = |name| mail.headers.get_first_value(name).unwrap_or_default();
            let text = mail
                .subparts
                .iter()
                .find(|p| p.ctype.mimetype == "text/plain")
                .map(|p| p.get_body().unwrap())
                .unwrap_or_default();
            (header("To"), header("List-Unsubscribe"), text)
        })
        .filter(|(_, unsubscribe, _)| !unsubscribe.is_empty())
        .collect()
}

fn mails_to(app: &TestApp, email: &str) -> Vec<String> {
    eml(app)
        .into_iter()
        .filter(|(to, _, _)| to.contains(email))
        .map(|(_, _, text)| text)
        .collect()
}

async fn log_rows(app: &TestApp, kind: &str) -> Vec<(String, String, i16)> {
    app.db()
        .await
        .query(
            "SELECT recipient, status, attempts FROM email_logs WHERE email_type = $1 ORDER BY id",
            &[&kind],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect()
}

async fn casting(app: &TestApp, staff: &Auth, body: Value) -> i64 {
    let response = app
        .call(
            Method::POST,
            "/api/v1/cinema/talents",
            Some(body),
            Some(staff),
        )
        .await;
    assert_eq!(response.status, StatusCode::CREATED, "{:?}", response.body);
    response.json()["id"].as_i64().unwrap()
}

async fn watch(app: &TestApp, who: &Auth, body: Value) {
    let response = app
        .call(
            Method::POST,
            "/api/v1/watchlist/names",
            Some(body),
            Some(who),
        )
        .await;
    assert_eq!(response.status, StatusCode::CREATED, "{:?}", response.body);
}

/// The token of the unsubscribe link in a mail's text.
fn unsubscribe_token(text: &str) -> String {
    let start = text
        .find("http://127.0.0.1:3000/unsubscribe#token=")
        .expect("an unsubscribe link to the front end's page")
        + "http://127.0.0.1:3000/unsubscribe#token=".len();
    text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect()
}

#[tokio::test]
async fn alerts_find_spelling_variants_and_mail_each_watcher_once() {
    let app = spawn_app().await;
    let (_, staff) = app.user_with_role("casting@example.sn", "recruiter").await;
    app.call(
        Method::PATCH,
        "/api/v1/me",
        Some(json!({"preferred_language": "en"})),
        Some(&staff),
    )
    .await;
    watch(
        &app,
        &staff,
        json!({"first_name": "Aminata", "last_name": "Diallo"}),
    )
    .await;
    watch(&app, &staff, json!({"last_name": "Koné"})).await;
    let saved = app
        .call(
            Method::POST,
            "/api/v1/cinema/searches",
            Some(json!({"name": "Wolof speakers", "query": "languages=wo"})),
            Some(&staff),
        )
        .await
        .json();
    app.call(
        Method::PUT,
        &format!("/api/v1/watchlist/searches/{}", saved["id"]),
        None,
        Some(&staff),
    )
    .await;
    // A spelling variant and an accented, upper-case one match; other names do not.
    casting(
        &app,
        &staff,
        json!({"first_name": "Aminatta", "last_name": "Dialo"}),
    )
    .await;
    casting(
        &app,
        &staff,
        json!({"first_name": "AMINATA", "last_name": "DIALLÓ"}),
    )
    .await;
    casting(
        &app,
        &staff,
        json!({"first_name": "Aminata", "last_name": "Diop"}),
    )
    .await;
    casting(
        &app,
        &staff,
        json!({"first_name": "Fatou", "last_name": "Diallo"}),
    )
    .await;
    casting(
        &app,
        &staff,
        json!({"first_name": "Awa", "last_name": "Kone"}),
    )
    .await;
    casting(
        &app,
        &staff,
        json!({"first_name": "Modou", "last_name": "Fall", "languages_spoken": ["wo"]}),
    )
    .await;
    // A person (every test account is named Aminata Diallo) who confirmed their address.
    app.confirmed_user("aminata@example.sn").await;
    // The job's mail leaves from the sender an admin chose (read once for the run).
    app.db()
        .await
        .execute(
            "UPDATE app_settings SET value = to_jsonb('Casting Dakar <casting@taalentio.sn>'::text)
              WHERE key = 'mail.sender'",
            &[],
        )
        .await
        .unwrap();

    let event = at(OffsetDateTime::now_utc() + Duration::from_secs(60));
    let first = alerts(&app.state, &event).await.unwrap();
    assert_eq!(first["status"], "succeeded", "{first}");
    assert_eq!(first["stats"]["stats"]["sent"], 1, "{first}");
    let from = app.last_mail_to("casting@example.sn").from;
    let sender = mailparse::addrparse(&from).unwrap().extract_single_info();
    assert_eq!(
        sender.map(|s| (s.display_name, s.addr)),
        Some((
            Some("Casting Dakar".to_owned()),
            "casting@taalentio.sn".to_owned()
        )),
        "{from}"
    );

    let mails = eml(&app);
    assert_eq!(mails.len(), 1, "{mails:?}");
    let (to, list_unsubscribe, text) = &mails[0];
    assert!(to.contains("casting@example.sn"));
    assert!(
        list_unsubscribe
            .starts_with("<http://127.0.0.1:3000/api/v1/auth/unsubscribe/one-click?token="),
        "{list_unsubscribe}"
    );
    assert!(text.contains("Watched name “Aminata Diallo”"), "{text}");
    assert!(
        text.contains("Aminatta Dialo (") && text.contains("AMINATA DIALLÓ ("),
        "{text}"
    );
    assert!(
        text.contains("Aminata Diallo (") && text.contains(", profile)"),
        "{text}"
    );
    assert!(
        text.contains("Watched name “Koné”") && text.contains("Awa Kone ("),
        "{text}"
    );
    assert!(text.contains("Watched search “Wolof speakers”") && text.contains("Modou Fall ("));
    assert!(!text.contains("Diop") && !text.contains("Fatou"), "{text}");
    // Hits open the front end's pages, never the API.
    assert!(text.contains("http://127.0.0.1:3000/people/"), "{text}");
    assert!(text.contains("http://127.0.0.1:3000/casting/"), "{text}");
    assert!(
        text.contains("http://127.0.0.1:3000/unsubscribe#token="),
        "{text}"
    );
    assert!(!text.contains("/api/"), "{text}");

    // The same event again (EventBridge delivers at least once): nothing more is sent.
    let again = alerts(&app.state, &event).await.unwrap();
    assert_eq!(again["status"], "already_done", "{again}");
    assert_eq!(eml(&app).len(), 1);
    assert_eq!(log_rows(&app, "watchlist_alert").await.len(), 1);
    let notified: i64 = app
        .db()
        .await
        .query_one(
            "SELECT count(*) FROM name_tracking WHERE last_notified_at IS NOT NULL",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(notified, 2);

    // The next window starts where this one ended: the same profiles are not news again.
    let next = alerts(
        &app.state,
        &at(OffsetDateTime::now_utc() + Duration::from_secs(120)),
    )
    .await
    .unwrap();
    assert_eq!(next["status"], "succeeded", "{next}");
    assert_eq!(next["stats"]["window"]["from"], event["scheduled_time"]);
    assert_eq!(next["stats"]["stats"]["nothing_to_say"], 1, "{next}");
    assert_eq!(eml(&app).len(), 1);
}

#[tokio::test]
async fn weekly_recaps_go_to_those_who_opted_in_once_per_week() {
    let app = spawn_app().await;
    let talent: i32 = app
        .db()
        .await
        .query_one("SELECT id FROM talents ORDER BY id LIMIT 1", &[])
        .await
        .unwrap()
        .get(0);
    let mut people = Vec::new();
    for email in ["awa@example.sn", "kofi@example.gh", "quiet@example.sn"] {
        let (_, auth) = app.user_with_role(email, "user").await;
        let set = app
            .call(
                Method::PUT,
                "/api/v1/me/talents",
                Some(json!({"talent_ids": [talent]})),
                Some(&auth),
            )
            .await;
        assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);
        people.push(auth);
    }
    // Two opt in; the third never chose, so gets nothing. A recruiter opted in with nothing new.
    for auth in &people[..2] {
        let chosen = app
            .call(
                Method::PUT,
                "/api/v1/me/mail-preferences",
                Some(json!({"weekly_recap": true})),
                Some(auth),
            )
            .await;
        assert_eq!(chosen.status, StatusCode::OK, "{:?}", chosen.body);
    }
    let (_, staff) = app.user_with_role("casting@example.sn", "recruiter").await;
    app.call(
        Method::PUT,
        "/api/v1/me/mail-preferences",
        Some(json!({"weekly_recap": true})),
        Some(&staff),
    )
    .await;
    app.db()
        .await
        .execute(
            "UPDATE users SET preferred_language = 'en' WHERE email = 'kofi@example.gh'",
            &[],
        )
        .await
        .unwrap();

    // A run a week from now recaps this week.
    let event = at(OffsetDateTime::now_utc() + Duration::from_secs(7 * 24 * 3600));
    let report = recap(&app.state, &event).await.unwrap();
    assert_eq!(report["status"], "succeeded", "{report}");
    let stats = &report["stats"]["stats"];
    assert_eq!(
        (stats["sent"].as_i64(), stats["nothing_to_say"].as_i64()),
        (Some(2), Some(1)),
        "{report}"
    );
    let awa = mails_to(&app, "awa@example.sn");
    assert_eq!(awa.len(), 1);
    assert!(awa[0].contains("Nouveaux talents comme vous"), "{}", awa[0]);
    assert!(awa[0].contains("2 (Aminata D., Aminata D.)"), "{}", awa[0]);
    assert!(awa[0].contains("http://127.0.0.1:3000/me"), "{}", awa[0]);
    assert!(!awa[0].contains("/api/"), "{}", awa[0]);
    let kofi = mails_to(&app, "kofi@example.gh");
    assert!(
        kofi[0].contains("New people with your talents"),
        "{}",
        kofi[0]
    );
    assert!(mails_to(&app, "quiet@example.sn").is_empty());
    assert!(mails_to(&app, "casting@example.sn").is_empty());

    // Fired again: the week is done, nothing is sent twice.
    let again = recap(&app.state, &event).await.unwrap();
    assert_eq!(again["status"], "already_done");
    assert_eq!(eml(&app).len(), 2);
    assert_eq!(log_rows(&app, "weekly_recap").await.len(), 2);
}

/// Sends through the outbox, but panics on the `fail_at`-th message (a Lambda cut off).
struct DiesMidway {
    outbox: OutboxMailer,
    sent: AtomicUsize,
    fail_at: usize,
}

#[async_trait]
impl Mailer for DiesMidway {
    async fn send(&self, email: &Email) -> Result<SentEmail, MailError> {
        if self.sent.fetch_add(1, Ordering::SeqCst) + 1 == self.fail_at {
            panic!("the function was cut off");
        }
        self.outbox.send(email).await
    }
}

/// Throttles the first `throttles` messages (or every message to `always`), else sends.
struct Throttling {
    outbox: OutboxMailer,
    throttles: AtomicUsize,
    always: &'static str,
}

#[async_trait]
impl Mailer for Throttling {
    async fn send(&self, email: &Email) -> Result<SentEmail, MailError> {
        if email.to.contains(self.always) {
            return Err(MailError::Throttled("Maximum sending rate exceeded".into()));
        }
        if self
            .throttles
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok()
        {
            return Err(MailError::Throttled("Maximum sending rate exceeded".into()));
        }
        self.outbox.send(email).await
    }
}

/// Opted-in people with a new peer each (every account shares one talent).
async fn opted_in(app: &TestApp, emails: &[&str]) {
    let talent: i32 = app
        .db()
        .await
        .query_one("SELECT id FROM talents ORDER BY id LIMIT 1", &[])
        .await
        .unwrap()
        .get(0);
    for email in emails {
        let (_, auth) = app.user_with_role(email, "user").await;
        app.call(
            Method::PUT,
            "/api/v1/me/talents",
            Some(json!({"talent_ids": [talent]})),
            Some(&auth),
        )
        .await;
        app.call(
            Method::PUT,
            "/api/v1/me/mail-preferences",
            Some(json!({"weekly_recap": true})),
            Some(&auth),
        )
        .await;
    }
}

async fn advisory_locks(app: &TestApp) -> i64 {
    app.db()
        .await
        .query_one(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted",
            &[],
        )
        .await
        .unwrap()
        .get(0)
}

#[tokio::test]
async fn a_cut_off_run_resumes_after_the_last_recipient_done() {
    let app = spawn_app().await;
    let emails = [
        "a1@example.sn",
        "a2@example.sn",
        "a3@example.sn",
        "a4@example.sn",
    ];
    opted_in(&app, &emails).await;
    let event = at(OffsetDateTime::now_utc() + Duration::from_secs(7 * 24 * 3600));

    let mut dying = app.state.clone();
    dying.mailer = Arc::new(DiesMidway {
        outbox: OutboxMailer::new(app.files.path().join("outbox")),
        sent: AtomicUsize::new(0),
        fail_at: 3,
    });
    let replayed = event.clone();
    let cut_off = tokio::spawn(async move { recap(&dying, &replayed).await }).await;
    assert!(cut_off.unwrap_err().is_panic());
    assert_eq!(eml(&app).len(), 2);
    let (status, after): (String, Option<i64>) = {
        let row = app
            .db()
            .await
            .query_one(
                "SELECT status, (cursor->>'after')::bigint FROM job_runs WHERE job_name = 'weekly-recap'",
                &[],
            )
            .await
            .unwrap();
        (row.get(0), row.get(1))
    };
    assert_eq!(status, "running");
    let second: i64 = app
        .db()
        .await
        .query_one("SELECT id FROM users WHERE email = 'a2@example.sn'", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(after, Some(second));
    // The dead invocation's connection closes, and its lock with it.
    for _ in 0..100 {
        if advisory_locks(&app).await == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let resumed = recap(&app.state, &event).await.unwrap();
    assert_eq!(resumed["status"], "succeeded", "{resumed}");
    assert_eq!(resumed["resumed"], true);
    for email in emails {
        assert_eq!(mails_to(&app, email).len(), 1, "{email}");
    }
    assert_eq!(eml(&app).len(), 4);
    // The message the cut-off interrupted was retried on its own log row.
    let rows = log_rows(&app, "weekly_recap").await;
    assert_eq!(rows.len(), 4);
    assert!(
        rows.iter().all(|(_, status, _)| status == "sent"),
        "{rows:?}"
    );
}

#[tokio::test]
async fn two_invocations_of_one_run_never_both_work() {
    let app = spawn_app().await;
    let Claim::Started(held) = JobRun::claim(&app.state, "weekly-recap", "2026-W49")
        .await
        .unwrap()
    else {
        panic!("the first claim starts the run")
    };
    assert!(matches!(
        JobRun::claim(&app.state, "weekly-recap", "2026-W49")
            .await
            .unwrap(),
        Claim::Busy
    ));
    // The handler says so and sends nothing.
    let busy = recap(
        &app.state,
        &json!({"scheduled_time": "2026-12-07T07:00:00Z"}),
    )
    .await
    .unwrap();
    assert_eq!(busy["status"], "busy", "{busy}");
    held.succeed(json!({"sent": 0})).await.unwrap();
    assert!(matches!(
        JobRun::claim(&app.state, "weekly-recap", "2026-W49")
            .await
            .unwrap(),
        Claim::AlreadyDone(_)
    ));
    // An event without its scheduled time is refused, not run for an invented period.
    let refused = recap(&app.state, &json!({})).await.unwrap_err();
    assert!(matches!(refused, taalentio::Error::Validation(_)));
}

#[tokio::test]
async fn throttled_mail_is_sent_after_backoff_and_a_run_with_failures_is_retried() {
    let app = spawn_app().await;
    opted_in(&app, &["b1@example.sn", "slow@example.sn", "b3@example.sn"]).await;
    let event = at(OffsetDateTime::now_utc() + Duration::from_secs(7 * 24 * 3600));

    let mut throttled = app.state.clone();
    throttled.mailer = Arc::new(Throttling {
        outbox: OutboxMailer::new(app.files.path().join("outbox")),
        throttles: AtomicUsize::new(2),
        always: "slow@",
    });
    let failed = recap(&throttled, &event).await.unwrap_err();
    assert!(
        matches!(failed, taalentio::Error::Unavailable(_)),
        "{failed}"
    );
    let rows = log_rows(&app, "weekly_recap").await;
    let by = |email: &str| rows.iter().find(|r| r.0 == email).cloned().unwrap();
    // Throttled twice then sent: three attempts. Always throttled: the bounded five, failed.
    assert_eq!(
        by("b1@example.sn"),
        ("b1@example.sn".into(), "sent".into(), 3)
    );
    assert_eq!(
        by("slow@example.sn"),
        ("slow@example.sn".into(), "failed".into(), 5)
    );
    // The run went on past the failure, then said it failed.
    assert_eq!(by("b3@example.sn").1, "sent");
    let (status, error): (String, String) = {
        let row = app
            .db()
            .await
            .query_one(
                "SELECT status, error FROM job_runs WHERE job_name = 'weekly-recap'",
                &[],
            )
            .await
            .unwrap();
        (row.get(0), row.get(1))
    };
    assert_eq!(status, "failed");
    assert!(error.contains("1 message(s) could not be sent"), "{error}");
    assert_eq!(eml(&app).len(), 2);

    // The retry (SES is fine again) sends only what was not sent.
    let retried = recap(&app.state, &event).await.unwrap();
    assert_eq!(retried["status"], "succeeded", "{retried}");
    assert_eq!(retried["stats"]["stats"]["sent"], 1, "{retried}");
    assert_eq!(retried["stats"]["stats"]["already_sent"], 2, "{retried}");
    assert_eq!(eml(&app).len(), 3);
    assert_eq!(mails_to(&app, "slow@example.sn").len(), 1);
    let slow = log_rows(&app, "weekly_recap").await;
    assert_eq!(slow.len(), 3);
    assert_eq!(
        slow.iter().find(|r| r.0 == "slow@example.sn").unwrap().1,
        "sent"
    );
}

#[tokio::test]
async fn a_signed_link_stops_that_kind_of_mail_and_forged_ones_are_refused() {
    let app = spawn_app().await;
    let (_, staff) = app.user_with_role("casting@example.sn", "recruiter").await;
    watch(&app, &staff, json!({"last_name": "Sow"})).await;
    casting(
        &app,
        &staff,
        json!({"first_name": "Fatou", "last_name": "Sow"}),
    )
    .await;
    let first = OffsetDateTime::now_utc() + Duration::from_secs(60);
    alerts(&app.state, &at(first)).await.unwrap();
    let text = mails_to(&app, "casting@example.sn").remove(0);
    assert!(text.contains("Nom suivi « Sow »"), "{text}");
    let token = unsubscribe_token(&text);

    // Forged: another kind or another person under the same signature, a changed signature.
    let (user, rest) = token.split_once('.').unwrap();
    let forged = [
        token.replace("watchlist_alert", "weekly_recap"),
        format!("{}.{rest}", user.parse::<i64>().unwrap() + 1),
        format!("{}A", &token[..token.len() - 1]),
        "nonsense".to_owned(),
    ];
    for bad in forged {
        let bad = if bad == token { format!("{bad}x") } else { bad };
        app.call(
            Method::POST,
            "/api/v1/auth/unsubscribe",
            Some(json!({"token": bad})),
            None,
        )
        .await
        .assert_problem(StatusCode::BAD_REQUEST);
    }
    app.call(
        Method::POST,
        "/api/v1/auth/unsubscribe",
        Some(json!({})),
        None,
    )
    .await
    .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    let prefs = app
        .call(
            Method::GET,
            "/api/v1/me/mail-preferences",
            None,
            Some(&staff),
        )
        .await
        .json();
    assert_eq!(prefs[1]["kind"], "watchlist_alert");
    assert_eq!(prefs[1]["subscribed"], true, "nothing changed yet: {prefs}");

    let done = app
        .call(
            Method::POST,
            "/api/v1/auth/unsubscribe",
            Some(json!({"token": token})),
            None,
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    assert_eq!(
        done.json(),
        json!({"kind": "watchlist_alert", "subscribed": false})
    );
    let prefs = app
        .call(
            Method::GET,
            "/api/v1/me/mail-preferences",
            None,
            Some(&staff),
        )
        .await
        .json();
    assert_eq!(prefs[1]["subscribed"], false);
    assert_eq!(prefs[1]["chosen"], true);

    // A new match in the next window: nothing is sent to them.
    casting(
        &app,
        &staff,
        json!({"first_name": "Moussa", "last_name": "Sow"}),
    )
    .await;
    let next = alerts(&app.state, &at(first + Duration::from_secs(60)))
        .await
        .unwrap();
    assert_eq!(next["stats"]["stats"]["recipients"], 0, "{next}");
    assert_eq!(mails_to(&app, "casting@example.sn").len(), 1);

    // The List-Unsubscribe header's one-click link works the same (RFC 8058 POST).
    let (_, header, _) = eml(&app).remove(0);
    let url = header
        .trim_matches(|c| c == '<' || c == '>')
        .trim_start_matches("http://127.0.0.1:3000")
        .to_owned();
    app.call(
        Method::PUT,
        "/api/v1/me/mail-preferences",
        Some(json!({"watchlist_alert": true})),
        Some(&staff),
    )
    .await;
    let one_click = app
        .send_raw(
            Method::POST,
            &url,
            "application/x-www-form-urlencoded",
            "List-Unsubscribe=One-Click",
        )
        .await;
    assert_eq!(one_click.status, StatusCode::OK, "{:?}", one_click.body);
    app.send_raw(
        Method::POST,
        "/api/v1/auth/unsubscribe/one-click?token=1.weekly_recap.AAAA",
        "application/x-www-form-urlencoded",
        "List-Unsubscribe=One-Click",
    )
    .await
    .assert_problem(StatusCode::BAD_REQUEST);
    let prefs = app
        .call(
            Method::GET,
            "/api/v1/me/mail-preferences",
            None,
            Some(&staff),
        )
        .await
        .json();
    assert_eq!(prefs[1]["subscribed"], false);
}

#[tokio::test]
async fn people_read_and_change_their_mail_preferences() {
    let app = spawn_app().await;
    let (_, person) = app.user_with_role("awa@example.sn", "user").await;
    let prefs = app
        .call(
            Method::GET,
            "/api/v1/me/mail-preferences",
            None,
            Some(&person),
        )
        .await;
    assert_eq!(prefs.status, StatusCode::OK);
    let prefs = prefs.json();
    // The recap is opt-in; alerts are on until turned off.
    assert_eq!(prefs[0]["kind"], "weekly_recap");
    assert_eq!(prefs[0]["subscribed"], false);
    assert_eq!(prefs[0]["chosen"], false);
    assert_eq!(prefs[1]["subscribed"], true);

    let changed = app
        .call(
            Method::PUT,
            "/api/v1/me/mail-preferences",
            Some(json!({"weekly_recap": true, "watchlist_alert": false})),
            Some(&person),
        )
        .await
        .json();
    assert_eq!(changed[0]["subscribed"], true);
    assert_eq!(changed[0]["chosen"], true);
    assert_eq!(changed[1]["subscribed"], false);
    // Kinds not named stay.
    let unchanged = app
        .call(
            Method::PUT,
            "/api/v1/me/mail-preferences",
            Some(json!({"weekly_recap": false})),
            Some(&person),
        )
        .await
        .json();
    assert_eq!(unchanged[1]["subscribed"], false);

    for body in [json!({"newsletter": true}), json!({"weekly_recap": "yes"})] {
        app.call(
            Method::PUT,
            "/api/v1/me/mail-preferences",
            Some(body),
            Some(&person),
        )
        .await
        .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    }
    app.call(Method::GET, "/api/v1/me/mail-preferences", None, None)
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);
    app.call(
        Method::PUT,
        "/api/v1/me/mail-preferences",
        Some(json!({"weekly_recap": true})),
        Some(&person.without_csrf()),
    )
    .await
    .assert_problem(StatusCode::FORBIDDEN);
}
