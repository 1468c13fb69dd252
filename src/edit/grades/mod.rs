//! Grade reports as the platforms export them (Open edX, Canvas, Moodle, or
//! any CSV with an email column), read into the recipients of a badge. The
//! layout is recognised by its headers; explicit column flags win. Bad rows
//! are reported with their line and why, never guessed.

mod detect;
mod people;
mod score;
mod table;

pub use score::parse_score;
pub use table::parse_delimiter;

use super::issue::{EvidenceArg, ReadAs, Recipient, Skipped, Summary};
use crate::model::recipient::check_email;
use crate::util::urls;
use anyhow::{bail, Result};
use detect::{Names, Platform};
use people::People;
use score::{percent, Kind, Score};
use std::path::{Path, PathBuf};
use table::{Row, Table};

/// Which columns mean what (matched by header, ignoring case and spaces);
/// what is not given is recognised from the layout.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    pub email: Option<String>,
    pub name: Option<String>,
    pub evidence: Option<String>,
    pub score: Option<String>,
    /// The pass mark as a fraction (0.7 for 70%).
    pub min_score: Option<f64>,
    /// A second export with names and/or emails (`--people`).
    pub people: Option<PathBuf>,
    /// `,` `;` or tab; detected from the header row when not given.
    pub delimiter: Option<u8>,
}

/// Where the email comes from, row by row.
struct Emails {
    grades: Option<usize>,
    people: Option<usize>,
    /// Canvas's `SIS Login ID`, when it holds an email address.
    sis_login: Option<usize>,
}

/// A column of the grade report or of the people file.
#[derive(Clone, Copy)]
enum In {
    Grades(usize),
    People(usize),
}

/// Which of the two files names are read from.
#[derive(Clone, Copy)]
enum Side {
    Grades,
    People,
}

