use super::{print_problems, summary};
use crate::cli::Format;
use accolade::{Overrides, Problems, Site};
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(dir: PathBuf, base_url: Option<String>, format: Format) -> anyhow::Result<ExitCode> {
    let (problems, ok, counts) = match Site::load(&dir, &Overrides { base_url, output: None }) {
        Ok(site) => (site.problems.clone(), true, Some((site.awards.len(), site.badges.len(), site.issuers.len()))),
        Err(errors) => (errors.0, false, None),
    };
    match format {
        Format::Json => println!("{}", json_report(&problems, ok)),
        Format::Text => {
            print_problems(&problems);
            match counts {
                Some((a, b, i)) => {
                    eprintln!("checked {a} awards, {b} badge classes, {i} issuers: {}", summary(&problems))
                }
                None => eprintln!("check failed: {}", summary(&problems)),
            }
        }
    }
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn json_report(problems: &Problems, ok: bool) -> String {
    let report = serde_json::json!({
        "ok": ok,
        "errors": problems.error_count(),
        "warnings": problems.warning_count(),
        "problems": problems,
    });
    serde_json::to_string_pretty(&report).unwrap_or_default()
}
