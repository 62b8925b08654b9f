//! `make bench` — exports of the directory at 100k people: `GET /api/v1/exports/users/excel`
//! and `/csv` through the HTTP layer (rows streamed from Postgres into the writer, the file
//! stored and linked when above the inline limit), wall time and this process's peak memory,
//! beside openpyxl (the original product's library) writing the same 100k rows in the same run,
//! in its normal and write-only modes, and Python's `csv` module.

use std::{path::PathBuf, process::Command, time::Instant};

use axum::http::{Method, StatusCode, header};
use taalentio_tests::{
    bench::{Sample, format_duration, report_header, seed_people},
    spawn_app,
};

const PEOPLE: i64 = 100_000;
const RUNS: usize = 5;

/// This process's resident memory and its peak since the last reset, in KiB.
fn memory() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let field = |name: &str| -> u64 {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Resets the peak (VmHWM) to the current resident size.
fn reset_peak() {
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
}

/// The same 100k rows, shaped like the export's (14 columns: text, a date, a number), written
/// by the original product's libraries; rows are generated lazily so only the writer's memory
/// counts. Prints `milliseconds peak_growth_kib bytes` (the peak's growth past the
/// interpreter and its imports, as the Rust figure is this process's growth).
const PYTHON: &str = r#"
import csv, datetime, io, resource, sys, time
mode, n = sys.argv[1], int(sys.argv[2])
first = ["Aminata", "Aïssatou", "Fatou", "Ngozi", "Chinedu", "Kwame", "Bénédicte", "Désiré"]
last = ["Diallo", "Sène", "Ndiaye", "Okafor", "Kouamé", "Traoré", "Keïta", "N'Diaye"]
headers = ["unique_code", "first_name", "last_name", "email", "gender", "date_of_birth", "age",
           "nationality", "country_code", "country", "city", "talents", "preferred_language",
           "registered_at"]
def rows():
    for g in range(n):
        born = datetime.date(1960, 1, 1) + datetime.timedelta(days=g * 37 % 16000)
        yield [f"B{g:07d}", first[g % 8], last[g // 7 % 8], f"bench{g}@example.africa",
               "female", born, 2026 - born.year, None, "SN", "Sénégal", "Dakar",
               "Acteur·rice, Chanteur·euse", "fr", datetime.date(2026, 11, 25)]
if mode != "csv":
    import openpyxl
    from openpyxl.styles import Font
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
out = io.BytesIO()
if mode == "csv":
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow(headers)
    writer.writerows(rows())
    text.flush()
else:
    book = openpyxl.Workbook(write_only=(mode == "write_only"))
    if mode == "write_only":
        sheet = book.create_sheet("users")
        sheet.freeze_panes = "A2"
        sheet.append(headers)
        for row in rows():
            sheet.append(row)
    else:
        sheet = book.active
        sheet.title = "users"
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows():
            sheet.append(row)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:N{n + 1}"
    book.save(out)
elapsed = (time.perf_counter() - start) * 1000
growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(f"{elapsed:.1f} {growth} {len(out.getvalue())}")
"#;

struct Figure {
    sample: Sample,
    peak_kib: u64,
    bytes: usize,
}

fn python(mode: &str) -> Option<Figure> {
    let python = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.local/venv/bin/python");
    let mut sample = Sample::new(&format!("python {mode}"));
    let (mut peak_kib, mut bytes) = (0, 0);
    // Fewer runs: openpyxl's normal mode takes tens of seconds at 100k rows.
    for _ in 0..3 {
        let output = Command::new(&python)
            .arg("-c")
            .arg(PYTHON)
            .args([mode, &PEOPLE.to_string()])
            .output()
            .ok()?;
        if !output.status.success() {
            eprintln!("{}", String::from_utf8_lossy(&output.stderr));
            return None;
        }
        let line = String::from_utf8_lossy(&output.stdout);
        let mut fields = line.split_whitespace();
        let millis: f64 = fields.next()?.parse().ok()?;
        peak_kib = peak_kib.max(fields.next()?.parse().ok()?);
        bytes = fields.next()?.parse().ok()?;
        sample.push(std::time::Duration::from_secs_f64(millis / 1000.0));
    }
    Some(Figure {
        sample,
        peak_kib,
        bytes,
    })
}

fn print(label: &str, figure: &Figure) {
    println!(
        "  {label:<36} p50 {:>10}  peak growth {:>7.1} MB  file {:>6.2} MB",
        format_duration(figure.sample.median()),
        figure.peak_kib as f64 / 1024.0,
        figure.bytes as f64 / 1e6
    );
}

#[tokio::main]
async fn main() {
    report_header("exports of the directory at 100k people");
    let app = spawn_app().await;
    let db = app.db().await;
    seed_people(&db, PEOPLE).await;
    drop(db);
    let (_, recruiter) = app
        .user_with_role("bench-recruiter@example.sn", "recruiter")
        .await;

    for (format, mode) in [("excel", "write_only"), ("csv", "csv")] {
        let path = format!("/api/v1/exports/users/{format}");
        let mut sample = Sample::new(&format!("GET {path}"));
        let (mut growth_kib, mut bytes, mut stored) = (0, 0, false);
        for _ in 0..RUNS {
            reset_peak();
            let (before, _) = memory();
            let start = Instant::now();
            let response = app.call(Method::GET, &path, None, Some(&recruiter)).await;
            sample.push(start.elapsed());
            let (_, peak) = memory();
            growth_kib = growth_kib.max(peak.saturating_sub(before));
            // Above the inline limit: a 303 to the stored file (counted in the time above).
            let file = if response.status == StatusCode::SEE_OTHER {
                stored = true;
                let location = response.headers[header::LOCATION].to_str().unwrap();
                let link = location.strip_prefix("http://127.0.0.1:3000").unwrap();
                app.get(link).await
            } else {
                response
            };
            assert_eq!(file.status, StatusCode::OK);
            bytes = file.body.len();
        }
        let rust = Figure {
            sample,
            peak_kib: growth_kib,
            bytes,
        };
        println!(
            "  [{} rows, {}]",
            PEOPLE + 1,
            if stored { "stored + 303" } else { "inline" }
        );
        print(&format!("taalentio {format}"), &rust);
        let baselines: &[&str] = if format == "excel" {
            &["write_only", "normal"]
        } else {
            &[mode]
        };
        for baseline in baselines {
            match python(baseline) {
                Some(figure) => {
                    print(&format!("baseline: openpyxl/csv {baseline}"), &figure);
                    println!(
                        "    ratio {:.2}x",
                        rust.sample.median().as_secs_f64() / figure.sample.median().as_secs_f64()
                    );
                }
                None => println!("  baseline {baseline}: unavailable (run `make tools`)"),
            }
        }
    }
}
