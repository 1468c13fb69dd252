use super::print_problems;
use crate::cli::Format;
use accolade::remote;
use accolade::verify::{self, Outcome, Verdict};
use std::process::ExitCode;

pub fn run(input: &str, recipient: Option<&str>, format: Format) -> anyhow::Result<ExitCode> {
    let url = remote::resolve_input(input).map_err(anyhow::Error::msg)?;
    let now = remote::now();
    let result = remote::verify(&remote::agent(), &url, now).map_err(anyhow::Error::msg)?;
    let award = result.site.awards.first();
    let verdict = match award {
        _ if result.gone => Verdict::Revoked,
        Some(a) => verify::verdict(a, &a.checks),
        None => Verdict::Invalid,
    };
    let recipient_result = match (recipient, award.and_then(|a| a.doc.data.recipient.as_ref())) {
        (Some(email), Some(identity)) => Some(verify::recipient_matches(identity, email)),
        (Some(_), None) => Some(Err("the award has no recipient".to_string())),
        (None, _) => None,
    };
    let checks = award.map(|a| a.checks.as_slice()).unwrap_or(&[]);
    match format {
        Format::Json => {
            let report = serde_json::json!({
                "url": url,
                "checked_at": accolade::dates::iso(now),
                "verdict": verdict,
                "gone": result.gone,
                "checks": checks,
                "recipient": recipient.map(|e| serde_json::json!({
                    "email": e.trim().to_lowercase(),
                    "matches": recipient_result.as_ref().and_then(|r| r.as_ref().ok()),
                    "error": recipient_result.as_ref().and_then(|r| r.as_ref().err()),
                })),
                "problems": result.problems,
            });
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
        Format::Text => {
            print_problems(&result.problems);
            println!("Verifying {url} at {}", accolade::dates::iso(now));
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
                let email = email.trim().to_lowercase();
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
