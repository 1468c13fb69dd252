//! The command line, as clap derive types: one `Args` struct per command.
//! Each command's work is in `cmd/`.

use clap::{Args, Parser, Subcommand, ValueEnum};
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
    Build(BuildArgs),
    /// Preview the site at http://127.0.0.1:PORT/: built into a temporary
    /// folder with every id re-rooted there, rebuilt when a file changes,
    /// open pages reloaded; a broken file's problems shown over the page
    Serve(ServeArgs),
    /// Check the site folder and list every problem, without writing anything;
    /// with --recipient, say whether an email is the recipient of an assertion
    Check(CheckArgs),
    /// Create a new site folder with a sample issuer, badge, award and a
    /// GitHub Pages workflow
    Init(InitArgs),
    /// Issue a badge: to one learner, or to every row of a grade report that passes
    Issue(IssueArgs),
    /// Revoke an award (recorded in revocations.json; published at the next build)
    Revoke(RevokeArgs),
    /// List a learner's awards from their email address (hashed with each award's salt)
    Find(FindArgs),
    /// Bake an assertion (Open Badges 2.0) or a credential (3.0) into a badge image (PNG or SVG), per the Open Badges baking specifications
    Bake(BakeArgs),
    /// Print the assertion (or its URL) or the 3.0 credential (JSON or VC-JWT) baked into a PNG or SVG badge image
    Unbake(UnbakeArgs),
    /// Verify an Open Badges 2.0 award or 3.0 credential published anywhere:
    /// for 2.0 fetch its hosted assertion, badge class, issuer and revocation
    /// list; for 3.0 check its proof (or VC-JWT) with the issuer's key,
    /// its status list and dates; and run every check
    Verify(VerifyArgs),
    /// Move the site to a new base URL: rewrite every id and URL under the
    /// old one in the site's JSON files, and base_url in accolade.toml
    #[command(alias = "rebase")]
    Move(MoveArgs),
    /// Add something to the site: `accolade new badge SLUG --name NAME`
    #[command(subcommand)]
    New(NewCommand),
    /// Make an Ed25519 signing key for Open Badges 3.0 credentials: written
    /// to FILE (outside the site folder) or, without -o, printed for a CI
    /// secret; the public key is printed on stderr
    Keygen(KeygenArgs),
    /// Print the shell completion script for SHELL (bash, zsh, fish,
    /// powershell, elvish) on stdout; see the README for where it goes
    Completions(CompletionsArgs),
    /// Write the manual pages (accolade.1 and one per command) into DIR,
    /// or print accolade.1 on stdout
    Man(ManArgs),
    /// Write a bundled theme's templates and files into the site's
    /// templates/ and theme/ folders, to edit them
    Eject(EjectArgs),
}

#[derive(Debug, Args)]
pub struct EjectArgs {
    #[command(flatten)]
    pub site: SiteDir,
    /// The bundled theme to write out (default: the site's `theme`)
    #[arg(long, value_name = "NAME")]
    pub theme: Option<String>,
    /// Replace files the site has already
    #[arg(long)]
    pub force: bool,
}

/// The site folder, given the same way to every command that works on a
/// site: as its last positional argument or with `--site`; with neither,
/// the nearest folder from the working folder upward that has an
/// accolade.toml, as cargo finds Cargo.toml.
#[derive(Debug, Args, Clone, Default)]
pub struct SiteDir {
    /// The site folder (with accolade.toml); default: the nearest one from
    /// the working folder upward
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// The site folder, as DIR
    #[arg(long = "site", value_name = "DIR", conflicts_with = "dir")]
    pub site: Option<PathBuf>,
}

impl SiteDir {
    /// The folder given, if any.
    pub fn given(&self) -> Option<&PathBuf> {
        self.dir.as_ref().or(self.site.as_ref())
    }
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write accolade.1 and accolade-COMMAND.1 into this folder (made if missing)
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Write the key to FILE (never inside the site folder; an existing file is not replaced)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The site folder, which the key must stay out of
    #[command(flatten)]
    pub site: SiteDir,
}

