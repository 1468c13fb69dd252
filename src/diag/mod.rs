//! Problems found in a site folder: what is wrong, where, and how to fix it.
//!
//! Loading and validation never stop at the first problem: every step pushes
//! into one [`Problems`] list, and the build refuses to write only at the end,
//! so a user sees everything that is wrong with their site in one run.

mod codes;

pub use codes::Code;
use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem with a file of the site folder.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub severity: Severity,
    /// Stable machine-readable name of the rule, e.g. `recipient.plaintext`.
    pub code: Code,
    /// Path relative to the site folder, with `/` separators.
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// Where in the JSON document, e.g. `recipient.identity` or `evidence[1].id`.
    pub json_path: Option<String>,
    /// What is wrong, in a sentence.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Problem {
    pub fn new(severity: Severity, code: Code, file: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            severity,
            code,
            file: file.into(),
            line: None,
            column: None,
            json_path: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn error(code: Code, file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, file, message)
    }

    pub fn warning(code: Code, file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, file, message)
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// At `place` (line, column) when it is known.
    pub fn at_place(self, place: Option<(usize, usize)>) -> Self {
        match place {
            Some((line, column)) => self.at(line, column),
            None => self,
        }
    }

    pub fn path(mut self, json_path: impl Into<String>) -> Self {
        let p = json_path.into();
        if !p.is_empty() {
            self.json_path = Some(p);
        }
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}[{}]: {}", self.code, visible(&self.file))?;
        if let (Some(l), Some(c)) = (self.line, self.column) {
            write!(f, ":{l}:{c}")?;
        }
        if let Some(p) = &self.json_path {
            write!(f, " at `{p}`")?;
        }
        write!(f, ": {}", visible(&self.message))?;
        if let Some(h) = &self.help {
            write!(f, "\n  help: {}", visible(h))?;
        }
        Ok(())
    }
}

/// Messages quote input, and input can hold terminal escape sequences or
/// line breaks that forge further lines: show control characters as escapes.
fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| c.is_control() || crate::util::text::is_bidi_control(c);
    if text.chars().any(hidden) {
        text.chars().map(|c| if hidden(c) { c.escape_unicode().to_string() } else { c.to_string() }).collect()
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// All problems of one load or build, in the order they were found.
#[derive(Debug, Default, Clone, Serialize)]
#[serde(transparent)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn push(&mut self, p: Problem) {
        self.0.push(p);
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|p| p.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Problem::is_error)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.0.iter()
    }

    /// Sorts by file, then position, so reports read top to bottom and are
    /// the same from run to run whatever order files were read in.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, a.code).cmp(&(&b.file, b.line, b.column, b.severity, b.code))
        });
    }
}

/// The error `Site::load` and `build` return when the site has problems.
#[derive(Debug)]
pub struct SiteErrors(pub Problems);

impl fmt::Display for SiteErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.error_count();
        write!(f, "the site has {n} error{}", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for SiteErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_file_position_path_and_help() {
        let p = Problem::error(Code::RecipientPlaintext, "assertions/a.json", "the recipient is a plaintext email")
            .at(4, 17)
            .path("recipient.identity")
            .help("hash it");
        assert_eq!(
            p.to_string(),
            "error[recipient.plaintext]: assertions/a.json:4:17 at `recipient.identity`: the recipient is a plaintext email\n  help: hash it"
        );
    }

    #[test]
    fn counts_and_sorting() {
        let mut ps = Problems::default();
        ps.push(Problem::warning(Code::Type, "b.json", "w"));
        ps.push(Problem::error(Code::Type, "a.json", "e").at(3, 1));
        ps.push(Problem::error(Code::Type, "a.json", "e").at(1, 1));
        ps.sort();
        assert_eq!(ps.error_count(), 2);
        assert_eq!(ps.warning_count(), 1);
        assert_eq!(ps.0[0].line, Some(1));
        assert_eq!(ps.0[2].file, "b.json");
    }
}
