//! One table written row by row as xlsx or CSV, whatever the source.
//!
//! The file is written to a temporary file, never whole in memory ([`FileBody::Spooled`]).
//! xlsx: a constant-memory worksheet (rows stream to a temporary file, not the heap), a bold
//! frozen header row, an autofilter over the data, column widths, and typed cells: dates are
//! Excel dates with a date format, numbers are numbers, and text is always written as a string,
//! never a formula. CSV: RFC 4180 with CRLF line ends, UTF-8 with a BOM (so Excel reads accents
//! right), and text that Excel would take for a formula prefixed with `'`.

use std::{
    fs::File,
    io::{BufWriter, Write},
};

use rust_xlsxwriter::{ExcelDateTime, Format as CellFormat, Workbook, XlsxError};
use tempfile::NamedTempFile;
use time::{Date, OffsetDateTime};

use crate::{Error, downloads::FileBody};

use super::Format;

/// A column: its header and its width in xlsx (characters).
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub header: &'static str,
    pub width: f64,
}

pub const fn column(header: &'static str, width: f64) -> Column {
    Column { header, width }
}

/// One cell, typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text from people (names, places): never a formula.
    Text(String),
    Number(f64),
    Date(Date),
    /// Written in UTC.
    DateTime(OffsetDateTime),
    Empty,
}

impl From<Option<String>> for Cell {
    fn from(value: Option<String>) -> Self {
        value
            .filter(|s| !s.is_empty())
            .map_or(Cell::Empty, Cell::Text)
    }
}

impl From<String> for Cell {
    fn from(value: String) -> Self {
        Cell::Text(value)
    }
}

impl From<Option<Date>> for Cell {
    fn from(value: Option<Date>) -> Self {
        value.map_or(Cell::Empty, Cell::Date)
    }
}

impl From<Option<OffsetDateTime>> for Cell {
    fn from(value: Option<OffsetDateTime>) -> Self {
        value.map_or(Cell::Empty, Cell::DateTime)
    }
}

impl From<Option<i32>> for Cell {
    fn from(value: Option<i32>) -> Self {
        value.map_or(Cell::Empty, |n| Cell::Number(n.into()))
    }
}

impl From<Option<i16>> for Cell {
    fn from(value: Option<i16>) -> Self {
        value.map_or(Cell::Empty, |n| Cell::Number(n.into()))
    }
}

/// Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return
/// before one), made inert with a leading `'` (OWASP's advice for CSV injection).
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    if is_formula(text) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

fn is_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

fn xlsx_error(e: XlsxError) -> Error {
    Error::Internal(anyhow::anyhow!("writing the xlsx export: {e}"))
}

fn spool_error(e: std::io::Error) -> Error {
    Error::Internal(anyhow::anyhow!(
        "writing the export to a temporary file: {e}"
    ))
}

/// A table being written.
pub enum Sheet {
    Xlsx(Box<XlsxSheet>),
    Csv(Box<CsvSheet>),
}

pub struct CsvSheet {
    writer: BufWriter<File>,
    /// Where the writer writes (its own handle on the same file).
    spool: NamedTempFile,
    /// A row's cells, all but the first, follow a comma.
    single_column: bool,
}

/// The write buffer of an export: large enough that the file is written in few system
/// calls, small enough to keep memory flat.
const WRITE_BUFFER: usize = 256 * 1024;

/// Bytes that make a CSV field need quotes (RFC 4180; as the `csv` crate's
/// `QuoteStyle::Necessary` with a comma delimiter and CRLF terminator decides).
fn needs_quotes(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .any(|&b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
}

/// Text as one CSV field, written straight to `out`: quoted when it must be (inner quotes
/// doubled), and prefixed with `'` when a spreadsheet would run it as a formula
/// ([`neutralise`]), in one pass and without an intermediate string.
fn write_text(out: &mut impl Write, text: &str) -> std::io::Result<()> {
    write_field(out, text.as_bytes(), is_formula(text))
}

/// One CSV field, quoted when it must be, after a `'` when `guard`.
fn write_field(out: &mut impl Write, bytes: &[u8], guard: bool) -> std::io::Result<()> {
    if !needs_quotes(bytes) {
        if guard {
            out.write_all(b"'")?;
        }
        return out.write_all(bytes);
    }
    out.write_all(if guard { b"\"'" } else { b"\"" })?;
    let mut rest = bytes;
    while let Some(at) = rest.iter().position(|&b| b == b'"') {
        out.write_all(&rest[..=at])?;
        out.write_all(b"\"")?;
        rest = &rest[at + 1..];
    }
    out.write_all(rest)?;
    out.write_all(b"\"")
}

/// `n` as Rust's `Display` writes it (`42`, `1.5`): whole numbers without the float
/// formatting machinery.
fn write_number(out: &mut impl Write, n: f64) -> std::io::Result<()> {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        write!(out, "{}", n as i64)
    } else {
        write!(out, "{n}")
    }
}

