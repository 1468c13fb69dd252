//! Scores as the platforms write them: Open edX's fractions (`0.85`),
//! Moodle's percentages (`85.00 %`), Canvas's points against the
//! `Points Possible` row (`8.5` of 10), and the marks for work that has no
//! score yet (`Not Attempted`, `-`, blank), which are below any pass mark
//! rather than errors.

/// How the numbers of a score column are to be read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// `0.85`, `85%` or `85`: numbers above 1 are percentages (what the
    /// explicit `--score-column` has always meant).
    Auto,
    /// 0–1, as Open edX writes every grade.
    Fraction,
    /// 0–100, with or without `%` (Moodle's `(Percentage)`, Canvas's totals).
    Percent,
    /// Points out of this many (Canvas's `Points Possible` row).
    Points(f64),
}

impl Kind {
    /// How the summary names it: "fraction 0–1", "points out of 10".
    pub fn describe(self) -> String {
        match self {
            Kind::Auto => "0–1 or a percentage".into(),
            Kind::Fraction => "fraction 0–1".into(),
            Kind::Percent => "percentage".into(),
            Kind::Points(max) => format!("points out of {}", number(max)),
        }
    }
}

/// What a score cell says.
#[derive(Debug, PartialEq)]
pub enum Score {
    /// A fraction of the possible score.
    Got(f64),
    /// No score: not attempted, not available, excused. The text says which.
    NotAttempted(String),
}

/// The words platforms write instead of a score. Canvas's `N/A` (not
/// submitted or hidden) and `EX` (excused) are only read in its layout.
const NOT_ATTEMPTED: &[&str] = &["", "-", "not attempted", "not available"];
const CANVAS_NOT_ATTEMPTED: &[&str] = &["n/a", "ex"];

pub fn read(raw: &str, kind: Kind, canvas: bool) -> Result<Score, String> {
    let s = raw.trim();
    let lower = s.to_lowercase();
    if NOT_ATTEMPTED.contains(&lower.as_str()) || (canvas && CANVAS_NOT_ATTEMPTED.contains(&lower.as_str())) {
        let what = match lower.as_str() {
            "" => "blank".to_string(),
            "ex" => "excused (`EX`)".to_string(),
            _ => format!("`{s}`"),
        };
        return Ok(Score::NotAttempted(what));
    }
    let (digits, is_percent) = match s.strip_suffix('%') {
        Some(n) => (n.trim(), true),
        None => (s, false),
    };
    let n: f64 = digits.replace(',', ".").parse().map_err(|_| format!("`{s}` is not a number"))?;
    if !n.is_finite() || n < 0.0 {
        return Err(format!("`{s}` is not a score"));
    }
    let fraction = match kind {
        _ if is_percent => n / 100.0,
        Kind::Auto if n > 1.0 => n / 100.0,
        Kind::Auto | Kind::Fraction => n,
        Kind::Percent => n / 100.0,
        Kind::Points(max) => n / max,
    };
    if fraction > 1.0 + 1e-9 {
        return Err(match kind {
            Kind::Points(max) => format!("`{s}` is more than the {} points possible", number(max)),
            Kind::Fraction if !is_percent => format!("`{s}` is more than 1 (this column holds fractions 0–1)"),
            _ => format!("`{s}` is more than 100%"),
        });
    }
    Ok(Score::Got(fraction))
}

/// A pass mark or score as a fraction: `0.85`, `85%` and `85` all mean 85%.
/// Numbers above 1 are percentages; exactly 1 is full marks either way.
pub fn parse_score(raw: &str) -> Result<f64, String> {
    match read(raw, Kind::Auto, false)? {
        Score::Got(f) => Ok(f),
        Score::NotAttempted(_) if raw.trim().is_empty() => Err("missing score".into()),
        Score::NotAttempted(what) => Err(format!("{what} is not a score")),
    }
}

pub fn percent(f: f64) -> String {
    format!("{}%", number(f * 100.0))
}

/// A number without noise: `70`, `65.5`, `9.25`.
fn number(n: f64) -> String {
    if (n - n.round()).abs() < 1e-9 {
        format!("{}", n.round())
    } else {
        let s = format!("{n:.2}");
        s.trim_end_matches('0').to_string()
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

    #[test]
    fn each_platform_s_numbers() {
        // Moodle: `85.00 %`, and `85,00 %` where the decimal mark is a comma.
        assert_eq!(read("85.00 %", Kind::Percent, false), Ok(Score::Got(0.85)));
        assert_eq!(read("85,00 %", Kind::Percent, false), Ok(Score::Got(0.85)));
        // A percentage column's `1` is 1%, not full marks.
        assert_eq!(read("1", Kind::Percent, false), Ok(Score::Got(0.01)));
        // Canvas points: 9.5 of 10 is 95%, not 9.5%.
        assert_eq!(read("9.5", Kind::Points(10.0), true), Ok(Score::Got(0.95)));
        assert!(read("12", Kind::Points(10.0), true).unwrap_err().contains("10 points possible"));
        // Open edX fractions.
        assert_eq!(read("0.7", Kind::Fraction, false), Ok(Score::Got(0.7)));
        assert!(read("70", Kind::Fraction, false).unwrap_err().contains("more than 1"));
    }

    #[test]
    fn no_score_is_not_an_error() {
        for s in ["Not Attempted", "not available", "-", "  "] {
            assert!(matches!(read(s, Kind::Fraction, false), Ok(Score::NotAttempted(_))), "{s}");
        }
        assert_eq!(read("EX", Kind::Points(5.0), true), Ok(Score::NotAttempted("excused (`EX`)".into())));
        assert!(matches!(read("N/A", Kind::Points(5.0), true), Ok(Score::NotAttempted(_))));
        // Outside Canvas, `n/a` is not one of the platforms' words.
        assert!(read("n/a", Kind::Auto, false).is_err());
    }

    #[test]
    fn numbers_without_noise() {
        assert_eq!(number(10.0), "10");
        assert_eq!(number(9.25), "9.25");
        assert_eq!(number(65.5), "65.5");
    }
}
