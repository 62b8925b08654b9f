//! A load generator for `benches/load.rs`: a fixed number of requests over loopback with a
//! fixed number in flight (what `oha -n N -c C` does), each request's latency and status kept.

use std::{
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use crate::bench::format_duration;

/// What a load run measured.
pub struct LoadReport {
    pub label: String,
    pub requests: usize,
    pub elapsed: Duration,
    /// Sorted.
    pub latencies: Vec<Duration>,
    /// Answers outside 2xx, and requests that got no answer.
    pub errors: Vec<String>,
}

impl LoadReport {
    fn quantile(&self, q: f64) -> Duration {
        let index = ((self.latencies.len() as f64 * q).ceil() as usize).saturating_sub(1);
        self.latencies[index.min(self.latencies.len() - 1)]
    }

    pub fn throughput(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }

    pub fn print(&self) {
        println!(
            "  {:<52} {:>7.0} req/s   p50 {:>9}   p99 {:>9}   errors {}",
            self.label,
            self.throughput(),
            format_duration(self.quantile(0.50)),
            format_duration(self.quantile(0.99)),
            self.errors.len()
        );
        if let Some(first) = self.errors.first() {
            println!("    first error: {first}");
        }
    }
}

/// Sends `requests` requests, `in_flight` at a time; `request(i)` builds the i-th.
pub async fn run<F>(label: &str, requests: usize, in_flight: usize, request: F) -> LoadReport
where
    F: Fn(usize) -> reqwest::RequestBuilder + Send + Sync + 'static,
{
    let request = Arc::new(request);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..in_flight)
        .map(|_| {
            let (request, next) = (request.clone(), next.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= requests {
                        break;
                    }
                    let sent = Instant::now();
                    let outcome = request(i).send().await;
                    let outcome = match outcome {
                        Ok(response) => {
                            let status = response.status();
                            // The whole body, as a client reads it.
                            match response.bytes().await {
                                Ok(_) if status.is_success() => Ok(()),
                                Ok(body) => Err(format!(
                                    "{status}: {}",
                                    String::from_utf8_lossy(&body[..body.len().min(200)])
                                )),
                                Err(e) => Err(format!("reading the body: {e}")),
                            }
                        }
                        Err(e) => Err(format!("no answer: {e}")),
                    };
                    latencies.push(sent.elapsed());
                    if let Err(e) = outcome {
                        errors.push(e);
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(requests);
    let mut errors = Vec::new();
    for worker in workers {
        let (l, e) = worker.await.expect("a load worker");
        latencies.extend(l);
        errors.extend(e);
    }
    let elapsed = started.elapsed();
    latencies.sort();
    LoadReport {
        label: label.to_owned(),
        requests,
        elapsed,
        latencies,
        errors,
    }
}