/// A date as `YYYY-MM-DD` (`time`'s `Display` for years 0 to 9999).
fn write_date(out: &mut impl Write, date: Date) -> std::io::Result<()> {
    let year = date.year();
    if !(0..=9999).contains(&year) {
        return write!(out, "{date}");
    }
    let (month, day) = (date.month() as u8, date.day());
    let digits = [
        b'0' + (year / 1000) as u8,
        b'0' + (year / 100 % 10) as u8,
        b'0' + (year / 10 % 10) as u8,
        b'0' + (year % 10) as u8,
        b'-',
        b'0' + month / 10,
        b'0' + month % 10,
        b'-',
        b'0' + day / 10,
        b'0' + day % 10,
    ];
    out.write_all(&digits)
}

/// A moment as `YYYY-MM-DD hh:mm:ss` in UTC.
fn write_datetime(out: &mut impl Write, at: OffsetDateTime) -> std::io::Result<()> {
    let at = at.to_offset(time::UtcOffset::UTC);
    write_date(out, at.date())?;
    let (h, m, s) = (at.hour(), at.minute(), at.second());
    out.write_all(&[
        b' ',
        b'0' + h / 10,
        b'0' + h % 10,
        b':',
        b'0' + m / 10,
        b'0' + m % 10,
        b':',
        b'0' + s / 10,
        b'0' + s % 10,
    ])
}

pub struct XlsxSheet {
    workbook: Workbook,
    /// The last row written (0: the header).
    last_row: u32,
    columns: u16,
    date: CellFormat,
    datetime: CellFormat,
}

impl Sheet {
    /// A table with its header row written; `title` names the xlsx worksheet.
    pub fn new(format: Format, title: &str, columns: &[Column]) -> Result<Self, Error> {
        match format {
            Format::Xlsx => {
                let mut workbook = Workbook::new();
                let bold = CellFormat::new().set_bold();
                let sheet = workbook
                    .add_worksheet_with_constant_memory()
                    .map_err(xlsx_error)?;
                // Excel's limit on a sheet name.
                let name: String = title.chars().take(31).collect();
                sheet.set_name(name).map_err(xlsx_error)?;
                for (i, column) in (0u16..).zip(columns) {
                    sheet
                        .set_column_width(i, column.width)
                        .map_err(xlsx_error)?;
                    sheet
                        .write_string_with_format(0, i, column.header, &bold)
                        .map_err(xlsx_error)?;
                }
                sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
                Ok(Sheet::Xlsx(Box::new(XlsxSheet {
                    workbook,
                    last_row: 0,
                    columns: columns.len() as u16,
                    date: CellFormat::new().set_num_format("yyyy-mm-dd"),
                    datetime: CellFormat::new().set_num_format("yyyy-mm-dd hh:mm"),
                })))
            }
            Format::Csv => {
                let spool = NamedTempFile::new().map_err(spool_error)?;
                let writer =
                    BufWriter::with_capacity(WRITE_BUFFER, spool.reopen().map_err(spool_error)?);
                let mut sheet = CsvSheet {
                    writer,
                    spool,
                    single_column: columns.len() == 1,
                };
                // The BOM goes first: Excel reads a CSV without one in the locale's code page.
                sheet
                    .writer
                    .write_all(b"\xEF\xBB\xBF")
                    .map_err(spool_error)?;
                sheet.header(columns).map_err(spool_error)?;
                Ok(Sheet::Csv(Box::new(sheet)))
            }
        }
    }

