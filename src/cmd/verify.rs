use super::print_problems;
use crate::cli::{Format, VerifyArgs};
use accolade::check::report::{Outcome, Verdict};
use accolade::model::recipient::normalize_email;
use accolade::remote;
use accolade::util::{dates, urls};
use std::process::ExitCode;

pub fn run(VerifyArgs { input, recipient, format }: VerifyArgs) -> anyhow::Result<ExitCode> {
    // An Open Badges 2.0 signed badge (a JWS, or an image baked with one) is not a 3.0 VC-JWT.
    let signed = remote::signed::token_in(&input);
    if signed.is_none() {
        if let Some(code) = verify_ob3(&input, recipient.as_deref(), format)? {
            return Ok(code);
        }
    }
    let recipient = recipient.as_deref();
    let now = remote::now();
    let result = match &signed {
        Some(s) => remote::signed::verify(&remote::agent(), &s.token, &s.source, now),
        None => remote::resolve_input(&input).and_then(|url| remote::verify(&remote::agent(), &url, now)),
    }
    .map_err(anyhow::Error::msg)?;
    let checks = result.checks();
    let judgement = result.judge(recipient);
    let verdict = judgement.verdict;
    // A local file (an assertion or a baked image) only named the URL verified.
    let from_file = match &signed {
        Some(s) => (s.source == input).then_some(input.as_str()),
        None => (!urls::is_web_url(&input)).then_some(input.as_str()),
    };
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
                print_check(c);
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

/// An Open Badges 3.0 credential (a file, or a URL of one or of its page) is
/// verified as one; `None` for anything else, which is verified as 2.0.
fn verify_ob3(input: &str, recipient: Option<&str>, format: Format) -> anyhow::Result<Option<ExitCode>> {
    let agent = remote::agent();
    let now = remote::now();
    let found = if urls::is_web_url(input) {
        match remote::ob3::fetch_credential(&agent, input).map_err(anyhow::Error::msg)? {
            Some((url, remote::ob3::Published::Jwt(token))) => {
                let report = remote::ob3::verify_jwt(&agent, &token, &url, now);
                return print_ob3(report, None, &url, recipient, format, now).map(Some);
            }
            Some((url, remote::ob3::Published::Json(v))) => Some((url, v)),
            None => None,
        }
    } else {
        let bytes = std::fs::read(input).map_err(|e| anyhow::anyhow!("cannot read `{input}`: {e}"))?;
        // A baked badge image is verified as what it carries; one without a
        // 3.0 credential is left to the 2.0 path, which says what is wrong.
        let text = match accolade::util::sniff::sniff_bytes(&bytes) {
            Some("png" | "svg") => accolade::art::bake::unbake(&bytes).unwrap_or_default(),
            _ => String::from_utf8_lossy(&bytes).into_owned(),
        };
        match remote::ob3::jwt_of(&text) {
            Some(token) => {
                let report = remote::ob3::verify_jwt(&agent, &token, input, now);
                return print_ob3(report, None, input, recipient, format, now).map(Some);
            }
            None => remote::ob3::credential_of(&text).map(|v| (input.to_string(), v)),
        }
    };
    let Some((source, credential)) = found else { return Ok(None) };
    let report = remote::ob3::verify_credential(&agent, credential.clone(), &source, now);
    print_ob3(report, Some(&credential), &source, recipient, format, now).map(Some)
}

/// Prints a 3.0 credential's report; the exit code says whether it is valid
/// (and, given an email, issued to it).
fn print_ob3(
    report: remote::ob3::CredentialReport,
    credential: Option<&serde_json::Value>,
    source: &str,
    recipient: Option<&str>,
    format: Format,
    now: time::OffsetDateTime,
) -> anyhow::Result<ExitCode> {
    let credential = credential.or(report.credential.as_ref());
    let matches = recipient.map(|email| credential.is_some_and(|c| ob3_recipient_matches(c, email)));
    match format {
        Format::Json => {
            let mut json = serde_json::to_value(&report)?;
            json["checked_at"] = serde_json::json!(dates::iso(now));
            json["format"] = serde_json::json!("ob3");
            if let (Some(email), Some(m)) = (recipient, &matches) {
                json["recipient"] = serde_json::json!({"email": normalize_email(email), "matches": m});
            }
            println!("{}", serde_json::to_string_pretty(&json)?);
        }
        Format::Text => {
            print_problems(&report.problems);
            println!("{}", report.headline);
            println!("  from:   {source}");
            if let Some(issuer) = &report.issuer {
                println!("  issuer: {issuer}");
            }
            println!("Checked at {} (Open Badges 3.0):", dates::iso(now));
            for c in &report.checks {
                print_check(c);
            }
            if let (Some(email), Some(m)) = (recipient, matches) {
                let word = if m { "is" } else { "is not" };
                println!(
                    "  {}  {:<22} {} {word} the recipient",
                    if m { "pass" } else { "FAIL" },
                    "recipient.match",
                    normalize_email(email)
                );
            }
            let word = match report.verdict {
                Verdict::Valid => "valid",
                Verdict::Expired => "expired",
                Verdict::Revoked => "revoked",
                Verdict::Invalid | Verdict::NotRecipient => "invalid",
            };
            println!("verdict: {word}");
        }
    }
    let ok = report.verdict == Verdict::Valid && matches.is_none_or(|m| m);
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// Whether `email` is the credential's earner: one of its hashed email
/// identifiers is the email hashed with that identifier's salt.
fn ob3_recipient_matches(credential: &serde_json::Value, email: &str) -> bool {
    let identifiers = credential.pointer("/credentialSubject/identifier").and_then(|i| i.as_array());
    identifiers.into_iter().flatten().any(|i| {
        let salt = i.get("salt").and_then(|s| s.as_str()).unwrap_or("");
        let hash = i.get("identityHash").and_then(|s| s.as_str()).unwrap_or("");
        i.get("identityType").and_then(|s| s.as_str()) == Some("emailAddress")
            && accolade::model::recipient::hash_matches(&normalize_email(email), salt, hash) == Ok(true)
    })
}

/// One check as a line of the text report: `pass  name  label (detail)`.
fn print_check(c: &accolade::check::report::Check) {
    let mark = match c.outcome {
        Outcome::Pass => "pass",
        Outcome::Warn => "WARN",
        Outcome::Fail => "FAIL",
    };
    let detail = c.detail.as_ref().map(|d| format!(" ({d})")).unwrap_or_default();
    println!("  {mark}  {:<22} {}{detail}", c.name, c.label);
}