/// The rows that qualify, as recipients; the others go to `summary`, and
/// how the file was read to `summary.read_as`.
pub fn read(path: &Path, columns: &Columns, summary: &mut Summary) -> Result<Vec<Recipient>> {
    let grades = table::read(path, columns.delimiter)?;
    let platform = detect::platform(&grades);
    let people = match &columns.people {
        Some(p) => {
            let t = table::read(p, None)?;
            Some(People::join(&grades, t, file_name(p))?)
        }
        None => None,
    };
    let not_found = |name: &str| {
        let mut msg =
            format!("`{}` has no column `{name}`; its columns are: {}", path.display(), grades.headers.join(", "));
        if let Some(p) = &people {
            msg += &format!("; `{}`'s are: {}", p.file, p.table.headers.join(", "));
        }
        anyhow::anyhow!(msg)
    };
    // Explicit flags name a column of the grade report, or of the people file.
    let find = |name: &str| -> Result<In> {
        if let Some(i) = grades.column(name) {
            return Ok(In::Grades(i));
        }
        people.as_ref().and_then(|p| p.table.column(name)).map(In::People).ok_or_else(|| not_found(name))
    };
    let mut said = Vec::new();

    // Email.
    let emails = match &columns.email {
        Some(name) => match find(name)? {
            In::Grades(i) => Emails { grades: Some(i), people: None, sis_login: None },
            In::People(i) => Emails { grades: None, people: Some(i), sis_login: None },
        },
        None => Emails {
            grades: grades.first_of(detect::EMAIL_HEADERS).map(|c| c.0),
            people: people.as_ref().and_then(|p| p.table.first_of(detect::EMAIL_HEADERS)).map(|c| c.0),
            sis_login: grades.first_of(detect::SIS_LOGIN_HEADERS).map(|c| c.0),
        },
    };
    let people_file = people.as_ref().map(|p| p.file.clone()).unwrap_or_default();
    let mut email_said = Vec::new();
    if let Some(i) = emails.grades {
        email_said.push(format!("`{}`", grades.headers[i]));
    }
    if let (Some(i), Some(p)) = (emails.people, &people) {
        email_said.push(format!("`{}` in {people_file}", p.table.headers[i]));
    }
    if let Some(i) = emails.sis_login {
        email_said.push(format!("`{}` when it is an email address", grades.headers[i]));
    }
    if email_said.is_empty() {
        bail!(
            "`{}` has no email column (looked for {}); give --email-column, or --people FILE with an email \
             column and a column this report shares (Username, SIS Login ID, Student ID); its columns are: {}",
            path.display(),
            detect::EMAIL_HEADERS.join(", "),
            grades.headers.join(", ")
        );
    }
    if let (None, None, Some(i)) = (emails.grades, emails.people, emails.sis_login) {
        if !grades.rows.iter().any(|r| r.get(i).contains('@')) {
            bail!(
                "`{}` has no email column and its `{}` holds no email addresses (a Canvas gradebook has \
                 none): give --people FILE, a file with `{}` and `Email` columns such as a roster export",
                path.display(),
                grades.headers[i],
                grades.headers[i]
            );
        }
    }
    said.push(format!("email from {}", email_said.join(", else ")));

    // Names.
    let (names, name_said) = match &columns.name {
        Some(name) => match find(name)? {
            In::Grades(i) => (Some((Side::Grades, Names::Column(i))), Some(format!("`{name}`"))),
            In::People(i) => (Some((Side::People, Names::Column(i))), Some(format!("`{name}` in {people_file}"))),
        },
        None => match (Names::find(&grades), people.as_ref().and_then(|p| p.names.clone())) {
            (Some((n, said)), _) => (Some((Side::Grades, n)), Some(said)),
            (None, Some((n, said))) => (Some((Side::People, n)), Some(format!("{said} in {people_file}"))),
            (None, None) => (None, None),
        },
    };
    said.push(match &name_said {
        Some(n) => format!("names from {n}"),
        None => "no names (no name column: give --name-column, or --people with one)".into(),
    });
    if let Some(p) = &people {
        said.push(format!("{} joined on `{}`", p.file, p.key));
    }

    // The score and the pass mark.
    let evidence_col = columns.evidence.as_deref().map(|n| grades.column(n).ok_or_else(|| not_found(n))).transpose()?;
    let points = (platform == Platform::Canvas).then(|| points_row(&grades)).flatten();
    let score = match (columns.min_score, &columns.score) {
        (None, Some(_)) => bail!("--score-column and --min-score go together"),
        (None, None) => None,
        (Some(min), Some(name)) => {
            let col = grades.column(name).ok_or_else(|| not_found(name))?;
            let kind = detect::score_kind(&grades, col, platform, points.map(|p| &grades.rows[p]), false)
                .map_err(anyhow::Error::msg)?;
            Some((col, kind, min))
        }
        (Some(min), None) => {
            let Some((col, _)) = detect::default_score(&grades, platform) else {
                bail!(
                    "--min-score: which column is the score? `{}` has none of Grade, Final Score, \
                     Course total (Percentage); give --score-column (its columns are: {})",
                    path.display(),
                    grades.headers.join(", ")
                );
            };
            let kind = detect::score_kind(&grades, col, platform, points.map(|p| &grades.rows[p]), true)
                .map_err(anyhow::Error::msg)?;
            Some((col, kind, min))
        }
    };
    if let Some((col, kind, min)) = score {
        said.push(format!("score from `{}` ({}), pass mark {}", grades.headers[col], kind.describe(), percent(min)));
    }
    let delimiter = table::delimiter_name(grades.delimiter);
    summary.read_as = Some(ReadAs {
        layout: platform.id().into(),
        delimiter: delimiter.into(),
        email: email_said.join(", else "),
        name: name_said,
        score: score.map(|(col, kind, _)| format!("`{}` ({})", grades.headers[col], kind.describe())),
        text: format!("read as {} ({delimiter}): {}", platform.describe(), said.join("; ")),
    });

    let mut out = Vec::new();
    for (index, row) in grades.rows.iter().enumerate() {
        // Canvas's second row (and a posting-policy row before it) are about
        // the assignments, not a learner.
        if points.is_some_and(|p| index <= p) {
            continue;
        }
        let line = row.line;
        let fields = match &row.fields {
            Ok(f) => f,
            Err(why) => {
                summary.rejected.push(Skipped { line, email: None, why: why.clone() });
                continue;
            }
        };
        if fields.iter().all(|f| f.is_empty()) {
            summary.rejected.push(Skipped { line, email: None, why: "blank row".into() });
            continue;
        }
        let person = people.as_ref().map(|p| p.find(row));
        let pick = |c: In| match c {
            In::Grades(i) => row.get(i),
            In::People(i) => person.flatten().map(|r| r.get(i)).unwrap_or(""),
        };
        let email = [emails.grades.map(In::Grades), emails.people.map(In::People)]
            .into_iter()
            .flatten()
            .map(pick)
            .chain(emails.sis_login.map(|i| row.get(i)).filter(|s| s.contains('@')))
            .find(|e| !e.is_empty())
            .unwrap_or("");
        let reject = |summary: &mut Summary, why: String| {
            summary.rejected.push(Skipped { line, email: (!email.is_empty()).then(|| email.to_string()), why });
        };
        if let (Some(p), Some(None)) = (&people, person) {
            let key = row.get(p.key_in_grades);
            reject(
                summary,
                match key.is_empty() {
                    true => format!("no `{}` to look up in {}", p.key, p.file),
                    false => format!("`{}` {key} is not in {}", p.key, p.file),
                },
            );
            continue;
        }
        if email.is_empty() {
            reject(summary, no_email_hint(platform, &grades, row, &people, &emails));
            continue;
        }
        if let Err(why) = check_email(email) {
            reject(summary, why);
            continue;
        }
        if let Some((col, kind, min)) = score {
            let raw = row.get(col);
            let header = &grades.headers[col];
            let below = |why: String| Skipped { line, email: Some(email.to_string()), why };
            match score::read(raw, kind, platform == Platform::Canvas) {
                Err(why) => {
                    reject(summary, format!("score in column `{header}`: {why}"));
                    continue;
                }
                Ok(Score::NotAttempted(what)) => {
                    summary.below_threshold.push(below(format!("not attempted: {what} in `{header}`")));
                    continue;
                }
                Ok(Score::Got(s)) if s + 1e-9 < min => {
                    let points = match kind {
                        Kind::Points(_) => {
                            format!(" ({raw} of {})", kind.describe().trim_start_matches("points out of "))
                        }
                        _ => String::new(),
                    };
                    summary.below_threshold.push(below(format!(
                        "score {}{points} is below {}",
                        percent(s),
                        percent(min)
                    )));
                    continue;
                }
                Ok(_) => {}
            }
        }
        let mut evidence = Vec::new();
        if let Some(col) = evidence_col {
            let url = row.get(col);
            if !url.is_empty() {
                if let Err(why) = urls::one_web_url(url) {
                    reject(summary, format!("evidence `{url}` {why}"));
                    continue;
                }
                evidence.push(EvidenceArg { url: url.to_string(), narrative: None });
            }
        }
        let name = names.as_ref().and_then(|(side, names)| match side {
            Side::Grades => names.name(row),
            Side::People => person.flatten().and_then(|r| names.name(r)),
        });
        out.push(Recipient { email: email.to_string(), name, evidence, line });
    }
    Ok(out)
}