    pub fn row(&mut self, cells: &[Cell]) -> Result<(), Error> {
        match self {
            Sheet::Xlsx(xlsx) => xlsx.row(cells).map_err(xlsx_error),
            Sheet::Csv(csv) => csv.row(cells).map_err(spool_error),
        }
    }

    /// The finished file, on disk.
    pub fn finish(self) -> Result<FileBody, Error> {
        match self {
            Sheet::Xlsx(mut xlsx) => {
                let (last_row, last_column) = (xlsx.last_row, xlsx.columns.saturating_sub(1));
                let sheet = xlsx.workbook.worksheet_from_index(0).map_err(xlsx_error)?;
                sheet
                    .autofilter(0, 0, last_row, last_column)
                    .map_err(xlsx_error)?;
                // Level 3, as Excel itself writes: most of the time saving takes is deflating
                // the sheet, and level 6 (the default) costs much more for a file barely smaller.
                xlsx.workbook.set_zip_compression_level(3);
                let spool = NamedTempFile::new().map_err(spool_error)?;
                let mut file =
                    BufWriter::with_capacity(WRITE_BUFFER, spool.reopen().map_err(spool_error)?);
                xlsx.workbook
                    .save_to_writer(&mut file)
                    .map_err(xlsx_error)?;
                file.into_inner().map_err(|e| spool_error(e.into_error()))?;
                Ok(FileBody::Spooled(spool))
            }
            Sheet::Csv(csv) => {
                let CsvSheet { writer, spool, .. } = *csv;
                // Flushed: what follows reads the file by its path.
                writer
                    .into_inner()
                    .map_err(|e| spool_error(e.into_error()))?;
                Ok(FileBody::Spooled(spool))
            }
        }
    }
}

impl CsvSheet {
    /// The header record, as written (our own names, never guarded).
    fn header(&mut self, columns: &[Column]) -> std::io::Result<()> {
        for (i, column) in columns.iter().enumerate() {
            if i > 0 {
                self.writer.write_all(b",")?;
            }
            write_field(&mut self.writer, column.header.as_bytes(), false)?;
        }
        self.writer.write_all(b"\r\n")
    }

    /// One record: the cells comma-separated, then CRLF.
    fn row(&mut self, cells: &[Cell]) -> std::io::Result<()> {
        let out = &mut self.writer;
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            match cell {
                Cell::Text(text) => write_text(out, text)?,
                Cell::Number(n) => write_number(out, *n)?,
                Cell::Date(date) => write_date(out, *date)?,
                Cell::DateTime(at) => write_datetime(out, *at)?,
                Cell::Empty => {}
            }
        }
        // A record of one empty field is `""`, or it would read as no record at all.
        if self.single_column && matches!(cells, [Cell::Empty] | []) {
            out.write_all(b"\"\"")?;
        }
        out.write_all(b"\r\n")
    }
}

