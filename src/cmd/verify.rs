use super::print_problems;
use crate::cli::{Format, VerifyArgs};
use accolade::check::report::{self, Outcome, Verdict};
use accolade::model::recipient::{normalize_email, recipient_matches};
use accolade::remote;
use accolade::util::dates;
use std::process::ExitCode;

pub fn run(VerifyArgs { input, recipient, format }: VerifyArgs) -> anyhow::Result<ExitCode> {
    let recipient = recipient.as_deref();
    let url = remote::resolve_input(&input).map_err(anyhow::Error::msg)?;
    let now = remote::now();
    let result = remote::verify(&remote::agent(), &url, now).map_err(anyhow::Error::msg)?;
    let award = result.library.awards.first();
    let checks = result.reports.first().map(Vec::as_slice).unwrap_or(&[]);
    let verdict = match award {
        _ if result.gone => Verdict::Revoked,
        Some(a) => report::verdict(a, checks),
        None => Verdict::Invalid,
    };
    let recipient_result = match (recipient, award.and_then(|a| a.doc.data.recipient.as_ref())) {
        (Some(email), Some(identity)) => Some(recipient_matches(identity, email)),
        (Some(_), None) => Some(Err("the award has no recipient".to_string())),
        (None, _) => None,
    };
    match format {
        Format::Json => {
            let report = serde_json::json!({
                "url": url,
                "checked_at": dates::iso(now),
                "verdict": verdict,
                "gone": result.gone,
                "checks": checks,
                "recipient": recipient.map(|e| serde_json::json!({
                    "email": normalize_email(e),
                    "matches": recipient_result.as_ref().and_then(|r| r.as_ref().ok()),
                    "error": recipient_result.as_ref().and_then(|r| r.as_ref().err()),
                })),
                "problems": result.problems,
            });
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
        Format::Text => {
            print_problems(&result.problems);
            println!("Verifying {url} at {}", dates::iso(now));
            if result.gone {
                println!("  the server answered 410 Gone: the issuer has revoked this award");
            }
            for c in checks {
                let mark = match c.outcome {
                    Outcome::Pass => "pass",
                    Outcome::Warn => "WARN",
                    Outcome::Fail => "FAIL",
                };
                let detail = c.detail.as_ref().map(|d| format!(" ({d})")).unwrap_or_default();
                println!("  {mark}  {:<22} {}{detail}", c.name, c.label);
            }
            if let (Some(email), Some(r)) = (recipient, &recipient_result) {
                let email = normalize_email(email);
                match r {
                    Ok(true) => println!("  pass  {:<22} {email} is the recipient", "recipient.match"),
                    Ok(false) => println!("  FAIL  {:<22} {email} is not the recipient", "recipient.match"),
                    Err(why) => println!("  FAIL  {:<22} cannot compare: {why}", "recipient.match"),
                }
            }
            println!("verdict: {}", serde_json::to_value(verdict)?.as_str().unwrap_or(""));
        }
    }
    let recipient_ok = recipient_result.is_none_or(|r| r == Ok(true));
    Ok(if verdict == Verdict::Valid && recipient_ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
