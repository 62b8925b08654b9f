//! The bench harness: samples of durations, printed beside the baseline measured in the same
//! run, because these machines are shared and noisy and only ratios travel.

use std::{path::PathBuf, process::Command, time::Duration};

pub struct Sample {
    name: String,
    durations: Vec<Duration>,
}

impl Sample {
    pub fn new(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            durations: Vec::new(),
        }
    }

    pub fn named(mut self, name: &str) -> Self {
        self.name = name.to_owned();
        self
    }

    pub fn push(&mut self, duration: Duration) {
        self.durations.push(duration);
    }

    fn quantile(&self, q: f64) -> Duration {
        assert!(!self.durations.is_empty(), "{}: no measurements", self.name);
        let mut sorted = self.durations.clone();
        sorted.sort();
        let index = ((sorted.len() - 1) as f64 * q).round() as usize;
        sorted[index]
    }

    pub fn median(&self) -> Duration {
        self.quantile(0.5)
    }

    pub fn p95(&self) -> Duration {
        self.quantile(0.95)
    }

    /// One line per figure: this sample, its baseline, and the ratio of their medians.
    pub fn print_beside(&self, baseline: &Sample) {
        println!(
            "  {:<48} p50 {:>9} p95 {:>9}  (n={})",
            self.name,
            format_duration(self.median()),
            format_duration(self.p95()),
            self.durations.len()
        );
        println!(
            "    baseline: {:<38} p50 {:>9} p95 {:>9}  (n={})  ratio {:.2}x",
            baseline.name,
            format_duration(baseline.median()),
            format_duration(baseline.p95()),
            baseline.durations.len(),
            self.median().as_secs_f64() / baseline.median().as_secs_f64()
        );
    }
}

pub fn format_duration(duration: Duration) -> String {
    let micros = duration.as_secs_f64() * 1e6;
    if micros < 1000.0 {
        format!("{micros:.0} µs")
    } else {
        format!("{:.2} ms", micros / 1000.0)
    }
}

pub fn report_header(area: &str) {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    println!("== taalentio bench: {area} ({cores} cores) ==");
}

/// Runs a Python snippet with the project's venv; each line it prints is one measurement in
/// milliseconds. `None` when the venv or the library is missing.
pub fn python_baseline(script: &str, args: &[&str]) -> Option<Sample> {
    let python = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.local/venv/bin/python");
    let output = Command::new(python)
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .ok()?;
    if !output.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
        return None;
    }
    let mut sample = Sample::new("python");
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let millis: f64 = line.trim().parse().ok()?;
        sample.push(Duration::from_secs_f64(millis / 1000.0));
    }
    Some(sample)
}
