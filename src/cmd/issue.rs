use crate::cli::{Format, IssueArgs, IssueFormat};
use accolade::edit::grades::{self, Columns};
use accolade::edit::issue::{self, EvidenceArg, Expiry, IssueOptions, Recipient, Summary};
use accolade::edit::privacy;
use accolade::model::recipient::check_email;
use anyhow::{anyhow, bail};
use std::process::ExitCode;

pub fn run(args: IssueArgs) -> anyhow::Result<ExitCode> {
    let site = super::site_dir(&args.site)?;
    // Said after the summary, where it is seen.
    let report_warning = args.from_csv.as_deref().and_then(|csv| privacy::report_warning(&site, csv));
    let IssueArgs {
        badge,
        email,
        name,
        evidence,
        narrative,
        issued_on,
        expires,
        valid_for,
        from_csv,
        email_column,
        name_column,
        evidence_column,
        score_column,
        min_score,
        people,
        delimiter,
        dry_run,
        site: _,
        format: formats,
    } = args;
    // The last of each kind wins, as with any repeated option.
    let format = match formats.iter().rev().find(|f| matches!(f, IssueFormat::Text | IssueFormat::Json)) {
        Some(IssueFormat::Json) => Format::Json,
        _ => Format::Text,
    };
    let ob3 =
        formats.iter().rev().find(|f| matches!(f, IssueFormat::Ob2 | IssueFormat::Ob3)) == Some(&IssueFormat::Ob3);
    let expiry = match (expires, valid_for) {
        (Some(d), _) => Expiry::At(issue::parse_date(&d).map_err(|e| anyhow!("--expires {e}"))?),
        (None, Some(d)) => Expiry::After(issue::parse_duration(&d).map_err(|e| anyhow!("--valid-for {e}"))?),
        (None, None) => Expiry::Never,
    };
    let issued_on = issued_on.map(|d| issue::parse_date(&d).map_err(|e| anyhow!("--issued-on {e}"))).transpose()?;
    let options = IssueOptions { badge, issued_on, expiry, narrative, dry_run, ob3 };
    let mut summary = Summary::default();
    let recipients = match (email, from_csv) {
        (Some(email), _) => {
            check_email(&email).map_err(anyhow::Error::msg)?;
            let evidence = evidence.iter().map(|e| EvidenceArg::parse(e)).collect::<Result<Vec<_>, _>>()?;
            vec![Recipient { email, name, evidence, line: None }]
        }
        (None, Some(csv)) => {
            let min_score =
                min_score.map(|m| grades::parse_score(&m).map_err(|e| anyhow!("--min-score {e}"))).transpose()?;
            let delimiter =
                delimiter.map(|d| grades::parse_delimiter(&d).map_err(|e| anyhow!("--delimiter {e}"))).transpose()?;
            let columns = Columns {
                email: email_column,
                name: name_column,
                evidence: evidence_column,
                score: score_column,
                min_score,
                people,
                delimiter,
            };
            grades::read(&csv, &columns, &mut summary)?
        }
        (None, None) => bail!("give --email or --from-csv"),
    };
    issue::issue(&site, &options, recipients, &mut summary)?;
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&summary)?),
        Format::Text => print_summary(&summary),
    }
    if let Some(warning) = report_warning {
        eprintln!("warning: {warning}");
    }
    Ok(ExitCode::SUCCESS)
}

fn print_summary(s: &Summary) {
    let line = |l: Option<u64>| l.map(|l| format!("line {l}: ")).unwrap_or_default();
    if let Some(r) = &s.read_as {
        println!("{}", r.text);
    }
    let verb = if s.dry_run { "would issue" } else { "issued" };
    println!(
        "{verb} {} award{} of “{}” ({})",
        s.issued.len(),
        if s.issued.len() == 1 { "" } else { "s" },
        s.badge_name,
        s.badge
    );
    for i in &s.issued {
        let who = i.name.as_ref().map(|n| format!("{n} <{}>", i.email)).unwrap_or_else(|| i.email.clone());
        println!("  {}{who} -> {}", line(i.line), i.file.as_deref().unwrap_or(&i.id));
    }
    for (title, rows) in
        [("already held", &s.already_held), ("below the pass mark", &s.below_threshold), ("rejected", &s.rejected)]
    {
        if rows.is_empty() {
            continue;
        }
        println!("{title}: {}", rows.len());
        for r in rows {
            let who = r.email.as_ref().map(|e| format!("{e}: ")).unwrap_or_default();
            println!("  {}{who}{}", line(r.line), r.why);
        }
    }
    if s.dry_run {
        println!("dry run: nothing was written");
    }
}
