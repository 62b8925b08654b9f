//! A CV's text, tidied for search and for a Postgres `text` column.

/// Text fit for search and for a Postgres `text` column: no control characters (NUL above all)
/// but tabs and newlines, no trailing spaces, at most one blank line in a row, trimmed, and at
/// most `max_bytes` long (cut on a character boundary).
pub(super) fn tidy_text(raw: &str, max_bytes: usize) -> String {
    let mut out = String::new();
    let mut blank_lines = 0;
    for line in raw.lines() {
        let line: String = line
            .chars()
            .filter(|c| *c == '\t' || !c.is_control())
            .collect();
        let line = line.trim_end();
        if line.is_empty() {
            blank_lines += 1;
            if blank_lines > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank_lines = 0;
        }
        out.push_str(line);
        out.push('\n');
        if out.len() > max_bytes {
            break;
        }
    }
    let mut out = out.trim().to_owned();
    if out.len() > max_bytes {
        let mut end = max_bytes;
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        out.truncate(end);
        out.truncate(out.trim_end().len());
    }
    out
}
