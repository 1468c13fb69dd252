//! Open Badges DateTime values: ISO 8601 with a time and a time zone.

use time::format_description::well_known::{Iso8601, Rfc3339};
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// Parses an OB 2.0 DateTime. The error says what is missing in words a
/// person can act on, because "invalid date" alone does not say that
/// `2024-01-01T00:00:00` lacks only its `Z`.
pub fn parse(s: &str) -> Result<OffsetDateTime, String> {
    if let Some(offset) = offset_out_of_range(s) {
        return Err(format!(
            "`{s}` has the time zone offset `{offset}`, outside -23:59 to +23:59; write a real offset like `+02:00`, or `Z` for UTC"
        ));
    }
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Ok(t);
    }
    if let Ok(t) = OffsetDateTime::parse(s, &Iso8601::DEFAULT) {
        return Ok(t);
    }
    if PrimitiveDateTime::parse(s, &Iso8601::DEFAULT).is_ok() {
        return Err(format!("`{s}` has no time zone; add `Z` for UTC (e.g. `{s}Z`) or an offset like `+02:00`"));
    }
    if time::Date::parse(s, &Iso8601::DEFAULT).is_ok() {
        return Err(format!("`{s}` is a date without a time and time zone; write e.g. `{s}T00:00:00Z`"));
    }
    Err(format!("`{s}` is not an ISO 8601 date-time; write e.g. `2026-03-14T16:00:00Z`"))
}

/// The time zone offset ending a date-time (`+05:30`, `-0800`, `+05`) when
/// its hours are over 23 or its minutes over 59. The `time` crate takes
/// offsets up to ±25:59 (and `+24:00`), which no verifier or clock agrees on.
fn offset_out_of_range(s: &str) -> Option<&str> {
    let (_, time) = s.split_once(['T', 't'])?;
    let sign = time.rfind(['+', '-'])?;
    let offset = &time[sign..];
    let digits: Vec<u32> = offset[1..].chars().filter(|c| *c != ':').map(|c| c.to_digit(10)).collect::<Option<_>>()?;
    let hours = digits.first()? * 10 + digits.get(1)?;
    let minutes = match digits.get(2..4) {
        Some([a, b]) => a * 10 + b,
        _ => 0,
    };
    (hours > 23 || minutes > 59).then_some(offset)
}

/// `14 March 2026`, as shown on pages (in UTC, so a page reads the same everywhere).
/// Pages write dates in their language (`render::i18n::Strings::date`);
/// this is the English of the command line.
pub fn human(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    long(t, "{day} {month} {year}", &t.month().to_string())
}

/// A date in a language's long style: `format` with `{day}`, `{month}`
/// (the month's name, given) and `{year}`, e.g. `{day} de {month} de {year}`.
/// The page script writes dates from the same strings, so a page shows one style.
pub fn long(t: OffsetDateTime, format: &str, month: &str) -> String {
    crate::util::text::fill(format, |part| match part {
        "day" => Some(t.day().to_string()),
        "month" => Some(month.to_string()),
        "year" => Some(t.year().to_string()),
        _ => None,
    })
}

/// `2026-03-14T16:00:00Z`, for machines and `<time datetime>`.
pub fn iso(t: OffsetDateTime) -> String {
    t.to_offset(UtcOffset::UTC).format(&Rfc3339).unwrap_or_default()
}

/// The build's "now": `SOURCE_DATE_EPOCH` when set, so that a build can be
/// reproduced byte for byte; else the clock.
pub fn build_time() -> OffsetDateTime {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| OffsetDateTime::from_unix_timestamp(secs).ok())
        .unwrap_or_else(OffsetDateTime::now_utc)
        .replace_nanosecond(0)
        .unwrap_or_else(|_| OffsetDateTime::now_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_the_validator_accepts() {
        for ok in
            ["2024-01-01T00:00:00Z", "2024-01-01T00:00:00+00:00", "2024-01-01T00:00:00.123+02:00", "20240101T000000Z"]
        {
            assert!(parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn explains_what_is_missing() {
        assert!(parse("2024-01-01T00:00:00").unwrap_err().contains("no time zone"));
        assert!(parse("2024-01-01").unwrap_err().contains("without a time"));
        assert!(parse("yesterday").unwrap_err().contains("not an ISO 8601"));
        assert!(parse("").is_err());
    }

    #[test]
    fn offsets_stay_within_a_day() {
        for ok in [
            "2026-01-01T00:00:00+23:59",
            "2026-01-01T00:00:00-23:59",
            "2026-01-01T00:00:00+05:30",
            "20260101T000000-0800",
        ] {
            assert!(parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "2026-01-01T00:00:00+24:00",
            "2026-01-01T00:00:00+99:99",
            "2026-01-01T00:00:00-25:00",
            "2026-01-01T00:00:00+23:60",
            "2026-01-01T00:00:00+2400",
            "20260101T000000+24",
        ] {
            let why = parse(bad).unwrap_err();
            assert!(why.contains("time zone offset") && why.contains("+02:00"), "{bad}: {why}");
        }
    }

    #[test]
    fn formats() {
        let t = parse("2026-03-14T17:30:00+01:00").unwrap();
        assert_eq!(human(t), "14 March 2026");
        assert_eq!(iso(t), "2026-03-14T16:30:00Z");
    }
}