#[derive(Debug, Args)]
pub struct MoveArgs {
    /// The new base URL (default: the configured base_url, after editing it by hand)
    #[arg(long, value_name = "URL")]
    pub to: Option<String>,
    /// The prefix to replace (default: the configured base_url when moving
    /// away from it, else the prefix most ids outside base_url share)
    #[arg(long, value_name = "URL")]
    pub from: Option<String>,
    /// List the files and URLs that would change, without writing anything
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub site: SiteDir,
}

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// A new badge class: badges/SLUG.json, a default image badges/SLUG.svg
    /// and a criteria file badges/SLUG.md
    Badge(NewBadgeArgs),
}

#[derive(Debug, Args)]
pub struct NewBadgeArgs {
    /// The badge's short name, used in its file names and URL (e.g. module-2)
    pub slug: String,
    /// The badge's name, as earners and employers see it
    #[arg(long)]
    pub name: String,
    /// What earning the badge means (default: a placeholder to edit)
    #[arg(long)]
    pub description: Option<String>,
    /// The issuer (its file name without .json, or its id); needed only
    /// when the site has several
    #[arg(long)]
    pub issuer: Option<String>,
    #[command(flatten)]
    pub site: SiteDir,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteDir,
    /// Publish at this URL instead of the configured base_url; every id
    /// and link under base_url is re-rooted to it
    #[arg(long)]
    pub base_url: Option<String>,
    /// Write the site here instead of the configured output folder
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Sign the site's Open Badges 3.0 credentials with the key in FILE
    /// (from `accolade keygen`; kept outside the site folder). Without it,
    /// the key file's content is read from the ACCOLADE_SIGNING_KEY
    /// environment variable when that is set (a GitHub Actions secret)
    #[arg(long, value_name = "FILE")]
    pub signing_key: Option<PathBuf>,
    /// Print only errors: no warnings, no summary, no progress bar
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print the summary and how long each phase took
    #[arg(long, short)]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteDir,
    /// The port to listen on, on 127.0.0.1 only (0: any free port)
    #[arg(long, short, default_value_t = accolade::serve::DEFAULT_PORT)]
    pub port: u16,
    /// Open the preview in the web browser
    #[arg(long)]
    pub open: bool,
    /// Sign the site's Open Badges 3.0 credentials with the key in FILE
    /// (or ACCOLADE_SIGNING_KEY, or [signing] key_file). Without a key the
    /// preview signs them with a throwaway one
    #[arg(long, value_name = "FILE")]
    pub signing_key: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site folder; with --recipient, DIR is an assertion file or URL instead
    #[command(flatten)]
    pub site: SiteDir,
    /// Check whether this email address is the recipient of the assertion
    /// given instead of the site folder (nothing leaves this machine for a file)
    #[arg(long, value_name = "EMAIL")]
    pub recipient: Option<String>,
    /// Check as if published at this URL
    #[arg(long)]
    pub base_url: Option<String>,
    /// How to print the problems
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create (must be empty or missing; default: the working folder)
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// The folder to create, as DIR
    #[arg(long = "site", value_name = "DIR", conflicts_with = "dir")]
    pub site: Option<PathBuf>,
    /// The URL the site will be published at (e.g. https://ORG.github.io/REPO/;
    /// `accolade move --to URL` changes it later)
    #[arg(long, default_value = accolade::check::placeholders::BASE_URL)]
    pub base_url: String,
    /// The site's title (also the issuer's name, to edit later)
    #[arg(long, default_value = accolade::check::placeholders::TITLE)]
    pub title: String,
    /// Select this bundled theme (default, certificate) and write its
    /// templates and files into templates/ and theme/ to edit
    #[arg(long, value_name = "NAME")]
    pub theme: Option<String>,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("who").required(true).args(["email", "from_csv"]))]