/// The index of Canvas's `Points Possible` row, if it has one.
fn points_row(t: &Table) -> Option<usize> {
    t.rows.iter().take(3).position(|r| r.get(0).trim() == "Points Possible")
}

/// Why a row has no email, and what to do about it.
fn no_email_hint(platform: Platform, grades: &Table, row: &Row, people: &Option<People>, emails: &Emails) -> String {
    let cols: Vec<String> = [emails.grades.map(|i| format!("`{}`", grades.headers[i]))]
        .into_iter()
        .flatten()
        .chain(emails.people.zip(people.as_ref()).map(|(i, p)| format!("`{}` in {}", p.table.headers[i], p.file)))
        .collect();
    match (platform, people) {
        (Platform::Canvas, None) => {
            let login = match emails.sis_login.map(|i| row.get(i)).unwrap_or("") {
                "" => "is blank".to_string(),
                login => format!("`{login}` is not an email address"),
            };
            format!(
                "no email: a Canvas gradebook has no email column and its `SIS Login ID` {login}; \
                 give --people FILE with `SIS Login ID` and `Email` columns (e.g. a roster export)"
            )
        }
        _ if cols.is_empty() => "no email".into(),
        _ => format!("no email in {}", cols.join(" or ")),
    }
}

fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| p.display().to_string())
}
