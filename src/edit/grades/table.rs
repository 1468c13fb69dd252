//! A CSV export as a table: its header row and its records, each with the
//! line it starts on, whatever its delimiter (`,`, `;` where the decimal mark
//! is a comma, or tab) and with or without a byte-order mark.

use anyhow::{Context as _, Result};
use std::path::Path;

pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
    pub delimiter: u8,
}

pub struct Row {
    /// The line the record starts on, as an editor shows it.
    pub line: Option<u64>,
    /// The fields, trimmed; or why the record could not be read.
    pub fields: Result<Vec<String>, String>,
}

impl Row {
    /// The field in column `i` (empty when the row is short or unreadable).
    pub fn get(&self, i: usize) -> &str {
        self.fields.as_ref().ok().and_then(|f| f.get(i)).map(String::as_str).unwrap_or("")
    }
}

impl Table {
    /// The column whose header is `name`, ignoring case, spaces and `_`.
    pub fn column(&self, name: &str) -> Option<usize> {
        let wanted = simplify(name);
        self.headers.iter().position(|h| simplify(h) == wanted)
    }

    /// The first of `names` this table has, with its header as written.
    pub fn first_of(&self, names: &[&str]) -> Option<(usize, String)> {
        names.iter().find_map(|n| self.column(n)).map(|i| (i, self.headers[i].clone()))
    }
}

/// Headers compared as people read them: `Email address` = `email_address`.
pub fn simplify(header: &str) -> String {
    header.replace('_', " ").to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn delimiter_name(d: u8) -> &'static str {
    match d {
        b';' => "semicolon-separated",
        b'\t' => "tab-separated",
        _ => "comma-separated",
    }
}

/// `,` `;` `tab` (or a literal tab), as given to --delimiter.
pub fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "," | "comma" => Ok(b','),
        ";" | "semicolon" => Ok(b';'),
        "\t" | "tab" | "\\t" => Ok(b'\t'),
        _ => Err(format!("`{s}` is not a delimiter: give `,`, `;` or `tab`")),
    }
}

pub fn read(path: &Path, delimiter: Option<u8>) -> Result<Table> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    // Spreadsheet programs write a byte-order mark; it is not part of the first header.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let delimiter = delimiter.unwrap_or_else(|| detect_delimiter(bytes));
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).trim(csv::Trim::All).from_reader(bytes);
    // The line a record starts on, as an editor shows it. The csv crate's
    // position is where the previous record ended (and it does not count
    // blank lines), so skip the line breaks from there and count the rest.
    let line_at = |byte: u64| {
        let mut start = (byte as usize).min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        Some(bytes[..start].iter().filter(|&&b| b == b'\n').count() as u64 + 1)
    };
    let headers = reader
        .headers()
        .with_context(|| format!("cannot read the header row of `{}`", path.display()))?
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|record| match record {
            Ok(r) => Row {
                line: r.position().and_then(|p| line_at(p.byte())),
                fields: Ok(r.iter().map(|f| f.trim().to_string()).collect()),
            },
            Err(e) => {
                Row { line: e.position().and_then(|p| line_at(p.byte())), fields: Err(format!("unreadable row: {e}")) }
            }
        })
        .collect();
    Ok(Table { headers, rows, delimiter })
}

/// The delimiter the header row uses most, outside quotes (comma if none).
fn detect_delimiter(bytes: &[u8]) -> u8 {
    let mut counts = [(b',', 0), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for &b in bytes {
        if b == b'\n' && !quoted {
            break;
        } else if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in counts.iter_mut() {
                if b == *d {
                    *n += 1;
                }
            }
        }
    }
    // `max_by_key` keeps the last of equals; comma wins ties by coming last.
    counts.reverse();
    counts.iter().max_by_key(|(_, n)| *n).map(|(d, _)| *d).unwrap_or(b',')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_detected_from_the_header_row() {
        assert_eq!(detect_delimiter(b"Student ID,Email,Grade\n1;2;3;4;5\n"), b',');
        assert_eq!(detect_delimiter(b"First name;Surname;\"Quiz: a, b (Real)\"\n"), b';');
        assert_eq!(detect_delimiter(b"First name\tLast name\tEmail address\n"), b'\t');
        assert_eq!(detect_delimiter(b"Email\n"), b',');
        assert_eq!(parse_delimiter("tab"), Ok(b'\t'));
        assert!(parse_delimiter("|").is_err());
    }

    #[test]
    fn headers_match_as_people_read_them() {
        assert_eq!(simplify("  Email_Address "), "email address");
        assert_eq!(simplify("SIS  Login ID"), "sis login id");
    }
}
