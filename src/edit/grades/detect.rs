//! Which platform wrote an export, and which of its columns hold the email,
//! the name and the score, by the headers each platform writes:
//!
//! - Open edX grade report (lms/djangoapps/instructor_task/tasks_helper/grades.py):
//!   `Student ID, Email, Username, Grade`, a column per graded subsection and
//!   `<type> (Avg)`, then `Cohort Name` … `Enrollment Status`; fractions 0–1
//!   and `Not Attempted`. No name: the profile report (`id, username, name,
//!   email, …`) has it.
//! - Canvas gradebook export (lib/gradebook_exporter.rb): `Student` as
//!   "Last, First" (or `LastName, FirstName`), `ID`, `SIS User ID`,
//!   `SIS Login ID`, `Section`, `Title (id)` per assignment, totals such as
//!   `Final Score`, and a second row `Points Possible`. No email.
//! - Moodle grade export (grade/export/lib.php, gradeexportcolumntype
//!   "{name} ({extra})"): `First name`, `Last name` (`Surname` before 4.0),
//!   `Email address`, `<Module>: <item> (Real)` / `(Percentage)`,
//!   `Course total (…)`; `85.00 %`, `-` for no grade.

use super::score::Kind;
use super::table::{simplify, Row, Table};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    OpenEdx,
    Canvas,
    Moodle,
    Other,
}

impl Platform {
    pub fn id(self) -> &'static str {
        match self {
            Platform::OpenEdx => "openedx",
            Platform::Canvas => "canvas",
            Platform::Moodle => "moodle",
            Platform::Other => "csv",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Platform::OpenEdx => "an Open edX grade report",
            Platform::Canvas => "a Canvas gradebook export",
            Platform::Moodle => "a Moodle grade export",
            Platform::Other => "a grade report",
        }
    }
}

pub const EMAIL_HEADERS: &[&str] = &["Email", "Email address", "E-mail"];
pub const SIS_LOGIN_HEADERS: &[&str] = &["SIS Login ID", "Login ID"];
/// The columns two exports can be joined on, most telling first.
pub const JOIN_KEYS: &[&[&str]] = &[EMAIL_HEADERS, &["Username"], SIS_LOGIN_HEADERS, &["Student ID", "id"]];

pub fn platform(t: &Table) -> Platform {
    let has = |n: &str| t.column(n).is_some();
    let ends = |suffix: &str| t.headers.iter().any(|h| simplify(h).ends_with(suffix));
    if has("Student ID") && has("Username") && has("Grade") && t.first_of(EMAIL_HEADERS).is_some() {
        Platform::OpenEdx
    } else if (has("Student") || has("LastName")) && has("SIS Login ID") && has("Section") {
        Platform::Canvas
    } else if (has("First name") && (has("Last name") || has("Surname"))) && (ends("(real)") || ends("(percentage)")) {
        Platform::Moodle
    } else {
        Platform::Other
    }
}

/// Where a learner's name is, in one export.
#[derive(Debug, Clone)]
pub enum Names {
    Column(usize),
    FirstLast(usize, usize),
    /// Canvas's sortable name, "Last, First", shown as "First Last".
    LastCommaFirst(usize),
}

impl Names {
    pub fn find(t: &Table) -> Option<(Names, String)> {
        if let Some((i, h)) = t.first_of(&["name", "Full Name", "Student Name"]) {
            return Some((Names::Column(i), format!("`{h}`")));
        }
        let first = t.first_of(&["First name", "FirstName"]);
        let last = t.first_of(&["Last name", "Surname", "LastName"]);
        if let (Some((f, fh)), Some((l, lh))) = (first, last) {
            return Some((Names::FirstLast(f, l), format!("`{fh}` + `{lh}`")));
        }
        let (i, h) = t.first_of(&["Student"])?;
        Some((Names::LastCommaFirst(i), format!("`{h}` (\"Last, First\" as \"First Last\")")))
    }

    pub fn name(&self, row: &Row) -> Option<String> {
        let name = match *self {
            Names::Column(i) => row.get(i).to_string(),
            Names::FirstLast(f, l) => format!("{} {}", row.get(f), row.get(l)),
            Names::LastCommaFirst(i) => last_comma_first(row.get(i)),
        };
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        (!name.is_empty()).then_some(name)
    }
}

fn last_comma_first(sortable: &str) -> String {
    match sortable.split_once(',') {
        Some((last, first)) => format!("{} {}", first.trim(), last.trim()),
        None => sortable.to_string(),
    }
}