impl XlsxSheet {
    fn row(&mut self, cells: &[Cell]) -> Result<(), XlsxError> {
        let row = self.last_row + 1;
        let sheet = self.workbook.worksheet_from_index(0)?;
        for (column, cell) in (0u16..).zip(cells) {
            match cell {
                // A string cell, whatever it starts with: xlsx never evaluates it.
                Cell::Text(text) => {
                    sheet.write_string(row, column, text)?;
                }
                Cell::Number(n) => {
                    sheet.write_number(row, column, *n)?;
                }
                Cell::Date(date) => {
                    let date = ExcelDateTime::from_ymd(
                        date.year() as u16,
                        date.month() as u8,
                        date.day(),
                    )?;
                    sheet.write_date_with_format(row, column, &date, &self.date)?;
                }
                Cell::DateTime(at) => {
                    let at = at.to_offset(time::UtcOffset::UTC);
                    let when =
                        ExcelDateTime::from_ymd(at.year() as u16, at.month() as u8, at.day())?
                            .and_hms(at.hour().into(), at.minute(), at.second())?;
                    sheet.write_datetime_with_format(row, column, &when, &self.datetime)?;
                }
                Cell::Empty => {}
            }
        }
        self.last_row = row;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_looking_text_is_made_inert() {
        for text in ["=1+1", "+33 6", "-2", "@SUM(A1)", "\t=x"] {
            assert_eq!(neutralise(text), format!("'{text}"));
        }
        assert_eq!(neutralise("Aïssatou"), "Aïssatou");
        assert_eq!(neutralise("O'Neil = 3"), "O'Neil = 3");
    }

    /// The bytes of a CSV export of `rows`, read from its file.
    fn csv_bytes(columns: &[Column], rows: &[Vec<Cell>]) -> Vec<u8> {
        let mut sheet = Sheet::new(Format::Csv, "t", columns).unwrap();
        for row in rows {
            sheet.row(row).unwrap();
        }
        let FileBody::Spooled(file) = sheet.finish().unwrap() else {
            panic!("a sheet is written to disk");
        };
        std::fs::read(file.path()).unwrap()
    }

    #[test]
    fn csv_is_what_the_csv_crate_writes_of_the_neutralised_fields() {
        let texts = [
            "plain",
            "",
            "a,b",
            "say \"hi\"",
            "\"",
            "line\nbreak",
            "cr\rhere",
            "=1+1",
            "=HYPERLINK(\"x\",\"y\")",
            "+33 6, 12",
            "-2",
            "@SUM(A1)",
            "\t=x",
            "\r\n=x",
            "Kouamé, \"Béné\"",
            "O'Neil = 3",
            "ends with quote\"",
        ];
        let columns = [column("text", 10.0), column("n", 5.0), column("when", 10.0)];
        let at = time::macros::datetime!(2026-12-04 09:05:07 +01:00);
        let rows: Vec<Vec<Cell>> = texts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                vec![
                    Cell::Text((*text).into()),
                    [
                        Cell::Number(42.0),
                        Cell::Number(-1.5),
                        Cell::Number(0.0),
                        Cell::Empty,
                        Cell::Number(1e20),
                    ][i % 5]
                        .clone(),
                    [
                        Cell::Date(time::macros::date!(1990 - 02 - 03)),
                        Cell::DateTime(at),
                        Cell::Date(time::macros::date!(0012 - 11 - 30)),
                        Cell::Empty,
                    ][i % 4]
                        .clone(),
                ]
            })
            .collect();

        let mut expected = b"\xEF\xBB\xBF".to_vec();
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut expected);
        writer
            .write_record(columns.iter().map(|c| c.header))
            .unwrap();
        for row in &rows {
            writer
                .write_record(row.iter().map(|cell| match cell {
                    Cell::Text(text) => neutralise(text).into_owned(),
                    Cell::Number(n) => n.to_string(),
                    Cell::Date(date) => date.to_string(),
                    Cell::DateTime(at) => {
                        let at = at.to_offset(time::UtcOffset::UTC);
                        format!(
                            "{} {:02}:{:02}:{:02}",
                            at.date(),
                            at.hour(),
                            at.minute(),
                            at.second()
                        )
                    }
                    Cell::Empty => String::new(),
                }))
                .unwrap();
        }
        drop(writer);
        assert_eq!(
            String::from_utf8(csv_bytes(&columns, &rows)).unwrap(),
            String::from_utf8(expected).unwrap()
        );
        // One column: an empty field is written `""`, as the csv crate does.
        assert_eq!(
            csv_bytes(&[column("only", 5.0)], &[vec![Cell::Empty]]),
            b"\xEF\xBB\xBFonly\r\n\"\"\r\n"
        );
    }

    #[test]
    fn csv_has_a_bom_crlf_and_quotes_what_needs_it() {
        let mut sheet = Sheet::new(
            Format::Csv,
            "t",
            &[column("name", 10.0), column("born", 10.0)],
        )
        .unwrap();
        sheet
            .row(&[
                Cell::Text("Kouamé, \"Béné\"".into()),
                Cell::Date(time::macros::date!(1990 - 02 - 03)),
            ])
            .unwrap();
        let FileBody::Spooled(file) = sheet.finish().unwrap() else {
            panic!("a sheet is written to disk");
        };
        let bytes = std::fs::read(file.path()).unwrap();
        assert_eq!(
            bytes,
            "\u{feff}name,born\r\n\"Kouamé, \"\"Béné\"\"\",1990-02-03\r\n".as_bytes()
        );
    }
}