pub struct IssueArgs {
    /// The badge class: its slug (the name of badges/<slug>.json) or its id
    #[arg(long)]
    pub badge: String,
    /// The learner's email address (stored only as a salted hash)
    #[arg(long)]
    pub email: Option<String>,
    /// The learner's name, shown on the award page
    #[arg(long, requires = "email")]
    pub name: Option<String>,
    /// Evidence: a URL, or URL=narrative (repeat for several)
    #[arg(long, value_name = "URL[=NARRATIVE]", requires = "email")]
    pub evidence: Vec<String>,
    /// A Markdown narrative about the award
    #[arg(long)]
    pub narrative: Option<String>,
    /// When it was awarded (ISO 8601 date or date-time; default now)
    #[arg(long, value_name = "DATE")]
    pub issued_on: Option<String>,
    /// When it expires (ISO 8601 date or date-time)
    #[arg(long, value_name = "DATE", conflicts_with = "valid_for")]
    pub expires: Option<String>,
    /// How long it is valid: 90d, 6w, 12m, 2y
    #[arg(long, value_name = "DURATION")]
    pub valid_for: Option<String>,
    /// Award everyone in a grade report CSV who meets --min-score
    #[arg(long, value_name = "FILE")]
    pub from_csv: Option<PathBuf>,
    /// The CSV column with the email address (default: recognised from the
    /// layout: Email, Email address; or from --people)
    #[arg(long, requires = "from_csv")]
    pub email_column: Option<String>,
    /// The CSV column with the learner's name (default: recognised: name,
    /// Full Name, First name + Last name/Surname, Canvas's Student)
    #[arg(long, requires = "from_csv")]
    pub name_column: Option<String>,
    /// The CSV column with an evidence URL
    #[arg(long, requires = "from_csv")]
    pub evidence_column: Option<String>,
    /// The CSV column with the score: a fraction 0-1, a percentage (85%,
    /// 85.00 %) or Canvas points (against its Points Possible row). Default:
    /// Open edX's Grade, Canvas's Final Score, Moodle's Course total (Percentage)
    #[arg(long, requires_all = ["from_csv", "min_score"])]
    pub score_column: Option<String>,
    /// The pass mark: 0.7, 70 or 70% (of the possible points, for points)
    #[arg(long, requires = "from_csv")]
    pub min_score: Option<String>,
    /// A second export with names and/or emails (Open edX's profile report,
    /// a Canvas roster), joined on Email, Username, SIS Login ID or Student ID/id
    #[arg(long, value_name = "FILE", requires = "from_csv")]
    pub people: Option<PathBuf>,
    /// The CSV delimiter: `,` `;` or `tab` (default: detected)
    #[arg(long, requires = "from_csv")]
    pub delimiter: Option<String>,
    /// Show what would be issued without writing anything
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub site: SiteDir,
    /// What to write and how to print the summary, repeatable: `ob2`
    /// (default) writes Open Badges 2.0 assertions, `ob3` unsigned Open
    /// Badges 3.0 credentials that `accolade build` signs; `text` (default)
    /// or `json` is the summary (`--format ob3 --format json`)
    #[arg(long, value_enum, action = clap::ArgAction::Append)]
    pub format: Vec<IssueFormat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IssueFormat {
    Text,
    Json,
    Ob2,
    Ob3,
}

#[derive(Debug, Args)]
pub struct RevokeArgs {
    /// The award: its id, its code (the end of its URL) or its file; or,
    /// with --badge, the learner's email address
    #[arg(value_name = "ID|EMAIL")]
    pub id: String,
    /// With an email address: revoke that learner's award of this badge
    /// class (its slug or id)
    #[arg(long)]
    pub badge: Option<String>,
    /// Why, in words the learner and employers will read
    #[arg(long)]
    pub reason: String,
    #[command(flatten)]
    pub site: SiteDir,
}

#[derive(Debug, Args)]
pub struct FindArgs {
    /// The learner's email address (trimmed and lower-cased, as when issued)
    pub email: String,
    #[command(flatten)]
    pub site: SiteDir,
    /// How to print the awards
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct BakeArgs {
    /// The badge image (PNG or SVG)
    pub image: PathBuf,
    /// The file to embed: a 2.0 assertion's JSON, or a 3.0 credential's
    /// (signed JSON, or a VC-JWT `.jwt` file)
    pub assertion: PathBuf,
    /// Where to write the baked image (never the input)
    #[arg(long, short)]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct UnbakeArgs {
    /// The baked image
    pub image: PathBuf,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The award's page URL (its JSON link is followed), the hosted
    /// assertion's URL, or an assertion file or baked PNG/SVG badge image
    /// (its `id` is fetched); or an Open Badges 2.0 signed badge: its JWS,
    /// or a file or baked image holding one (its key and issuer are fetched);
    /// or an Open Badges 3.0 credential: its URL, its page's, or a file (JSON
    /// or VC-JWT) or baked image holding one, verified as it is
    pub input: String,
    /// Also check that this email address is the recipient
    #[arg(long, value_name = "EMAIL")]
    pub recipient: Option<String>,
    /// How to print the report
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
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
