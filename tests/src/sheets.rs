//! Independent readers of exported spreadsheets: openpyxl for xlsx and Python's `csv` module
//! for CSV, run as `python3` (the venv's, first on PATH under `make test`). Each answers JSON.

use std::{
    io::Write,
    process::{Command, Stdio},
};

use serde_json::Value;

const XLSX_READER: &str = r#"
import datetime, io, json, sys
try:
    import openpyxl
except ImportError:
    sys.exit("openpyxl is missing: run the tests through `make test` (it installs infra/requirements.txt into .local/venv)")
book = openpyxl.load_workbook(io.BytesIO(sys.stdin.buffer.read()))
sheet = book.worksheets[0]
def cell(c):
    v = c.value
    if isinstance(v, datetime.datetime):
        v = v.isoformat()
    return {"value": v, "type": c.data_type, "is_date": c.is_date, "format": c.number_format}
print(json.dumps({
    "title": sheet.title,
    "freeze_panes": sheet.freeze_panes,
    "auto_filter": sheet.auto_filter.ref,
    "header_bold": all(c.font.b for c in sheet[1]),
    "widths": {k: d.width for k, d in sheet.column_dimensions.items()},
    "rows": [[cell(c) for c in row] for row in sheet.iter_rows()],
}, ensure_ascii=False))
"#;

const CSV_READER: &str = r#"
import csv, io, json, sys
raw = sys.stdin.buffer.read()
text = raw.decode("utf-8-sig")
print(json.dumps({
    "bom": raw.startswith(b"\xef\xbb\xbf"),
    "crlf": raw.count(b"\n") == raw.count(b"\r\n") and raw.endswith(b"\r\n"),
    "rows": list(csv.reader(io.StringIO(text, newline=""))),
}, ensure_ascii=False))
"#;

fn python(script: &str, input: &[u8]) -> Value {
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 is not on PATH: run the tests through `make test`");
    child.stdin.take().unwrap().write_all(input).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "the Python reader failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// An xlsx file as openpyxl reads it: `title`, `freeze_panes`, `auto_filter`, `header_bold`,
/// `widths`, and `rows` of cells `{value, type, is_date, format}`.
pub fn read_xlsx(bytes: &[u8]) -> Value {
    python(XLSX_READER, bytes)
}

/// A CSV file as Python's `csv` module reads it: `bom`, `crlf` and `rows` (lists of strings).
pub fn read_csv(bytes: &[u8]) -> Value {
    python(CSV_READER, bytes)
}

/// The values of an xlsx reading's rows.
pub fn xlsx_values(sheet: &Value) -> Vec<Vec<Value>> {
    sheet["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            row.as_array()
                .unwrap()
                .iter()
                .map(|c| c["value"].clone())
                .collect()
        })
        .collect()
}