/// The score column a pass mark applies to when --score-column is not given.
pub fn default_score(t: &Table, platform: Platform) -> Option<(usize, String)> {
    match platform {
        Platform::OpenEdx => t.first_of(&["Grade"]),
        Platform::Canvas => t.first_of(&["Final Score", "Current Score", "Unposted Final Score"]),
        Platform::Moodle => t.first_of(&["Course total (Percentage)"]),
        Platform::Other => t.first_of(&["Grade", "Score"]),
    }
}

/// How to read the numbers in column `col`. `points` is Canvas's
/// `Points Possible` row. `detected`: the column was chosen here, not by
/// --score-column, so the platform's own convention applies.
pub fn score_kind(
    t: &Table,
    col: usize,
    platform: Platform,
    points: Option<&Row>,
    detected: bool,
) -> Result<Kind, String> {
    let header = simplify(&t.headers[col]);
    if let Some(max) = points.map(|r| r.get(col)) {
        if let Ok(max) = max.replace(',', ".").parse::<f64>() {
            return match max > 0.0 {
                true => Ok(Kind::Points(max)),
                false => Err(format!("`{}` is worth {max} points: there is nothing to pass", t.headers[col])),
            };
        }
    }
    if header.ends_with("(percentage)") || (platform == Platform::Canvas && header.ends_with(" score")) {
        return Ok(Kind::Percent);
    }
    if header.ends_with("(real)") {
        let percentage = t.headers[col].trim().trim_end_matches("(Real)").trim_end_matches("(real)").trim_end();
        return Err(format!(
            "`{}` holds points and Moodle's export does not say out of how many: export again with the \
             grade display type Percentage as well, and use `{percentage} (Percentage)`",
            t.headers[col]
        ));
    }
    Ok(if detected && platform == Platform::OpenEdx { Kind::Fraction } else { Kind::Auto })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(headers: &[&str]) -> Table {
        Table { headers: headers.iter().map(|h| h.to_string()).collect(), rows: vec![], delimiter: b',' }
    }

    #[test]
    fn platforms_by_their_headers() {
        let edx = table(&["Student ID", "Email", "Username", "Grade", "Homework (Avg)", "Enrollment Track"]);
        assert_eq!(platform(&edx), Platform::OpenEdx);
        let canvas = table(&["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Quiz 1 (4021)"]);
        assert_eq!(platform(&canvas), Platform::Canvas);
        let moodle = table(&["First name", "Surname", "Email address", "Course total (Percentage)"]);
        assert_eq!(platform(&moodle), Platform::Moodle);
        assert_eq!(platform(&table(&["Email", "Score"])), Platform::Other);
    }

    #[test]
    fn names_in_each_shape() {
        let row = |f: &[&str]| Row { line: None, fields: Ok(f.iter().map(|s| s.to_string()).collect()) };
        let canvas = table(&["Student", "ID"]);
        let (names, _) = Names::find(&canvas).unwrap();
        assert_eq!(names.name(&row(&["Müller, Zoë", "1"])).as_deref(), Some("Zoë Müller"));
        assert_eq!(names.name(&row(&["Madonna", "2"])).as_deref(), Some("Madonna"));
        let moodle = table(&["First name", "Last name", "Email address"]);
        let (names, how) = Names::find(&moodle).unwrap();
        assert_eq!(how, "`First name` + `Last name`");
        assert_eq!(names.name(&row(&["José", "Álvarez", "x"])).as_deref(), Some("José Álvarez"));
        assert_eq!(names.name(&row(&["", "", "x"])), None);
        let edx = table(&["id", "username", "name", "email"]);
        assert!(matches!(Names::find(&edx), Some((Names::Column(2), _))));
    }

    #[test]
    fn how_scores_are_read() {
        let t = table(&["Student", "SIS Login ID", "Section", "Quiz (1)", "Final Score", "Essay (Real)"]);
        let points = Row {
            line: None,
            fields: Ok(["Points Possible", "", "", "10", "(read only)", ""].map(String::from).to_vec()),
        };
        assert_eq!(score_kind(&t, 3, Platform::Canvas, Some(&points), false), Ok(Kind::Points(10.0)));
        assert_eq!(score_kind(&t, 4, Platform::Canvas, Some(&points), true), Ok(Kind::Percent));
        assert!(score_kind(&t, 5, Platform::Moodle, None, false).unwrap_err().contains("`Essay (Percentage)`"));
    }
}
