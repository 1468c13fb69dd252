mod cli;
mod cmd;

use clap::Parser;
use cli::{Cli, Command};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build { dir, base_url, output } => cmd::build::run(dir, base_url, output),
        Command::Check { dir, base_url, format } => cmd::check::run(dir, base_url, format),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
