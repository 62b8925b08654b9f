//! One table written row by row as xlsx or CSV, whatever the source.
//!
//! The file is written to a temporary file, never whole in memory ([`FileBody::Spooled`]).
//! xlsx: a constant-memory worksheet (rows stream to a temporary file, not the heap), a bold
//! frozen header row, an autofilter over the data, column widths, and typed cells: dates are
//! Excel dates with a date format, numbers are numbers, and text is always written as a string,
//! never a formula. CSV: RFC 4180 with CRLF line ends, UTF-8 with a BOM (so Excel reads accents
//! right), and text that Excel would take for a formula prefixed with `'`.

use std::{fs::File, io::BufWriter};

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
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

fn xlsx_error(e: XlsxError) -> Error {
    Error::Internal(anyhow::anyhow!("writing the xlsx export: {e}"))
}

fn csv_error(e: csv::Error) -> Error {
    Error::Internal(anyhow::anyhow!("writing the CSV export: {e}"))
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
    writer: csv::Writer<BufWriter<File>>,
    /// Where the writer writes (its own handle on the same file).
    spool: NamedTempFile,
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
                let mut file = BufWriter::new(spool.reopen().map_err(spool_error)?);
                // The BOM goes first: Excel reads a CSV without one in the locale's code page.
                std::io::Write::write_all(&mut file, b"\xEF\xBB\xBF").map_err(spool_error)?;
                let mut writer = csv::WriterBuilder::new()
                    .terminator(csv::Terminator::CRLF)
                    .from_writer(file);
                writer
                    .write_record(columns.iter().map(|c| c.header))
                    .map_err(csv_error)?;
                Ok(Sheet::Csv(Box::new(CsvSheet { writer, spool })))
            }
        }
    }

    pub fn row(&mut self, cells: &[Cell]) -> Result<(), Error> {
        match self {
            Sheet::Xlsx(xlsx) => xlsx.row(cells).map_err(xlsx_error),
            Sheet::Csv(csv) => {
                let fields = cells.iter().map(|cell| match cell {
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
                });
                csv.writer.write_record(fields).map_err(csv_error)
            }
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
                let spool = NamedTempFile::new().map_err(spool_error)?;
                xlsx.workbook.save(spool.path()).map_err(xlsx_error)?;
                Ok(FileBody::Spooled(spool))
            }
            Sheet::Csv(csv) => {
                let CsvSheet { writer, spool } = *csv;
                let file = writer
                    .into_inner()
                    .map_err(|e| Error::Internal(anyhow::anyhow!("writing the CSV export: {e}")))?;
                // Flushed: what follows reads the file by its path.
                file.into_inner().map_err(|e| spool_error(e.into_error()))?;
                Ok(FileBody::Spooled(spool))
            }
        }
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
