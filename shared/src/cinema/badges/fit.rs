//! Text fitted to a box: cleaned, shrunk, wrapped on a few lines, or cut with an ellipsis.

use std::ops::Range;

use super::fonts::{ELLIPSIS, Face};

/// A line of text fitted to its box.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Fitted {
    pub(super) text: String,
    /// Font size, in points.
    pub(super) size: f32,
    /// Width at that size, in points.
    pub(super) width: f32,
}

/// `text` on one line: whitespace runs and control characters become one space, characters
/// the face lacks become `?`.
fn clean(face: &Face, text: &str) -> String {
    let mut clean = String::with_capacity(text.len());
    for word in text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
    {
        if !clean.is_empty() {
            clean.push(' ');
        }
        clean.extend(
            word.chars()
                .map(|c| if face.glyph(c).is_some() { c } else { '?' }),
        );
    }
    clean
}

/// Fits `text` on one line of `max_width` points: at `max_size` when it fits, else shrunk (to a
/// tenth of a point) down to `min_size`, else at `min_size` cut with an ellipsis.
pub(super) fn fit(face: &Face, text: &str, max_width: f32, max_size: f32, min_size: f32) -> Fitted {
    fit_clean(face, clean(face, text), max_width, max_size, min_size)
}

fn fit_clean(face: &Face, text: String, max_width: f32, max_size: f32, min_size: f32) -> Fitted {
    let natural = face.width(&text, 1.0);
    if natural * max_size <= max_width {
        return Fitted {
            width: natural * max_size,
            size: max_size,
            text,
        };
    }
    let mut size = (max_width / natural * 10.0).floor() / 10.0;
    while size >= min_size && natural * size > max_width {
        size -= 0.1;
    }
    if size >= min_size {
        return Fitted {
            width: natural * size,
            size,
            text,
        };
    }
    let budget = max_width / min_size - face.advance(ELLIPSIS);
    let (mut used, mut end) = (0.0, 0);
    for (i, c) in text.char_indices() {
        used += face.advance(c);
        if used > budget {
            break;
        }
        end = i + c.len_utf8();
    }
    let mut cut = text[..end].trim_end().to_owned();
    cut.push(ELLIPSIS);
    let width = face.width(&cut, min_size);
    if width > max_width {
        // A box narrower than an ellipsis: nothing fits.
        return Fitted {
            text: String::new(),
            size: min_size,
            width: 0.0,
        };
    }
    Fitted {
        text: cut,
        size: min_size,
        width,
    }
}

/// Fits `text` on at most `max_lines` lines of `max_width` points, all of one size. One line
/// when it fits there at 80 % of `max_size` or more; else the largest size (by quarter points,
/// down to `min_size`) at which it wraps into `max_lines`, after spaces or else after hyphens
/// too; else, at `min_size`, wrapped with what does not fit cut with an ellipsis.
pub(super) fn fit_lines(
    face: &Face,
    text: &str,
    max_width: f32,
    max_lines: usize,
    max_size: f32,
    min_size: f32,
) -> Vec<Fitted> {
    let text = clean(face, text);
    if text.is_empty() {
        return Vec::new();
    }
    let natural = face.width(&text, 1.0);
    if max_lines <= 1 || natural * (max_size * 0.8).max(min_size) <= max_width {
        return vec![fit_clean(face, text, max_width, max_size, min_size)];
    }
    let at_spaces = pieces(&text, false);
    let at_hyphens = pieces(&text, true);
    let steps = ((max_size - min_size) / 0.25).floor() as usize;
    let sizes = (0..=steps)
        .map(|i| max_size - i as f32 * 0.25)
        .chain([min_size]);
    for size in sizes {
        for pieces in [&at_spaces, &at_hyphens] {
            let lines: Vec<String> = wrap(face, pieces, max_width / size)
                .into_iter()
                .map(|range| joined(pieces, range))
                .collect();
            if lines.len() <= max_lines && lines.iter().all(|l| face.width(l, size) <= max_width) {
                return lines
                    .into_iter()
                    .map(|line| Fitted {
                        width: face.width(&line, size),
                        text: line,
                        size,
                    })
                    .collect();
            }
        }
    }
    // At the smallest size: the first lines as wrapped (a piece too wide alone cut), the rest
    // on the last one, cut.
    let mut ranges = wrap(face, &at_hyphens, max_width / min_size);
    if ranges.len() > max_lines {
        let rest = ranges[max_lines - 1].start..at_hyphens.len();
        ranges.truncate(max_lines - 1);
        ranges.push(rest);
    }
    ranges
        .into_iter()
        .map(|range| {
            fit_clean(
                face,
                joined(&at_hyphens, range),
                max_width,
                min_size,
                min_size,
            )
        })
        .filter(|line| !line.text.is_empty())
        .collect()
}

/// `text` in the pieces a line may end after: "Marie-Thérèse Ba" is "Marie-Thérèse ", "Ba", or
/// with `hyphens` "Marie-", "Thérèse ", "Ba".
fn pieces(text: &str, hyphens: bool) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == ' ' || (hyphens && c == '-') {
            pieces.push(&text[start..i + 1]);
            start = i + 1;
        }
    }
    if start < text.len() {
        pieces.push(&text[start..]);
    }
    pieces
}

fn joined(pieces: &[&str], range: Range<usize>) -> String {
    pieces[range].concat().trim_end().to_owned()
}

/// Greedy wrapping of `pieces` at `width` ems: each line's pieces. A piece wider than that
/// alone is a line of its own.
fn wrap(face: &Face, pieces: &[&str], width: f32) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    for end in 1..pieces.len() {
        if face.width(&joined(pieces, start..end + 1), 1.0) > width {
            lines.push(start..end);
            start = end;
        }
    }
    lines.push(start..pieces.len());
    lines
}
