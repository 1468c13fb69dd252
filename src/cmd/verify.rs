use super::print_problems;
use crate::cli::{Format, VerifyArgs};
use accolade::check::report::{Outcome, Verdict};
use accolade::model::recipient::normalize_email;
use accolade::remote;
use accolade::util::{dates, urls};
use std::process::ExitCode;

pub fn run(VerifyArgs { input, recipient, format }: VerifyArgs) -> anyhow::Result<ExitCode> {
    let recipient = recipient.as_deref();
    let url = remote::resolve_input(&input).map_err(anyhow::Error::msg)?;
    let now = remote::now();
    let result = remote::verify(&remote::agent(), &url, now).map_err(anyhow::Error::msg)?;
    let checks = result.checks();
    let judgement = result.judge(recipient);
    let verdict = judgement.verdict;
    // A local file (an assertion or a baked image) only named the URL verified.
    let from_file = (!urls::is_web_url(&input)).then_some(input.as_str());
    match format {
        Format::Json => {
            let report = serde_json::json!({
                "headline": judgement.headline,
                "verdict": verdict,
                "url": result.url,
                "page": result.page,
                "file": from_file,
                "checked_at": dates::iso(now),
                "gone": result.gone,
                "checks": checks,
                "recipient": recipient.map(|e| serde_json::json!({
                    "email": normalize_email(e),
                    "matches": judgement.recipient.as_ref().and_then(|r| r.as_ref().ok()),
                    "error": judgement.recipient.as_ref().and_then(|r| r.as_ref().err()),
                })),
                "problems": result.problems,
            });
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
        Format::Text => {
            print_problems(&result.problems);
            println!("{}", judgement.headline);
            if let Some(file) = from_file {
                println!("  file:  {file}");
            }
            if let Some(page) = &result.page {
                println!("  page:  {page}");
            }
            println!("  JSON:  {}", result.url);
            println!("Checked at {}:", dates::iso(now));
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
            if let (Some(email), Some(r)) = (recipient, &judgement.recipient) {
                let email = normalize_email(email);
                match r {
                    Ok(true) => println!("  pass  {:<22} {email} is the recipient", "recipient.match"),
                    Ok(false) => println!("  FAIL  {:<22} {email} is not the recipient", "recipient.match"),
                    Err(why) => println!("  FAIL  {:<22} cannot compare: {why}", "recipient.match"),
                }
            }
            let word = match verdict {
                Verdict::Valid => "valid",
                Verdict::Expired => "expired",
                Verdict::Revoked => "revoked",
                Verdict::Invalid => "invalid",
                Verdict::NotRecipient => "valid award, but not issued to that email",
            };
            println!("verdict: {word}");
        }
    }
    let recipient_ok = judgement.recipient.is_none_or(|r| r == Ok(true));
    Ok(if verdict == Verdict::Valid && recipient_ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
