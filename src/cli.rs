//! The command line, as clap derive types. Each command's work is in `cmd/`.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "accolade", version, about = "Publish earned Open Badges as a static, verifiable website")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

// Parsed once per run, so the size of the `Issue` variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into its output folder (default `public/` in the site folder)
    Build {
        /// The site folder (with accolade.toml)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Publish at this URL instead of the configured base_url; every id
        /// and link under base_url is re-rooted to it
        #[arg(long)]
        base_url: Option<String>,
        /// Write the site here instead of the configured output folder
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Check the site folder and list every problem, without writing anything;
    /// with --recipient, say whether an email is the recipient of an assertion
    Check {
        /// The site folder (with accolade.toml); with --recipient, an
        /// assertion file or URL
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Check whether this email address is the recipient of the assertion
        /// given instead of the site folder (nothing leaves this machine for a file)
        #[arg(long, value_name = "EMAIL")]
        recipient: Option<String>,
        /// Check as if published at this URL
        #[arg(long)]
        base_url: Option<String>,
        /// How to print the problems
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Create a new site folder with a sample issuer, badge, award and a
    /// GitHub Pages workflow
    Init {
        /// The folder to create (must be empty or missing)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The URL the site will be published at
        #[arg(long, default_value = "https://example.github.io/badges/")]
        base_url: String,
        /// The site's title (also the issuer's name, to edit later)
        #[arg(long, default_value = "My Badges")]
        title: String,
    },
    /// Issue a badge: to one learner, or to every row of a grade report that passes
    #[command(group = clap::ArgGroup::new("who").required(true).args(["email", "from_csv"]))]
    Issue {
        /// The badge class: its slug (the name of badges/<slug>.json) or its id
        #[arg(long)]
        badge: String,
        /// The learner's email address (stored only as a salted hash)
        #[arg(long)]
        email: Option<String>,
        /// The learner's name, shown on the award page
        #[arg(long, requires = "email")]
        name: Option<String>,
        /// Evidence: a URL, or URL=narrative (repeat for several)
        #[arg(long, value_name = "URL[=NARRATIVE]", requires = "email")]
        evidence: Vec<String>,
        /// A Markdown narrative about the award
        #[arg(long)]
        narrative: Option<String>,
        /// When it was awarded (ISO 8601 date or date-time; default now)
        #[arg(long, value_name = "DATE")]
        issued_on: Option<String>,
        /// When it expires (ISO 8601 date or date-time)
        #[arg(long, value_name = "DATE", conflicts_with = "valid_for")]
        expires: Option<String>,
        /// How long it is valid: 90d, 6w, 12m, 2y
        #[arg(long, value_name = "DURATION")]
        valid_for: Option<String>,
        /// Award everyone in a grade report CSV who meets --min-score
        #[arg(long, value_name = "FILE")]
        from_csv: Option<PathBuf>,
        /// The CSV column with the email address
        #[arg(long, default_value = "Email", requires = "from_csv")]
        email_column: String,
        /// The CSV column with the learner's name
        #[arg(long, requires = "from_csv")]
        name_column: Option<String>,
        /// The CSV column with an evidence URL
        #[arg(long, requires = "from_csv")]
        evidence_column: Option<String>,
        /// The CSV column with the score (0-1, or a percentage)
        #[arg(long, requires_all = ["from_csv", "min_score"])]
        score_column: Option<String>,
        /// The pass mark: 0.7, 70 or 70%
        #[arg(long, requires = "score_column")]
        min_score: Option<String>,
        /// Show what would be issued without writing anything
        #[arg(long)]
        dry_run: bool,
        /// The site folder
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// How to print the summary
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Revoke an award (recorded in revocations.json; published at the next build)
    Revoke {
        /// The award: its id, its code (the end of its URL) or its file
        id: String,
        /// Why, in words the learner and employers will read
        #[arg(long)]
        reason: String,
        /// The site folder
        #[arg(long, default_value = ".")]
        site: PathBuf,
    },
    /// Bake an assertion into a badge image (PNG or SVG), per the Open Badges baking specification
    Bake {
        /// The badge image (PNG or SVG)
        image: PathBuf,
        /// The assertion JSON file to embed
        assertion: PathBuf,
        /// Where to write the baked image (never the input)
        #[arg(long, short)]
        output: PathBuf,
    },
    /// Print the assertion (or its URL) baked into a PNG or SVG badge image
    Unbake {
        /// The baked image
        image: PathBuf,
    },
    /// Verify an Open Badges 2.0 award published anywhere: fetch its hosted
    /// assertion, badge class, issuer and revocation list and run every check
    Verify {
        /// The hosted assertion's URL, or an assertion file (its `id` is fetched)
        input: String,
        /// Also check that this email address is the recipient
        #[arg(long, value_name = "EMAIL")]
        recipient: Option<String>,
        /// How to print the report
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
