use super::{print_problems, summary};
use crate::cli::{CheckArgs, Format};
use accolade::model::recipient::{normalize_email, recipient_matches};
use accolade::util::json::parse_lenient;
use accolade::util::urls;
use accolade::{Overrides, Problems, Site};
use std::process::ExitCode;

pub fn run(CheckArgs { site, recipient, base_url, format }: CheckArgs) -> anyhow::Result<ExitCode> {
    if let Some(email) = recipient {
        let input = site
            .given()
            .ok_or_else(|| anyhow::anyhow!("--recipient needs the assertion to check: its file or URL, as DIR"))?;
        return self::recipient(input, &email);
    }
    let dir = super::site_dir(&site)?;
    let (problems, ok, counts) = match Site::load(&dir, &Overrides { base_url, output: None, signing_key: None }) {
        Ok(site) => {
            let l = &site.library;
            let counts = (l.awards.len(), l.badges.len(), l.issuers.len(), l.credentials.len());
            let mut problems = site.problems.clone();
            // No key here is not an error: the build is given it (a CI secret).
            if let Some(mut p) = site.signing_problem() {
                p.severity = accolade::Severity::Warning;
                problems.push(p);
            }
            (problems, true, Some(counts))
        }
        Err(errors) => (errors.0, false, None),
    };
    match format {
        Format::Json => println!("{}", json_report(&problems, ok)),
        Format::Text => {
            print_problems(&problems);
            match counts {
                Some((a, b, i, c)) => {
                    let (a, b, i) =
                        (super::count(a, "award"), super::count(b, "badge class"), super::count(i, "issuer"));
                    eprintln!("checked {a}, {b}, {i}{}: {}", super::credentials_counted(c), summary(&problems))
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

/// `accolade check --recipient EMAIL ASSERTION`: is EMAIL the recipient?
fn recipient(input: &std::path::Path, email: &str) -> anyhow::Result<ExitCode> {
    let input = input.to_string_lossy();
    let text = if urls::is_web_url(&input) {
        let r = accolade::remote::get(&accolade::remote::agent(), &input).map_err(anyhow::Error::msg)?;
        String::from_utf8_lossy(&r.body).into_owned()
    } else {
        std::fs::read_to_string(input.as_ref()).map_err(|e| anyhow::anyhow!("cannot read `{input}`: {e}"))?
    };
    let assertion: accolade::model::Assertion = parse_lenient(&text)
        .and_then(serde_json::from_value)
        .map_err(|e| anyhow::anyhow!("`{input}` is not an Open Badges assertion: {e}"))?;
    let Some(identity) = &assertion.recipient else {
        anyhow::bail!("`{input}` has no recipient (a revoked award keeps none)");
    };
    let email_shown = normalize_email(email);
    match recipient_matches(identity, email) {
        Ok(true) => {
            println!("yes: {email_shown} is the recipient of {input}");
            Ok(ExitCode::SUCCESS)
        }
        Ok(false) => {
            println!("no: {email_shown} is not the recipient of {input}");
            Ok(ExitCode::FAILURE)
        }
        Err(why) => anyhow::bail!("cannot compare: {why}"),
    }
}
