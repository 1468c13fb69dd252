//! Grade reports: the CSV a course platform exports (`Student ID, Email,
//! Username, Grade, <one column per module…>`), read into the recipients of
//! a badge. Bad rows are reported with their line and why, never guessed.

use super::issue::{EvidenceArg, Recipient, Skipped, Summary};
use crate::model::recipient::check_email;
use crate::util::urls;
use anyhow::{bail, Context as _, Result};
use std::path::Path;

/// Which columns mean what (matched by header, ignoring case and spaces).
#[derive(Debug, Clone)]
pub struct Columns {
    pub email: String,
    pub name: Option<String>,
    pub evidence: Option<String>,
    pub score: Option<String>,
    /// The pass mark as a fraction (0.7 for 70%).
    pub min_score: Option<f64>,
}

/// The rows that qualify, as recipients; the others go to `summary`.
pub fn read(path: &Path, columns: &Columns, summary: &mut Summary) -> Result<Vec<Recipient>> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    // Spreadsheet programs write a byte-order mark; it is not part of the first header.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(bytes);
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
    let headers =
        reader.headers().with_context(|| format!("cannot read the header row of `{}`", path.display()))?.clone();
    let find = |name: &str| -> Result<usize> {
        let wanted = simplify(name);
        headers.iter().position(|h| simplify(h) == wanted).with_context(|| {
            format!(
                "`{}` has no column `{name}`; its columns are: {}",
                path.display(),
                headers.iter().collect::<Vec<_>>().join(", ")
            )
        })
    };
    let email_col = find(&columns.email)?;
    let name_col = columns.name.as_deref().map(find).transpose()?;
    let evidence_col = columns.evidence.as_deref().map(find).transpose()?;
    let score_col = columns.score.as_deref().map(find).transpose()?;
    if score_col.is_some() != columns.min_score.is_some() {
        bail!("--score-column and --min-score go together");
    }

    let mut out = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().and_then(|p| line_at(p.byte()));
                summary.rejected.push(Skipped { line, email: None, why: format!("unreadable row: {e}") });
                continue;
            }
        };
        let line = record.position().and_then(|p| line_at(p.byte()));
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        if record.iter().all(|f| f.trim().is_empty()) {
            summary.rejected.push(Skipped { line, email: None, why: "blank row".into() });
            continue;
        }
        let email = field(email_col);
        let reject = |summary: &mut Summary, why: String| {
            summary.rejected.push(Skipped { line, email: (!email.is_empty()).then(|| email.to_string()), why });
        };
        if email.is_empty() {
            reject(summary, format!("no email in column `{}`", columns.email));
            continue;
        }
        if let Err(why) = check_email(email) {
            reject(summary, why);
            continue;
        }
        if let (Some(col), Some(min)) = (score_col, columns.min_score) {
            let raw = field(col);
            match parse_score(raw) {
                Err(why) => {
                    reject(summary, format!("{} `{}`: {why}", "score in column", headers.get(col).unwrap_or("")));
                    continue;
                }
                Ok(score) if score + 1e-9 < min => {
                    summary.below_threshold.push(Skipped {
                        line,
                        email: Some(email.to_string()),
                        why: format!("score {} is below {}", percent(score), percent(min)),
                    });
                    continue;
                }
                Ok(_) => {}
            }
        }
        let mut evidence = Vec::new();
        if let Some(col) = evidence_col {
            let url = field(col);
            if !url.is_empty() {
                if let Err(why) = urls::one_web_url(url) {
                    reject(summary, format!("evidence `{url}` {why}"));
                    continue;
                }
                evidence.push(EvidenceArg { url: url.to_string(), narrative: None });
            }
        }
        let name = name_col.map(field).filter(|n| !n.is_empty()).map(str::to_string);
        out.push(Recipient { email: email.to_string(), name, evidence, line });
    }
    Ok(out)
}

fn simplify(header: &str) -> String {
    header.trim().to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A score as a fraction: `0.85`, `85%` and `85` all mean 85%. Numbers above
/// 1 are percentages; exactly 1 is full marks either way.
pub fn parse_score(raw: &str) -> Result<f64, String> {
    let s = raw.trim();
    if s.is_empty() {
        return Err("missing score".into());
    }
    let (number, is_percent) = match s.strip_suffix('%') {
        Some(n) => (n.trim(), true),
        None => (s, false),
    };
    let n: f64 = number.replace(',', ".").parse().map_err(|_| format!("`{s}` is not a number"))?;
    if !n.is_finite() || n < 0.0 {
        return Err(format!("`{s}` is not a score"));
    }
    let fraction = if is_percent || n > 1.0 { n / 100.0 } else { n };
    if fraction > 1.0 + 1e-9 {
        return Err(format!("`{s}` is more than 100%"));
    }
    Ok(fraction)
}

fn percent(f: f64) -> String {
    let p = f * 100.0;
    if (p - p.round()).abs() < 1e-9 {
        format!("{}%", p.round())
    } else {
        format!("{p:.1}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores() {
        assert_eq!(parse_score("0.85"), Ok(0.85));
        assert_eq!(parse_score("85%"), Ok(0.85));
        assert_eq!(parse_score(" 85 "), Ok(0.85));
        assert_eq!(parse_score("1"), Ok(1.0));
        assert_eq!(parse_score("100"), Ok(1.0));
        assert_eq!(parse_score("0,7"), Ok(0.7));
        assert!(parse_score("").unwrap_err().contains("missing"));
        assert!(parse_score("n/a").unwrap_err().contains("not a number"));
        assert!(parse_score("150").is_err());
        assert!(parse_score("-3").is_err());
        assert_eq!(percent(0.7), "70%");
        assert_eq!(percent(0.655), "65.5%");
    }
}
