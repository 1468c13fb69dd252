//! One thin function per command: parse flags into library calls, print.

pub mod build;
pub mod check;
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
    let (e, w) = (problems.error_count(), problems.warning_count());
    format!("{e} error{}, {w} warning{}", if e == 1 { "" } else { "s" }, if w == 1 { "" } else { "s" })
}
