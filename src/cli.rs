//! The command line, as clap derive types. Each command's work is in `cmd/`.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "accolade", version, about = "Publish earned Open Badges as a static, verifiable website")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

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
