mod cli;
mod cmd;

use clap::Parser;
use cli::{Cli, Command};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build { dir, base_url, output } => cmd::build::run(dir, base_url, output),
        Command::Check { dir, recipient: Some(email), .. } => cmd::check::recipient(&dir, &email),
        Command::Check { dir, base_url, format, recipient: None } => cmd::check::run(dir, base_url, format),
        Command::Verify { input, recipient, format } => cmd::verify::run(&input, recipient.as_deref(), format),
        Command::Init { dir, base_url, title } => cmd::init::run(&dir, base_url, title),
        Command::Revoke { id, reason, site } => cmd::revoke::run(&site, &id, &reason),
        command @ Command::Issue { .. } => cmd::issue::run(command),
        Command::Bake { image, assertion, output } => cmd::bake::bake(&image, &assertion, &output),
        Command::Unbake { image } => cmd::bake::unbake(&image),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
