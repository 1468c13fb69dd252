//! One thin function per command: parse flags into library calls, print.

pub mod bake;
pub mod build;
pub mod check;
pub mod find;
pub mod init;
pub mod issue;
pub mod keygen;
pub mod new_badge;
pub mod progress;
pub mod rebase;
pub mod revoke;
pub mod serve;
pub mod verify;

use accolade::{Problems, Severity};

/// Prints problems to stderr, most useful first: errors, then warnings.
pub fn print_problems(problems: &Problems) {
    for severity in [Severity::Error, Severity::Warning] {
        for p in problems.iter().filter(|p| p.severity == severity) {
            eprintln!("{p}");
        }
    }
}

pub fn summary(problems: &Problems) -> String {
    format!("{}, {}", count(problems.error_count(), "error"), count(problems.warning_count(), "warning"))
}

/// `1 award`, `2 awards`, `3 badge classes`.
/// ", N Open Badges 3.0 credentials" when a site has any, for the summaries.
pub fn credentials_counted(n: usize) -> String {
    match n {
        0 => String::new(),
        n => format!(", {}", count(n, "Open Badges 3.0 credential")),
    }
}

pub fn count(n: usize, noun: &str) -> String {
    match (n, noun.ends_with("ss")) {
        (1, _) => format!("1 {noun}"),
        (_, true) => format!("{n} {noun}es"),
        _ => format!("{n} {noun}s"),
    }
}
